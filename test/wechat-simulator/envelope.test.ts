import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErr, startSimWithToken, type WxHttp } from './helpers.ts';
import type { Simulator } from '#src/wechat-simulator/server.ts';

let sim: Simulator;
let wx: WxHttp;
let token: string;

beforeAll(async () => void ({ sim, wx, token } = await startSimWithToken()));
afterAll(() => sim?.close());

describe('WeChat envelope', () => {
  it('answers errors as HTTP 200 JSON with errcode and a fake rid suffix', async () => {
    const response = await fetch(`${sim.url}/cgi-bin/user/get?access_token=nope`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = await response.json();
    expectErr(body, 40001);
    expect(body.errmsg).toMatch(/^invalid credential, access_token is invalid or not latest rid: /);
  });

  it('omits errcode on successful reads', async () => {
    const r = await wx.call(token, '/cgi-bin/user/get');
    expect(r).not.toHaveProperty('errcode');
    expect(r.total).toBe(50);
  });

  it('rejects \\uXXXX-escaped non-ASCII JSON: 40033 on message APIs, 47002 elsewhere', async () => {
    const escaped = JSON.stringify({ articles: [{ title: 'x', content: 'y' }] }).replace('"x"', '"\\u4f60\\u597d"');
    expectErr(await wx.post('/cgi-bin/draft/add', escaped, { access_token: token }), 47002);
    const text = '{"filter":{"is_to_all":true},"msgtype":"text","text":{"content":"\\u4f60\\u597d"}}';
    expectErr(await wx.post('/cgi-bin/message/mass/sendall', text, { access_token: token }), 40033);
  });

  it('accepts literal UTF-8 and ASCII escapes (\\u0022, escaped backslash + u)', async () => {
    const text = '{"filter":{"is_to_all":true},"msgtype":"text","text":{"content":"你好 \\u0022quoted\\u0022 C:\\\\u4f60"}}';
    const r = await wx.post('/cgi-bin/message/mass/sendall', text, { access_token: token });
    expect(r.errcode).toBe(0);
  });

  it('answers 43002 for GET on POST endpoints, 44002 for empty bodies, 47001 for bad JSON', async () => {
    expectErr(await wx.call(token, '/cgi-bin/message/mass/get'), 43002);
    expectErr(await wx.post('/cgi-bin/message/mass/get', '', { access_token: token }), 44002);
    expectErr(await wx.post('/cgi-bin/message/mass/get', '{nope', { access_token: token }), 47001);
  });

  it('answers 404 for unknown paths', async () => {
    const response = await fetch(`${sim.url}/cgi-bin/nope?access_token=${token}`);
    expect(response.status).toBe(404);
  });
});
