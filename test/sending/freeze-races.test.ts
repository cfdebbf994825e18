import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { selectingRecord } from '../helpers/sending.ts';
import { freezeAudience } from '#src/sending/audience.ts';

describe('the freeze of a record\'s recipients', () => {
  const t = useTestApp();

  /** Holds the record's row as a concurrent freeze would, until `finish` (SQL) ends that transaction. */
  async function whileAnotherHoldsTheRecord<T>(recordId: string, freezing: () => Promise<T>, finish: string[]): Promise<T> {
    const other = new pg.Client({ connectionString: t.db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT 1 FROM send_records WHERE id = $1 FOR UPDATE`, [recordId]);
      const result = freezing();
      const waiting = () => t.app.deps.prisma.$queryRaw<unknown[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM send_records WHERE id = % FOR UPDATE%'`;
      await expect.poll(async () => (await waiting()).length, { timeout: 20_000 }).toBe(1);
      for (const statement of finish) await other.query(statement, statement.includes('$1') ? [recordId] : []);
      return await result;
    } finally {
      await other.end();
    }
  }

  it('waits for a concurrent freeze and, when that one moved the record on, does nothing', async () => {
    const { prisma, record } = await selectingRecord(t, 3);
    // The other freeze wins: it moves the record to PREPARING (its recipients are not the point here).
    const move = await whileAnotherHoldsTheRecord(record.id, () => freezeAudience(prisma, record),
      [`UPDATE send_records SET state = 'PREPARING' WHERE id = $1`, 'COMMIT']);
    expect(move).toBeNull();
    expect(await prisma.sendRecordRecipient.count({ where: { recordId: record.id } })).toBe(0);
    expect(await prisma.sendBatch.count({ where: { recordId: record.id } })).toBe(0);
  });

  it('waits for a concurrent freeze and, when that one rolled back, freezes the record itself', async () => {
    const { prisma, record } = await selectingRecord(t, 3);
    const move = await whileAnotherHoldsTheRecord(record.id, () => freezeAudience(prisma, record), ['ROLLBACK']);
    expect(move?.event.record.state).toBe('PREPARING');
    expect(await prisma.sendRecordRecipient.count({ where: { recordId: record.id } })).toBe(3);
  });
});
