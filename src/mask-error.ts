import { GraphQLError } from 'graphql';
import { AppError, NotFoundError, ValidationError } from '#src/errors.ts';
import { logger } from '#src/logger.ts';

const CODES: [new (...args: never[]) => AppError, string][] = [
  [ValidationError, 'VALIDATION'],
  [NotFoundError, 'NOT_FOUND'],
];

/**
 * The one translation of errors that escape typed results. Domain errors (AppError) are safe to
 * show and keep their message with a code; GraphQL errors the server raised on purpose pass
 * through; everything else is logged with its context and masked.
 */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  if (original instanceof AppError) {
    const code = CODES.find(([type]) => original instanceof type)?.[1] ?? 'BAD_REQUEST';
    const path = error instanceof GraphQLError ? error.path : undefined;
    return new GraphQLError(original.message, { path, extensions: { code } });
  }
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (original instanceof GraphQLError && original.extensions?.code) return original;
  const path = error instanceof GraphQLError ? error.path : undefined;
  logger.error({ err: original, path }, 'unexpected error while serving GraphQL');
  return new GraphQLError(message, { path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
