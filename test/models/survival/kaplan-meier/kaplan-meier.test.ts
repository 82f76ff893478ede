/**
 * Kaplan-Meier: a hand-worked case, input checks, and golden comparisons with
 * R 4.2.2 / survival 3.5-3 (test/golden/km.R -> km.json). Tolerances: survival
 * estimates and confidence limits 1e-6 relative, standard errors 1e-5.
 * R pads multi-variable strata labels with spaces for alignment; we compare trimmed.
 */
import { describe, expect, it } from 'vitest';
import { kaplanMeier } from '../../../../models/survival/kaplan-meier/kaplan-meier.js';
import { kaplanMeierCore } from '../../../../models/survival/kaplan-meier/kaplan-meier-fit.js';
import { argsortFloat64 } from '../../../../models/survival/survival-utils.js';
import { UsageError } from '../../../../util/errors.js';
import { expectClose, loadDataset, readJson } from './km-golden-helpers.js';

type Num = number | null;
interface GoldCurve {
  label: string; time: number[]; 'n.risk': number[]; 'n.event': number[]; 'n.censor': number[];
  surv: number[]; 'std.err': Num[]; cumhaz: number[]; 'std.chaz': Num[]; lower?: Num[]; upper?: Num[];
}
interface GoldCase {
  id: string; data: string; formula: string; confType: 'log' | 'log-log' | 'plain' | 'none'; confLevel: number;
  ctype: 1 | 2; weights: string | null; logse: boolean; curves: GoldCurve[]; summary: GoldCurve[];
  medians: { label: string; records: number; events: number; median: Num; lcl: Num; ucl: Num }[] | null;
  times?: number[]; summaryTimes?: GoldCurve[]; summaryTimesExtend?: GoldCurve[];
}
const cases = readJson<GoldCase[]>('test/golden/km.json');
const SURV_TOL = 1e-6;
const SE_TOL = 1e-5;

