/**
 * Golden comparison with R 4.2.2 / survival 3.5-3: test/golden/design.R writes
 * test/golden/design.json (model.frame + model.matrix, treatment contrasts).
 * Column names, assign, row counts, row indices, strata and integer-valued
 * first-row entries compare exactly; other first-row values (log, sqrt) with
 * relative tolerance 1e-14 (jsonlite `digits = NA` writes 15 significant
 * digits); column sums with relative tolerance 1e-12 (summation order).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModelFrame } from '../../../models/design/model-frame.js';
import type { ColumnTable, FactorOptions } from '../../../models/design/types.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

interface GoldenCase {
  dataset: string;
  formula: string;
  nrow: number;
  nDropped: number;
  rowIndexFirst: number[];
  columnNames: string[];
  assign: number[];
  firstRows: number[][];
  colSums: number[];
  timeFirst?: number[];
  statusFirst?: number[];
  statusSum?: number;
  yFirst?: number[];
  ySum?: number;
  factors?: Record<string, FactorOptions>;
  strataLabels?: string[];
  strataFirst?: number[];
  strataCounts?: number[];
}

const golden = JSON.parse(readFileSync('test/golden/design.json', 'utf8')) as { cases: GoldenCase[] };
const data: Record<string, ColumnTable> = {};
const load = (name: string): ColumnTable => (data[name] ??= readCsvColumns(`datasets/${name}.csv`));

describe('buildModelFrame matches R model.matrix on 60 random formulas over colon', () => {
  const designs = (golden as unknown as { designs: { formula: string; nrow: number; columnNames: string[]; assign: number[]; colSums: number[] }[] }).designs;
  it('has the cases', () => {
    expect(designs.length).toBe(60);
  });
  for (const c of designs) {
    it(c.formula, () => {
      const frame = buildModelFrame(c.formula, load('colon'));
      expect(frame.n).toBe(c.nrow);
      expect(frame.columnNames).toEqual(c.columnNames);
      expect(frame.assign).toEqual(c.assign);
      frame.x.forEach((col, j) => {
        let s = 0;
        for (const v of col) s += v;
        const want = c.colSums[j]!;
        expect(Math.abs(s - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
      });
    });
  }
});

describe('buildModelFrame matches R model.frame + model.matrix', () => {
  it('has the cases', () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(10);
  });
  for (const c of golden.cases) {
    it(`${c.dataset}: ${c.formula}`, () => {
      const frame = buildModelFrame(c.formula, load(c.dataset), c.factors ? { factors: c.factors } : {});
      expect(frame.n).toBe(c.nrow);
      expect(frame.nDropped).toBe(c.nDropped);
      expect(Array.from(frame.rowIndex.subarray(0, c.rowIndexFirst.length))).toEqual(c.rowIndexFirst);
      expect(frame.columnNames).toEqual(c.columnNames);
      expect(frame.assign).toEqual(c.assign);
      c.firstRows.forEach((row, i) => {
        const got = frame.x.map((col) => col[i]!);
        expect(got.length).toBe(row.length);
        row.forEach((want, j) => {
          if (Number.isInteger(want)) expect(got[j]).toBe(want);
          else expect(Math.abs(got[j]! - want)).toBeLessThanOrEqual(1e-14 * Math.abs(want));
        });
      });
      frame.x.forEach((col, j) => {
        let s = 0;
        for (const v of col) s += v;
        const want = c.colSums[j]!;
        expect(Math.abs(s - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
      });
      if (c.timeFirst) {
        expect(Array.from(frame.time!.subarray(0, c.timeFirst.length))).toEqual(c.timeFirst);
        expect(Array.from(frame.status!.subarray(0, c.statusFirst!.length))).toEqual(c.statusFirst);
        expect(frame.status!.reduce((a, b) => a + b, 0)).toBe(c.statusSum);
        expect(frame.y).toBeNull();
      } else {
        expect(Array.from(frame.y!.subarray(0, c.yFirst!.length))).toEqual(c.yFirst);
        expect(frame.y!.reduce((a, b) => a + b, 0)).toBe(c.ySum);
        expect(frame.time).toBeNull();
      }
      if (c.strataLabels) {
        expect(frame.strataLabels).toEqual(c.strataLabels);
        expect(Array.from(frame.strata!.subarray(0, c.strataFirst!.length))).toEqual(c.strataFirst);
        const counts = new Array<number>(frame.strataLabels.length).fill(0);
        for (const s of frame.strata!) counts[s]!++;
        expect(counts).toEqual(c.strataCounts);
      } else {
        expect(frame.strata).toBeNull();
      }
      if (c.nDropped > 0) {
        const unit = c.nDropped === 1 ? 'observation' : 'observations';
        expect(frame.warnings).toContain(`${c.nDropped} ${unit} deleted due to missingness`);
      } else {
        expect(frame.warnings).toEqual([]);
      }
    });
  }
});
