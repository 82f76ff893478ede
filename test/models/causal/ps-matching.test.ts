import { describe, expect, it } from 'vitest';
import { matchNearest } from '../../../models/causal/index.js';
import { seededRandom } from '../../../util/random.js';
import { UsageError } from '../../../util/errors.js';

// rows: treated at logit 0.0 (row 0) and 1.0 (row 1); controls at 0.1, 0.5, 2.0, -3 (rows 2..5)
const t = Object.freeze([1, 1, 0, 0, 0, 0]);
const lp = Object.freeze([0, 1, 0.1, 0.5, 2, -3]);
// SD of lp = sqrt(14.2 / 5) = 1.68523, caliper 0.2 SD = 0.337046

describe('matchNearest (greedy NN on the logit PS, ATT)', () => {
  it('default caliper 0.2 SD drops a treated with no close control', () => {
    const m = matchNearest(t, lp);
    expect(m.caliperWidth).toBeCloseTo(0.2 * Math.sqrt(14.2 / 5), 12);
    expect(m.pairs).toEqual([{ treated: 0, controls: [2] }, { treated: 1, controls: [] }]);
    expect(m.nUnmatchedTreated).toBe(1);
    expect(Array.from(m.weights)).toEqual([1, 0, 1, 0, 0, 0]);
    expect(Array.from(m.matchedSet)).toEqual([0, -1, 0, -1, -1, -1]);
    expect(m.warnings[0]).toMatch(/1 of 2 treated/);
  });

  it('without caliper: largest PS picks first, controls are not reused', () => {
    const m = matchNearest(t, lp, { caliper: null });
    expect(m.pairs).toEqual([{ treated: 0, controls: [2] }, { treated: 1, controls: [3] }]);
    expect(Array.from(m.matchedSet)).toEqual([0, 1, 0, 1, -1, -1]);
    // competition: the larger-PS treated (0.05) takes 0.02, the other gets the next best
    const c = matchNearest([1, 1, 0, 0], [0, 0.05, 0.02, 1], { caliper: null });
    expect(c.pairs).toEqual([{ treated: 0, controls: [3] }, { treated: 1, controls: [2] }]);
    const s = matchNearest([1, 1, 0, 0], [0, 0.05, 0.02, 1], { caliper: null, order: 'smallest' });
    expect(s.pairs).toEqual([{ treated: 0, controls: [2] }, { treated: 1, controls: [3] }]);
  });

  it('1:2 with replacement gives MatchIt-style control weights', () => {
    const m = matchNearest(t, lp, { caliper: null, ratio: 2, replace: true });
    expect(m.pairs).toEqual([{ treated: 0, controls: [2, 3] }, { treated: 1, controls: [3, 2] }]);
    expect(Array.from(m.weights)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(m.nMatchedControls).toBe(2);
  });

  it('random order is seeded and validated', () => {
    const a = matchNearest(t, lp, { caliper: null, order: 'random', random: seededRandom(3) });
    const b = matchNearest(t, lp, { caliper: null, order: 'random', random: seededRandom(3) });
    expect(a.pairs).toEqual(b.pairs);
    expect(() => matchNearest(t, lp, { order: 'random' })).toThrow(UsageError);
    expect(() => matchNearest(t, lp, { ratio: 0 })).toThrow(UsageError);
    expect(() => matchNearest([1, 2], [0, 1])).toThrow(/treatment must be 0 or 1/);
    expect(() => matchNearest([1, 0], [0])).toThrow(UsageError);
  });
});
