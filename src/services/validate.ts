import { IANAZone } from 'luxon';
import { z } from 'zod';
import { ValidationError } from '#src/errors.ts';

/**
 * Parses input with a zod schema and turns every issue into one typed field issue, with paths
 * rooted at `root` (the GraphQL argument name), so clients can point at the offending field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root = 'input'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({ path: [root, ...issue.path.map(String)], message: issue.message })),
  );
}

/** An IANA time zone name that luxon (and so every time rule of wxcast) understands. */
export const timeZoneSchema = z
  .string()
  .trim()
  .refine((zone) => IANAZone.isValidZone(zone), { message: 'is not a valid IANA time zone (e.g. Asia/Shanghai)' });

/**
 * A required, trimmed, non-empty string of bounded length. Emptiness aborts the checks that follow
 * (here and in any `.regex()` chained after), so an empty value reports only "must not be empty".
 */
export const requiredText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: 'must not be empty', abort: true })
    .max(max, { message: `must be at most ${max} characters` });
