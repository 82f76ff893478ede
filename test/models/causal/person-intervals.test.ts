import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { personIntervals } from '../../../models/causal/person-intervals.js';
import { intervalGrid, intervalOf } from '../../../models/causal/tte-grid.js';
import { UsageError } from '../../../util/errors.js';

const grid = intervalGrid({ intervalDays: 30, graceDays: 90, endDays: 300 });

describe('personIntervals', () => {
  it('expands a hand example: start in interval 2, exit in interval 4, never, start on day 0, start on the exit day', () => {
    const r = personIntervals(grid, { from: [0, 0, 0, 0], event: [40, Infinity, 0, 50], exit: [100, 65, 200, 50] }, 1, 3);
    expect(Array.from(r.patient)).toEqual([0, 0, 1, 1, 1, 2, 3, 3]);
    expect(Array.from(r.interval)).toEqual([1, 2, 1, 2, 3, 1, 1, 2]);
    // patient 3 starts on the day follow-up ends: the outcome came first, no transition
    expect(Array.from(r.y)).toEqual([0, 1, 0, 0, 0, 1, 0, 0]);
  });

  it('starts at the interval where the risk begins and skips those never at risk', () => {
    const r = personIntervals(grid, { from: [45, Infinity, 120], event: [200, 10, 130], exit: [300, 300, 125] }, 1, 10);
    // patient 0: at risk from day 45 (interval 2), stops on day 200 (interval 7: (180, 210]);
    // patient 2: at risk from day 120 (interval 4), follow-up ends on day 125 before the stop on day 130
    expect(Array.from(r.patient)).toEqual([0, 0, 0, 0, 0, 0, 2, 2]);
    expect(Array.from(r.interval)).toEqual([2, 3, 4, 5, 6, 7, 4, 5]);
    expect(Array.from(r.y)).toEqual([0, 0, 0, 0, 0, 1, 0, 0]);
  });

  it('agrees with a brute-force definition on random patients', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ from: fc.integer({ min: 0, max: 100 }), gap: fc.option(fc.integer({ min: 0, max: 300 })), exit: fc.integer({ min: 1, max: 320 }) }), { minLength: 1, maxLength: 20 }), (ps) => {
        const from = ps.map((p) => p.from);
        const event = ps.map((p) => (p.gap === null ? Infinity : p.from + p.gap));
        const exit = ps.map((p) => p.exit);
        const r = personIntervals(grid, { from, event, exit }, 1, 8);
        const want: [number, number, number][] = [];
        const b = grid.boundaries;
        ps.forEach((_, i) => {
          if (!(from[i]! < exit[i]!)) return;
          for (let k = Math.max(1, intervalOf(grid, from[i]!)); k <= 8; k++) {
            if (k > 1 && !(exit[i]! > b[k - 1]!)) break;
            if (k > intervalOf(grid, from[i]!) && !(event[i]! > b[k - 1]!)) break;
            const y = event[i]! < exit[i]! && intervalOf(grid, event[i]!) === k ? 1 : 0;
            want.push([i, k, y]);
            if (y) break;
          }
        });
        expect(Array.from(r.patient, (p, j) => [p, r.interval[j]!, r.y[j]!])).toEqual(want);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('refuses mismatched lengths and missing times', () => {
    expect(() => personIntervals(grid, { from: [0], event: [1, 2], exit: [3] }, 1, 2)).toThrow(UsageError);
    expect(() => personIntervals(grid, { from: [0], event: [Number.NaN], exit: [3] }, 1, 2)).toThrow(/patient 1/);
  });
});
