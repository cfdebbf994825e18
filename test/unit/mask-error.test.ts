import { describe, expect, it } from 'vitest';
import { GraphQLError, locatedError } from 'graphql';
import { ForbiddenError } from '@pothos/plugin-scope-auth';
import { maskError } from '#src/mask-error.ts';
import { NotFoundError } from '#src/errors.ts';
import { logger } from '#src/logger.ts';

const MESSAGE = 'Unexpected error.';

describe('maskError', () => {
  it('lets a scope-auth refusal through as FORBIDDEN with its message', () => {
    const raised = locatedError(new ForbiddenError('Not authorized to resolve Mutation.bindAccount'), undefined, ['bindAccount']);
    const masked = maskError(raised, MESSAGE);
    expect(masked).toBeInstanceOf(GraphQLError);
    expect(masked.message).toBe('Not authorized to resolve Mutation.bindAccount');
    expect((masked as GraphQLError).extensions).toEqual({ code: 'FORBIDDEN' });
    expect((masked as GraphQLError).path).toEqual(['bindAccount']);
  });

  it('keeps domain errors with their code', () => {
    const masked = maskError(locatedError(new NotFoundError('Account', 'x'), undefined, ['node']), MESSAGE) as GraphQLError;
    expect(masked.message).toBe('Account x not found');
    expect(masked.extensions).toEqual({ code: 'NOT_FOUND' });
  });

  it('lets request errors GraphQL raised before execution through (variable coercion)', () => {
    const inner = new GraphQLError('Value "MINI" does not exist in "AccountType" enum.');
    const coercion = new GraphQLError('Variable "$input" got invalid value "MINI" at "input.type"', {
      originalError: inner,
      extensions: { http: { status: 400 } },
    });
    const masked = maskError(coercion, MESSAGE) as GraphQLError;
    expect(masked.message).toBe(coercion.message);
    expect(masked.extensions).toEqual({ code: 'BAD_USER_INPUT', http: { status: 400 } });
  });

  it('keeps the parser\'s own error of a body that is not JSON out of the response', () => {
    const raised = new GraphQLError('POST body sent invalid JSON.', {
      extensions: { http: { spec: true, status: 400 }, code: 'BAD_REQUEST', originalError: { name: 'SyntaxError', message: 'Unterminated string in JSON at position 31' } },
    });
    const masked = maskError(raised, MESSAGE) as GraphQLError;
    expect(JSON.parse(JSON.stringify(masked.toJSON()))).toEqual({ message: 'POST body sent invalid JSON.', extensions: { http: { spec: true, status: 400 }, code: 'BAD_REQUEST' } });
  });

  it('masks and logs anything else, including GraphQL-wrapped driver errors and resolver GraphQLErrors without a code', () => {
    const logged: unknown[] = [];
    const original = logger.error;
    logger.error = ((...args: unknown[]) => void logged.push(args)) as typeof logger.error;
    try {
      for (const error of [
        locatedError(new Error('connection to 10.0.0.5 refused, password=hunter2'), undefined, ['accounts']),
        locatedError(new GraphQLError('internal detail'), undefined, ['accounts']),
        new Error('plain'),
      ]) {
        const masked = maskError(error, MESSAGE) as GraphQLError;
        expect(masked.message).toBe(MESSAGE);
        expect(masked.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      }
      expect(logged).toHaveLength(3);
    } finally {
      logger.error = original;
    }
  });
});
