import { decodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError } from '#src/errors.ts';
import { isUuid } from '#src/services/unique.ts';

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

/** The row id of an Account global id; NotFoundError when it is malformed or names another type. */
export function accountRowId(globalId: string | number): string {
  const id = decodeIdOf('Account', globalId);
  if (!id || !isUuid(id)) throw new NotFoundError('Account', String(globalId));
  return id;
}

/** GraphQL gives null for omitted optional inputs; services expect undefined ("not given"). */
export const withoutNulls = <T extends object>(input: T) =>
  Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };
