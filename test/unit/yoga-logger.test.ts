import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { yogaLoggerFor } from '#src/logger.ts';
import { NotFoundError } from '#src/errors.ts';

/** A pino logger at debug that keeps its records. */
function capturing() {
  const records: Record<string, any>[] = [];
  const base = pino({ level: 'debug' }, { write: (line: string) => void records.push(JSON.parse(line)) });
  return { base, records };
}

describe('Yoga logger through pino', () => {
  it('writes the errors Yoga reports (already classified by maskError) at debug, not error', () => {
    const { base, records } = capturing();
    yogaLoggerFor(base).error(new NotFoundError('Account', 'x'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: pino.levels.values.debug, msg: 'graphql-yoga', err: { message: 'Account x not found' } });
  });

  it('keeps warnings and information at their level, as JSON lines', () => {
    const { base, records } = capturing();
    const yoga = yogaLoggerFor(base);
    yoga.warn('slow request', { ms: 900 });
    yoga.info('started');
    expect(records.map((r) => [r.level, r.msg])).toEqual([
      [pino.levels.values.warn, 'graphql-yoga: slow request'],
      [pino.levels.values.info, 'graphql-yoga: started'],
    ]);
    expect(records[0]!.details).toEqual([{ ms: 900 }]);
  });
});
