/**
 * Golden comparison with R: test/golden/lmm.R (R 4.2.2, lme4 1.1-31, nlme 3.1-162)
 * fitted every model with
 *   lmer(..., REML = TRUE/FALSE, control = lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12)))
 * on lme4's sleepstudy (lmm-sleepstudy.csv), seeded synthetic trajectories with an
 * ns(time, df = 3) time term, one-visit patients and missing values
 * (lmm-trajectories.csv), and data with a singular fit (lmm-singular.csv).
 * Tolerances: fixed effects, standard errors, random-effect and residual sds and
 * vcov 1e-6 relative (vcov relative to sqrt(v_rr v_cc)); correlations and log-likelihood 1e-6 absolute; BLUPs,
 * fitted values and predictions 1e-6 relative to their largest absolute value;
 * theta 1e-7 (relative, absolute below 1) against the converged optimum of lme4's
 * own objective (Newton steps on lmer's devfun, `thetaOptimum`); the profiled
 * deviance at fixed theta 1e-10 relative to lmer's devfun.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Column, ColumnTable } from '../../../models/design/types.js';
import { buildLmmFrame, createProfiledDeviance, groupCrossproducts, lmm } from '../../../models/mixed/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

interface GoldenFit {
  formula: string;
  reml: boolean;
  fixef: { term: string[]; estimate: number[]; se: number[] };
  group: string;
  sdNames: string | string[];
  sd: number | number[];
  corr: number | number[][] | null;
  residualSd: number;
  loglik: number;
  theta: number | number[];
  thetaOptimum: number | number[];
  nobs: number;
  ngroups: number;
  singular: boolean;
  ranef: { group: string[]; values: number[][] };
  fitted: number[];
  vcov: number[][];
  devfunAt: { theta: (number | number[])[]; value: number[] };
  newdata?: Record<string, string | number>[];
  predict?: number[];
  predictPopulation?: number[];
  nDropped?: number;
}
const golden = JSON.parse(readFileSync('test/golden/lmm.json', 'utf8')) as { fits: Record<string, GoldenFit>; lmeLoglikDifference: Record<string, number> };
const data: Record<string, ColumnTable> = {
  sleep: readCsvColumns('test/golden/lmm-sleepstudy.csv'),
  traj: readCsvColumns('test/golden/lmm-trajectories.csv'),
  singular: readCsvColumns('test/golden/lmm-singular.csv'),
};
const source: Record<string, keyof typeof data> = {
  sleepReml: 'sleep',
  sleepMl: 'sleep',
  sleepIntercept: 'sleep',
  sleepSlopeOnly: 'sleep',
  trajReml: 'traj',
  trajMl: 'traj',
  trajIntercept: 'traj',
  trajInterceptMl: 'traj',
  trajQuadratic: 'traj',
  singular: 'singular',
};
const arr = <T,>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const scaledErr = (a: ArrayLike<number>, b: readonly number[]): number => {
  const scale = Math.max(1, ...b.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
  return worst;
};
/** jsonlite writes a data.frame row by row: back to columns. */
function columns(rows: Record<string, string | number>[]): ColumnTable {
  const out: Record<string, Column> = {};
  for (const k of Object.keys(rows[0]!)) {
    const vals = rows.map((r) => r[k]!);
    out[k] = typeof vals[0] === 'number' ? Float64Array.from(vals as number[]) : (vals as string[]);
  }
  return out;
}

