import type { CallbackSender } from '#src/wechat-simulator/callback-sender.ts';
import type { Scheduler, SimClock } from '#src/wechat-simulator/clock.ts';
import type { FaultTable } from '#src/wechat-simulator/faults.ts';
import type { SimState } from '#src/wechat-simulator/state.ts';

/**
 * Everything a route or control operation needs. `state` is replaced on reset, so hold on to
 * the context, never to a state object across calls.
 */
export interface SimContext {
  state: SimState;
  readonly clock: SimClock;
  readonly scheduler: Scheduler;
  readonly callbacks: CallbackSender;
  readonly faults: FaultTable;
}
