import { AppError } from '#src/errors.ts';

/**
 * A migration command could not do its job (failed migration recorded, SQL error, server not
 * suitable…). An AppError, so the CLI prints its message without a stack trace. `code` is the
 * Prisma error code when the engine gave one (P3009: a failed migration is recorded).
 */
export class MigrationError extends AppError {
  override name = 'MigrationError';
  constructor(
    message: string,
    readonly code?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
