/** cvCurveFigure: cv.glmnet-style curve from plain arrays and from a real cvCoxnet result. */
import { describe, expect, it } from 'vitest';
import { cvCurveFigure } from '../../charts/cv-curve-figure.js';
import { cvCoxnet } from '../../models/risk/cv-coxnet.js';
import { UsageError } from '../../util/errors.js';
import { readCsvColumns } from '../helpers/read-csv.js';
import { byRole, deepFreeze, expectJsonRoundTrip } from './helpers.js';

describe('cvCurveFigure', () => {
  const input = deepFreeze({
    lambda: [0.4, 0.2, 0.1, 0.05],
    cvm: [13.0, 12.6, 12.4, 12.5],
    cvsd: [0.3, 0.25, 0.2, 0.22],
    nzero: [0, 2, 4, 6],
    lambdaMin: 0.1,
    lambda1se: 0.2,
  });

  it('mean CV measure against log(lambda) with ±1 SE bars, lines at lambda.min and lambda.1se, nzero on top and in hover', () => {
    const spec = cvCurveFigure(input);
    const [curve] = byRole(spec, 'cv-mean');
    expect(curve!.x).toEqual(input.lambda.map(Math.log));
    expect(curve!.y).toEqual([13.0, 12.6, 12.4, 12.5]);
    expect(curve!.error_y!.array).toEqual([0.3, 0.25, 0.2, 0.22]);
    expect(curve!.error_y!.symmetric).toBe(true);
    expect((curve!.text as string[])[1]).toContain('non-zero coefficients: 2');
    expect((curve!.text as string[])[2]).toContain('12.4 ± 0.2');
    const lines = spec.layout.shapes!.filter((s) => s.xref === 'x');
    expect(lines.map((s) => s.x0)).toEqual([Math.log(0.1), Math.log(0.2)]);
    expect(spec.layout.annotations!.map((a) => a.text)).toEqual(['λ.min = 0.1', 'λ.1se = 0.2']);
    expect(spec.layout.xaxis2?.side).toBe('top');
    expect(spec.layout.xaxis2?.matches).toBe('x');
    expect(spec.layout.xaxis2?.ticktext).toEqual(['0', '2', '4', '6']);
    expect(byRole(spec, 'nzero-axis')[0]!.xaxis).toBe('x2');
    expect(spec.layout.xaxis?.title?.text).toBe('log(λ)');
    expect(spec.layout.yaxis?.title?.text).toBe('Partial likelihood deviance');
    expect(spec.meta).toMatchObject({ kind: 'cv-curve', lambdaMin: 0.1, lambda1se: 0.2 });
    expectJsonRoundTrip(spec);
  });

  it('measure name, options off, fewer top ticks', () => {
    const spec = cvCurveFigure({ ...input, measure: 'C-index' }, { errorBars: false, lambdaLines: false, nzeroTicks: 2, title: 'CV' });
    expect(spec.layout.yaxis?.title?.text).toBe('C-index');
    expect(byRole(spec, 'cv-mean')[0]!.error_y).toBeUndefined();
    expect(spec.layout.shapes).toBeUndefined();
    expect(spec.layout.xaxis2?.ticktext).toEqual(['0', '4']);
    expect(spec.layout.title?.text).toBe('CV');
    const bare = cvCurveFigure(input, { nzeroAxis: false });
    expect(bare.layout.xaxis2).toBeUndefined();
    expect(bare.data).toHaveLength(1);
  });

  it('rejects bad input naming the field', () => {
    expect(() => cvCurveFigure({ ...input, cvm: [1, 2] })).toThrow(/'cvm' has 2 values for 4/);
    expect(() => cvCurveFigure({ ...input, lambda: [0.4, 0, 0.1, 0.05] })).toThrow(/'lambda' must be positive/);
    expect(() => cvCurveFigure({ ...input, lambdaMin: NaN })).toThrow(/lambdaMin/);
    expect(() => cvCurveFigure({ ...input, lambda: [], cvm: [], cvsd: [], nzero: [] })).toThrow(UsageError);
    expect(() => cvCurveFigure(input, { nzeroTicks: 0 })).toThrow(UsageError);
  });

  it('takes a cvCoxnet result as is (typed arrays), without modifying it', () => {
    const d = readCsvColumns('datasets/gbsg.csv');
    const x = ['age', 'size', 'nodes', 'pgr', 'er'].map((k) => d[k] as Float64Array);
    const cv = cvCoxnet({ x, time: d['rfstime'] as Float64Array, status: d['status'] as Float64Array }, { nfolds: 3, seed: 7, nlambda: 20 });
    const before = JSON.stringify([Array.from(cv.lambda), Array.from(cv.cvm), Array.from(cv.cvsd), Array.from(cv.nzero)]);
    const spec = cvCurveFigure(cv);
    expect(JSON.stringify([Array.from(cv.lambda), Array.from(cv.cvm), Array.from(cv.cvsd), Array.from(cv.nzero)])).toBe(before);
    const [curve] = byRole(spec, 'cv-mean');
    expect(curve!.x).toHaveLength(cv.lambda.length);
    expect(curve!.y[cv.indexMin]).toBe(cv.cvm[cv.indexMin]);
    expect(Math.min(...(curve!.y as number[]))).toBe(cv.cvm[cv.indexMin]);
    expect(spec.layout.shapes![0]!.x0).toBeCloseTo(Math.log(cv.lambdaMin), 12);
    expectJsonRoundTrip(spec);
  });
});