describe('kaplanMeier: hand-worked 6-point example', () => {
  // time   1  2  2  3  4  5
  // status 1  1  0  1  0  1
  // t=1: n=6 d=1        S = 5/6                  Greenwood sum 1/(6*5)
  // t=2: n=5 d=1 c=1    S = 5/6 * 4/5 = 2/3      + 1/(5*4)
  // t=3: n=3 d=1        S = 2/3 * 2/3 = 4/9      + 1/(3*2)
  // t=4: n=2 c=1        S = 4/9
  // t=5: n=1 d=1        S = 0                    + 1/0 = Inf
  // Nelson-Aalen: 1/6, +1/5, +1/3, (same), +1. Median: first S <= 0.5 is at t = 3.
  const data = {
    time: new Float64Array([3, 1, 2, 5, 2, 4]),
    status: new Float64Array([1, 1, 1, 1, 0, 0]),
  };
  const frozen = { time: data.time.slice(), status: data.status.slice() };
  const fit = kaplanMeier('Surv(time, status) ~ 1', data);
  const c = fit.curves[0]!;
  it('counts, survival, Greenwood and cumulative hazard', () => {
    expect(Array.from(c.time)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(c.nRisk)).toEqual([6, 5, 3, 2, 1]);
    expect(Array.from(c.nEvent)).toEqual([1, 1, 1, 0, 1]);
    expect(Array.from(c.nCensor)).toEqual([0, 1, 0, 1, 0]);
    expectClose(c.surv, [5 / 6, 2 / 3, 4 / 9, 4 / 9, 0], 1e-15, 'surv');
    const g = [1 / 30, 1 / 30 + 1 / 20, 1 / 30 + 1 / 20 + 1 / 6];
    expectClose(c.stdErrLogSurv.subarray(0, 3), g.map(Math.sqrt), 1e-15, 'se');
    expect(c.stdErrLogSurv[4]).toBe(Infinity);
    expectClose(c.stdErrSurv.subarray(0, 3), [5 / 6, 2 / 3, 4 / 9].map((s, i) => s * Math.sqrt(g[i]!)), 1e-15, 'seS');
    expectClose(c.cumhaz, [1 / 6, 1 / 6 + 1 / 5, 1 / 6 + 1 / 5 + 1 / 3, 1 / 6 + 1 / 5 + 1 / 3, 1 / 6 + 1 / 5 + 1 / 3 + 1], 1e-15, 'H');
    // log CI at t = 1: S * exp(+-1.959964 * sqrt(1/30)), upper clipped at 1; NA at S = 0
    const z = 1.959963984540054;
    expect(c.lower[0]).toBeCloseTo((5 / 6) * Math.exp(-z * Math.sqrt(1 / 30)), 14);
    expect(c.upper[0]).toBe(1);
    expect(Number.isNaN(c.lower[4]!)).toBe(true);
    expect(fit.medians()[0]!.median).toBe(3);
    expect(data.time).toEqual(frozen.time); // inputs not mutated
    expect(data.status).toEqual(frozen.status);
  });
  it('summary rows, survivalAt, atRisk and JSON', () => {
    const s = fit.summary()[0]!.table;
    expect(s.time).toEqual([1, 2, 3, 5]);
    expect(s.nCensor).toEqual([0, 1, 0, 1]); // censorings since the previous event row, as R
    expectClose(fit.survivalAt([0, 1, 2.5, 10])[0]!.surv, [1, 5 / 6, 2 / 3, 0], 1e-15, 'survivalAt');
    expect(fit.atRisk([0, 1, 1.5, 4.5, 6])[0]!.nRisk).toEqual([6, 6, 5, 1, 0]);
    const j = fit.toJSON();
    expect(j.confType).toBe('log');
    expect(j.confLevel).toBe(0.95);
    expect(j.strata[0]!.label).toBe('all');
    expect(j.strata[0]!.median).toBe(3);
    expect(j.strata[0]!.events).toBe(4);
    expect(j.strata[0]!.lower[3]).toBeNull();
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
    expect(fit.print()).toContain('median');
  });
  it('median averaging rule when S is exactly 0.5 over an interval', () => {
    // S = 0.5 after t = 2 (2 of 4 die), stays 0.5 until t = 6 -> median (2 + 6) / 2 = 4 as R's print.survfit
    const f = kaplanMeier('Surv(t, s) ~ 1', { t: new Float64Array([1, 2, 6, 8]), s: new Float64Array([1, 1, 1, 1]) });
    expect(f.medians()[0]!.median).toBe(4);
  });
});

describe('kaplanMeierCore input checks and sorting', () => {
  it('rejects bad input with UsageError', () => {
    const t = new Float64Array([1, 2]);
    expect(() => kaplanMeierCore({ time: t, status: new Float64Array([1, 2]) })).toThrow(UsageError);
    expect(() => kaplanMeierCore({ time: t, status: new Float64Array([1]) })).toThrow(UsageError);
    expect(() => kaplanMeierCore({ time: new Float64Array([NaN, 1]), status: new Float64Array([1, 1]) })).toThrow(UsageError);
    expect(() => kaplanMeierCore({ time: t, status: new Float64Array([1, 1]), weights: new Float64Array([1, -1]) })).toThrow(UsageError);
    expect(() => kaplanMeierCore({ time: t, status: new Float64Array([1, 1]) }, { confType: 'logit' as never })).toThrow(UsageError);
    expect(() => kaplanMeierCore({ time: t, status: new Float64Array([1, 1]) }, { confLevel: 1.5 })).toThrow(UsageError);
  });
  it('radix argsort is a stable sort, negative values and -0 included', () => {
    const x = new Float64Array([3.5, -1, 0, -0, 2, -1e300, 1e-300, 2, 7e10, -2.5]);
    const o = Array.from(argsortFloat64(x));
    const ref = Array.from(x.keys()).sort((a, b) => x[a]! - x[b]! || a - b);
    expect(o).toEqual(ref);
    const sorted = new Float64Array(x.length);
    argsortFloat64(x, undefined, sorted);
    expect(Array.from(sorted)).toEqual(ref.map((i) => x[i]! + 0));
  });
  it('a large random sample (2e5 rows, ties) gives the same curve as a brute-force KM', () => {
    let seed = 12345;
    const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const n = 200_000;
    const time = Float64Array.from({ length: n }, () => Math.floor(rnd() * 1000));
    const status = Float64Array.from({ length: n }, () => (rnd() < 0.6 ? 1 : 0));
    const c = kaplanMeierCore({ time, status }).curves[0]!;
    const d = new Float64Array(1000);
    const all = new Float64Array(1000);
    for (let i = 0; i < n; i++) { all[time[i]!]!++; if (status[i]) d[time[i]!]!++; }
    let risk = n;
    let s = 1;
    let m = 0;
    for (let t = 0; t < 1000; t++) {
      if (all[t] === 0) continue;
      expect(c.time[m]).toBe(t);
      expect(c.nRisk[m]).toBe(risk);
      s *= 1 - d[t]! / risk;
      expect(Math.abs(c.surv[m]! - s)).toBeLessThan(1e-12);
      risk -= all[t]!;
      m++;
    }
    expect(m).toBe(c.time.length);
  });
});

describe('curve labels as R', () => {
  it('factor(x) keeps its text (R: names(survfit(Surv(time, status) ~ factor(sex), lung)$strata))', () => {
    const lung = loadDataset('lung');
    expect(kaplanMeier('Surv(time, status) ~ factor(sex)', lung).labels).toEqual(['factor(sex)=1', 'factor(sex)=2']);
    expect(kaplanMeier('Surv(time, status) ~ factor(sex) + ph.ecog', lung).labels[0]).toBe('factor(sex)=1, ph.ecog=0');
    expect(() => kaplanMeier('Surv(time, status) ~ log(age)', lung)).toThrow();
  });
  it('rows with missing values are dropped and counted (ph.ecog has one NA)', () => {
    const fit = kaplanMeier('Surv(time, status) ~ ph.ecog', loadDataset('lung'));
    expect(fit.nDropped).toBe(1);
    expect(fit.n).toBe(227);
  });
});

describe('integer-time bucket path and sorted path agree', () => {
  it('lung ~ sex: times shifted by 0.25 (sorted path) give the same curves as integer times (bucket path)', () => {
    const lung = loadDataset('lung');
    const time = lung.time as Float64Array;
    const shifted = { ...lung, time: Float64Array.from(time, (t) => t + 0.25) };
    for (const ctype of [1, 2] as const) {
      const a = kaplanMeier('Surv(time, status) ~ sex', lung, { ctype, weights: 'wint' });
      const b = kaplanMeier('Surv(time, status) ~ sex', shifted, { ctype, weights: 'wint' });
      a.curves.forEach((c, k) => {
        const d = b.curves[k]!;
        expect(Array.from(d.time)).toEqual(Array.from(c.time, (t) => t + 0.25));
        for (const key of ['nRisk', 'nEvent', 'nCensor', 'surv', 'stdErrLogSurv', 'cumhaz', 'stdErrCumhaz', 'lower', 'upper'] as const) {
          expectClose(d[key], Array.from(c[key], (x) => (Number.isFinite(x) ? x : null)), 1e-13, key);
        }
        expect(d.n).toBe(c.n);
      });
    }
  });
});

describe('kaplanMeier vs R survfit (golden)', () => {
  for (const gc of cases) {
    it(`${gc.id}: survfit(${gc.formula}${gc.weights ? `, weights = ${gc.weights}` : ''}, conf.type = '${gc.confType}', ctype = ${gc.ctype})`, () => {
      const data = loadDataset(gc.data);
      const fit = kaplanMeier(gc.formula, data, {
        confType: gc.confType, confLevel: gc.confLevel, ctype: gc.ctype, ...(gc.weights ? { weights: gc.weights } : {}),
      });
      expect(fit.logse).toBe(gc.logse);
      expect(fit.greenwood).toBe(gc.weights !== 'wfrac');
      expect(fit.labels).toEqual(gc.curves.map((c) => c.label.trim()));
      fit.curves.forEach((c, k) => {
        const r = gc.curves[k]!;
        const w = `${gc.id} ${r.label}`;
        expectClose(c.time, r.time, 0, `${w} time`);
        expectClose(c.nRisk, r['n.risk'], 1e-12, `${w} nRisk`);
        expectClose(c.nEvent, r['n.event'], 1e-12, `${w} nEvent`);
        expectClose(c.nCensor, r['n.censor'], 1e-12, `${w} nCensor`);
        expectClose(c.surv, r.surv, SURV_TOL, `${w} surv`);
        expectClose(c.cumhaz, r.cumhaz, SURV_TOL, `${w} cumhaz`);
        expectClose(c.stdErrCumhaz, r['std.chaz'], SE_TOL, `${w} std.chaz`);
        expectClose(gc.logse ? c.stdErrLogSurv : c.stdErrSurv, r['std.err'], SE_TOL, `${w} std.err`);
        if (r.lower) {
          expectClose(c.lower, r.lower, SURV_TOL, `${w} lower`);
          expectClose(c.upper, r.upper!, SURV_TOL, `${w} upper`);
        } else {
          expect(c.lower.every(Number.isNaN)).toBe(true);
        }
      });
      const compareSummary = (got: ReturnType<typeof fit.summary>, want: GoldCurve[], tag: string): void => {
        const byLabel = new Map(want.map((s) => [s.label.trim(), s]));
        for (const g of got) {
          const r = byLabel.get(g.label);
          if (!r) {
            expect(g.table.time.length, `${tag} ${g.label}: R has no rows`).toBe(0);
            continue;
          }
          const w = `${gc.id} ${tag} ${g.label}`;
          expectClose(g.table.time, r.time, 0, `${w} time`);
          expectClose(g.table.nRisk, r['n.risk'], 1e-12, `${w} nRisk`);
          expectClose(g.table.nEvent, r['n.event'], 1e-12, `${w} nEvent`);
          expectClose(g.table.nCensor, r['n.censor'], 1e-12, `${w} nCensor`);
          expectClose(g.table.surv, r.surv, SURV_TOL, `${w} surv`);
          expectClose(g.table.stdErr, r['std.err'], SE_TOL, `${w} std.err`);
          if (r.lower) {
            expectClose(g.table.lower, r.lower, SURV_TOL, `${w} lower`);
            expectClose(g.table.upper, r.upper!, SURV_TOL, `${w} upper`);
          }
        }
      };
      compareSummary(fit.summary(), gc.summary, 'summary');
      if (gc.times) {
        compareSummary(fit.summary({ times: gc.times }), gc.summaryTimes!, 'summary(times)');
        compareSummary(fit.summary({ times: gc.times, extend: true }), gc.summaryTimesExtend!, 'summary(times, extend)');
        const atRisk = fit.atRisk(gc.times);
        const ext = new Map(gc.summaryTimesExtend!.map((s) => [s.label.trim(), s]));
        for (const a of atRisk) expectClose(a.nRisk, ext.get(a.label)!['n.risk'], 1e-12, `${gc.id} atRisk`);
      }
      if (gc.medians) {
        const med = fit.medians();
        gc.medians.forEach((m, k) => {
          expect(med[k]!.label).toBe(m.label.trim());
          expect(med[k]!.median).toBe(m.median);
          expect(med[k]!.lower).toBe(m.lcl);
          expect(med[k]!.upper).toBe(m.ucl);
          expect(fit.curves[k]!.n).toBe(m.records);
        });
        const j = fit.toJSON();
        j.strata.forEach((s, k) => {
          expect(s.events).toBeCloseTo(gc.medians![k]!.events, 9);
          expect(s.median).toBe(gc.medians![k]!.median);
        });
      }
    });
  }
});
