import { builder } from '#schema/builder.ts';
import { Job } from '#schema/job/types.ts';
import { Material } from '#schema/material/types.ts';
import { accountRowId, decodeIdOf } from '#schema/customer-group/global-ids.ts';
import { ConflictError, NotFoundError, ValidationError, WeChatApiError } from '#src/errors.ts';
import { MATERIAL_SYNC_COUNTS, startMaterialSync } from '#src/services/material-sync.ts';
import { refreshMaterial } from '#src/services/materials.ts';
import { isUuid } from '#src/services/unique.ts';

builder.mutationFields((t) => ({
  syncMaterials: t.prismaField({
    type: Job,
    description: 'Starts a background sync of the newest 20 or 500 materials (drafts and legacy news) from WeChat; follow it with jobProgress',
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: {
      accountId: t.arg.id({ required: true }),
      count: t.arg.int({ required: true, description: `One of ${MATERIAL_SYNC_COUNTS.join(', ')}` }),
    },
    resolve: async (query, _root, { accountId, count }, ctx) => {
      if (!(MATERIAL_SYNC_COUNTS as readonly number[]).includes(count)) {
        throw ValidationError.field(['count'], `must be one of ${MATERIAL_SYNC_COUNTS.join(', ')}`);
      }
      const run = await startMaterialSync(ctx.app, ctx.db, ctx.viewer.workspaceId, accountRowId(accountId), count as 20 | 500);
      return ctx.db.jobRun.findUniqueOrThrow({ ...query, where: { id: run.id } });
    },
  }),
  refreshMaterial: t.prismaField({
    type: Material,
    description: 'Re-fetches one material from WeChat after it was edited there (SPEC M4)',
    authScopes: { scope: 'write' },
    errors: { types: [NotFoundError, WeChatApiError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      const materialId = decodeIdOf('Material', id);
      if (!materialId || !isUuid(materialId)) throw new NotFoundError('Material', String(id));
      await refreshMaterial(ctx.db, ctx.app.wechat, materialId);
      return ctx.db.material.findUniqueOrThrow({ ...query, where: { id: materialId } });
    },
  }),
}));
