import type { Context } from '#src/context.ts';
import type { PlanDeps } from '#src/authoring/deps.ts';

/** The authoring services' dependencies for a request: the caller's scoped client, clock, pub/sub and Agenda. */
export const authoringDeps = (ctx: Context): PlanDeps => ({ db: ctx.db, clock: ctx.app.clock, pubsub: ctx.app.pubsub, agenda: ctx.app.agenda, prisma: ctx.app.prisma });
