import { describe, expect, it } from 'vitest';
import { QLQ_C30, QLQ_C30_SCALES, qlqScaleScore } from '../../../models/pro/qlq-c30.js';

/** A complete questionnaire; every scale below is worked by hand from the scoring manual's formulas. */
const FULL: Record<string, number> = {
  q1: 1, q2: 1, q3: 2, q4: 2, q5: 1, // PF2: RS = 7/5 = 1.4, S = (1 - 0.4/3) x 100 = 86.667
  q6: 2, q7: 1, // RF2: RS = 1.5, S = (1 - 0.5/3) x 100 = 83.333
  q8: 2, // DY: (1/3) x 100 = 33.333
  q9: 2, q19: 3, // PA: RS = 2.5, S = (1.5/3) x 100 = 50
  q10: 2, q12: 2, q18: 3, // FA: RS = 7/3, S = ((7/3 - 1)/3) x 100 = 44.444
  q11: 3, // SL: 66.667
  q13: 1, // AP: 0
  q14: 1, q15: 1, // NV: 0
  q16: 2, // CO: 33.333
  q17: 1, // DI: 0
  q20: 1, q25: 2, // CF: RS = 1.5, S = 83.333
  q21: 2, q22: 2, q23: 1, q24: 3, // EF: RS = 2, S = (1 - 1/3) x 100 = 66.667
  q26: 1, q27: 1, // SF: 100
  q28: 4, // FI: 100
  q29: 5, q30: 6, // QL2: RS = 5.5, S = (4.5/6) x 100 = 75
};

const EXPECTED: Record<string, number> = {
  ql2: 75,
  pf2: 260 / 3,
  rf2: 250 / 3,
  ef: 200 / 3,
  cf: 250 / 3,
  sf: 100,
  fa: 400 / 9,
  nv: 0,
  pa: 50,
  dy: 100 / 3,
  sl: 200 / 3,
  ap: 0,
  co: 100 / 3,
  di: 0,
  fi: 100,
  // Giesinger 2016: mean of PF2, RF2, EF, CF, SF and 100 - FA, NV, PA, DY, SL, AP, CO, DI.
  // In ninths: 780 + 750 + 600 + 750 + 900 + 500 + 900 + 450 + 600 + 300 + 900 + 600 + 900 = 8930; 8930 / 9 / 13
  summary: 8930 / 117,
};

describe('EORTC QLQ-C30 scoring (Fayers et al. 2001; summary score Giesinger et al. 2016)', () => {
  it('scores every scale of a complete questionnaire as worked by hand', () => {
    const s = QLQ_C30.score(FULL);
    expect(Object.keys(s)).toEqual([...QLQ_C30.scoreKeys]);
    for (const [k, v] of Object.entries(EXPECTED)) expect(s[k], k).toBeCloseTo(v, 10);
    expect(s.summary).toBeCloseTo(76.3248, 4);
  });

  it('maps the best and worst answers to the ends of each scale', () => {
    const best: Record<string, number> = {};
    const worst: Record<string, number> = {};
    for (let i = 1; i <= 30; i++) {
      best[`q${i}`] = i >= 29 ? 7 : 1;
      worst[`q${i}`] = i >= 29 ? 1 : 4;
    }
    const b = QLQ_C30.score(best);
    const w = QLQ_C30.score(worst);
    for (const scale of QLQ_C30_SCALES) {
      const good = scale.kind === 'symptom' ? 0 : 100;
      expect(b[scale.key], scale.key).toBe(good);
      expect(w[scale.key], scale.key).toBe(100 - good);
    }
    expect(b.summary).toBe(100);
    expect(w.summary).toBe(0);
  });

  it('applies the half rule: a scale is scored from its answered items when at least half are answered', () => {
    const ef = QLQ_C30_SCALES.find((s) => s.key === 'ef')!;
    expect(qlqScaleScore(ef, { q21: 2, q22: 4 })).toBeCloseTo(100 / 3, 10); // 2 of 4: RS = 3, (1 - 2/3) x 100
    expect(qlqScaleScore(ef, { q21: 2 })).toBeNull(); // 1 of 4
    const fa = QLQ_C30_SCALES.find((s) => s.key === 'fa')!;
    expect(qlqScaleScore(fa, { q10: 1, q12: 4 })).toBe(50); // 2 of 3: RS = 2.5
    expect(qlqScaleScore(fa, { q18: 4 })).toBeNull(); // 1 of 3 is less than half
    const pf = QLQ_C30_SCALES.find((s) => s.key === 'pf2')!;
    expect(qlqScaleScore(pf, { q1: 1, q2: 2, q3: 3 })).toBeCloseTo((1 - 1 / 3) * 100, 10); // 3 of 5
    expect(qlqScaleScore(pf, { q1: 1, q2: 2 })).toBeNull(); // 2 of 5
    const ql = QLQ_C30_SCALES.find((s) => s.key === 'ql2')!;
    expect(qlqScaleScore(ql, { q29: 7 })).toBe(100); // 1 of 2
  });

  it('leaves a single-item scale missing when its item is, and the summary needs all 13 of its scales (not QL2 or FI)', () => {
    const { q8: _dy, ...noDyspnoea } = FULL;
    const a = QLQ_C30.score(noDyspnoea);
    expect(a.dy).toBeNull();
    expect(a.summary).toBeNull();
    expect(a.pf2).toBeCloseTo(EXPECTED.pf2!, 10);
    const { q28: _fi, q29: _q29, ...noFinance } = FULL;
    const b = QLQ_C30.score(noFinance);
    expect(b.fi).toBeNull();
    expect(b.ql2).toBeCloseTo(((6 - 1) / 6) * 100, 10); // q30 alone
    expect(b.summary).toBeCloseTo(EXPECTED.summary!, 10);
  });

  it('declares answer codes q1..q30 with items 29 and 30 on 1-7', () => {
    expect(QLQ_C30.items.map((i) => i.code)).toEqual(Array.from({ length: 30 }, (_, i) => `q${i + 1}`));
    expect(QLQ_C30.items.filter((i) => i.max === 7).map((i) => i.code)).toEqual(['q29', 'q30']);
    expect(QLQ_C30.items.every((i) => i.min === 1)).toBe(true);
  });
});
