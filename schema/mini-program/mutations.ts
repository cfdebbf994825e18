import { builder } from '#schema/builder.ts';
import { MiniProgram } from '#schema/mini-program/types.ts';
import { bindMiniProgram } from '#src/services/mini-programs.ts';
import { ConflictError, ValidationError } from '#src/errors.ts';

const BindMiniProgramInput = builder.inputType('BindMiniProgramInput', {
  fields: (t) => ({
    appId: t.string({ required: true, description: 'The Mini Program\'s app id; bound once per workspace' }),
    name: t.string({ required: true }),
  }),
});

builder.mutationFields((t) => ({
  bindMiniProgram: t.prismaField({
    type: MiniProgram,
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError, ConflictError] },
    args: { input: t.arg({ type: BindMiniProgramInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const miniProgram = await bindMiniProgram(ctx.db, input);
      return ctx.db.miniProgram.findUniqueOrThrow({ ...query, where: { id: miniProgram.id } });
    },
  }),
}));
