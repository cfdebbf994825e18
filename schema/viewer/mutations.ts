import { builder } from '#schema/builder.ts';
import { ValidationError, NotFoundError } from '#src/errors.ts';
import { ApiKey } from '#schema/viewer/types.ts';
import { createApiKey, revokeApiKey } from '#src/services/api-keys.ts';
import { rowIdOf } from '#schema/global-ids.ts';

interface CreatedKey {
  apiKeyId: string;
  key: string;
}

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    scopes: t.stringList({ required: true, description: 'Any of read, write, admin, at most the calling key\'s own. `read` reads data, `write` changes it and reads it too (every change answers with the data it changed), `admin` manages API keys' }),
  }),
});

const CreatedApiKey = builder.objectRef<CreatedKey>('CreatedApiKey').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The key itself. Shown only now: store it, it cannot be read again' }),
    apiKey: t.prismaField({
      type: ApiKey,
      resolve: (query, created, _args, ctx) => ctx.db.apiKey.findUniqueOrThrow({ ...query, where: { id: created.apiKeyId } }),
    }),
  }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    authScopes: { scope: 'admin' },
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { apiKey, key } = await createApiKey(ctx.db, ctx.viewer.scopes, input);
      return { apiKeyId: apiKey.id, key };
    },
  }),
  revokeApiKey: t.prismaField({
    type: ApiKey,
    authScopes: { scope: 'admin' },
    errors: { types: [ValidationError, NotFoundError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      const keyId = rowIdOf('ApiKey', id);
      await revokeApiKey(ctx.db, ctx.app.keyRevocations, keyId);
      return ctx.db.apiKey.findUniqueOrThrow({ ...query, where: { id: keyId } });
    },
  }),
}));
