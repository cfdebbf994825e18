import { fail } from '#src/wechat-simulator/errors.ts';
import type { RouteTable } from '#src/wechat-simulator/router.ts';
import { credentials, issueToken, stableToken } from '#src/wechat-simulator/tokens.ts';

/** `GET /cgi-bin/token` and `POST /cgi-bin/stable_token`. */
export function tokenRoutes(): RouteTable {
  return {
    '/cgi-bin/token': {
      method: 'GET',
      auth: false,
      handle: ({ sim, query, now }) => {
        if (query.get('grant_type') !== 'client_credential') fail(40002);
        const account = credentials(sim.state, query.get('appid'), query.get('secret'));
        return issueToken(sim.state, account, now);
      },
    },
    '/cgi-bin/stable_token': {
      method: 'POST',
      auth: false,
      handle: ({ sim, json, now }) => {
        const body = json();
        if (body.grant_type !== 'client_credential') fail(40002);
        const account = credentials(sim.state, body.appid, body.secret);
        return stableToken(sim.state, account, body.force_refresh === true, now);
      },
    },
  };
}
