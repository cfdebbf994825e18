import { describe, expect, it } from 'vitest';
import { clientMsgId } from '#src/sending/client-msg-id.ts';

describe('clientMsgId', () => {
  it('is 32 ASCII bytes of lowercase hex, the same for the same identity', () => {
    const id = clientMsgId(['batch', '7f0c2a9e-5a1b-4c59-9d1c-0f2f0e3a1b2c', 0]);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(Buffer.byteLength(id, 'utf8')).toBe(32);
    expect(clientMsgId(['batch', '7f0c2a9e-5a1b-4c59-9d1c-0f2f0e3a1b2c', 0])).toBe(id);
  });

  it('stays 32 bytes for long and non-ASCII identities', () => {
    for (const identity of [['x'.repeat(10_000)], ['群发', '标签', 3], [1]]) expect(Buffer.byteLength(clientMsgId(identity), 'utf8')).toBe(32);
  });

  it('differs when any part, the order or the split of parts differs', () => {
    const ids = [
      clientMsgId(['batch', 'r1', 1]),
      clientMsgId(['batch', 'r1', 2]),
      clientMsgId(['batch', 'r2', 1]),
      clientMsgId(['r1', 'batch', 1]),
      clientMsgId(['batch', 'r1', '1']),
      clientMsgId(['batch-r1', 1]),
      clientMsgId(['batch', 'r1-1']),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has no collision over 200,000 batch identities of 2,000 records', () => {
    const seen = new Set<string>();
    for (let record = 0; record < 2_000; record++) {
      const recordId = `00000000-0000-4000-8000-${record.toString(16).padStart(12, '0')}`;
      for (let batch = 0; batch < 100; batch++) seen.add(clientMsgId(['batch', recordId, batch]));
    }
    expect(seen.size).toBe(200_000);
  });

  it('refuses an empty identity', () => {
    expect(() => clientMsgId([])).toThrow(RangeError);
  });
});
