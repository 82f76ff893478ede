// Clone-censor-weight on a hand-sized example whose censoring model needs no fitting:
// without covariates, glm(y ~ factor(interval)) gives the empirical starting proportions
// (2/10 in interval 1, 2/7 in interval 2), so every weight and risk below is worked by hand
// (docs/target-trial.md "A worked example").
import { describe, expect, it } from 'vitest';
import { cloneCensorWeight, type TrialPatients } from '../../../models/causal/clone-censor-weight.js';
import { riskContrasts } from '../../../models/causal/tte-effects.js';
import { ModelError, UsageError } from '../../../util/errors.js';

const hand = (): TrialPatients => ({
  exit: Float64Array.of(100, 120, 50, 120, 90, 120, 20, 110, 120, 80),
  status: Float64Array.of(1, 0, 1, 0, 2, 0, 1, 1, 0, 1),
  start: Float64Array.of(10, 40, Infinity, Infinity, 70, 45, Infinity, Infinity, 5, Infinity),
  baseline: [],
});
const options = { graceDays: 60, horizonDays: 120, intervalDays: 30 };

/** The rows of one clone as [start, stop, status, weight]. */
function clone(rows: ReturnType<typeof cloneCensorWeight>['rows'], patient: number, arm: 0 | 1): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows.arm.length; r++) if (rows.patient[r] === patient && rows.arm[r] === arm) out.push([rows.start[r]!, rows.stop[r]!, rows.status[r]!, Math.round(rows.weight[r]! * 1e6) / 1e6]);
  return out;
}

describe('cloneCensorWeight: a worked example', () => {
  const input = hand();
  const frozen = JSON.stringify({ ...input, exit: Array.from(input.exit), status: Array.from(input.status), start: Array.from(input.start, String) });
  const ccw = cloneCensorWeight(input, options);

  it('fits the empirical starting proportions per grace interval', () => {
    expect(ccw.initiation.terms).toEqual(['(Intercept)', 'factor(interval)2']);
    expect(Array.from(ccw.initiation.fitted).map((h) => Math.round(h * 1e6) / 1e6).sort()).toEqual([0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.285714, 0.285714, 0.285714, 0.285714, 0.285714, 0.285714, 0.285714].sort());
    expect(ccw.startedInGrace).toBe(4);
    expect(ccw.atRiskLastGraceInterval).toBe(7);
  });

  it('censors the treatment clones not started by day 60 and weights the last-interval starters 1/h_2 = 3.5', () => {
    expect(clone(ccw.rows, 0, 1)).toEqual([[0, 100, 1, 1]]); // started in interval 1: weight 1
    expect(clone(ccw.rows, 1, 1)).toEqual([[0, 60, 0, 1], [60, 120, 0, 3.5]]); // started in interval 2
    expect(clone(ccw.rows, 2, 1)).toEqual([[0, 50, 1, 1]]); // outcome before the end of grace: not a deviation
    expect(clone(ccw.rows, 3, 1)).toEqual([[0, 60, 0, 1]]); // never started: censored at 60
    expect(clone(ccw.rows, 4, 1)).toEqual([[0, 60, 0, 1]]); // started on day 70: too late
    expect(ccw.artificiallyCensored.treatment).toBe(4);
  });

  it('censors the control clones at a start within grace and weights them 1/(1-h)', () => {
    expect(clone(ccw.rows, 0, 0)).toEqual([[0, 10, 0, 1]]);
    expect(clone(ccw.rows, 1, 0)).toEqual([[0, 30, 0, 1], [30, 40, 0, 1.25]]);
    expect(clone(ccw.rows, 3, 0)).toEqual([[0, 30, 0, 1], [30, 60, 0, 1.25], [60, 120, 0, 1.75]]);
    expect(clone(ccw.rows, 4, 0)).toEqual([[0, 30, 0, 1], [30, 60, 0, 1.25], [60, 90, 2, 1.75]]); // started after grace: follows the control strategy, competing event
    expect(clone(ccw.rows, 8, 0)).toEqual([[0, 5, 0, 1]]);
    expect(ccw.artificiallyCensored.control).toBe(4);
  });

  it('gives the risks at the horizon by weighted Aalen-Johansen: 0.2 + 0.8/9 and 0.65', () => {
    const rc = riskContrasts(ccw.rows, 10, 120);
    expect(rc.riskTreatment).toBeCloseTo(0.2 + 0.8 / 9, 6);
    expect(rc.riskControl).toBeCloseTo(0.65, 6);
    expect(rc.difference.estimate).toBeCloseTo(0.2 + 0.8 / 9 - 0.65, 6);
    expect(rc.ratio.estimate).toBeCloseTo((0.2 + 0.8 / 9) / 0.65, 6);
  });

  it('does not modify its input', () => {
    expect(JSON.stringify({ ...input, exit: Array.from(input.exit), status: Array.from(input.status), start: Array.from(input.start, String) })).toBe(frozen);
  });

  it('summarises the weights and counts the truncated ones', () => {
    expect(ccw.weights.treatment.max).toBeCloseTo(3.5, 6);
    expect(ccw.weights.control.max).toBeCloseTo(1.75, 6);
    const capped = cloneCensorWeight(input, { ...options, maxWeight: 2 });
    expect(Math.max(...capped.rows.weight)).toBe(2);
    expect(capped.weights.truncated).toBe(2);
    const tr = cloneCensorWeight(input, { ...options, truncate: [0, 0.9] });
    expect(Math.max(...tr.rows.weight)).toBeLessThan(3.5);
    expect(tr.weights.truncated).toBeGreaterThan(0);
  });

  it('treats patient weights as multiplicities: doubling everyone changes no risk', () => {
    const twice = cloneCensorWeight({ ...hand(), patientWeights: new Float64Array(10).fill(2) }, options);
    const a = riskContrasts(ccw.rows, 10, 120);
    const b = riskContrasts(twice.rows, 10, 120);
    // (glm starts IRLS from (w y + 0.5) / (w + 1), so the two fits stop 1e-10 apart)
    expect(b.riskTreatment).toBeCloseTo(a.riskTreatment, 8);
    expect(b.riskControl).toBeCloseTo(a.riskControl, 8);
    // and a patient drawn twice equals the patient duplicated
    const dup = hand();
    const doubled = cloneCensorWeight({ ...dup, patientWeights: Float64Array.of(2, 1, 1, 1, 1, 1, 1, 1, 1, 1) }, options);
    const copied = cloneCensorWeight({
      exit: Float64Array.of(...Array.from(dup.exit), dup.exit[0]!),
      status: Float64Array.of(...Array.from(dup.status), dup.status[0]!),
      start: Float64Array.of(...Array.from(dup.start), dup.start[0]!),
      baseline: [],
    }, options);
    expect(riskContrasts(doubled.rows, 10, 120).riskControl).toBeCloseTo(riskContrasts(copied.rows, 11, 120).riskControl, 8);
  });
});

