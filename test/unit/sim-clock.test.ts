import { describe, expect, it } from 'vitest';
import { SimClock } from '#src/wechat-simulator/clock.ts';

describe('SimClock', () => {
  it('created frozen stands exactly at its start, however long creation took', () => {
    const start = new Date('2025-03-10T02:00:00Z');
    const clock = new SimClock(start, true);
    const until = Date.now() + 5;
    while (Date.now() < until); // let real milliseconds pass
    expect(clock.now()).toBe(start.getTime());
    expect(clock.frozen).toBe(true);
  });

  it('created running moves with real time and never goes back', () => {
    const start = new Date('2025-03-10T02:00:00Z');
    const clock = new SimClock(start);
    const until = Date.now() + 5;
    while (Date.now() < until);
    expect(clock.now()).toBeGreaterThanOrEqual(start.getTime() + 5);
    expect(() => clock.advance(-1)).toThrow(/forward/);
  });
});
