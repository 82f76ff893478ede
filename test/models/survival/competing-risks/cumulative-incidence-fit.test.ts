/**
 * Golden tests of the cumulative incidence core against cmprsk 2.2-11
 * (test/golden/cmprsk.R -> cmprsk.json: `cuminc(ftime, fstatus, group, strata, rho)`
 * and `timepoints(fit, times)`), tolerance 1e-9 relative, plus hand-checked cases.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { cumulativeIncidenceFit } from '../../../../models/survival/competing-risks/cumulative-incidence-fit.js';
import { cumulativeIncidenceCurve } from '../../../../models/survival/competing-risks/cumulative-incidence-curve.js';
import { incidenceAt, timepointIndex } from '../../../../models/survival/competing-risks/cumulative-incidence-timepoints.js';
import type { ColumnTable } from '../../../../models/design/types.js';

interface GoldenCurve { label: string; time: number[]; est: number[]; var: number[] }
interface GoldenCase {
  name: string;
  dataset: string;
  formula: string;
  strata: string | null;
  rho: number;
  curves: GoldenCurve[];
  tests: { cause: string; stat: number; df: number; p: number }[];
  at: { times: number[]; labels: string[]; est: (number | null)[][]; var: (number | null)[][] };
}
const golden = JSON.parse(readFileSync('test/golden/cmprsk.json', 'utf8')) as { cuminc: GoldenCase[] };

function relClose(actual: number, expected: number, tol: number): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return Number.isNaN(actual) && Number.isNaN(expected);
  return Math.abs(actual - expected) <= tol * Math.max(Math.abs(expected), 1e-300) || Math.abs(actual - expected) < 1e-15;
}
function expectArrayClose(actual: ArrayLike<number>, expected: readonly (number | null)[], tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] === null ? NaN : expected[i]!;
    if (!relClose(actual[i]!, e, tol)) throw new Error(`${what}[${i}]: got ${actual[i]}, R ${e}`);
  }
}

function levelsOf(col: Float64Array | readonly (string | null)[], rows: number[]): { idx: Int32Array; labels: string[] } {
  const vals: (number | string | null)[] = rows.map((r) => col[r]!);
  const uniq = [...new Set(vals)];
  if (col instanceof Float64Array) (uniq as number[]).sort((a, b) => a - b);
  else (uniq as string[]).sort();
  const labels = uniq.map(String);
  return { idx: Int32Array.from(vals, (v) => uniq.indexOf(v as never)), labels };
}

function prepare(c: GoldenCase): { data: ColumnTable; rows: number[]; time: Float64Array; status: Float64Array } {
  const data = readCsvColumns(`datasets/${c.dataset}.csv`);
  const n = (data['id'] as Float64Array).length;
  let time: Float64Array;
  let status: Float64Array;
  if (c.dataset === 'mgus2') {
    const pstat = data['pstat'] as Float64Array;
    time = Float64Array.from({ length: n }, (_, i) => (pstat[i] === 0 ? (data['futime'] as Float64Array)[i]! : (data['ptime'] as Float64Array)[i]!));
    status = Float64Array.from({ length: n }, (_, i) => (pstat[i] === 0 ? 2 * (data['death'] as Float64Array)[i]! : 1));
  } else {
    time = data['time'] as Float64Array;
    status = data['status'] as Float64Array;
  }
  const group = c.formula.split('~')[1]!.trim();
  const g = data[group] as Float64Array;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const missing = g instanceof Float64Array ? Number.isNaN(g[i]!) : g[i] === null;
    const trtMissing = c.dataset === 'pbc' && Number.isNaN((data['trt'] as Float64Array)[i]!);
    if (!missing && !trtMissing) rows.push(i);
  }
  return { data, rows, time: Float64Array.from(rows, (r) => time[r]!), status: Float64Array.from(rows, (r) => status[r]!) };
}

describe('cumulativeIncidenceFit vs cmprsk::cuminc', () => {
  for (const c of golden.cuminc) {
    it(c.name, () => {
      const { data, rows, time, status } = prepare(c);
      const groupName = c.formula.split('~')[1]!.trim();
      const g = levelsOf(data[groupName]!, rows);
      const s = c.strata ? levelsOf(data[c.strata]!, rows) : null;
      const frozen = Float64Array.from(time);
      const fit = cumulativeIncidenceFit(
        { time, status, group: g.idx, groupLabels: g.labels, strata: s ? s.idx : null, nStrata: s ? s.labels.length : 1 },
        { cencode: 0, rho: c.rho },
      );
      expect(time).toEqual(frozen);
      expect(fit.curves.map((k) => k.label)).toEqual(c.curves.map((k) => k.label));
      fit.curves.forEach((curve, k) => {
        const e = c.curves[k]!;
        expectArrayClose(curve.time, e.time, 0, `${e.label} time`);
        expectArrayClose(curve.est, e.est, 1e-9, `${e.label} est`);
        expectArrayClose(curve.var, e.var, 1e-9, `${e.label} var`);
        const at = incidenceAt(curve, c.at.times);
        const row = c.at.labels.indexOf(e.label);
        expectArrayClose(at.est, c.at.est[row]!, 1e-9, `${e.label} timepoints est`);
        expectArrayClose(at.var, c.at.var[row]!, 1e-9, `${e.label} timepoints var`);
      });
      expect(fit.tests.length).toBe(c.tests.length);
      fit.tests.forEach((t, k) => {
        const e = c.tests[k]!;
        expect(String(t.cause)).toBe(e.cause);
        expect(t.df).toBe(e.df);
        expect(relClose(t.stat, e.stat, 1e-9), `stat ${t.stat} vs ${e.stat}`).toBe(true);
        expect(relClose(t.p, e.p, 1e-9), `p ${t.p} vs ${e.p}`).toBe(true);
      });
    });
  }
});

describe('cumulativeIncidenceCurve by hand', () => {
  it('matches the Aalen-Johansen estimate on a tiny sample', () => {
    // times 1..4: cause 1 at 1, censored at 2, cause 2 at 3, cause 1 at 4
    const curve = cumulativeIncidenceCurve(Float64Array.of(1, 2, 3, 4), Uint8Array.of(1, 0, 1, 1), Uint8Array.of(1, 0, 0, 1));
    // F(1) = 1/4; S(1) = 3/4; at 3: S = 3/4 * 1/2 = 3/8; F(4) = 1/4 + 3/8 * 1/1 = 5/8
    expect(Array.from(curve.time)).toEqual([0, 1, 1, 4, 4, 4]);
    expect(Array.from(curve.est)).toEqual([0, 0, 0.25, 0.25, 0.625, 0.625]);
    // variance at the first jump, by cinc's formula:
    // t6 = 1 * 1 * 1/16, t3 = 1/(3/4), t4 = 1 + (4/3)(1/4) = 4/3 -> v1 = 16/9/16, v2 = (4/3)(4/3)/16, v3 = (16/9)/16
    // so v1 = v2 = v3 = 1/9 and var = (1/9)(1 + 1/16 - 1/2) = 1/16
    expect(curve.var[2]).toBeCloseTo(1 / 16, 15);
  });
  it('timepoints follow cmprsk tpoi', () => {
    expect(Array.from(timepointIndex(Float64Array.of(0, 2, 2, 5), [-1, 0, 1, 2, 3, 5, 6]))).toEqual([-1, 1, 1, 3, 3, 3, -1]);
  });
});
