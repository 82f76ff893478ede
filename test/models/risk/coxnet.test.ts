/**
 * Penalized Cox: behaviour beyond the glmnet goldens — the formula front end
 * equals the array call, coefAt interpolates linearly between path values and
 * clamps outside, lambda_max zeroes every coefficient, a column with penalty
 * factor 0 is never shrunk to 0, coxDeviance worked by hand, seeded CV folds,
 * input validation and immutability.
 */
import { describe, expect, it } from 'vitest';
import { coxnet, linearPredictor } from '../../../models/risk/coxnet.js';
import { coxnetFormula } from '../../../models/risk/coxnet-formula.js';
import { cvCoxnet, randomFolds } from '../../../models/risk/cv-coxnet.js';
import { coxDeviance } from '../../../models/risk/coxnet-deviance.js';
import { lambdaInterp } from '../../../models/risk/lambda-interp.js';
import { DataValidationError, FormulaError, UsageError } from '../../../util/errors.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { simulateCox } from './simulate-cox.js';

const simulate = (n: number, p: number, seed: number) => simulateCox(n, p, seed, { active: 2, beta: 0.7, censorRate: 0.3 });

describe('coxnet', () => {
  const d = simulate(150, 8, 3);
  it('all coefficients are 0 at lambda_max and df grows along the path', () => {
    const fit = coxnet(d);
    expect(Array.from(fit.beta[0]!).every((b) => b === 0)).toBe(true);
    expect(fit.df[fit.df.length - 1]).toBeGreaterThan(0);
    expect(fit.devRatio[0]).toBeCloseTo(0, 12);
    for (let k = 1; k < fit.lambda.length; k++) expect(fit.lambda[k]!).toBeLessThan(fit.lambda[k - 1]!);
  });
  it('coefAt is linear in lambda between path values and clamps outside', () => {
    const fit = coxnet(d, { alpha: 0.5 });
    const k = 10;
    const mid = (fit.lambda[k]! + fit.lambda[k + 1]!) / 2;
    const b = fit.coefAt(mid);
    for (let j = 0; j < 8; j++) expect(b[j]).toBeCloseTo((fit.beta[k]![j]! + fit.beta[k + 1]![j]!) / 2, 12);
    expect(Array.from(fit.coefAt(1e9))).toEqual(Array.from(fit.beta[0]!));
    expect(Array.from(fit.coefAt(0))).toEqual(Array.from(fit.beta[fit.beta.length - 1]!));
    expect(lambdaInterp([3, 2, 1], 2)).toEqual({ left: 1, right: 1, frac: 1 });
  });
  it('penaltyFactor 0 keeps a column unpenalized (non-zero from the first fitted lambda on)', () => {
    const fit = coxnet(d, { penaltyFactor: [1, 1, 1, 1, 1, 1, 1, 0] });
    expect(fit.beta[1]![7]).not.toBe(0);
  });
  it('exclude keeps a column at 0', () => {
    const fit = coxnet(d, { exclude: [0] });
    expect(fit.beta.every((b) => b[0] === 0)).toBe(true);
  });
  it('does not modify its input', () => {
    const copy = { x: d.x.map((c) => Float64Array.from(c)), time: Float64Array.from(d.time), status: Float64Array.from(d.status) };
    coxnet(d, { alpha: 0.3 });
    expect(d).toEqual(copy);
  });
  it('rejects bad input with typed errors', () => {
    expect(() => coxnet(d, { alpha: 0 })).toThrow(UsageError);
    expect(() => coxnet(d, { penaltyFactor: [1] })).toThrow(UsageError);
    const bad = { ...d, time: Float64Array.from(d.time, (t, i) => (i === 4 ? -1 : t)) };
    expect(() => coxnet(bad)).toThrow(DataValidationError);
  });
  it('maxit reached: warns, still returns the lambdas solved', () => {
    const fit = coxnet(d, { maxit: 20 });
    expect(fit.converged).toBe(false);
    expect(fit.warnings.join()).toMatch(/maxit/);
    expect(fit.lambda.length).toBeGreaterThan(0);
  });
});

