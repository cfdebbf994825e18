import { DateTime } from 'luxon';
import type { Db } from '#src/db/client.ts';
import { WeChatApiError } from '#src/errors.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';
import type { DatacubeApi } from '#src/wechat/api/datacube.ts';
import { RetryLaterError } from '#src/jobs/retry-later.ts';
import { abTestGroupPart } from '#src/sending/record-part.ts';
import type { SendRecordRow } from '#src/sending/audience.ts';

/** WeChat's datacube dates are Beijing dates. */
const DATACUBE_ZONE = 'Asia/Shanghai';
/** WeChat's datacube answer for a day whose data are not ready yet (before 08:00 Beijing the next day). */
const DATA_NOT_READY = 61503;
/** How long after its planned time the remainder waits for every test group's figures; then it goes with those it has. */
export const AB_RESULT_WAIT_MS = 24 * 60 * 60 * 1000;
/** How often the remainder looks again while figures are missing. */
export const AB_RESULT_RETRY_MS = 30 * 60 * 1000;

export type AbTestRule = 'HIGHEST_READ_RATE' | 'TIE_MORE_DELIVERED' | 'TIE_LOWER_POSITION' | 'NO_DATA_FIRST_GROUP';

/** One test group's figures: null when it has none (left out of the comparison). */
export interface AbVariant {
  position: number;
  reads: number | null;
  delivered: number | null;
  readRate: number | null;
}

export interface AbDecision {
  winnerPosition: number;
  rule: AbTestRule;
  missingData: boolean;
  variants: AbVariant[];
}

export interface AbWinnerDeps {
  prisma: Db;
  wechat: Pick<WeChatAccess, 'sendingClientFor'>;
  now: Date;
}

/**
 * Chooses the A/B test's winner for its remainder record and stores it (once: a rerun or a
 * second worker finds the stored decision). Each test group's read rate is reads ÷ delivered:
 * delivered is the SentCount WeChat reported for the group's batches (MASSSENDJOBFINISH, or
 * message/mass/get), reads the int_page_read_user of the news' first article
 * (getarticletotal, msgid `<msg_data_id>_1`, latest cumulative day) summed over the batches.
 * While a test group is still sending or its figures are not ready (61503, or its article not
 * listed yet) the job is rescheduled, until AB_RESULT_WAIT_MS after the remainder's planned
 * time; from then on a group without figures is left out.
 */
export async function ensureAbWinner(deps: AbWinnerDeps, record: SendRecordRow): Promise<AbDecision> {
  const stored = await deps.prisma.abTestResult.findUnique({ where: { recordId: record.id } });
  if (stored) return stored as unknown as AbDecision;
  const task = await deps.prisma.broadcastTask.findUniqueOrThrow({
    where: { id: record.taskId },
    select: { sendAt: true, abTestGroups: { select: { position: true, dueAt: true }, orderBy: { position: 'asc' } } },
  });
  const deadline = new Date((task.sendAt ?? deps.now).getTime() + AB_RESULT_WAIT_MS);
  const client = await deps.wechat.sendingClientFor(record.accountId);
  // Test groups sent on the same Beijing day share one getarticletotal answer: asked once a date.
  const byDate = new Map<string, ReturnType<DatacubeApi['getArticleTotal']>>();
  const articleTotals = (date: string) => {
    if (!byDate.has(date)) byDate.set(date, client.getArticleTotal({ begin_date: date, end_date: date }));
    return byDate.get(date)!;
  };
  const figures = await Promise.all(task.abTestGroups.map((group) => variantFigures(deps, articleTotals, record.taskId, group)));
  const waiting = figures.filter((f) => f.waiting);
  if (waiting.length && deps.now < deadline) {
    const at = new Date(Math.min(deadline.getTime(), deps.now.getTime() + AB_RESULT_RETRY_MS));
    throw new RetryLaterError(at, `waiting for the A/B test's figures of test group(s) ${waiting.map((f) => f.variant.position).join(', ')}`);
  }
  const decision = decide(figures.map((f) => f.variant));
  await deps.prisma.$executeRaw`
    INSERT INTO ab_test_results (record_id, winner_position, rule, missing_data, variants)
    VALUES (${record.id}::uuid, ${decision.winnerPosition}, ${decision.rule}::"AbTestRule", ${decision.missingData}, ${JSON.stringify(decision.variants)}::jsonb)
    ON CONFLICT (record_id) DO NOTHING`;
  return (await deps.prisma.abTestResult.findUniqueOrThrow({ where: { recordId: record.id } })) as unknown as AbDecision;
}

