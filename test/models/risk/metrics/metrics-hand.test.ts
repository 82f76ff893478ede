/**
 * Metrics on tiny data worked by hand, property tests (C and AUC in [0, 1],
 * reversing the score gives 1 - C without ties, invariance to monotone
 * transforms), immutability, and the resampling helpers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harrellC } from '../../../../models/risk/metrics/harrell-c.js';
import { unoC } from '../../../../models/risk/metrics/uno-c.js';
import { timeDependentAuc } from '../../../../models/risk/metrics/td-auc.js';
import { brierScore, integratedBrierScore } from '../../../../models/risk/metrics/brier.js';
import { kaplanMeierStep, survivalAt, survivalBefore } from '../../../../models/risk/metrics/survival-step.js';
import { bootstrapOptimism, crossValidatePerformance, takeRows } from '../../../../models/risk/metrics/resampling.js';
import { compareConcordance } from '../../../../models/risk/metrics/compare.js';
import { calibrationAtHorizon } from '../../../../models/risk/metrics/calibration.js';
import { UsageError } from '../../../../util/errors.js';
import { seededRandom, exponential } from '../../../../util/random.js';

const time = new Float64Array([1, 2, 3, 4, 5]);
const status = new Float64Array([1, 1, 0, 1, 0]);

describe('worked by hand (times 1..5, censored at 3 and 5)', () => {
  it("Harrell's C: 8 comparable pairs", () => {
    expect(harrellC(time, status, new Float64Array([5, 4, 3, 2, 1])).c).toBe(1);
    expect(harrellC(time, status, new Float64Array([1, 2, 3, 4, 5])).c).toBe(0);
    // pairs (1,2)(1,3)(1,5)(2,3)(2,5)(4,5) concordant, (1,4)(2,4) discordant: 6/8
    const r = harrellC(time, status, new Float64Array([5, 4, 3, 6, 1]));
    expect(r.c).toBeCloseTo(0.75, 14);
    expect(r.count.concordant).toBe(6);
    expect(r.count.discordant).toBe(2);
    // a tie in the score counts 1/2: scores 5,5 for rows 1,2 -> pair (1,2) tied: (7 + 0.5)/8
    expect(harrellC(time, status, new Float64Array([5, 5, 3, 2, 1])).c).toBeCloseTo(7.5 / 8, 14);
  });
  it('reverse Kaplan-Meier of censoring: G(4-) = 2/3', () => {
    const G = kaplanMeierStep(time, status, null, true);
    expect(survivalBefore(G, 3)).toBe(1);
    expect(survivalAt(G, 3)).toBeCloseTo(2 / 3, 15);
    expect(survivalBefore(G, 4)).toBeCloseTo(2 / 3, 15);
    // deaths precede censorings at a tie: death and censoring both at 2 -> censoring risk set excludes the death
    const G2 = kaplanMeierStep(new Float64Array([1, 2, 2, 3]), new Float64Array([1, 1, 0, 1]), null, true);
    expect(survivalAt(G2, 2)).toBeCloseTo(1 - 1 / 2, 15);
  });
  it("Uno's C: the pair of the event at 4 weighs 1/G(4-)^2 = 9/4", () => {
    // numerator 3 + 2 + 9/4, denominator 4 + 3 + 9/4
    expect(unoC(time, status, new Float64Array([5, 4, 3, 6, 1]))).toBeCloseTo(7.25 / 9.25, 14);
    // tau = 3 drops the event at 4: (3 + 2) / (4 + 3)
    expect(unoC(time, status, new Float64Array([5, 4, 3, 6, 1]), { tau: 3 })).toBeCloseTo(5 / 7, 14);
  });
  it('time-dependent AUC at 2.5: two cases, three controls', () => {
    const a = timeDependentAuc(time, status, new Float64Array([5, 4, 3, 6, 1]), [2.5]);
    expect(a.auc[0]).toBeCloseTo(4 / 6, 14);
    expect(a.cases[0]).toBe(2);
    expect(a.controls[0]).toBe(3);
  });
  it('Brier score at 2.5 (no censoring yet) and at 4.5 (IPCW 3/2)', () => {
    const b1 = brierScore(time, status, [new Float64Array([0.9, 0.8, 0.3, 0.2, 0.1])], [2.5]);
    expect(b1.brier[0]).toBeCloseTo(0.19 / 5, 14);
    const b2 = brierScore(time, status, [new Float64Array([0.9, 0.8, 0.3, 0.6, 0.1])], [4.5]);
    expect(b2.brier[0]).toBeCloseTo((0.01 + 0.04 + 0.16 * 1.5 + 0.01 * 1.5) / 5, 14);
  });
  it('integrated Brier score: trapezoid over the grid / range', () => {
    expect(integratedBrierScore([0.05, 0.1, 0.12], [1, 2, 3])).toBeCloseTo((0.075 + 0.11) / 2, 15);
    expect(() => integratedBrierScore([0.1], [1])).toThrow(UsageError);
    expect(() => brierScore(time, status, [new Float64Array([2, 0, 0, 0, 0])], [1])).toThrow(UsageError);
  });
});

function simulate(n: number, seed: number) {
  const rand = seededRandom(seed);
  const x = new Float64Array(n);
  const t = new Float64Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rand() * 2 - 1;
    const ev = exponential(rand, Math.exp(x[i]!));
    const c = exponential(rand, 0.5);
    t[i] = Math.min(ev, c);
    s[i] = ev <= c ? 1 : 0;
  }
  return { x, t, s };
}

describe('properties', () => {
  it('C and AUC lie in [0, 1]; reversing a tie-free score gives 1 - C; monotone transforms change nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 5, max: 60 }), (seed, n) => {
        const { x, t, s } = simulate(n, seed);
        if (!s.some((v) => v > 0)) return;
        const neg = x.map((v) => -v);
        const h = harrellC(t, s, x).c;
        const u = unoC(t, s, x);
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(1);
        expect(harrellC(t, s, neg).c).toBeCloseTo(1 - h, 12);
        expect(unoC(t, s, neg)).toBeCloseTo(1 - u, 12);
        expect(unoC(t, s, x.map((v) => Math.exp(3 * v)))).toBeCloseTo(u, 12);
        const tm = [0.5];
        const a = timeDependentAuc(t, s, x, tm).auc[0]!;
        if (Number.isFinite(a)) {
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThanOrEqual(1);
          expect(timeDependentAuc(t, s, neg, tm).auc[0]).toBeCloseTo(1 - a, 12);
        }
      }),
      { numRuns: 40, seed: 17 },
    );
  });
  it('inputs are not modified', () => {
    const { x, t, s } = simulate(50, 3);
    const copies = [x, t, s].map((a) => Float64Array.from(a));
    harrellC(t, s, x);
    unoC(t, s, x, { tau: 1 });
    timeDependentAuc(t, s, x, [0.3, 0.6]);
    const risk = x.map((v) => 1 / (1 + Math.exp(-v)));
    brierScore(t, s, [risk], [0.5]);
    calibrationAtHorizon(t, s, risk, 0.5, { groups: 5 });
    expect([x, t, s]).toEqual(copies);
  });
});

describe('resampling and comparison', () => {
  const { x, t, s } = simulate(120, 9);
  const metric = (p: Float64Array, rows: Int32Array) => harrellC(takeRows(t, rows), takeRows(s, rows), p).c;
  it('bootstrap optimism is exactly 0 for a learner that does not learn, and seeded', () => {
    const fixed = { fit: () => null, predict: (_m: null, rows: Int32Array) => takeRows(x, rows) };
    const r = bootstrapOptimism(t.length, fixed, metric, { B: 20, seed: 5 });
    expect(r.apparent).toBeCloseTo(harrellC(t, s, x).c, 14);
    // C on a bootstrap sample differs from C on the original rows, so single replicates are not 0,
    // but the learner is the same function: corrected = apparent - mean(C_boot - C_orig).
    expect(r.used).toBe(20);
    const again = bootstrapOptimism(t.length, fixed, metric, { B: 20, seed: 5 });
    expect(Array.from(again.optimismByReplicate)).toEqual(Array.from(r.optimismByReplicate));
    expect(r.corrected).toBeCloseTo(r.apparent - r.optimism, 14);
  });
  it('an overfitting learner (memorizes the outcome) shows large optimism', () => {
    // "model": the training rows' own times; predict -time for rows seen in training, 0 otherwise.
    const memo = {
      fit: (rows: Int32Array) => new Set(Array.from(rows)),
      predict: (m: Set<number>, rows: Int32Array) => Float64Array.from(rows, (i) => (m.has(i) ? -t[i]! : 0)),
    };
    const r = bootstrapOptimism(t.length, memo, metric, { B: 30, seed: 2 });
    expect(r.apparent).toBe(1);
    expect(r.optimism).toBeGreaterThan(0.1);
    expect(r.corrected).toBeLessThan(0.9);
  });
  it('bootstrap and CV report progress: one event per replicate or fold, ending at the total', () => {
    const fixed = { fit: () => null, predict: (_m: null, rows: Int32Array) => takeRows(x, rows) };
    const events: { step: string; done: number; total: number | null }[] = [];
    bootstrapOptimism(t.length, fixed, metric, { B: 7, seed: 5, onProgress: (e) => events.push(e) });
    expect(events.map((e) => e.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(events.every((e) => e.step === 'bootstrap' && e.total === 7)).toBe(true);
    events.length = 0;
    crossValidatePerformance(t.length, fixed, metric, { k: 4, seed: 1, onProgress: (e) => events.push(e) });
    expect(events).toEqual([1, 2, 3, 4].map((done) => ({ step: 'cross-validation', done, total: 4 })));
  });
  it('k-fold CV uses every row once as test data', () => {
    const seen = new Int32Array(t.length);
    const learner = { fit: () => null, predict: (_m: null, rows: Int32Array) => { rows.forEach((i) => seen[i]!++); return takeRows(x, rows); } };
    const cv = crossValidatePerformance(t.length, learner, metric, { k: 5, seed: 4 });
    expect(Array.from(seen).every((v) => v === 1)).toBe(true);
    expect(cv.byFold.length).toBe(5);
    expect(cv.mean).toBeCloseTo(cv.byFold.reduce((a, b) => a + b, 0) / 5, 14);
  });
  it('comparing a score with itself gives difference 0; a better score wins', () => {
    const same = compareConcordance(t, s, x, x, { B: 50, seed: 1 });
    expect(same.difference).toBe(0);
    expect(same.se).toBe(0);
    const rand = seededRandom(4);
    const noisy = x.map((v) => v + 2 * (rand() - 0.5));
    const cmp = compareConcordance(t, s, noisy, x, { B: 200, seed: 1 });
    expect(cmp.difference).toBeCloseTo(cmp.c2 - cmp.c1, 15);
    expect(cmp.difference).toBeGreaterThan(0);
    expect(cmp.lower).toBeLessThanOrEqual(cmp.upper);
    expect(compareConcordance(t, s, noisy, x, { B: 200, seed: 1 })).toEqual(cmp);
  });
});
