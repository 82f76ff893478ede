/**
 * Front-end tests of cumulativeIncidence: the same cmprsk 2.2-11 golden cases as
 * cumulative-incidence-fit.test.ts (test/golden/cmprsk.R), reached through the
 * formula interface (NA handling, group levels, strata option), tolerance 1e-9
 * relative; plus toJSON shape, intervals and input validation.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { cumulativeIncidence } from '../../../../models/survival/competing-risks/cumulative-incidence.js';
import type { ColumnTable } from '../../../../models/design/types.js';
import { UsageError } from '../../../../util/errors.js';

interface GoldenCase {
  name: string;
  dataset: string;
  formula: string;
  strata: string | null;
  rho: number;
  curves: { label: string; time: number[]; est: number[]; var: number[] }[];
  tests: { cause: string; stat: number; df: number; p: number }[];
  at: { times: number[]; labels: string[]; est: (number | null)[][]; var: (number | null)[][] };
}
const golden = JSON.parse(readFileSync('test/golden/cmprsk.json', 'utf8')) as { cuminc: GoldenCase[] };

function loadData(name: string): ColumnTable {
  const d = readCsvColumns(`datasets/${name}.csv`);
  if (name !== 'mgus2') return d;
  const pstat = d['pstat'] as Float64Array;
  const etime = pstat.map((s, i) => (s === 0 ? (d['futime'] as Float64Array)[i]! : (d['ptime'] as Float64Array)[i]!));
  const event = pstat.map((s, i) => (s === 0 ? 2 * (d['death'] as Float64Array)[i]! : 1));
  return { ...d, etime, event };
}
const close = (a: number, b: number | null, tol: number): boolean =>
  b === null ? Number.isNaN(a) : Math.abs(a - b) <= tol * Math.abs(b) || Math.abs(a - b) < 1e-15;

describe('cumulativeIncidence (formula) vs cmprsk::cuminc', () => {
  for (const c of golden.cuminc) {
    it(c.name, () => {
      let data = loadData(c.dataset);
      if (c.name.includes('stage')) {
        // the R script drops rows with missing trt first, then rows with missing stage
        const trt = data['trt'] as Float64Array;
        data = { ...data, stage: (data['stage'] as Float64Array).map((s, i) => (Number.isNaN(trt[i]!) ? NaN : s)) };
      }
      const fit = cumulativeIncidence(c.formula, data, { rho: c.rho, times: c.at.times, ...(c.strata ? { strata: c.strata } : {}) });
      expect(fit.curves.map((k) => k.label)).toEqual(c.curves.map((k) => k.label));
      fit.curves.forEach((curve, k) => {
        const e = c.curves[k]!;
        expect(Array.from(curve.time)).toEqual(e.time);
        e.est.forEach((v, i) => expect(close(curve.est[i]!, v, 1e-9), `${e.label} est[${i}]`).toBe(true));
        e.var.forEach((v, i) => expect(close(curve.var[i]!, v, 1e-9), `${e.label} var[${i}]`).toBe(true));
      });
      c.at.labels.forEach((lab, r) => {
        c.at.est[r]!.forEach((v, i) => expect(close(fit.at!.est[lab]![i]!, v, 1e-9)).toBe(true));
        c.at.var[r]!.forEach((v, i) => expect(close(fit.at!.var[lab]![i]!, v, 1e-9)).toBe(true));
      });
      fit.tests.forEach((t, k) => {
        expect(close(t.stat, c.tests[k]!.stat, 1e-9)).toBe(true);
        expect(close(t.p, c.tests[k]!.p, 1e-9)).toBe(true);
        expect(t.df).toBe(c.tests[k]!.df);
      });
    });
  }
});

describe('cumulativeIncidence details', () => {
  const mgus2 = loadData('mgus2');
  it('serializes to the documented JSON shape with nulls for NA', () => {
    const fit = cumulativeIncidence('Surv(etime, event) ~ sex', mgus2, { times: [120, 1e6] });
    const json = JSON.parse(JSON.stringify(fit)) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['at', 'confLevel', 'curves', 'n', 'nDropped', 'tests', 'warnings']);
    const curves = json['curves'] as { group: string; cause: number; label: string }[];
    expect(curves.map((c) => [c.group, c.cause, c.label])).toEqual([['F', 1, 'F 1'], ['M', 1, 'M 1'], ['F', 2, 'F 2'], ['M', 2, 'M 2']]);
    const at = json['at'] as { est: Record<string, (number | null)[]> };
    expect(at.est['F 1']![1]).toBeNull();
    expect(typeof at.est['F 1']![0]).toBe('number');
  });
  it('gives log-log intervals that contain the estimate and a single group without tests', () => {
    const fit = cumulativeIncidence('Surv(etime, event) ~ 1', mgus2, { times: [60, 240] });
    expect(fit.tests).toEqual([]);
    expect(fit.curves.map((c) => c.label)).toEqual(['1 1', '1 2']);
    for (const lab of ['1 1', '1 2']) {
      fit.at!.est[lab]!.forEach((e, i) => {
        expect(fit.at!.lower[lab]![i]!).toBeLessThan(e);
        expect(fit.at!.upper[lab]![i]!).toBeGreaterThan(e);
      });
    }
    const plain = cumulativeIncidence('Surv(etime, event) ~ 1', mgus2, { times: [60], confType: 'plain' });
    const e = plain.at!.est['1 1']![0]!;
    const se = Math.sqrt(plain.at!.var['1 1']![0]!);
    expect(plain.at!.upper['1 1']![0]).toBeCloseTo(e + 1.959963984540054 * se, 12);
  });
  it('accepts strata() in the formula as the strata option', () => {
    const pbc = readCsvColumns('datasets/pbc.csv');
    const a = cumulativeIncidence('Surv(time, status) ~ trt + strata(sex)', pbc);
    const b = cumulativeIncidence('Surv(time, status) ~ trt', pbc, { strata: 'sex' });
    const c = cumulativeIncidence('Surv(time, status) ~ trt', pbc);
    expect(a.tests).toEqual(b.tests);
    expect(a.tests[0]!.stat).not.toBeCloseTo(c.tests[0]!.stat, 6);
    expect(a.nDropped).toBe(106);
  });
  it('treats another cencode as censoring and validates options', () => {
    const recoded = { ...mgus2, event: (mgus2['event'] as Float64Array).map((v) => (v === 0 ? 9 : v)) };
    const a = cumulativeIncidence('Surv(etime, event) ~ sex', mgus2);
    const b = cumulativeIncidence('Surv(etime, event) ~ sex', recoded, { cencode: 9 });
    expect(Array.from(b.curves[0]!.est)).toEqual(Array.from(a.curves[0]!.est));
    expect(() => cumulativeIncidence('Surv(etime, event) ~ sex + age', mgus2)).toThrow(UsageError);
    expect(() => cumulativeIncidence('Surv(etime, event) ~ sex', mgus2, { confLevel: 1.5 })).toThrow(UsageError);
    const neg = { ...mgus2, etime: (mgus2['etime'] as Float64Array).map((t, i) => (i === 3 ? -1 : t)) };
    expect(() => cumulativeIncidence('Surv(etime, event) ~ sex', neg)).toThrow(UsageError);
  });
});