describe('lmm equals lme4::lmer at the converged optimum (test/golden/lmm.R)', () => {
  it('covers every fit of the golden file, and nlme::lme agreed with lmer there', () => {
    expect(Object.keys(golden.fits).sort()).toEqual(Object.keys(source).sort());
    for (const d of Object.values(golden.lmeLoglikDifference)) expect(d).toBeLessThan(1e-6);
  });

  for (const [name, g] of Object.entries(golden.fits)) {
    it(`${name}: ${g.formula}, ${g.reml ? 'REML' : 'ML'}`, () => {
      const fit = lmm(g.formula, data[source[name]!]!, { reml: g.reml });
      expect(fit.reml).toBe(g.reml);
      expect(fit.n).toBe(g.nobs);
      expect(fit.groups.count).toBe(g.ngroups);
      expect(fit.groups.name).toBe(g.group);
      expect(fit.singular).toBe(g.singular);
      expect(fit.converged).toBe(true);
      if (g.nDropped !== undefined) expect(fit.nDropped).toBe(g.nDropped);
      expect(fit.fixef.map((f) => f.term)).toEqual(g.fixef.term);
      fit.fixef.forEach((f, i) => {
        expect(relErr(f.estimate, g.fixef.estimate[i]!), `${f.term} estimate`).toBeLessThan(1e-6);
        expect(relErr(f.se, g.fixef.se[i]!), `${f.term} se`).toBeLessThan(1e-6);
      });
      const p = fit.fixef.length;
      // vcov: relative to sqrt(v_rr v_cc) (an off-diagonal element near 0 has no relative accuracy)
      for (let r = 0; r < p; r++) {
        for (let c = 0; c < p; c++) {
          const scale = Math.sqrt(g.vcov[r]![r]! * g.vcov[c]![c]!);
          expect(Math.abs(fit.vcov[r * p + c]! - g.vcov[r]![c]!) / scale, `vcov[${r},${c}]`).toBeLessThan(1e-6);
        }
      }
      expect(Object.keys(fit.varcorr.sd)).toEqual(arr(g.sdNames));
      Object.values(fit.varcorr.sd).forEach((sd, r) => expect(relErr(sd, arr(g.sd)[r]!), `sd ${r}`).toBeLessThan(1e-6));
      if (g.corr === null) expect(fit.varcorr.corr).toBeNull();
      else if (typeof g.corr === 'number') expect(Math.abs((fit.varcorr.corr as number) - g.corr)).toBeLessThan(1e-6);
      else {
        const c = fit.varcorr.corr as number[][];
        g.corr.forEach((row, r) => row.forEach((v, k) => expect(Math.abs(c[r]![k]! - v), `corr[${r},${k}]`).toBeLessThan(1e-6)));
      }
      expect(relErr(fit.residualSd, g.residualSd)).toBeLessThan(1e-6);
      expect(Math.abs(fit.loglik - g.loglik)).toBeLessThan(1e-6);
      expect(Math.abs(fit.criterion + 2 * g.loglik)).toBeLessThan(2e-6);
      // theta: the optimum of lme4's own objective, closer than bobyqa's stopping point
      arr(g.thetaOptimum).forEach((t, k) => expect(Math.abs(fit.theta[k]! - t) / Math.max(1, Math.abs(t)), `theta ${k}`).toBeLessThan(1e-7));
      // BLUPs and fitted values
      const re = fit.ranef();
      expect(re.levels).toEqual(g.ranef.group);
      re.values.forEach((v, r) => expect(scaledErr(v, g.ranef.values[r]!), `ranef ${re.names[r]}`).toBeLessThan(1e-6));
      expect(fit.fitted.length).toBe(g.fitted.length);
      expect(scaledErr(fit.fitted, g.fitted)).toBeLessThan(1e-6);
      if (g.newdata) {
        const nd = columns(g.newdata);
        expect(scaledErr(fit.predict(nd), g.predict!)).toBeLessThan(1e-6);
        expect(scaledErr(fit.predict(nd, { population: true }), g.predictPopulation!)).toBeLessThan(1e-6);
      }
    });
  }

  it("the profiled deviance equals lmer's devfun at fixed theta (1e-10 relative)", () => {
    for (const [name, g] of Object.entries(golden.fits)) {
      const frame = buildLmmFrame(g.formula, data[source[name]!]!);
      const cp = groupCrossproducts({ y: frame.y, x: frame.x, z: frame.z, group: frame.group, nGroups: frame.groupLevels.length });
      const f = createProfiledDeviance(cp, g.reml);
      g.devfunAt.theta.forEach((theta, k) => expect(relErr(f(arr(theta)), g.devfunAt.value[k]!), `${name} at ${String(theta)}`).toBeLessThan(1e-10));
    }
  });
});
