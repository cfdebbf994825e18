import { describe, expect, it } from 'vitest';
import { decide } from '#src/sending/ab-winner.ts';

describe('the A/B winner rule', () => {
  it('chooses by read rate, then delivered, then position, leaving out variants without figures', () => {
    const v = (position: number, reads: number | null, delivered: number | null) => ({ position, reads, delivered, readRate: reads === null || delivered === null ? null : reads / delivered });
    expect(decide([v(0, 1, 4), v(1, 2, 4)])).toMatchObject({ winnerPosition: 1, rule: 'HIGHEST_READ_RATE', missingData: false });
    expect(decide([v(0, 1, 3), v(1, 2, 6)])).toMatchObject({ winnerPosition: 1, rule: 'TIE_MORE_DELIVERED' });
    expect(decide([v(0, 2, 6), v(1, 2, 6), v(2, 1, 6)])).toMatchObject({ winnerPosition: 0, rule: 'TIE_LOWER_POSITION' });
    expect(decide([v(0, null, null), v(1, 1, 9)])).toMatchObject({ winnerPosition: 1, rule: 'HIGHEST_READ_RATE', missingData: true });
    expect(decide([v(0, null, null), v(1, null, null)])).toMatchObject({ winnerPosition: 0, rule: 'NO_DATA_FIRST_GROUP', missingData: true });
  });
});