describe('cloneCensorWeight: sustained strategies', () => {
  it('censors the treatment clone when the therapy stops and the control clone at any start', () => {
    const p: TrialPatients = { ...hand(), stop: Float64Array.of(50, Infinity, Infinity, Infinity, 80, 100, Infinity, Infinity, Infinity, Infinity) };
    const c = cloneCensorWeight(p, { ...options, strategy: 'sustained' });
    const rows = (i: number, arm: 0 | 1) => clone(c.rows, i, arm);
    expect(rows(0, 1).at(-1)!.slice(1, 3)).toEqual([50, 0]); // stopped on day 50
    expect(rows(5, 1).at(-1)!.slice(1, 3)).toEqual([100, 0]); // stopped on day 100
    expect(rows(4, 0).at(-1)!.slice(1, 3)).toEqual([70, 0]); // started on day 70: deviates from "never start"
    expect(c.discontinuation).not.toBeNull();
  });

  it('needs the stops', () => {
    expect(() => cloneCensorWeight(hand(), { ...options, strategy: 'sustained' })).toThrow(/stop/);
  });
});

describe('cloneCensorWeight: bad input', () => {
  it('throws a ModelError when nobody starts the therapy within the grace period', () => {
    const p = { ...hand(), start: new Float64Array(10).fill(Infinity) };
    expect(() => cloneCensorWeight(p, options)).toThrow(ModelError);
    expect(() => cloneCensorWeight(p, options)).toThrow(/no followers/);
  });

  it('names the patient with a bad time or status, and refuses a grace period of 0', () => {
    const p = hand();
    p.exit = Float64Array.of(100, 0, 50, 120, 90, 120, 20, 110, 120, 80);
    expect(() => cloneCensorWeight(p, options)).toThrow(/patient 2/);
    const q = { ...hand(), status: Float64Array.of(1, 0, 3, 0, 2, 0, 1, 1, 0, 1) };
    expect(() => cloneCensorWeight(q, options)).toThrow(/patient 3: status/);
    expect(() => cloneCensorWeight(hand(), { ...options, graceDays: 0 })).toThrow(UsageError);
    expect(() => cloneCensorWeight(hand(), { ...options, horizonDays: 60 })).toThrow(/horizon/);
  });
});
