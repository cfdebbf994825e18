import type { Agenda } from 'agenda';
import type { Db } from '#src/db/client.ts';
import type { Clock } from '#src/clock.ts';
import type { ScopedDb } from '#src/db/scoped.ts';
import type { WxPubSub } from '#src/pubsub.ts';

/** What the authoring services need: the caller's workspace-scoped client, the clock, live events. */
export interface AuthoringDeps {
  db: ScopedDb;
  clock: Clock;
  pubsub: WxPubSub;
}

/** Planning also hands job runs to Agenda (through the unscoped client, like every dispatch). */
export interface PlanDeps extends AuthoringDeps {
  agenda: Agenda;
  prisma: Db;
}
