/**
 * Disclosure of state occupation curves: each reported step carries at least
 * `threshold` transitions, reported at grid bounds (or at the last merged
 * time when individual times are allowed), the remainder joins the last step,
 * small curves are hidden, values are the curve's at the end of each step.
 */
import { describe, expect, it } from 'vitest';
import { discloseStateOccupation } from '../../../engine/disclosure/disclose-state-occupation.js';

// One curve, 2 states, times 1..10 with one transition at each time.
const curve = (n = 20) => ({
  label: 'all',
  n,
  time: Float64Array.from({ length: 10 }, (_, i) => i + 1),
  pstate: Float64Array.from({ length: 20 }, (_, k) => (k % 2 === 0 ? 1 - (Math.floor(k / 2) + 1) / 20 : (Math.floor(k / 2) + 1) / 20)),
  stdErr: Float64Array.from({ length: 20 }, (_, k) => 0.01 * k),
  nEvent: Int32Array.from({ length: 20 }, (_, k) => (k % 2 === 1 ? 1 : 0)),
});

describe('discloseStateOccupation', () => {
  it('groups grid cells until at least threshold transitions, reported at the grid bound', () => {
    const d = discloseStateOccupation({ states: ['(s0)', 'death'], strata: [curve()] }, { threshold: 3, gridWidth: 2 });
    // cells (0,2]: 2 events, (2,4]: 2 -> 4 >= 3 at 4; (4,6]+(6,8]: 4 at 8; (8,10]: 2 < 3 joins the last -> 10
    expect(d.strata[0]!.time).toEqual([4, 10]);
    expect(d.strata[0]!.pstate).toEqual([[1 - 4 / 20, 4 / 20], [1 - 10 / 20, 10 / 20]]);
    expect(d.strata[0]!.stdErr[0]).toEqual([0.01 * 6, 0.01 * 7]);
    expect(d.gridWidth).toBe(2);
  });

  it('with individual times merges consecutive times and reports the last', () => {
    const d = discloseStateOccupation({ states: ['(s0)', 'death'], strata: [curve()] }, { threshold: 4, allowIndividualTimes: true });
    expect(d.strata[0]!.time).toEqual([4, 10]); // 1..4, then 5..8 and the remainder 9..10 joined
    expect(d.gridWidth).toBeNull();
  });

  it('hides a curve of fewer patients, and shows no steps with fewer transitions in all', () => {
    const small = discloseStateOccupation({ states: ['(s0)', 'death'], strata: [curve(4)] }, { threshold: 5 });
    expect(small.strata[0]).toMatchObject({ suppressed: true, time: [], pstate: [] });
    expect(small.warnings[0]).toMatch(/fewer than 5 patients/);
    const few = discloseStateOccupation({ states: ['(s0)', 'death'], strata: [curve()] }, { threshold: 11 });
    expect(few.strata[0]!.time).toEqual([]);
    expect(few.warnings[0]).toMatch(/fewer than 11 transitions/);
  });
});
