/**
 * Domain errors. GraphQL-free: services and jobs throw these; the schema maps them to typed
 * GraphQL error results (schema/errors.ts), and anything that is not an AppError is masked.
 */
export class AppError extends Error {
  override name = 'AppError';
}

/** One problem with one input field; `path` is the field path, e.g. ['input', 'timeZone']. */
export interface FieldIssue {
  path: string[];
  message: string;
}

export class ValidationError extends AppError {
  override name = 'ValidationError';
  constructor(
    readonly issues: FieldIssue[],
    message = issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
  ) {
    super(message);
  }

  static field(path: string | string[], message: string): ValidationError {
    return new ValidationError([{ path: Array.isArray(path) ? path : [path], message }]);
  }
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/** The request conflicts with current state (e.g. a sync of the same kind is already running). */
export class ConflictError extends AppError {
  override name = 'ConflictError';
}

/**
 * A non-zero errcode from WeChat (or a transport failure talking to it, errcode -1 with
 * `transport` set). `retryable` says whether the same call may be tried again later.
 */
export class WeChatApiError extends AppError {
  override name = 'WeChatApiError';
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
    readonly retryable: boolean,
    readonly rid?: string,
    readonly transport?: string,
  ) {
    super(`WeChat ${path} failed: ${errcode} ${errmsg}`);
  }
}
