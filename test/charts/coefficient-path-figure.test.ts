/** coefficientPathFigure: one line per term against log(lambda) or L1 norm, chosen-lambda line, end labels. */
import { describe, expect, it } from 'vitest';
import { coefficientPathFigure } from '../../charts/coefficient-path-figure.js';
import { coxnetFormula } from '../../models/risk/coxnet-formula.js';
import { UsageError } from '../../util/errors.js';
import { readCsvColumns } from '../helpers/read-csv.js';
import { byRole, deepFreeze, expectJsonRoundTrip } from './helpers.js';

describe('coefficientPathFigure', () => {
  const input = deepFreeze({
    lambda: [0.4, 0.2, 0.1],
    beta: [
      [0, 0, 0],
      [0.1, 0, -0.05],
      [0.3, 0.02, -0.2],
    ],
    names: ['nodes', 'age', 'pgr'],
  });

  it('one path per term against log(lambda); labels the largest at the smallest lambda (left end)', () => {
    const spec = coefficientPathFigure(input, { labelTop: 2 });
    const paths = byRole(spec, 'path');
    expect(paths.map((t) => t.name)).toEqual(['nodes', 'age', 'pgr']);
    expect(paths[0]!.x).toEqual([Math.log(0.4), Math.log(0.2), Math.log(0.1)]);
    expect(paths[2]!.y).toEqual([0, -0.05, -0.2]);
    expect(paths[0]!.line!.color).not.toBe(paths[1]!.line!.color);
    expect((paths[2]!.text as string[])[2]).toContain('coefficient = -0.2');
    expect(spec.meta?.labelled).toEqual(['nodes', 'pgr']);
    expect(spec.meta?.nonZero).toEqual(['nodes', 'pgr', 'age']);
    const labels = spec.layout.annotations!;
    expect(labels.map((a) => a.text)).toEqual(['nodes', 'pgr']);
    expect(labels[0]!.x).toBe(Math.log(0.1));
    expect(labels[0]!.y).toBe(0.3);
    expect(labels[0]!.xanchor).toBe('right');
    expect(spec.layout.xaxis?.title?.text).toBe('log(λ)');
    expect(spec.layout.shapes).toHaveLength(1); // the zero line only
    expectJsonRoundTrip(spec);
  });

  it('L1-norm axis, labels on the right, chosen lambda line interpolated in lambda', () => {
    const spec = coefficientPathFigure(input, { xvar: 'l1-norm', lambda: 0.15, lambdaLabel: 'λ.1se' });
    expect(byRole(spec, 'path')[0]!.x).toEqual([0, 0.15000000000000002, 0.52]);
    // halfway between lambda 0.2 and 0.1: coefficients (0.2, 0.01, -0.125), L1 = 0.335
    expect(spec.meta?.lambdaX).toBeCloseTo(0.335, 12);
    const line = spec.layout.shapes!.find((s) => s.xref === 'x')!;
    expect(line.x0).toBeCloseTo(0.335, 12);
    expect(spec.layout.annotations!.find((a) => a.text === 'λ.1se')).toBeDefined();
    expect(spec.layout.annotations![0]!.xanchor).toBe('left');
    expect(spec.layout.xaxis?.title?.text).toBe('L1 norm');
    const logSpec = coefficientPathFigure(input, { lambda: 0.15 });
    expect(logSpec.layout.shapes!.find((s) => s.xref === 'x')!.x0).toBeCloseTo(Math.log(0.15), 12);
    expect(coefficientPathFigure(input, { labelTop: 0 }).layout.annotations).toBeUndefined();
  });

  it('rejects bad input naming the field', () => {
    expect(() => coefficientPathFigure({ ...input, beta: input.beta.slice(0, 2) })).toThrow(/'beta' has 2 vectors for 3/);
    expect(() => coefficientPathFigure({ ...input, beta: [[0, 0], [0, 0], [0, 0]] })).toThrow(/'beta\[0\]' has 2 values for 3 names/);
    expect(() => coefficientPathFigure({ ...input, lambda: [0.4, -1, 0.1] })).toThrow(/'lambda' must be positive/);
    expect(() => coefficientPathFigure(input, { xvar: 'norm' as 'l1-norm' })).toThrow(UsageError);
    expect(() => coefficientPathFigure(input, { lambda: 0 })).toThrow(UsageError);
    expect(() => coefficientPathFigure({ lambda: [], beta: [], names: ['a'] })).toThrow(UsageError);
  });

  it('draws a coxnet fit (typed arrays) without modifying it', () => {
    const gbsg = readCsvColumns('datasets/gbsg.csv');
    const { fit } = coxnetFormula('Surv(rfstime, status) ~ age + size + nodes + pgr + hormon', gbsg, { nlambda: 15 });
    const before = JSON.stringify(fit.beta.map((b) => Array.from(b)));
    const spec = coefficientPathFigure({ lambda: fit.lambda, beta: fit.beta, names: fit.columnNames }, { lambda: fit.lambda[5]! });
    expect(JSON.stringify(fit.beta.map((b) => Array.from(b)))).toBe(before);
    const paths = byRole(spec, 'path');
    expect(paths.map((t) => t.name)).toEqual(fit.columnNames);
    const last = fit.lambda.length - 1;
    const j = fit.columnNames.indexOf('nodes');
    expect(paths[j]!.y[last]).toBe(fit.beta[last]![j]);
    expect(paths[j]!.y[0]).toBe(0);
    expectJsonRoundTrip(spec);
  });
});
