/** importanceFigure: sorted horizontal bars, intervals, |value|, top-n, zero line; a real forest's importance. */
import { describe, expect, it } from 'vitest';
import { importanceFigure } from '../../charts/importance-figure.js';
import type { PlotlyBarTrace } from '../../charts/types.js';
import { randomSurvivalForestFormula } from '../../models/risk/forest/rsf-formula.js';
import { UsageError } from '../../util/errors.js';
import { readCsvColumns } from '../helpers/read-csv.js';
import { deepFreeze, expectJsonRoundTrip } from './helpers.js';

const bars = (spec: ReturnType<typeof importanceFigure>): PlotlyBarTrace => {
  const t = spec.data[0]!;
  if (t.type !== 'bar') throw new Error('expected a bar trace');
  return t;
};

describe('importanceFigure', () => {
  const rows = deepFreeze([
    { name: 'age', value: 0.01, lower: -0.005, upper: 0.025 },
    { name: 'nodes', value: 0.06, lower: 0.04, upper: 0.08 },
    { name: 'er', value: -0.002, lower: -0.01, upper: 0.006 },
    { name: 'pgr', value: 0.03, lower: 0.01, upper: 0.05 },
  ]);

  it('bars sorted by value, largest on top; interval whiskers; non-positive bars grey; zero line', () => {
    const spec = importanceFigure(rows, { xTitle: 'Permutation importance (ΔC)' });
    const b = bars(spec);
    expect(b.orientation).toBe('h');
    expect(b.y).toEqual(['nodes', 'pgr', 'age', 'er']);
    expect(b.x).toEqual([0.06, 0.03, 0.01, -0.002]);
    expect(spec.layout.yaxis?.autorange).toBe('reversed');
    expect(b.error_x!.array[0]).toBeCloseTo(0.02, 12);
    expect(b.error_x!.arrayminus![2]).toBeCloseTo(0.015, 12);
    const colors = b.marker!.color as string[];
    expect(colors[0]).toBe(colors[1]);
    expect(colors[3]).not.toBe(colors[0]);
    expect((b.text as string[])[0]).toContain('nodes<br>value = 0.06 (0.04 to 0.08)');
    expect(spec.layout.shapes![0]!.x0).toBe(0);
    expect(spec.layout.xaxis?.title?.text).toBe('Permutation importance (ΔC)');
    expect(spec.meta?.variables).toEqual(['nodes', 'pgr', 'age', 'er']);
    expectJsonRoundTrip(spec);
  });

  it('absolute values (coefficients), top n, input order, no zero line', () => {
    const coefs = [{ name: 'a', value: -0.5, lower: -0.8, upper: -0.2 }, { name: 'b', value: 0.3, lower: -0.1, upper: 0.7 }, { name: 'c', value: 0.1 }];
    const spec = importanceFigure(coefs, { absolute: true, top: 2, zeroLine: false });
    const b = bars(spec);
    expect(b.y).toEqual(['a', 'b']);
    expect(b.x).toEqual([0.5, 0.3]);
    // |[-0.8, -0.2]| = [0.2, 0.8]; b's interval crosses 0: [0, 0.7]
    expect(b.error_x!.arrayminus![0]).toBeCloseTo(0.3, 12);
    expect(b.error_x!.array[0]).toBeCloseTo(0.3, 12);
    expect(b.error_x!.arrayminus![1]).toBeCloseTo(0.3, 12);
    expect(spec.layout.shapes).toBeUndefined();
    expect(spec.meta?.warnings).toEqual(['2 of 3 variables shown (top 2)']);
    expect(bars(importanceFigure(coefs, { order: 'input' })).y).toEqual(['a', 'b', 'c']);
  });

  it('missing values sort last and are noted; bad input named', () => {
    const spec = importanceFigure([{ name: 'x', value: NaN }, { name: 'y', value: 0.2 }]);
    expect(bars(spec).y).toEqual(['y', 'x']);
    expect(bars(spec).x).toEqual([0.2, null]);
    expect(spec.meta?.warnings).toEqual(['no importance value for: x']);
    expectJsonRoundTrip(spec);
    expect(() => importanceFigure([])).toThrow(UsageError);
    expect(() => importanceFigure([{ name: 'a', value: 1 }, { name: 'a', value: 2 }])).toThrow(/duplicate name 'a'/);
    expect(() => importanceFigure([{ name: 'a', value: 1, lower: 0 }])).toThrow(/give both lower and upper/);
    expect(() => importanceFigure(rows, { top: 0 })).toThrow(/top/);
  });

  it('draws a random survival forest permutation importance', () => {
    const gbsg = readCsvColumns('datasets/gbsg.csv');
    const { forest } = randomSurvivalForestFormula('Surv(rfstime, status) ~ age + nodes + pgr + er', gbsg, { nTrees: 10, seed: 3, minNodeSize: 20 });
    const imp = forest.importance!;
    const spec = importanceFigure(forest.featureNames.map((name, j) => ({ name, value: imp[j]! })));
    const b = bars(spec);
    const values = b.x as number[];
    expect(values).toHaveLength(4);
    for (let i = 1; i < values.length; i++) expect(values[i - 1]!).toBeGreaterThanOrEqual(values[i]!);
    expect(values[0]).toBe(Math.max(...Array.from(imp)));
  });
});
