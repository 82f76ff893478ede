// The three designs on simulations with known truth (no database): a confounded therapy
// whose starting hazard grows with x, outcome hazard exp(log(hr) * on + 0.8 x), death competing.
// Checked: the weighted estimates cover the truth where the naive "ever started" model does
// not; the bad inputs of a reviewer give warnings and null estimates, never NaN.
import { describe, expect, it } from 'vitest';
import { analyseCloneCensorWeight } from '../../../models/causal/clone-censor-weight-analysis.js';
import type { TrialPatients } from '../../../models/causal/clone-censor-weight.js';
import { analyseNewUsers } from '../../../models/causal/new-user-design.js';
import { analyseSequentialTrials } from '../../../models/causal/sequential-trials.js';
import { exponential, normal, seededRandom } from '../../../util/random.js';

/** n patients: x ~ N(0,1); start ~ Exp(rate e^{0.7 x}) within `window` days; outcome hazard base e^{0.8 x} times hr from the start. */
function simulate(n: number, seed: number, hr: number, window = 365): TrialPatients & { x: Float64Array } {
  const rand = seededRandom(seed);
  const x = new Float64Array(n);
  const exit = new Float64Array(n);
  const status = new Float64Array(n);
  const start = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = normal(rand);
    x[i] = xi;
    const s = exponential(rand, (1.2 / 365) * Math.exp(0.7 * xi));
    start[i] = s <= window ? Math.max(1, Math.ceil(s)) : Infinity;
    const h0 = (0.25 / 365) * Math.exp(0.8 * xi);
    const e = exponential(rand, 1);
    // piecewise cumulative hazard: h0 before the start, h0 * hr after
    const before = start[i]! * h0;
    const tOut = e <= before || start[i] === Infinity ? e / h0 : start[i]! + (e - before) / (h0 * hr);
    const death = exponential(rand, 0.05 / 365);
    const cens = 200 + rand() * 2000;
    const t = Math.min(tOut, death, cens);
    exit[i] = Math.max(1, Math.ceil(t));
    status[i] = t === tOut ? 1 : t === death ? 2 : 0;
  }
  return { exit, status, start, baseline: [{ name: 'x', values: x }], x };
}

describe('clone-censor-weight on a confounded simulation', () => {
  const p = simulate(3000, 21, 1);
  const a = analyseCloneCensorWeight(p, { graceDays: 90, horizonDays: 730 });
  it('covers the null effect, where the naive ever-started model finds a strong "benefit" (immortal time)', () => {
    const hr = a.estimates.find((e) => e.measure === 'hazard-ratio')!;
    expect(hr.lower!).toBeLessThan(1);
    expect(hr.upper!).toBeGreaterThan(1);
    const rd = a.estimates.find((e) => e.measure === 'risk-difference')!;
    expect(rd.lower!).toBeLessThan(0);
    expect(rd.upper!).toBeGreaterThan(0);
    expect(a.naive.upper!).toBeLessThan(0.8);
  });

  it('balances the clones followed beyond the grace period (10,000 patients: the last-interval weights are noisy)', () => {
    const big = simulate(10000, 22, 1);
    const b = analyseCloneCensorWeight(big, { graceDays: 90, horizonDays: 730, balanceTimes: [90] }).balance[0]!;
    expect(b.time).toBe(90);
    expect(Math.abs(b.rows[0]!.smdBefore)).toBeGreaterThan(0.3);
    expect(Math.abs(b.rows[0]!.smdAfter)).toBeLessThan(0.1);
  });

  it('reports patients and events, not clones', () => {
    expect(a.patients).toBe(3000);
    expect(a.events).toBe(Array.from(p.exit).filter((e, i) => e <= 730 && p.status[i] === 1).length);
  });

  it('gives percentile bootstrap intervals, reproducible with the seed', () => {
    const small = simulate(400, 5, 1);
    const o = { graceDays: 90, horizonDays: 730, bootstrap: { replicates: 25, seed: 9 } };
    const b1 = analyseCloneCensorWeight(small, o);
    const b2 = analyseCloneCensorWeight(small, o);
    expect(b1.interval).toBe('percentile-bootstrap');
    expect(b1.estimates).toEqual(b2.estimates);
    const robust = analyseCloneCensorWeight(small, { graceDays: 90, horizonDays: 730 });
    expect(b1.estimates[0]!.estimate).toBe(robust.estimates[0]!.estimate);
    expect(b1.estimates[0]!.lower).not.toBe(robust.estimates[0]!.lower);
    expect(b1.bootstrap!.used + b1.bootstrap!.failed).toBe(25);
  });
});