describe('coxDeviance by hand', () => {
  it('three rows, eta = 0: loglik = -log 3 - log 2, lsat = 0', () => {
    const dv = coxDeviance(new Float64Array([1, 2, 3]), new Float64Array([1, 1, 0]), new Float64Array([0, 0, 0]));
    expect(dv).toBeCloseTo(2 * (Math.log(3) + Math.log(2)), 14);
  });
  it('tied events (Breslow): two deaths at 1 among 3 at risk -> 2 log 3 - (-2 log 2)', () => {
    const dv = coxDeviance(new Float64Array([1, 1, 2]), new Float64Array([1, 1, 0]), new Float64Array([0, 0, 0]));
    expect(dv).toBeCloseTo(2 * (-2 * Math.log(2) + 2 * Math.log(3)), 14);
  });
});

describe('cvCoxnet and the formula front end', () => {
  const d = simulate(120, 5, 8);
  it('seeded folds are reproducible and balanced', () => {
    const f = randomFolds(23, 5, 42);
    expect(Array.from(f)).toEqual(Array.from(randomFolds(23, 5, 42)));
    const counts = [0, 0, 0, 0, 0];
    f.forEach((v) => counts[v - 1]!++);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    const a = cvCoxnet(d, { nfolds: 5, seed: 9 });
    const b = cvCoxnet(d, { nfolds: 5, seed: 9 });
    expect(Array.from(a.cvm)).toEqual(Array.from(b.cvm));
    expect(a.lambda1se).toBeGreaterThanOrEqual(a.lambdaMin);
    expect(a.cvm[a.indexMin]).toBe(Math.min(...a.cvm));
  });
  it('fold deviances equal the grouped formula computed by hand, with an offset', () => {
    const offset = Float64Array.from(d.time, (_, i) => 0.3 * Math.sin(i));
    const input = { ...d, offset };
    const cv = cvCoxnet(input, { nfolds: 4, seed: 2, alpha: 0.9 });
    const k = 2;
    const rows = [...cv.foldid.keys()].filter((i) => cv.foldid[i] !== k);
    const pick = (a: Float64Array) => Float64Array.from(rows, (i) => a[i]!);
    const train = { x: d.x.map(pick), time: pick(d.time), status: pick(d.status), offset: pick(offset) };
    const fk = coxnet(train, { alpha: 0.9 });
    let events = 0;
    cv.foldid.forEach((f, i) => (events += f === k ? d.status[i]! : 0));
    for (const l of [0, 5, cv.lambda.length - 1]) {
      const b = fk.coefAt(cv.lambda[l]!);
      const want =
        (coxDeviance(d.time, d.status, linearPredictor(d.x, b, offset)) - coxDeviance(train.time, train.status, linearPredictor(train.x, b, train.offset))) /
        events;
      expect(cv.foldDeviance[k - 1]![l]).toBeCloseTo(want, 10);
    }
  });
  it('coxnetFormula on gbsg equals the array call on the design and names the columns', () => {
    const t = readCsvColumns('datasets/gbsg.csv');
    const r = coxnetFormula('Surv(rfstime, status) ~ age + factor(grade) + nodes + pgr', t, { alpha: 0.5 });
    expect(r.fit.columnNames).toEqual(['age', 'factor(grade)2', 'factor(grade)3', 'nodes', 'pgr']);
    const direct = coxnet({ x: r.frame.x, time: r.frame.time!, status: r.frame.status! }, { alpha: 0.5 });
    expect(Array.from(r.fit.coefAt(0.01))).toEqual(Array.from(direct.coefAt(0.01)));
    expect(() => coxnetFormula('rfstime ~ age', t)).toThrow(FormulaError);
  });
});
