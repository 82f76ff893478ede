import { describe, expect, it } from 'vitest';
import { EQ5D_DIMENSIONS, EQ_5D_5L, eq5d5lIndexGermany, eq5dProfile, type Eq5dState } from '../../../models/pro/eq-5d-5l.js';

function state(profile: string): Eq5dState {
  const [MO, SC, UA, PD, AD] = [...profile].map(Number) as [number, number, number, number, number];
  return { MO, SC, UA, PD, AD };
}

/**
 * German EQ-5D-5L index values as published in the value-set table of the
 * EuroQol group's eq5dsuite value sets (MathsinHealth/eq5dsuite-value-sets,
 * EQ-5D-5L/DE.csv: Ludwig, Graf von der Schulenburg & Greiner 2018), an
 * oracle independent of the decrement table the code uses.
 */
const PUBLISHED: Record<string, number> = {
  '11111': 1,
  '55555': -0.661,
  '11112': 0.97,
  '11115': 0.644,
  '11151': 0.388,
  '11231': 0.855,
  '11255': -0.004,
  '12345': 0.141,
  '13555': -0.233,
  '15555': -0.437,
  '21111': 0.974,
  '25555': -0.463,
  '31111': 0.958,
  '33333': 0.662,
  '35355': -0.319,
  '41111': 0.861,
  '43214': 0.545,
  '44444': -0.065,
  '45455': -0.496,
  '45555': -0.576,
  '51111': 0.776,
  '51555': -0.401,
  '52111': 0.726,
};

function allStates(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 3125; i++) {
    let n = i;
    let s = '';
    for (let d = 0; d < 5; d++) {
      s = String((n % 5) + 1) + s;
      n = Math.floor(n / 5);
    }
    out.push(s);
  }
  return out;
}

describe('EQ-5D-5L German value set (Ludwig et al. 2018)', () => {
  it('gives the anchors: 11111 -> 1 (full health), 55555 -> -0.661 (the worst state)', () => {
    expect(eq5d5lIndexGermany(state('11111'))).toBe(1);
    expect(eq5d5lIndexGermany(state('55555'))).toBe(-0.661);
  });

  it('matches the published index of sampled states exactly (three decimals)', () => {
    for (const [profile, value] of Object.entries(PUBLISHED)) expect(eq5d5lIndexGermany(state(profile)), profile).toBe(value);
  });

  it('over all 3,125 states: range -0.661 to 1, only 11111 is 1, and a worse level never raises the index', () => {
    const values = new Map(allStates().map((p) => [p, eq5d5lIndexGermany(state(p))]));
    expect(values.size).toBe(3125);
    expect(Math.min(...values.values())).toBe(-0.661);
    expect([...values].filter(([, v]) => v === 1).map(([p]) => p)).toEqual(['11111']);
    for (const [p, v] of values) {
      for (let d = 0; d < 5; d++) {
        if (p[d] === '5') continue;
        const worse = p.slice(0, d) + String(Number(p[d]) + 1) + p.slice(d + 1);
        expect(values.get(worse)!, `${worse} vs ${p}`).toBeLessThan(v);
      }
      // exact to three decimals: no floating-point tail
      expect(Math.round(v * 1000) / 1000).toBe(v);
    }
  });

  it('refuses a level outside 1-5 or not an integer', () => {
    expect(() => eq5d5lIndexGermany({ ...state('11111'), AD: 6 })).toThrow(RangeError);
    expect(() => eq5d5lIndexGermany({ ...state('11111'), MO: 0 })).toThrow(/MO/);
    expect(() => eq5d5lIndexGermany({ ...state('11111'), PD: 2.5 })).toThrow(/integer 1-5/);
  });

  it('scores answers: index and VAS; VAS is optional (null), a missing dimension gives no index', () => {
    expect(EQ_5D_5L.score({ MO: 1, SC: 1, UA: 2, PD: 3, AD: 1, VAS: 70 })).toEqual({ index: 0.855, vas: 70 });
    expect(EQ_5D_5L.score({ MO: 5, SC: 5, UA: 5, PD: 5, AD: 5 })).toEqual({ index: -0.661, vas: null });
    expect(EQ_5D_5L.score({ MO: 1, SC: 1, UA: 1, PD: 1, VAS: 90 })).toEqual({ index: null, vas: 90 });
    expect(EQ_5D_5L.items.filter((i) => i.required).map((i) => i.code)).toEqual([...EQ5D_DIMENSIONS]);
    expect(eq5dProfile(state('12345'))).toBe('12345');
  });
});
