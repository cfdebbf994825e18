import { describe, expect, it } from 'vitest';
import { WeChatApiError } from '#src/errors.ts';
import { nextWeChatDay, outcomeOfError, transientDelayMs } from '#src/sending/batch-outcome.ts';

const NOW = Date.parse('2025-03-10T02:00:00Z'); // 10:00 Beijing
const wx = (errcode: number, errmsg = 'x', transport?: string, retryable = true) => new WeChatApiError(errcode, errmsg, '/cgi-bin/message/mass/send', retryable, undefined, transport);

describe('outcomeOfError', () => {
  it('turns transient failures into retry times that grow with the attempt, up to 5 minutes', () => {
    expect(outcomeOfError(wx(-1), NOW, 1)).toMatchObject({ kind: 'retry-after', retryAt: new Date(NOW + 5_000), errcode: -1 });
    expect(outcomeOfError(wx(-1, 'timeout', 'timeout'), NOW, 2)).toMatchObject({ kind: 'retry-after', retryAt: new Date(NOW + 10_000) });
    expect(transientDelayMs(20)).toBe(300_000);
  });

  it('waits for the next Beijing day on 45009 and for an administrator on 89504', () => {
    expect(nextWeChatDay(NOW).toISOString()).toBe('2025-03-10T16:00:00.000Z');
    // 23:59:59 Beijing is still the same WeChat day.
    expect(nextWeChatDay(Date.parse('2025-03-10T15:59:59Z')).toISOString()).toBe('2025-03-10T16:00:00.000Z');
    expect(outcomeOfError(wx(89504), NOW, 1)).toMatchObject({ kind: 'retry-after', retryAt: new Date(NOW + 600_000), errcode: 89504 });
  });

  it('fails for good on refusals, with the errcode and the reason', () => {
    expect(outcomeOfError(wx(40007, 'invalid media_id', undefined, false), NOW, 1)).toEqual({ kind: 'failed', errcode: 40007, reason: 'invalid media_id' });
    // 45028 says which quota and that a send made outside wxcast counts.
    expect(outcomeOfError(wx(45028, 'has no masssend quota', undefined, false), NOW, 1)).toEqual({
      kind: 'failed', errcode: 45028, reason: expect.stringMatching(/^WeChat has no mass-send quota left \(45028\): a subscription account sends once a calendar day.*outside wxcast/),
    });
    expect(outcomeOfError(wx(-1, 'HTTP 404', 'http-status', false), NOW, 1)).toEqual({ kind: 'failed', errcode: -1, reason: 'HTTP 404' });
    expect(outcomeOfError(wx(45065, 'clientmsgid exist', undefined, false), NOW, 1)).toMatchObject({ kind: 'failed', errcode: 45065 });
  });

  it('rethrows what is not a WeChat answer', () => {
    const bug = new TypeError('boom');
    expect(() => outcomeOfError(bug, NOW, 1)).toThrow(bug);
  });
});
