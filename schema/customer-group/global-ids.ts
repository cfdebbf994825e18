import { decodeGlobalID } from '@pothos/plugin-relay';

/**
 * The row id inside a global id of `typename`, or null when the id is malformed or names another
 * type. Mutations decode ids themselves (rather than `t.arg.globalID({ for })`) so that a bad id
 * becomes a typed NotFoundError or an "unknown" entry instead of a masked server error.
 */
export function decodeIdOf(typename: string, globalId: string | number): string | null {
  try {
    const decoded = decodeGlobalID(String(globalId));
    return decoded.typename === typename ? decoded.id : null;
  } catch {
    return null;
  }
}

/** GraphQL gives null for omitted optional inputs; services expect undefined ("not given"). */
export const withoutNulls = <T extends object>(input: T) =>
  Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };
