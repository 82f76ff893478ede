/**
 * Penalized Cox versus R glmnet 4.1-6 (test/golden/coxnet.R writes coxnet.json):
 * `glmnet(x, Surv(time, status), family = "cox", alpha)` on gbsg (9 design
 * columns incl. factor(grade) dummies) and on seeded synthetic data (p = 50,
 * n = 200; and n = 40 < p = 60), alpha 1, 0.5 (and 0.7 with a user lambda).
 * Tolerances: lambda relative 1e-6; coefficients absolute 1e-4 * max(1, |b|)
 * (the 1e-4); dev.ratio absolute 1e-5; df exact;
 * `cv.glmnet(..., foldid)` cvm/cvsd relative 1e-4 and the same lambda.min / lambda.1se.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coxnet } from '../../../models/risk/coxnet.js';
import { cvCoxnet } from '../../../models/risk/cv-coxnet.js';
import { buildModelFrame } from '../../../models/design/model-frame.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

interface CvGolden {
  foldid: number[];
  lambda: number[];
  cvm: number[];
  cvsd: number[];
  lambda_min: number;
  lambda_1se: number;
  nzero: number[];
}
interface Case {
  name: string;
  alpha: number;
  call: string;
  lambda: number[];
  df: number[];
  dev_ratio: number[];
  nulldev: number;
  beta: number[][];
  s: number | number[];
  coef_s: number[][];
  user_lambda?: number | number[];
  cv?: CvGolden;
}
interface DataSet {
  x: number[][];
  time: number[];
  status: number[];
}
const fixture = JSON.parse(readFileSync('test/golden/coxnet.json', 'utf8')) as {
  cases: Case[];
  datasets: Record<string, DataSet>;
};
const arr = (v: number | number[]): number[] => (Array.isArray(v) ? v : [v]);

function gbsgData() {
  const t = readCsvColumns('datasets/gbsg.csv');
  const frame = buildModelFrame('Surv(rfstime, status) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon', t);
  const time = Float64Array.from(frame.time!, (v, i) => v + (frame.status![i] === 0 ? 0.1 : 0));
  return { x: frame.x, time, status: frame.status!, names: frame.columnNames };
}

function dataFor(name: string) {
  if (name === 'gbsg') return gbsgData();
  const d = fixture.datasets[name]!;
  return { x: d.x.map((c) => Float64Array.from(c)), time: Float64Array.from(d.time), status: Float64Array.from(d.status), names: undefined };
}

function closeCoef(got: ArrayLike<number>, want: number[], what: string, tol = 1e-4) {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let j = 0; j < want.length; j++) worst = Math.max(worst, Math.abs(got[j]! - want[j]!) / Math.max(1, Math.abs(want[j]!)));
  expect(worst, `${what}: max scaled difference ${worst}`).toBeLessThanOrEqual(tol);
}

describe('coxnet matches glmnet family = "cox"', () => {
  for (const c of fixture.cases) {
    const label = `${c.name}, alpha ${c.alpha}${Array.isArray(c.user_lambda) ? ', user lambda' : ''}`;
    it(`path: ${label}`, () => {
      const d = dataFor(c.name);
      const opts = Array.isArray(c.user_lambda) ? { alpha: c.alpha, lambda: arr(c.user_lambda) } : { alpha: c.alpha };
      const fit = coxnet({ x: d.x, time: d.time, status: d.status }, opts);
      expect(fit.lambda.length, 'path length').toBe(c.lambda.length);
      for (let k = 0; k < c.lambda.length; k++) {
        expect(Math.abs(fit.lambda[k]! - c.lambda[k]!) / c.lambda[k]!, `lambda ${k}`).toBeLessThan(1e-6);
        closeCoef(fit.beta[k]!, c.beta[k]!, `beta at lambda ${k}`);
        expect(Math.abs(fit.devRatio[k]! - c.dev_ratio[k]!), `dev.ratio ${k}`).toBeLessThan(1e-5);
      }
      expect(Array.from(fit.df)).toEqual(c.df);
      expect(Math.abs(fit.nullDeviance - c.nulldev) / c.nulldev).toBeLessThan(1e-9);
      const s = arr(c.s);
      s.forEach((sv, k) => closeCoef(fit.coefAt(sv), c.coef_s[k]!, `coef(s = ${sv})`));
      expect(fit.converged).toBe(true);
    });
    if (c.cv) {
      const cv = c.cv;
      it(`cv.glmnet with fixed foldid: ${label}`, () => {
        const d = dataFor(c.name);
        const res = cvCoxnet({ x: d.x, time: d.time, status: d.status }, { alpha: c.alpha, foldid: Int32Array.from(cv.foldid) });
        expect(res.lambda.length).toBe(cv.lambda.length);
        for (let k = 0; k < cv.lambda.length; k++) {
          expect(Math.abs(res.cvm[k]! - cv.cvm[k]!) / cv.cvm[k]!, `cvm ${k}`).toBeLessThan(1e-4);
          expect(Math.abs(res.cvsd[k]! - cv.cvsd[k]!) / cv.cvsd[k]!, `cvsd ${k}`).toBeLessThan(1e-4);
        }
        const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * b;
        expect(near(res.lambdaMin, cv.lambda_min), `lambda.min ${res.lambdaMin} vs ${cv.lambda_min}`).toBe(true);
        expect(near(res.lambda1se, cv.lambda_1se), `lambda.1se ${res.lambda1se} vs ${cv.lambda_1se}`).toBe(true);
        expect(res.indexMin).toBe(cv.lambda.findIndex((l) => near(l, cv.lambda_min)));
        expect(res.index1se).toBe(cv.lambda.findIndex((l) => near(l, cv.lambda_1se)));
        expect(Array.from(res.nzero)).toEqual(cv.nzero);
      });
    }
  }
});