/**
 * The winner among variants with figures: the highest read rate; equal rates → more
 * delivered; still equal → the lower position. No variant with figures → the first test group.
 */
export function decide(variants: AbVariant[]): AbDecision {
  const missingData = variants.some((v) => v.readRate === null);
  const withData = variants.filter((v): v is AbVariant & { reads: number; delivered: number } => v.readRate !== null);
  if (!withData.length) return { winnerPosition: Math.min(...variants.map((v) => v.position)), rule: 'NO_DATA_FIRST_GROUP', missingData, variants };
  // Rates are compared as cross products of whole numbers: equal rates are equal exactly.
  const rateOrder = (a: typeof withData[number], b: typeof withData[number]) => b.reads * a.delivered - a.reads * b.delivered;
  const byRate = [...withData].sort((a, b) => rateOrder(a, b) || b.delivered - a.delivered || a.position - b.position);
  const [best, second] = byRate as [typeof withData[number], (typeof withData[number])?];
  let rule: AbTestRule = 'HIGHEST_READ_RATE';
  if (second && rateOrder(best, second) === 0) rule = best.delivered !== second.delivered ? 'TIE_MORE_DELIVERED' : 'TIE_LOWER_POSITION';
  return { winnerPosition: best.position, rule, missingData, variants };
}

interface Figures {
  variant: AbVariant;
  /** Figures may still come (the group is sending, or WeChat's data are not ready). */
  waiting: boolean;
}

async function variantFigures(deps: AbWinnerDeps, articleTotals: (date: string) => ReturnType<DatacubeApi['getArticleTotal']>, taskId: string, group: { position: number; dueAt: Date | null }): Promise<Figures> {
  const none = (waiting: boolean): Figures => ({ variant: { position: group.position, reads: null, delivered: null, readRate: null }, waiting });
  const record = await deps.prisma.sendRecord.findUnique({
    where: { taskId_part: { taskId, part: abTestGroupPart(group.position) } },
    select: { state: true, batches: { select: { msgDataId: true, sentCount: true }, where: { msgDataId: { not: null } } } },
  });
  // Never sent (missed, cancelled, nobody in the sample) or failed: no figures will come.
  if (!record || record.state === 'FAILED') return none(false);
  if (!['SENT', 'PARTLY_FAILED'].includes(record.state) || !group.dueAt) return none(true);
  const delivered = record.batches.reduce((sum, batch) => sum + (batch.sentCount ?? 0), 0);
  if (!delivered) return none(false);
  const date = DateTime.fromJSDate(group.dueAt, { zone: DATACUBE_ZONE }).toISODate()!;
  // WeChat answers only for days that are over (61501 otherwise): do not ask before.
  if (DateTime.fromJSDate(deps.now, { zone: DATACUBE_ZONE }).toISODate()! <= date) return none(true);
  let rows;
  try {
    rows = await articleTotals(date);
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof WeChatApiError ? error.cause : error;
    if (cause instanceof WeChatApiError && cause.errcode === DATA_NOT_READY) return none(true);
    throw error;
  }
  let reads = 0;
  for (const batch of record.batches) {
    const row = rows.find((r) => r.msgid === `${batch.msgDataId}_1`);
    const latest = row?.details.reduce<(typeof row.details)[number] | undefined>((last, d) => (!last || d.stat_date > last.stat_date ? d : last), undefined);
    // An empty list, or the article not listed yet: the day's data are not ready.
    if (!latest) return none(true);
    reads += latest.int_page_read_user;
  }
  return { variant: { position: group.position, reads, delivered, readRate: reads / delivered }, waiting: false };
}
