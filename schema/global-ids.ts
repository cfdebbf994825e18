import { decodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError } from '#src/errors.ts';
import { isUuid } from '#src/services/unique.ts';

/**
 * The one decoder of the ids clients send. Every object id is a Relay global id,
 * base64("<Type>:<uuid>"). Arguments are declared as plain `ID`s and decoded here (not with
 * `t.arg.globalID`, whose failures are untyped server errors), so that an id that is malformed,
 * names another type, is a bare uuid, or belongs to another workspace (the scoped database finds
 * nothing) all end the same way: a NotFoundError naming the id as the client sent it.
 */

/** The type name and row id of a well-formed global id whose row id is a uuid; null otherwise. */
export function parseGlobalId(globalId: string | number): { typename: string; id: string } | null {
  try {
    const decoded = decodeGlobalID(String(globalId));
    return isUuid(decoded.id) ? decoded : null;
  } catch {
    return null;
  }
}

/** The row id inside a global id of `typename`, or null when it is malformed or names another type. */
export function rowIdOrNull(typename: string, globalId: string | number): string | null {
  const decoded = parseGlobalId(globalId);
  return decoded?.typename === typename ? decoded.id : null;
}

/** The row id inside a global id of `typename`; NotFoundError (naming the id as given) otherwise. */
export function rowIdOf(typename: string, globalId: string | number): string {
  const id = rowIdOrNull(typename, globalId);
  if (!id) throw new NotFoundError(typename, String(globalId));
  return id;
}

/** Like {@link rowIdOf} for an optional argument: null and undefined stay undefined. */
export function optionalRowIdOf(typename: string, globalId: string | number | null | undefined): string | undefined {
  return globalId === null || globalId === undefined ? undefined : rowIdOf(typename, globalId);
}

/**
 * A NotFoundError of a service, which names the row id it looked up, restated with the global id
 * among `given` that decoded to it; any other error as it is.
 */
export function asGivenId(error: unknown, given: unknown[]): unknown {
  // An id the client sent as it is (a bare uuid, refused by rowIdOf) is already named as sent,
  // even when another argument holds the global id of the same row.
  if (!(error instanceof NotFoundError) || !isUuid(error.id) || given.includes(error.id)) return error;
  const sent = given.find((value) => {
    const decoded = (typeof value === 'string' || typeof value === 'number') && parseGlobalId(value);
    return decoded && decoded.typename === error.entity && decoded.id === error.id;
  });
  return sent === undefined ? error : new NotFoundError(error.entity, String(sent));
}

/** Runs `lookup` (a service call given decoded ids); its NotFoundErrors name the ids as `given`. */
export async function withIdsAsGiven<T>(given: unknown[], lookup: () => Promise<T>): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    throw asGivenId(error, given);
  }
}

/** GraphQL gives null for omitted optional inputs; services expect undefined ("not given"). */
export const withoutNulls = <T extends object>(input: T) =>
  Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };
