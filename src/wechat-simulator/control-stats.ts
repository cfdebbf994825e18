import type { SimState } from '#src/wechat-simulator/state.ts';

/** Per-account counters of `GET /_sim/stats`. */
export interface AccountStatsView {
  tokensIssued: number;
  stableTokensIssued: number;
  totalTokensIssued: number;
  massCalls: { send: number; sendall: number; preview: number; delete: number; get: number };
  massJobsAccepted: number;
  /** Authenticated calls per WeChat path (requests answered by a fault are not counted). */
  calls: Record<string, number>;
}

/** The counters of every account, for `GET /_sim/stats`. */
export function accountStats(state: SimState): { accounts: Record<string, AccountStatsView> } {
  const accounts: Record<string, AccountStatsView> = {};
  for (const a of state.accounts.values()) {
    const calls = a.stats.calls;
    const mass = (name: string) => calls[`/cgi-bin/message/mass/${name}`] ?? 0;
    accounts[a.appId] = {
      tokensIssued: a.stats.tokensIssued,
      stableTokensIssued: a.stats.stableTokensIssued,
      totalTokensIssued: a.stats.tokensIssued + a.stats.stableTokensIssued,
      massCalls: { send: mass('send'), sendall: mass('sendall'), preview: mass('preview'), delete: mass('delete'), get: mass('get') },
      massJobsAccepted: a.stats.massJobsAccepted,
      calls: { ...calls },
    };
  }
  return { accounts };
}
