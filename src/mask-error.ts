import { GraphQLError } from 'graphql';
import { ForbiddenError } from '@pothos/plugin-scope-auth';
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
    // A ValidationError outside a typed result still names each offending argument or field.
    const issues = original instanceof ValidationError ? { issues: original.issues } : {};
    return new GraphQLError(original.message, { path, extensions: { code, ...issues } });
  }
  // Scope-auth refusals (an API key without the field's scope): say so, with a code, not masked.
  if (original instanceof ForbiddenError) {
    const path = error instanceof GraphQLError ? error.path : undefined;
    return new GraphQLError(original.message, { path, extensions: { code: 'FORBIDDEN' } });
  }
  if (error instanceof GraphQLError && !error.originalError) return forClients(error);
  // Request errors GraphQL itself raised before any resolver ran (e.g. a variable that does not
  // coerce: "Variable "$input" got invalid value … at "input.type"") name the client's mistake.
  if (error instanceof GraphQLError && !error.path && raisedByGraphQL(error)) return forClients(error);
  if (original instanceof GraphQLError && original.extensions?.code) return forClients(original);
  const path = error instanceof GraphQLError ? error.path : undefined;
  logger.error({ err: original, path }, 'unexpected error while serving GraphQL');
  return new GraphQLError(message, { path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/** Whether the error and every error it wraps are GraphQLErrors (nothing from our code or a driver). */
function raisedByGraphQL(error: GraphQLError): boolean {
  let current: unknown = error;
  while (current instanceof GraphQLError) {
    if (!current.originalError) return true;
    current = current.originalError;
  }
  return false;
}

/**
 * An error the client may see, as it may see it: always with a code (GraphQL's own request errors,
 * such as a variable that does not coerce, have none: they are the client's input, BAD_USER_INPUT),
 * and never with `originalError` details (Yoga adds the JSON parser's own error to "POST body
 * sent invalid JSON.").
 */
function forClients(error: GraphQLError): GraphQLError {
  const extensions = error.extensions as Record<string, unknown>;
  // Hidden from the response (JSON skips non-enumerable properties) but kept: Yoga reads it to
  // answer a body that is not JSON with 400.
  if (Object.getOwnPropertyDescriptor(extensions, 'originalError')?.enumerable) {
    Object.defineProperty(extensions, 'originalError', { value: extensions.originalError, enumerable: false });
  }
  if (extensions.code) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { code: 'BAD_USER_INPUT', ...extensions },
  });
}
