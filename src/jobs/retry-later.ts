/**
 * Thrown by a job step (or by something it calls, like the rate limiter) that must not go on now
 * but may later: the runner puts the run back in the queue for `retryAt` instead of sleeping
 * inside it, so a waiting run holds no worker slot and no lease. It does not count as a failed
 * attempt; the handler resumes from its last checkpoint.
 */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(
    readonly retryAt: Date,
    readonly reason: string,
  ) {
    super(`try again at ${retryAt.toISOString()}: ${reason}`);
  }

  static in(ms: number, reason: string) {
    return new RetryLaterError(new Date(Date.now() + ms), reason);
  }
}

/** The run's lease was lost (it expired and another worker took the run over): stop, write nothing. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(readonly jobRunId: string) {
    super(`job run ${jobRunId} is owned by another worker now`);
  }
}
