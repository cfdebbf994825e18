/**
 * Escapes what LIKE treats specially (`%` any run, `_` any one character, `\` the escape
 * character PostgreSQL uses by default), so a search matches its text literally.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (special) => `\\${special}`);
}

/**
 * A Prisma string filter for "contains `search`, ignoring case", taken literally (Prisma passes
 * `contains` to ILIKE as it is). Undefined for a missing or blank search: no filter.
 */
export function containsText(search: string | null | undefined) {
  const text = search?.trim();
  return text ? { contains: escapeLike(text), mode: 'insensitive' as const } : undefined;
}
