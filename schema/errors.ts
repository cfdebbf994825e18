import { builder } from '#schema/builder.ts';
import { AppError, ConflictError, NotFoundError, ValidationError, WeChatApiError, type FieldIssue } from '#src/errors.ts';

/** Every typed error result implements Error; unexpected errors never reach clients (masked). */
export const ErrorInterface = builder.interfaceRef<AppError>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

builder.objectType(AppError, {
  name: 'BaseError',
  description: 'A failure the caller can act on, without a more specific type',
  interfaces: [ErrorInterface],
});

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One problem with one input field',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Field path, e.g. ["input", "timeZone"]' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was rejected; nothing was changed',
  interfaces: [ErrorInterface],
  fields: (t) => ({ issues: t.field({ type: [FieldIssueRef], resolve: (error) => error.issues }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'No such object in this workspace',
  interfaces: [ErrorInterface],
  fields: (t) => ({ entity: t.exposeString('entity'), id: t.exposeString('id') }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The request conflicts with the current state (e.g. the same job is already running)',
  interfaces: [ErrorInterface],
});

builder.objectType(WeChatApiError, {
  name: 'WeChatError',
  description: 'WeChat refused the call; errcode is WeChat\'s own code',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    errcode: t.exposeInt('errcode'),
    errmsg: t.exposeString('errmsg'),
    retryable: t.exposeBoolean('retryable'),
  }),
});
