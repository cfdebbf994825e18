import type { JobHandler } from '#src/jobs/runner.ts';
import { policyOf } from '#src/jobs/registry.ts';
import { handleStoredEvent } from '#src/services/wechat-events.ts';

/** Runs the handler of one stored WeChat callback event (by its type); retried by its policy. */
export const handleWeChatEvent: JobHandler<'HANDLE_WECHAT_EVENT'> = async ({ run, params, deps }) =>
  handleStoredEvent(deps.prisma, params.eventId, { lastAttempt: run.attempts >= policyOf('HANDLE_WECHAT_EVENT').maxAttempts, pubsub: deps.pubsub, wechat: deps.wechat });
