/**
 * Which part of its task a send record sends (send_records.part, unique per task): a plain task
 * is one record, `TASK`; an A/B test is one record per test group, `AB_TEST_GROUP:<position>`,
 * and one for the rest of the audience, `REMAINDER`, which gets the winning test group's news.
 */
export type RecordPart = 'TASK' | 'REMAINDER' | `AB_TEST_GROUP:${number}`;

export const TASK_PART: RecordPart = 'TASK';
export const REMAINDER_PART: RecordPart = 'REMAINDER';

export function abTestGroupPart(position: number): RecordPart {
  return `AB_TEST_GROUP:${position}`;
}

/** The test group position of an `AB_TEST_GROUP:<position>` part, or null for any other part. */
export function abTestGroupPosition(part: string): number | null {
  const match = /^AB_TEST_GROUP:(\d+)$/.exec(part);
  return match ? Number(match[1]) : null;
}
