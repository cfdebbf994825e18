import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectErr, SERVICE, startSimWithToken, SUBSCRIPTION, type WxHttp } from './helpers.ts';
import type { Simulator } from '#src/wechat-simulator/server.ts';

let sim: Simulator;
let wx: WxHttp;
let token: string;

beforeAll(async () => void ({ sim, wx, token } = await startSimWithToken()));
afterEach(() => wx.control('DELETE', '/_sim/faults'));
afterAll(() => sim?.close());

const userGet = () => fetch(`${sim.url}/cgi-bin/user/get?access_token=${token}`);

describe('fault injection per path', () => {
  it('answers a given errcode, for `count` requests only', async () => {
    const fault = await wx.control('POST', '/_sim/faults', { path: '/cgi-bin/user/get', errcode: -1, count: 2 });
    expect(fault).toMatchObject({ id: expect.any(Number), hits: 0 });
    expectErr(await (await userGet()).json(), -1);
    expectErr(await (await userGet()).json(), -1);
    expect((await (await userGet()).json()).total).toBe(50);
    expect((await wx.control('GET', '/_sim/faults')).faults).toEqual([]);
  });

  it('lets the first `after` requests through, then fires (a failure midway through a listing)', async () => {
    await wx.control('POST', '/_sim/faults', { path: '/cgi-bin/user/get', errcode: 45009, after: 2 });
    expect((await (await userGet()).json()).total).toBe(50);
    expect((await (await userGet()).json()).total).toBe(50);
    expectErr(await (await userGet()).json(), 45009);
    expectErr(await (await userGet()).json(), 45009);
    expect((await wx.control('GET', '/_sim/faults')).faults).toMatchObject([{ after: 2, passed: 2, hits: 2 }]);
  });

  it('answers an HTTP 5xx status', async () => {
    await wx.control('POST', '/_sim/faults', { path: '/cgi-bin/user/get', status: 502 });
    const response = await userGet();
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('502');
  });

  it('acts, then loses the answer (answerLost): the job exists though the client saw no answer', async () => {
    await wx.control('POST', '/_sim/faults', { path: '/cgi-bin/message/mass/send', answerLost: true, count: 1 });
    const touser = await wx.openids(token, 2);
    const before = (await wx.control('GET', `/_sim/mass-jobs?appid=${SERVICE.appId}`)).jobs.length;
    await expect(wx.call(token, '/cgi-bin/message/mass/send', { touser, msgtype: 'text', text: { content: 'lost' }, clientmsgid: 'answer-lost' })).rejects.toThrow();
    const jobs = (await wx.control('GET', `/_sim/mass-jobs?appid=${SERVICE.appId}`)).jobs;
    expect(jobs).toHaveLength(before + 1);
    expect(jobs.at(-1)).toMatchObject({ clientmsgid: 'answer-lost' });
  });

  it('drops the connection', async () => {
    await wx.control('POST', '/_sim/faults', { path: '/cgi-bin/user/*', drop: true });
    await expect(userGet()).rejects.toThrow();
    // Other paths are unaffected.
    expect((await wx.call(token, '/cgi-bin/tags/get')).tags).toBeDefined();
  });

  it('adds latency', async () => {
    await wx.control('POST', '/_sim/faults', { path: '*', latencyMs: 150 });
    const started = performance.now();
    expect((await (await userGet()).json()).total).toBe(50);
    // A lower bound only (a busy machine makes it longer, never shorter); 1 ms of timer grain.
    expect(performance.now() - started).toBeGreaterThanOrEqual(149);
  });

  it('holds requests until released; the control surface itself is never faulted', async () => {
    const fault = await wx.control('POST', '/_sim/faults', { path: '*', hold: true, count: 2 });
    let answered = 0;
    const held = [userGet(), userGet()].map((response) => response.then(async (r) => (answered++, (await r.json()).total)));
    await sim.whenHeld(fault.id, 2);
    // Both wait; control requests (on the same '*' path pattern) are answered meanwhile.
    expect((await wx.control('GET', '/_sim/faults')).faults).toMatchObject([{ id: fault.id, hold: true, held: 2, hits: 2 }]);
    expect(await wx.control('GET', '/_sim/clock')).toHaveProperty('epochMs');
    expect(answered).toBe(0);
    expect((await wx.control('POST', `/_sim/faults/${fault.id}/release`)).ok).toBe(true);
    expect(await Promise.all(held)).toEqual([50, 50]);
    // Released means removed: later requests pass.
    expect((await (await userGet()).json()).total).toBe(50);
    expect((await wx.control('GET', '/_sim/faults')).faults).toEqual([]);
  });

  it('fires at a rate, reproducibly, and can target one account', async () => {
    await wx.control('POST', '/_sim/faults', { path: '/cgi-bin/user/get', errcode: 45009, rate: 0.5, appid: SERVICE.appId });
    let failed = 0;
    for (let i = 0; i < 200; i++) if ((await (await userGet()).json()).errcode === 45009) failed++;
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
    const other = await wx.token(SUBSCRIPTION);
    for (let i = 0; i < 20; i++) expect((await wx.call(other, '/cgi-bin/user/get')).total).toBe(20);
  });

  it('faults token issuance (matched by appid) and removes single faults', async () => {
    const fault = await wx.control('POST', '/_sim/faults', { path: '/cgi-bin/token', errcode: 40164, errmsg: 'invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist', appid: SERVICE.appId });
    const r = await wx.get('/cgi-bin/token', { grant_type: 'client_credential', appid: SERVICE.appId, secret: SERVICE.secret });
    expectErr(r, 40164);
    expect(r.errmsg).toMatch(/^invalid ip 1\.2\.3\.4/);
    expect((await wx.control('DELETE', `/_sim/faults/${fault.id}`)).ok).toBe(true);
    expect(await wx.token()).toBeTruthy();
  });
});
