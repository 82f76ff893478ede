/**
 * tmerge row by row against R survival 3.5-3 (fixture written by
 * test/golden/tmerge.R: the vignette's pbc and cgd examples, hand-made edge
 * cases, a seeded marker data set), and time-dependent coxph on the rows.
 * Tolerances: ids, times, values and tcount exactly; Cox coefficients,
 * standard errors (naive and robust) and log-likelihoods 1e-8 relative.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ColumnTable } from '../../../../models/design/types.js';
import { coxph } from '../../../../models/survival/cox/cox.js';
import { tmerge, tmergeBase, tmergeColumns, tmergeRowIds, type TmergeData, type TmergeKind, type TmergeOptions, type TmergeValues } from '../../../../models/survival/counting-process/tmerge.js';

type Cell = number | string | null;
interface GoldenOp { name: string; kind: TmergeKind; id: (number | string)[]; time: (number | null)[]; value?: Cell[]; init?: number | string }
interface GoldenCall { ops: GoldenOp[]; options?: TmergeOptions }
interface GoldenCox { call: string; coef: number[]; names: string[]; se: number[]; robustSe?: number[]; loglik: [number, number]; n: number; nevent: number }
interface GoldenCase {
  base: { id: (number | string)[]; tstart?: number[]; tstop: number[] };
  baseColumns?: Record<string, Cell[]>;
  calls: GoldenCall[];
  expected: { id: (number | string)[]; tstart: number[]; tstop: number[]; columns: Record<string, Cell[]>; tcount: Record<string, number | string>[] };
  cox?: GoldenCox[];
}
const golden = JSON.parse(readFileSync('test/golden/tmerge.json', 'utf8')) as { cases: Record<string, GoldenCase> };

function values(v: Cell[]): TmergeValues {
  return v.some((x) => typeof x === 'string') ? (v as (string | null)[]) : Float64Array.from(v, (x) => (x === null ? NaN : (x as number)));
}
const times = (v: (number | null)[]): Float64Array => Float64Array.from(v, (x) => (x === null ? NaN : x));

function run(c: GoldenCase): TmergeData {
  let d = tmergeBase({ id: c.base.id, tstop: c.base.tstop, ...(c.base.tstart ? { tstart: c.base.tstart } : {}) });
  for (const call of c.calls) {
    d = tmerge(
      d,
      call.ops.map((o) => ({ name: o.name, kind: o.kind, id: o.id, time: times(o.time), ...(o.value ? { value: values(o.value) } : {}), ...(o.init !== undefined ? { init: o.init } : {}) })),
      call.options ?? {},
    );
  }
  return d;
}

function columnAsCells(c: Float64Array | readonly (string | null)[]): Cell[] {
  return c instanceof Float64Array ? Array.from(c, (x) => (Number.isNaN(x) ? null : x)) : [...c];
}

function near(actual: number, expected: number, rel: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

describe('tmerge equals R survival::tmerge row by row', () => {
  for (const [name, c] of Object.entries(golden.cases)) {
    it(`${name}: rows, variables and tcount`, () => {
      const d = run(c);
      const e = c.expected;
      expect(d.tstart.length).toBe(e.id.length);
      expect(tmergeRowIds(d)).toEqual(e.id);
      expect(Array.from(d.tstart)).toEqual(e.tstart);
      expect(Array.from(d.tstop)).toEqual(e.tstop);
      for (const [v, cells] of Object.entries(e.columns)) {
        const mine = d.variables.find((x) => x.name === v);
        expect(mine, v).toBeDefined();
        expect(columnAsCells(mine!.values), v).toEqual(cells);
      }
      expect(d.variables.map((x) => x.name).sort()).toEqual(Object.keys(e.columns).sort());
      expect(d.counts).toEqual(e.tcount);
    });
    for (const fit of c.cox ?? []) {
      it(`${name}: ${fit.call}`, () => {
        const d = run(c);
        const base: Record<string, TmergeValues> = {};
        for (const [k, v] of Object.entries(c.baseColumns ?? {})) base[k] = values(v);
        const table = tmergeColumns(d, base, { id: 'id' }) as ColumnTable;
        const formula = /coxph\((.*), \w+\)$/.exec(fit.call)?.[1] as string;
        const mine = coxph(formula, table);
        expect(mine.n).toBe(fit.n);
        expect(mine.terms.map((t) => t.term)).toEqual(fit.names);
        mine.terms.forEach((t, j) => {
          near(t.coef, fit.coef[j] as number, 1e-8, `coef ${t.term}`);
          near(t.se, fit.se[j] as number, 1e-8, `se ${t.term}`);
          if (fit.robustSe) near(t.robustSe as number, fit.robustSe[j] as number, 1e-8, `robust se ${t.term}`);
        });
        near(mine.loglik[0], fit.loglik[0], 1e-8, 'loglik null');
        near(mine.loglik[1], fit.loglik[1], 1e-8, 'loglik');
      });
    }
  }
});
