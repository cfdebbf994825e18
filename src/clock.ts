/**
 * Where services read "now". Time rules (A/B lead time, quota days and months, missed sends) are
 * computed from it, so tests can stand on either side of a day or month boundary.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
