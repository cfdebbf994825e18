import type { Db } from '#src/db/client.ts';
import type { StoredContent } from '#src/authoring/content.ts';
import { abTestGroupPosition, REMAINDER_PART } from '#src/sending/record-part.ts';

type StoredNews = Extract<StoredContent, { kind: 'NEWS' }>['news'];

/**
 * The content a send record sends: a plain task's content; an A/B test group's own news; for
 * the A/B remainder, the news of the test group that won (stored in ab_test_results before the
 * remainder's content is asked for). Null when there is nothing to send (a task without content).
 */
export async function recordContent(prisma: Db, record: { id: string; taskId: string; part: string }): Promise<StoredContent | null> {
  const position = record.part === REMAINDER_PART ? await winnerPosition(prisma, record.id) : abTestGroupPosition(record.part);
  if (position === null) {
    const task = await prisma.broadcastTask.findUniqueOrThrow({ where: { id: record.taskId }, select: { content: true } });
    return (task.content as StoredContent | null) ?? null;
  }
  const group = await prisma.abTestGroup.findUniqueOrThrow({ where: { taskId_position: { taskId: record.taskId, position } }, select: { content: true } });
  return { kind: 'NEWS', news: group.content as StoredNews };
}

async function winnerPosition(prisma: Db, recordId: string): Promise<number> {
  const result = await prisma.abTestResult.findUnique({ where: { recordId }, select: { winnerPosition: true } });
  if (!result) throw new Error(`the A/B remainder ${recordId} has no winner yet`);
  return result.winnerPosition;
}
