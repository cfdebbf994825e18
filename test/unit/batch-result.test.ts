import { describe, expect, it } from 'vitest';
import { batchResultOf, batchStatusOfMassGet, recordStatusOf } from '#src/sending/batch-result.ts';
import type { MassSendJobFinishEvent } from '#src/wechat/types.ts';

function event(patch: Partial<MassSendJobFinishEvent>): MassSendJobFinishEvent {
  return {
    ToUserName: 'gh_1',
    FromUserName: 'o1',
    CreateTime: 1_741_572_000,
    MsgType: 'event',
    Event: 'MASSSENDJOBFINISH',
    MsgID: '1000001625',
    Status: 'send success',
    TotalCount: 100,
    FilterCount: 80,
    SentCount: 80,
    ErrorCount: 0,
    CopyrightCheckResult: { Count: 1, ResultList: [], CheckState: 1 },
    ArticleUrlResult: { Count: 1, ResultList: [{ ArticleIdx: 1, ArticleUrl: 'http://mp.weixin.qq.com/s/a' }] },
    ...patch,
  };
}

describe('batchResultOf', () => {
  it('is SENT for send success without errors, keeping counts, the filtered difference and links', () => {
    expect(batchResultOf(event({}))).toEqual({
      status: 'SENT',
      totalCount: 100,
      filterCount: 80,
      sentCount: 80,
      errorCount: 0,
      filteredOut: 20,
      copyrightCheckState: 1,
      articleUrls: [{ index: 1, url: 'http://mp.weixin.qq.com/s/a' }],
    });
  });

  it('is PARTLY_FAILED for send success with ErrorCount > 0, FAILED when nobody got it', () => {
    expect(batchResultOf(event({ SentCount: 75, ErrorCount: 5 }))).toMatchObject({ status: 'PARTLY_FAILED', failure: { errcode: null, reason: '5 of 80 deliveries failed' } });
    expect(batchResultOf(event({ SentCount: 0, ErrorCount: 80 }))).toMatchObject({ status: 'FAILED' });
  });

  it('is SENT when every recipient was filtered out (observed: TotalCount 8, FilterCount 0)', () => {
    expect(batchResultOf(event({ TotalCount: 8, FilterCount: 0, SentCount: 0 }))).toMatchObject({ status: 'SENT', filteredOut: 8 });
  });

  it('is FAILED with errcode and reason for err(N) and send fail', () => {
    expect(batchResultOf(event({ Status: 'err(30003)', FilterCount: 0, SentCount: 0, CopyrightCheckResult: { Count: 1, ResultList: [], CheckState: 3 } }))).toMatchObject({
      status: 'FAILED',
      // The audit stopped the job before WeChat filtered anyone: FilterCount 0 is not "all filtered out".
      filteredOut: null,
      copyrightCheckState: 3,
      failure: { errcode: 30003, reason: 'judged a reprint and the sender chose to stop on reprints' },
    });
    expect(batchResultOf(event({ Status: 'err(20431)' }))).toMatchObject({ failure: { errcode: 20431, reason: "refused by WeChat's review (err(20431))" } });
    expect(batchResultOf(event({ Status: 'send fail', SentCount: 0, ErrorCount: 80 }))).toMatchObject({ status: 'FAILED', failure: { errcode: null } });
    expect(batchResultOf(event({ Status: 'mystery' }))).toMatchObject({ status: 'FAILED', failure: { reason: 'unknown result status "mystery"' } });
  });
});

describe('batchStatusOfMassGet', () => {
  it('maps mass/get statuses', () => {
    expect(['SENDING', 'SEND_SUCCESS', 'SEND_FAIL', 'DELETE'].map((s) => batchStatusOfMassGet(s as never))).toEqual(['SENDING', 'SENT', 'FAILED', 'SENT']);
  });
});

describe('recordStatusOf', () => {
  it('is SENT when all batches were sent, FAILED when all failed, PARTLY_FAILED otherwise, SENDING while any is', () => {
    expect(recordStatusOf(['SENT', 'SENT'])).toBe('SENT');
    expect(recordStatusOf(['FAILED', 'FAILED'])).toBe('FAILED');
    expect(recordStatusOf(['SENT', 'FAILED'])).toBe('PARTLY_FAILED');
    expect(recordStatusOf(['SENT', 'PARTLY_FAILED'])).toBe('PARTLY_FAILED');
    expect(recordStatusOf(['PARTLY_FAILED'])).toBe('PARTLY_FAILED');
    expect(recordStatusOf(['SENT', 'SENDING', 'FAILED'])).toBe('SENDING');
    expect(recordStatusOf([])).toBe('FAILED');
  });
});
