import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { expectErr, SERVICE, startSim, WxHttp } from './helpers.ts';
import type { Simulator } from '#src/wechat-simulator/server.ts';

let sim: Simulator;
let wx: WxHttp;

beforeEach(async () => {
  await sim?.close();
  sim = await startSim();
  wx = new WxHttp(sim.url);
});
afterAll(() => sim?.close());

const tokenQuery = { grant_type: 'client_credential', appid: SERVICE.appId, secret: SERVICE.secret };
const userGet = (token: string) => wx.call(token, '/cgi-bin/user/get');

describe('/cgi-bin/token', () => {
  it('issues a new token per call; the old one stays valid 5 simulated minutes, then 40001', async () => {
    const first = await wx.get('/cgi-bin/token', tokenQuery);
    expect(first.expires_in).toBe(7200);
    expect(first.access_token.length).toBeGreaterThanOrEqual(100);
    const second = await wx.get('/cgi-bin/token', tokenQuery);
    expect(second.access_token).not.toBe(first.access_token);
    expect((await userGet(first.access_token)).total).toBe(50);
    await wx.advance(299_000);
    expect((await userGet(first.access_token)).total).toBe(50);
    await wx.advance(2_000);
    expectErr(await userGet(first.access_token), 40001);
    expect((await userGet(second.access_token)).total).toBe(50);
  });

  it('expires tokens after expires_in with 42001', async () => {
    const token = await wx.token();
    await wx.advance(7199_000);
    expect((await userGet(token)).count).toBe(50);
    await wx.advance(1_000);
    expectErr(await userGet(token), 42001);
  });

  it('answers garbage 40001, missing 41001, wrong appid 40013, wrong secret 40125, bad grant 40002', async () => {
    expectErr(await userGet('garbage'), 40001);
    expectErr(await wx.get('/cgi-bin/user/get'), 41001);
    expectErr(await wx.get('/cgi-bin/token', { ...tokenQuery, appid: 'wxnope' }), 40013);
    expectErr(await wx.get('/cgi-bin/token', { ...tokenQuery, secret: 'wrong' }), 40125);
    expectErr(await wx.get('/cgi-bin/token', { ...tokenQuery, grant_type: 'password' }), 40002);
    expectErr(await wx.get('/cgi-bin/token', { grant_type: 'client_credential', secret: 'x' }), 41002);
  });

  it('counts issuances per appid on the control surface', async () => {
    await Promise.all([wx.token(), wx.token()]);
    await wx.post('/cgi-bin/stable_token', { ...tokenQuery });
    const stats = await wx.control('GET', '/_sim/stats');
    expect(stats.accounts[SERVICE.appId]).toMatchObject({ tokensIssued: 2, stableTokensIssued: 1, totalTokensIssued: 3 });
  });
});

describe('/cgi-bin/stable_token', () => {
  it('returns the same token while valid, with the remaining seconds', async () => {
    const a = await wx.post('/cgi-bin/stable_token', tokenQuery);
    await wx.advance(1000_000);
    const b = await wx.post('/cgi-bin/stable_token', { ...tokenQuery, force_refresh: false });
    expect(b.access_token).toBe(a.access_token);
    expect(b.expires_in).toBe(6200);
    // Independent of /cgi-bin/token: issuing a normal token does not touch the stable one.
    await wx.token();
    expect((await userGet(a.access_token)).total).toBe(50);
  });

  it('rotates when ≤300 s remain; old and new coexist until the old one expires', async () => {
    const a = await wx.post('/cgi-bin/stable_token', tokenQuery);
    await wx.advance(6950_000);
    const b = await wx.post('/cgi-bin/stable_token', tokenQuery);
    expect(b.access_token).not.toBe(a.access_token);
    expect((await userGet(a.access_token)).total).toBe(50);
    await wx.advance(250_000);
    expectErr(await userGet(a.access_token), 42001);
    expect((await userGet(b.access_token)).total).toBe(50);
  });

  it('force_refresh revokes the old token at once; ≥30 s apart (45011) and ≤20/day (45009)', async () => {
    const a = await wx.post('/cgi-bin/stable_token', tokenQuery);
    const b = await wx.post('/cgi-bin/stable_token', { ...tokenQuery, force_refresh: true });
    expect(b.access_token).not.toBe(a.access_token);
    expectErr(await userGet(a.access_token), 40001);
    expectErr(await wx.post('/cgi-bin/stable_token', { ...tokenQuery, force_refresh: true }), 45011);
    for (let i = 0; i < 19; i++) {
      await wx.advance(30_000);
      expect((await wx.post('/cgi-bin/stable_token', { ...tokenQuery, force_refresh: true })).access_token).toBeTruthy();
    }
    await wx.advance(30_000);
    expectErr(await wx.post('/cgi-bin/stable_token', { ...tokenQuery, force_refresh: true }), 45009);
    // A new Beijing day resets the count.
    await wx.advance(24 * 3600_000);
    expect((await wx.post('/cgi-bin/stable_token', { ...tokenQuery, force_refresh: true })).access_token).toBeTruthy();
  });

  it('is POST only (43002) and checks credentials', async () => {
    expectErr(await wx.get('/cgi-bin/stable_token', tokenQuery), 43002);
    expectErr(await wx.post('/cgi-bin/stable_token', { ...tokenQuery, secret: 'bad' }), 40125);
  });
});
