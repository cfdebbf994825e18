import type { Db } from '#src/db/client.ts';
import type { SendRecordRow } from '#src/sending/audience.ts';

/**
 * Counts one more mass message in the month of its submission (the account's time zone) for
 * every recipient of each batch of the record that WeChat accepted (`submitted_at` set) and that
 * is not counted yet. WeChat filters a service account's followers at 4 mass messages a month;
 * quotas and audiences read these counts.
 *
 * Exactly once per batch: each batch is counted in its own transaction that first flips its
 * `monthly_counted_at` by compare-and-set (`WHERE monthly_counted_at IS NULL`) and then upserts its
 * recipients' counts, so a second counter (a rerun, another worker) waits for the first's row lock
 * and then finds the batch counted. This runs after a run's submission loop, not in the
 * transaction that marks a batch SUBMITTED: a 10,000-row upsert there held up every batch's
 * submission. A crash between submission and counting leaves batches uncounted, and every later
 * run of the record counts them. Returns how many batches this call counted.
 */
export async function countMonthlySends(prisma: Db, record: Pick<SendRecordRow, 'id' | 'accountId' | 'accountType'>): Promise<number> {
  if (record.accountType !== 'SERVICE') return 0;
  const uncounted = await prisma.$queryRaw<{ id: string }[]>`
    SELECT id FROM send_batches WHERE record_id = ${record.id}::uuid AND submitted_at IS NOT NULL AND monthly_counted_at IS NULL ORDER BY batch_no`;
  let counted = 0;
  for (const batch of uncounted) {
    counted += await prisma.$transaction(async (tx) => {
      const [claimed] = await tx.$queryRaw<{ batchNo: number }[]>`
        UPDATE send_batches SET monthly_counted_at = clock_timestamp()
        WHERE id = ${batch.id}::uuid AND monthly_counted_at IS NULL RETURNING batch_no AS "batchNo"`;
      if (!claimed) return 0;
      await tx.$executeRaw`
        INSERT INTO follower_monthly_sends (follower_id, account_id, month, count)
        SELECT s.follower_id, a.id, date_trunc('month', b.submitted_at AT TIME ZONE a.time_zone)::date, 1
        FROM send_batches b
        JOIN official_accounts a ON a.id = b.account_id
        JOIN send_record_recipients s ON s.record_id = b.record_id AND s.batch_no = b.batch_no
        WHERE b.id = ${batch.id}::uuid
        ON CONFLICT (follower_id, month) DO UPDATE SET count = follower_monthly_sends.count + 1`;
      return 1;
    });
  }
  return counted;
}
