import { decodeBase64 } from '@pothos/core';
import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';
import type { FieldIssue } from '#src/errors.ts';
import { isUuid } from '#src/services/unique.ts';

/** The largest page a connection serves; `first` or `last` above it is refused, not cut short. */
export const MAX_PAGE_SIZE = 100;

const PAGE_ARGS = ['first', 'last', 'after', 'before'] as const;

/**
 * Problems with a field's arguments that no resolver should have to think about: NUL characters
 * in any string (PostgreSQL cannot store them in text and fails the statement), and connection
 * arguments that cannot describe a page. Returns one issue per problem, on the argument's path.
 */
export function argumentIssues(definitions: readonly GraphQLArgument[], args: Record<string, unknown>, cursors: CursorKind = 'uuid'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const definition of definitions) {
    collectNulIssues(definition.type, args[definition.name], [definition.name], issues);
  }
  if (PAGE_ARGS.every((name) => definitions.some((definition) => definition.name === name))) {
    issues.push(...pageIssues(args, cursors));
  }
  return issues;
}

function collectNulIssues(type: GraphQLInputType, value: unknown, path: string[], issues: FieldIssue[]) {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, index) => collectNulIssues(nullable.ofType, item, [...path, String(index)], issues));
    return;
  }
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    for (const [name, field] of Object.entries(fields)) {
      collectNulIssues(field.type, (value as Record<string, unknown>)[name], [...path, name], issues);
    }
    return;
  }
  if (isScalarType(getNamedType(nullable)) && typeof value === 'string' && value.includes('\u0000')) {
    issues.push({ path, message: 'must not contain NUL (\\u0000) characters' });
  }
}

/**
 * Relay paging: `first` with an optional `after` pages forward, `last` with an optional `before`
 * pages backward; sizes are 0 to MAX_PAGE_SIZE; cursors are ones this server handed out.
 */
function pageIssues(args: Record<string, unknown>, cursors: CursorKind): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const given = (name: string) => args[name] !== null && args[name] !== undefined;
  for (const name of ['first', 'last'] as const) {
    const size = args[name];
    if (typeof size === 'number' && (size < 0 || size > MAX_PAGE_SIZE)) {
      issues.push({ path: [name], message: `must be between 0 and ${MAX_PAGE_SIZE}` });
    }
  }
  for (const name of ['after', 'before'] as const) {
    if (given(name) && !isCursor(args[name], cursors)) issues.push({ path: [name], message: 'is not a cursor of this list (use pageInfo.endCursor or startCursor)' });
  }
  const conflicts: [string, string][] = [['after', 'before'], ['first', 'last'], ['first', 'before'], ['last', 'after']];
  for (const [one, other] of conflicts) {
    if (given(one) && given(other)) {
      issues.push({ path: [other], message: `cannot be combined with ${one}: page forward with first and after, or backward with last and before` });
    }
  }
  return issues;
}

/**
 * What a connection's cursors hold. `uuid` (the default: connections page by their rows' uuid ids)
 * is base64 of `GPC:S:<uuid>`, checked in full, because PostgreSQL fails a statement comparing a
 * uuid column with anything else. A connection paging by another column declares
 * `extensions: { pagingCursor: 'opaque' }` and then only the cursor's framing is checked.
 */
export type CursorKind = 'uuid' | 'opaque';

function isCursor(value: unknown, kind: CursorKind): boolean {
  if (typeof value !== 'string') return false;
  try {
    const decoded = decodeBase64(value);
    if (kind === 'opaque') return /^GPC:[A-Z]:/.test(decoded);
    const match = /^GPC:S:(.*)$/s.exec(decoded);
    return match !== null && isUuid(match[1]!);
  } catch {
    return false;
  }
}
