import { DateTime } from 'luxon';
import type { ScopedDb } from '#src/db/scoped.ts';
import { ValidationError } from '#src/errors.ts';
import { checkNews, type NewsInput, type StoredContent, storedNews } from '#src/authoring/content.ts';
import {
  AbTestAudienceError,
  AbTestContentError,
  AbTestLeadTimeError,
  AbTestPercentageError,
  AbTestRemainderTimeError,
} from '#src/authoring/errors.ts';

/** One test group of an A/B test as given: its share of the audience, its news, its time. */
export interface AbTestGroupInput {
  percentage: number;
  news: NewsInput;
  sendAt?: Date;
}

export interface AbTestInput {
  groups: AbTestGroupInput[];
  /** When the winning article goes to the rest of the audience. */
  remainderSendAt?: Date;
}

/** Sampling needs time: a test group's send time is at least this long after it is set. */
export const AB_TEST_LEAD_MS = 60 * 60 * 1000;
/** The remainder goes at or after this hour (account time zone) on the day after the latest test. */
export const AB_REMAINDER_EARLIEST_HOUR = 10;

/** The earliest time the remainder may go, given the latest test time. */
export function earliestRemainderTime(latestTest: Date, timeZone: string): Date {
  return DateTime.fromJSDate(latestTest, { zone: timeZone }).plus({ days: 1 }).set({ hour: AB_REMAINDER_EARLIEST_HOUR, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}

export interface AbTestCheck {
  db: ScopedDb;
  accountId: string;
  timeZone: string;
  now: Date;
  audience: string | null;
  content: StoredContent | null;
  abTest: AbTestInput;
  /** Test times already stored (by position): an unchanged time is not held to the lead time again. */
  storedTimes: (Date | null)[];
  path: string[];
}

/** Checks every A/B test rule, each violation with its own error type naming the field. */
export async function checkAbTest(check: AbTestCheck): Promise<void> {
  const { abTest, path } = check;
  if (check.audience !== 'GROUPS') throw new AbTestAudienceError([...path], 'A/B tests are only for audiences of customer groups, not all followers');
  if (check.content?.kind !== 'NEWS') throw new AbTestContentError([...path], 'A/B tests are only for news content');
  if (abTest.groups.length < 2) throw ValidationError.field([...path, 'groups'], 'an A/B test needs at least 2 test groups');
  for (const [i, group] of abTest.groups.entries()) {
    if (!Number.isInteger(group.percentage) || group.percentage < 1 || group.percentage > 98) {
      throw new AbTestPercentageError([...path, 'groups', String(i), 'percentage'], 'must be a whole number from 1 to 98');
    }
  }
  const sum = abTest.groups.reduce((total, group) => total + group.percentage, 0);
  if (sum >= 100) throw new AbTestPercentageError([...path, 'groups'], `test percentages sum to ${sum}; they must sum to less than 100 so that a remainder is left`);
  for (const [i, group] of abTest.groups.entries()) {
    await checkNews(check.db, check.accountId, storedNews(group.news), [...path, 'groups', String(i), 'news']);
  }
  for (const [i, group] of abTest.groups.entries()) {
    const at = [...path, 'groups', String(i), 'sendAt'];
    if (!group.sendAt) throw ValidationError.field(at, 'every test group needs a send time');
    const unchanged = check.storedTimes[i]?.getTime() === group.sendAt.getTime();
    if (!unchanged && group.sendAt.getTime() < check.now.getTime() + AB_TEST_LEAD_MS) {
      throw new AbTestLeadTimeError(at, 'must be at least one hour after it is set (the random samples are drawn before)');
    }
  }
  const latest = new Date(Math.max(...abTest.groups.map((group) => group.sendAt!.getTime())));
  const earliest = earliestRemainderTime(latest, check.timeZone);
  const remainderPath = [...path, 'remainderSendAt'];
  if (!abTest.remainderSendAt) throw ValidationError.field(remainderPath, 'an A/B test needs the remainder\'s send time');
  if (abTest.remainderSendAt < earliest) {
    const shown = DateTime.fromJSDate(earliest, { zone: check.timeZone }).toFormat("yyyy-LL-dd HH:mm ZZZZ");
    throw new AbTestRemainderTimeError(remainderPath, `must be at or after ${shown} (10:00 on the day after the latest test, ${check.timeZone}), so that read data exist`);
  }
}
