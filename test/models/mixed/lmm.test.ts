import { describe, expect, it } from 'vitest';
import { lmm, resolveLmmControl, DEFAULT_LMM_CONTROL } from '../../../models/mixed/index.js';
import { DataValidationError, UsageError } from '../../../util/errors.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

const sleep = readCsvColumns('test/golden/lmm-sleepstudy.csv');
const traj = readCsvColumns('test/golden/lmm-trajectories.csv');

describe('lmm result', () => {
  const fit = lmm('Reaction ~ Days + (Days | Subject)', sleep);

  it('toJSON carries the contract keys: fixef, varcorr {group: {sd, corr}, residualSd}, loglik, reml', () => {
    const j = fit.toJSON();
    expect(Object.keys(j).slice(0, 4)).toEqual(['fixef', 'varcorr', 'loglik', 'reml']);
    expect(j.fixef.map((f) => Object.keys(f))).toEqual([['term', 'estimate', 'se'], ['term', 'estimate', 'se']]);
    expect(Object.keys(j.varcorr)).toEqual(['Subject', 'residualSd']);
    const g = j.varcorr.Subject as { sd: Record<string, number>; corr: number };
    expect(Object.keys(g.sd)).toEqual(['(Intercept)', 'Days']);
    expect(typeof g.corr).toBe('number');
    expect(j.varcorr.residualSd).toBe(fit.residualSd);
    expect(j.reml).toBe(true);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });

  it('fitted values are X beta + Z b of each row, and residuals y - fitted', () => {
    const re = fit.ranef();
    expect(re.names).toEqual(['(Intercept)', 'Days']);
    const b0 = fit.fixef[0]!.estimate;
    const b1 = fit.fixef[1]!.estimate;
    const subj = sleep.Subject as Float64Array;
    const days = sleep.Days as Float64Array;
    const y = sleep.Reaction as Float64Array;
    for (const i of [0, 57, 179]) {
      const g = re.levels.indexOf(String(subj[i]));
      const mu = b0 + re.values[0]![g]! + (b1 + re.values[1]![g]!) * days[i]!;
      expect(fit.fitted[i]).toBeCloseTo(mu, 10);
      expect(fit.residuals[i]).toBeCloseTo(y[i]! - mu, 10);
    }
    // BLUPs of a random effect average to about 0
    expect(Math.abs(re.values[0]!.reduce((s, v) => s + v, 0))).toBeLessThan(1e-6);
  });

  it('predicts new times of known patients; unknown patients are an error unless allowNewLevels; missing covariates give NaN', () => {
    const nd = { Subject: ['308', '309', '999', null], Days: Float64Array.of(12, 2.5, 3, 1) };
    const err = (() => {
      try {
        fit.predict(nd, { file: 'new.csv' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(DataValidationError);
    expect((err as DataValidationError).issues).toMatchObject([{ file: 'new.csv', row: 3, field: 'Subject', value: '999' }]);
    const p = fit.predict(nd, { allowNewLevels: true });
    const pop = fit.predict(nd, { population: true });
    const re = fit.ranef();
    const g308 = re.levels.indexOf('308');
    expect(p[0]).toBeCloseTo(fit.fixef[0]!.estimate + re.values[0]![g308]! + (fit.fixef[1]!.estimate + re.values[1]![g308]!) * 12, 10);
    expect(p[2]).toBeCloseTo(pop[2]!, 12); // new patient: population level
    expect(pop[0]).toBeCloseTo(fit.fixef[0]!.estimate + 12 * fit.fixef[1]!.estimate, 10);
    expect(Number.isNaN(p[3]!)).toBe(true); // no patient
    const missing = fit.predict({ Subject: ['308'], Days: Float64Array.of(NaN) });
    expect(Number.isNaN(missing[0]!)).toBe(true);
  });

  it('new data through the fitted spline basis and factor levels (R predvars / xlevels)', () => {
    const f = lmm('y ~ arm + ns(time, df = 3) + (time | id)', traj);
    const first = Array.from(traj.id as readonly string[]).indexOf('P003');
    const nd = { id: ['P003'], arm: [(traj.arm as readonly string[])[first]!], time: Float64Array.of((traj.time as Float64Array)[first]!) };
    expect(f.predict(nd)[0]).toBeCloseTo(f.fitted[f.rowIndex.indexOf(first)]!, 10);
    expect(() => f.predict({ id: ['P003'], arm: ['c'], time: Float64Array.of(1) })).toThrow(DataValidationError);
  });

  it('summary prints like R: criterion, random effects, groups, fixed effects with t values', () => {
    const s = fit.summary();
    expect(s).toMatch(/^Linear mixed model fit by REML\nFormula: Reaction ~ Days \+ \(Days \| Subject\)\n/);
    expect(s).toMatch(/REML criterion at convergence: 1743\.63/);
    expect(s).toMatch(/Scaled residuals:/);
    expect(s).toMatch(/ Subject\s+\(Intercept\)\s+612\.09\s+24\.74/);
    expect(s).toMatch(/Number of obs: 180, groups: {2}Subject, 18/);
    expect(s).toMatch(/Days\s+10\.467\s+1\.546\s+6\.771/);
    expect(s).toMatch(/Correlation of Fixed Effects:\n\s+\(Intr\)\nDays\s+-0\.138/);
    const ml = lmm('Reaction ~ Days + (Days | Subject)', sleep, { reml: false }).summary({ residuals: false, perGroupCounts: false });
    expect(ml).toMatch(/fit by maximum likelihood/);
    expect(ml).toMatch(/AIC\s+BIC\s+logLik\s+deviance\s+df\.resid\n\s*1763\.94\s+1783\.1\s+-875\.97\s+1751\.94\s+174/);
    expect(ml).not.toMatch(/Scaled residuals|Observations per/);
  });

  it('warns of a singular fit and of a budget that ran out, and still returns the fit', () => {
    const sing = lmm('y ~ time + (time | id)', readCsvColumns('test/golden/lmm-singular.csv'));
    expect(sing.singular).toBe(true);
    expect(sing.warnings[0]).toMatch(/^boundary \(singular\) fit/);
    const short = lmm('Reaction ~ Days + (Days | Subject)', sleep, { control: { maxEval: 5, xtol: 1e-5 } });
    expect(short.converged).toBe(false);
    expect(short.warnings.some((w) => /Model failed to converge/.test(w))).toBe(true);
    expect(short.fixef).toHaveLength(2);
  });
});

describe('resolveLmmControl', () => {
  it('fills defaults and refuses unknown keys and bad values', () => {
    expect(resolveLmmControl()).toEqual(DEFAULT_LMM_CONTROL);
    expect(resolveLmmControl({ xtol: 1e-6 }).xtol).toBe(1e-6);
    expect(() => resolveLmmControl({ xtol: 0 })).toThrow(UsageError);
    expect(() => resolveLmmControl({ maxEval: 1.5 })).toThrow(/maxEval must be a positive integer/);
    expect(() => resolveLmmControl({ tol: 1 } as never)).toThrow(/Unknown lmm control 'tol'/);
    expect(() => lmm('Reaction ~ Days + (1 | Subject)', sleep, { control: { gradTol: -1 } })).toThrow(UsageError);
  });
});