describe('clone-censor-weight: bad input gives warnings and nulls, not NaN', () => {
  it('a strategy nobody follows', () => {
    const p = { ...simulate(200, 1, 1), start: new Float64Array(200).fill(Infinity) };
    const a = analyseCloneCensorWeight(p, { graceDays: 90, horizonDays: 730 });
    expect(a.estimates.every((e) => e.estimate === null && e.lower === null)).toBe(true);
    expect(a.warnings.join(' ')).toMatch(/no followers/);
    expect(a.naive.estimate).toBeNull();
  });

  it('everybody starts on day 1: nobody follows the control strategy beyond grace', () => {
    const p = { ...simulate(200, 2, 1), start: new Float64Array(200).fill(1) };
    const a = analyseCloneCensorWeight(p, { graceDays: 90, horizonDays: 730 });
    expect(a.estimates.every((e) => e.estimate === null)).toBe(true);
    expect(a.warnings.join(' ')).toMatch(/nobody followed the control strategy/);
  });

  it('no eligible patients', () => {
    const a = analyseCloneCensorWeight({ exit: [], status: [], start: [], baseline: [] }, { graceDays: 90, horizonDays: 730 });
    expect(a.patients).toBe(0);
    expect(a.estimates.every((e) => e.estimate === null)).toBe(true);
  });

  it('positivity violations and extreme weights', () => {
    // z = 1: 300 patients of whom one starts, in the last grace interval; the others never do
    const p = simulate(1500, 4, 1);
    const z = Float64Array.from({ length: 1500 }, (_, i) => (i < 300 ? 1 : 0));
    const start = Float64Array.from(p.start, (s, i) => (i === 0 ? 80 : i < 300 ? Infinity : s));
    const exit = Float64Array.from(p.exit, (e, i) => (i === 0 ? Math.max(e, 200) : e));
    const a = analyseCloneCensorWeight({ ...p, exit, start, baseline: [...p.baseline, { name: 'z', values: z }] }, { graceDays: 90, horizonDays: 730 });
    const text = a.warnings.join(' | ');
    expect(text).toMatch(/positivity: some patients followed a strategy they had a probability below 0.01/);
    expect(text).toMatch(/extreme weights in the treatment arm/);
    expect(a.ccw!.positivity.treatmentBelow001).toBeGreaterThanOrEqual(1);
    for (const e of a.estimates) if (e.estimate !== null) expect(Number.isFinite(e.estimate)).toBe(true);
    // truncation tames them
    const t = analyseCloneCensorWeight({ ...p, exit, start, baseline: [...p.baseline, { name: 'z', values: z }] }, { graceDays: 90, horizonDays: 730, maxWeight: 20 });
    expect(t.ccw!.weights.treatment.max).toBe(20);
  });
});

describe('new-user active-comparator design', () => {
  it('recovers a known hazard ratio between two therapies under confounding by indication', () => {
    const rand = seededRandom(8);
    const n = 3000;
    const x = Float64Array.from({ length: n }, () => normal(rand));
    const start = new Float64Array(n);
    const controlStart = new Float64Array(n);
    const exit = new Float64Array(n);
    const status = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t0 = 1 + Math.floor(rand() * 100);
      const treated = rand() < 1 / (1 + Math.exp(-1.2 * x[i]!));
      start[i] = treated ? t0 : Infinity;
      controlStart[i] = treated ? Infinity : t0;
      const h = (0.3 / 365) * Math.exp(0.9 * x[i]! + (treated ? Math.log(0.6) : 0));
      const tOut = t0 + exponential(rand, h);
      const cens = t0 + 100 + rand() * 1500;
      exit[i] = Math.ceil(Math.min(tOut, cens));
      status[i] = tOut < cens ? 1 : 0;
    }
    const a = analyseNewUsers({ exit, status, start, controlStart, baseline: [{ name: 'x', values: x }] }, { horizonDays: 1000 });
    const hr = a.estimates.find((e) => e.measure === 'hazard-ratio')!;
    expect(hr.lower!).toBeLessThan(0.6);
    expect(hr.upper!).toBeGreaterThan(0.6);
    expect(a.naive.estimate!).toBeGreaterThan(hr.upper!); // the crude comparison is biased towards harm
    expect(a.started).toBe(Array.from(start).filter((s) => s < Infinity).length);
    expect(a.propensity!.terms).toEqual(['(Intercept)', 'x', 'daysToStart']);
  });
});

describe('sequential trials', () => {
  const p = simulate(2500, 13, 1, 400);
  const a = analyseSequentialTrials(p, { horizonDays: 730, trials: 6, intervalDays: 30.4375 });
  it('covers the null effect and balances the trial entries', () => {
    const hr = a.estimates.find((e) => e.measure === 'hazard-ratio')!;
    expect(hr.lower!).toBeLessThan(1);
    expect(hr.upper!).toBeGreaterThan(1);
    const x = a.balance[0]!.rows.find((r) => r.covariate === 'x')!;
    expect(Math.abs(x.smdBefore)).toBeGreaterThan(0.2);
    expect(Math.abs(x.smdAfter)).toBeLessThan(0.1);
  });

  it('enters each patient in every trial they are eligible for, in at most one treated', () => {
    expect(a.propensity!.rows).toBeGreaterThan(2500);
    expect(a.started).toBe(Array.from(p.start).filter((s, i) => s < 6 * 30.4375 && s < p.exit[i]!).length);
  });
});
