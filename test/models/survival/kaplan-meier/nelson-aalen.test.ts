/**
 * Nelson-Aalen / Fleming-Harrington cumulative hazard: hand-worked ties and the
 * golden survfit fixture (test/golden/km.R -> km.json; R 4.2.2, survival 3.5-3),
 * tolerance 1e-6 relative for the hazard, 1e-5 for its standard error.
 */
import { describe, expect, it } from 'vitest';
import { nelsonAalen } from '../../../../models/survival/kaplan-meier/nelson-aalen.js';
import { cumulativeHazardFromCounts } from '../../../../models/survival/kaplan-meier/nelson-aalen-fit.js';
import { expectClose, loadDataset, readJson } from './km-golden-helpers.js';

interface GoldCase {
  id: string; data: string; formula: string; ctype: 1 | 2; weights: string | null;
  curves: { label: string; time: number[]; cumhaz: number[]; 'std.chaz': (number | null)[] }[];
}

describe('cumulativeHazardFromCounts: hand-worked ties', () => {
  // n = 5 at risk, 2 tied events; then n = 3, 1 event.
  // ctype 1: 2/5, + 1/3; variance 2/25, + 1/9
  // ctype 2: 1/5 + 1/4, + 1/3; variance 1/25 + 1/16, + 1/9
  const n = new Float64Array([5, 3]);
  const d = new Float64Array([2, 1]);
  it('Nelson-Aalen', () => {
    const h = cumulativeHazardFromCounts(n, d, d, 1);
    expectClose(h.cumhaz, [2 / 5, 2 / 5 + 1 / 3], 1e-15, 'H1');
    expectClose(h.stdErr, [Math.sqrt(2 / 25), Math.sqrt(2 / 25 + 1 / 9)], 1e-15, 'se1');
  });
  it('Fleming-Harrington', () => {
    const h = cumulativeHazardFromCounts(n, d, d, 2);
    expectClose(h.cumhaz, [1 / 5 + 1 / 4, 1 / 5 + 1 / 4 + 1 / 3], 1e-15, 'H2');
    expectClose(h.stdErr, [Math.sqrt(1 / 25 + 1 / 16), Math.sqrt(1 / 25 + 1 / 16 + 1 / 9)], 1e-15, 'se2');
  });
  it('a time whose events all have weight 0 adds nothing', () => {
    const h = cumulativeHazardFromCounts(new Float64Array([4]), new Float64Array([0]), new Float64Array([1]), 1);
    expect(h.cumhaz[0]).toBe(0);
  });
});

describe('nelsonAalen vs R survfit cumhaz (golden)', () => {
  const cases = readJson<GoldCase[]>('test/golden/km.json').filter((c) => ['lung-sex-log', 'lung-ctype2', 'lung-wint', 'lung-wfrac', 'lung-ecog-ctype2-wfrac', 'heart-counting-1', 'gbsg-grade'].includes(c.id));
  expect(cases.length).toBe(7);
  for (const gc of cases) {
    it(`${gc.id}: survfit(${gc.formula}, ctype = ${gc.ctype})$cumhaz`, () => {
      const r = nelsonAalen(gc.formula, loadDataset(gc.data), { ctype: gc.ctype, ...(gc.weights ? { weights: gc.weights } : {}) });
      expect(r.curves.map((c) => c.label)).toEqual(gc.curves.map((c) => c.label.trim()));
      r.curves.forEach((c, k) => {
        const g = gc.curves[k]!;
        expectClose(c.time, g.time, 0, `${gc.id} time`);
        expectClose(c.cumhaz, g.cumhaz, 1e-6, `${gc.id} cumhaz`);
        expectClose(c.stdErr, g['std.chaz'], 1e-5, `${gc.id} std.chaz`);
      });
    });
  }
});
