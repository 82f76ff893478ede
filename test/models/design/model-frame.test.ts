import { describe, expect, it } from 'vitest';
import { DataValidationError, FormulaError, UnknownColumnError, UsageError } from '../../../util/errors.js';
import { buildModelFrame } from '../../../models/design/model-frame.js';
import { parseFormula } from '../../../models/design/formula.js';
import type { ColumnTable } from '../../../models/design/types.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

const f64 = (...v: number[]): Float64Array => Float64Array.from(v);
const arr = (a: Float64Array | Int32Array | null): number[] => Array.from(a ?? []);

/** A small hand-made table: 6 rows. */
function small(): ColumnTable {
  return {
    time: f64(5, 8, 3, 4, 6, 9),
    status: f64(2, 1, 2, 2, 1, 2),
    age: f64(61, 54, 70, NaN, 50, 66),
    sex: ['female', 'male', 'female', 'male', 'male', null],
    grade: f64(1, 2, 10, 1, 2, 10),
    g: ['II', 'I', 'III', 'I', 'II', 'III'],
    w: f64(1, 2, 1, 1, 0.5, 1),
    id: f64(7, 3, 7, 3, 9, 9),
  };
}

describe('buildModelFrame: factors and contrasts', () => {
  it('codes a string column with treatment contrasts, levels in code-point order', () => {
    const fr = buildModelFrame('Surv(time, status) ~ g', small());
    expect(fr.columnNames).toEqual(['gII', 'gIII']);
    expect(fr.levels).toEqual({ g: ['I', 'II', 'III'] });
    expect(arr(fr.x[0]!)).toEqual([1, 0, 0, 0, 1, 0]);
    expect(arr(fr.x[1]!)).toEqual([0, 0, 1, 0, 0, 1]);
    expect(fr.assign).toEqual([0, 0]);
    expect(fr.nDropped).toBe(0);
    expect(fr.warnings).toEqual([]);
  });
  it('sorts factor() of a numeric column numerically and names columns as R', () => {
    const fr = buildModelFrame('Surv(time, status) ~ factor(grade)', small());
    expect(fr.columnNames).toEqual(['factor(grade)2', 'factor(grade)10']);
    expect(fr.levels.grade).toEqual(['1', '2', '10']);
  });
  it('orders upper case before lower case (code points)', () => {
    const fr = buildModelFrame('y ~ s', { y: f64(1, 2, 3), s: ['b', 'B', 'a'] });
    expect(fr.levels.s).toEqual(['B', 'a', 'b']);
    expect(fr.columnNames).toEqual(['sa', 'sb']);
  });
  it('keeps only levels present in the used rows', () => {
    const fr = buildModelFrame('y ~ g', { y: f64(1, 2, NaN, 4, 5, NaN), g: ['II', 'I', 'III', 'I', 'II', 'III'] });
    expect(fr.levels.g).toEqual(['I', 'II']);
    expect(fr.columnNames).toEqual(['gII']);
    expect(fr.nDropped).toBe(2);
  });
  it('honours reference and explicit levels', () => {
    const ref = buildModelFrame('Surv(time, status) ~ g', small(), { factors: { g: { reference: 'III' } } });
    expect(ref.columnNames).toEqual(['gI', 'gII']);
    expect(ref.levels.g).toEqual(['III', 'I', 'II']);
    const lev = buildModelFrame('Surv(time, status) ~ g', small(), { factors: { g: { levels: ['II', 'III', 'I', 'IV'] } } });
    expect(lev.columnNames).toEqual(['gIII', 'gI']);
    expect(lev.warnings).toEqual(['g: declared level IV not present in the used rows: dropped']);
    const num = buildModelFrame('Surv(time, status) ~ factor(grade)', small(), { factors: { grade: { reference: '10' } } });
    expect(num.columnNames).toEqual(['factor(grade)1', 'factor(grade)2']);
  });
  it('rejects a used value outside the declared levels, an unknown reference, a one-level factor', () => {
    expect(() => buildModelFrame('y ~ g', { y: f64(1, 2, 3), g: ['a', 'b', 'c'] }, { factors: { g: { levels: ['a', 'b'] } } })).toThrow(
      DataValidationError,
    );
    expect(() => buildModelFrame('y ~ g', { y: f64(1, 2), g: ['a', 'b'] }, { factors: { g: { reference: 'z' } } })).toThrow(UsageError);
    const data = { y: f64(1, 2, 3), g: ['a', 'a', 'b'] };
    let err: unknown;
    try {
      buildModelFrame('y ~ x + g', { ...data, x: f64(1, 2, NaN) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FormulaError);
    expect((err as FormulaError).token).toBe('g');
    expect((err as FormulaError).position).toBe(8);
    expect((err as FormulaError).message).toMatch(/only one level/);
  });
  it('uses the levels of a previous fit for new data (xlevels), keeping absent levels', () => {
    const fit = buildModelFrame('Surv(time, status) ~ age + g + factor(grade)', small(), { factors: { g: { reference: 'III' } } });
    const one = { age: f64(60), g: ['II'], grade: f64(10) };
    const fr = buildModelFrame('~ age + g + factor(grade)', one, { xlevels: fit.levels });
    expect(fr.columnNames).toEqual(fit.columnNames);
    expect(fr.x.map((c) => c[0])).toEqual([60, 0, 1, 0, 1]);
    expect(() => buildModelFrame('~ age + g', { age: f64(60), g: ['IV'] }, { xlevels: fit.levels })).toThrow(DataValidationError);
  });
  it('makes a numeric column categorical when factor options are given', () => {
    const fr = buildModelFrame('y ~ k', { y: f64(1, 2, 3), k: f64(3, 1, 2) }, { factors: { k: { reference: '2' } } });
    expect(fr.columnNames).toEqual(['k1', 'k3']);
    expect(arr(fr.x[0]!)).toEqual([0, 1, 0]);
  });
  it('formats numeric levels as R as.character()', () => {
    const fr = buildModelFrame('y ~ factor(k)', { y: f64(1, 2, 3, 4), k: f64(100000, 0.5, 1 / 3, 0.5) });
    expect(fr.levels.k).toEqual(['0.333333333333333', '0.5', '1e+05']);
  });
});

describe('buildModelFrame: interactions', () => {
  const data = (): ColumnTable => ({
    y: f64(1, 2, 3, 4, 5, 6),
    x: f64(1, 2, 3, 4, 5, 6),
    z: f64(2, 2, 2, 3, 3, 3),
    sex: ['f', 'm', 'f', 'm', 'f', 'm'],
    g: ['a', 'a', 'b', 'b', 'c', 'c'],
  });
  it('numeric:numeric is a product', () => {
    const fr = buildModelFrame('y ~ x*z', data());
    expect(fr.columnNames).toEqual(['x', 'z', 'x:z']);
    expect(arr(fr.x[2]!)).toEqual([2, 4, 6, 12, 15, 18]);
  });
  it('numeric:factor multiplies each non-reference dummy', () => {
    const fr = buildModelFrame('y ~ x + sex + x:sex', data());
    expect(fr.columnNames).toEqual(['x', 'sexm', 'x:sexm']);
    expect(arr(fr.x[2]!)).toEqual([0, 2, 0, 4, 0, 6]);
    expect(fr.assign).toEqual([0, 1, 2]);
  });
  it('factor:factor is products of dummies, first factor varying fastest', () => {
    const fr = buildModelFrame('y ~ g*sex', data());
    expect(fr.columnNames).toEqual(['gb', 'gc', 'sexm', 'gb:sexm', 'gc:sexm']);
    expect(arr(fr.x[3]!)).toEqual([0, 0, 0, 1, 0, 0]);
    expect(arr(fr.x[4]!)).toEqual([0, 0, 0, 0, 0, 1]);
  });
  it('gives full indicators when the margin is absent, as R', () => {
    const fr = buildModelFrame('y ~ x:sex', data());
    expect(fr.columnNames).toEqual(['x:sexf', 'x:sexm']);
    expect(arr(fr.x[0]!)).toEqual([1, 0, 3, 0, 5, 0]);
  });
  it('gives full indicators to the first factor without an intercept', () => {
    const fr = buildModelFrame('y ~ x + g + sex - 1', data());
    expect(fr.columnNames).toEqual(['x', 'ga', 'gb', 'gc', 'sexm']);
  });
  it('keeps contrasts with a Surv response even without an intercept, as coxph', () => {
    const d = { ...data(), t: f64(1, 2, 3, 4, 5, 6), s: f64(1, 0, 1, 0, 1, 1) };
    expect(buildModelFrame('Surv(t, s) ~ x + g - 1', d).columnNames).toEqual(['x', 'gb', 'gc']);
  });
  it('adds the intercept column on request', () => {
    const fr = buildModelFrame('y ~ x + sex', data(), { interceptColumn: true });
    expect(fr.columnNames).toEqual(['(Intercept)', 'x', 'sexm']);
    expect(fr.assign).toEqual([-1, 0, 1]);
    expect(arr(fr.x[0]!)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(fr.y && arr(fr.y)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('applies transforms', () => {
    const fr = buildModelFrame('y ~ log(x) + sqrt(z) + exp(x) + I(x^2) + I(z^3)', data());
    expect(fr.x[0]![3]).toBe(Math.log(4));
    expect(fr.x[1]![0]).toBe(Math.sqrt(2));
    expect(fr.x[2]![1]).toBe(Math.exp(2));
    expect(arr(fr.x[3]!)).toEqual([1, 4, 9, 16, 25, 36]);
    expect(fr.x[4]![5]).toBe(27);
  });
  it('rejects a numeric transform of a categorical column', () => {
    expect(() => buildModelFrame('y ~ log(sex)', data())).toThrow(FormulaError);
  });
});

describe('buildModelFrame: missing values, transforms, response', () => {
  it('drops rows with a missing value in any used column and keeps original indices', () => {
    const fr = buildModelFrame('Surv(time, status) ~ age + sex', small());
    expect(fr.n).toBe(4);
    expect(fr.nDropped).toBe(2);
    expect(arr(fr.rowIndex)).toEqual([0, 1, 2, 4]);
    expect(arr(fr.time)).toEqual([5, 8, 3, 6]);
    expect(fr.warnings).toEqual(['2 observations deleted due to missingness']);
    // unused columns with missing values do not drop rows
    expect(buildModelFrame('Surv(time, status) ~ grade', small()).nDropped).toBe(0);
  });
  it('drops rows missing in strata, cluster, offset and weights', () => {
    const d = { ...small(), s: ['a', null, 'a', 'b', 'b', 'a'], o: f64(0, 0, NaN, 0, 0, 0), ww: f64(1, 1, 1, 1, NaN, 1), c: f64(1, 1, 1, NaN, 2, 2) };
    expect(buildModelFrame('Surv(time, status) ~ grade + strata(s)', d).nDropped).toBe(1);
    expect(buildModelFrame('Surv(time, status) ~ grade + offset(o)', d).nDropped).toBe(1);
    expect(buildModelFrame('Surv(time, status) ~ grade + cluster(c)', d).nDropped).toBe(1);
    expect(buildModelFrame('Surv(time, status) ~ grade', d, { weights: 'ww' }).nDropped).toBe(1);
    const fr = buildModelFrame('Surv(time, status) ~ grade + strata(s) + offset(o) + cluster(c)', d, { weights: 'ww' });
    expect(arr(fr.rowIndex)).toEqual([0, 5]);
    expect(fr.warnings).toEqual(['4 observations deleted due to missingness']);
  });
  it('drops rows where a transform is not finite, with a warning', () => {
    const fr = buildModelFrame('y ~ log(x)', { y: f64(1, 2, 3, 4, 5), x: f64(1, 0, -2, NaN, 4) });
    expect(arr(fr.rowIndex)).toEqual([0, 4]);
    expect(fr.nDropped).toBe(3);
    expect(fr.warnings).toEqual(['3 observations deleted due to missingness', 'log(x) is not finite for 2 rows (log of a value <= 0): dropped']);
  });
  it("maps R's 1/2 status to 0/1 and keeps 0/1", () => {
    expect(arr(buildModelFrame('Surv(time, status) ~ grade', small()).status)).toEqual([1, 0, 1, 1, 0, 1]);
    const d = { ...small(), status: f64(1, 0, 0, 1, 1, 0) };
    expect(arr(buildModelFrame('Surv(time, status) ~ grade', d).status)).toEqual([1, 0, 0, 1, 1, 0]);
    const allOne = { ...small(), status: f64(1, 1, 1, 1, 1, 1) };
    expect(arr(buildModelFrame('Surv(time, status) ~ grade', allOne).status)).toEqual([1, 1, 1, 1, 1, 1]);
    const logical = { ...small(), status: ['TRUE', 'FALSE', 'TRUE', 'TRUE', 'FALSE', 'FALSE'] };
    expect(arr(buildModelFrame('Surv(time, status) ~ grade', logical).status)).toEqual([1, 0, 1, 1, 0, 0]);
  });
  it("rejects other codings in 'auto' mode and keeps them in 'raw' mode", () => {
    const d = { ...small(), status: f64(0, 1, 2, 0, 2, 1) };
    expect(() => buildModelFrame('Surv(time, status) ~ grade', d)).toThrow(DataValidationError);
    try {
      buildModelFrame('Surv(time, status) ~ grade', d);
    } catch (e) {
      expect((e as DataValidationError).issues[0]).toMatchObject({ row: 3, field: 'status', value: 2 });
    }
    expect(arr(buildModelFrame('Surv(time, status) ~ grade', d, { survStatus: 'raw' }).status)).toEqual([0, 1, 2, 0, 2, 1]);
  });
  it('reads counting-process data and rejects start >= stop naming the row', () => {
    const d = { t0: f64(0, 0, 5, 2), t1: f64(5, 3, 8, 6), e: f64(0, 1, 1, 0), x: f64(1, 2, 3, 4) };
    const fr = buildModelFrame('Surv(t0, t1, e) ~ x', d);
    expect(arr(fr.start)).toEqual([0, 0, 5, 2]);
    expect(arr(fr.time)).toEqual([5, 3, 8, 6]);
    const bad = { ...d, t0: f64(0, 3, 5, 6) };
    let err: unknown;
    try {
      buildModelFrame('Surv(t0, t1, e) ~ x', bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataValidationError);
    expect((err as DataValidationError).issues.map((i) => i.row)).toEqual([2, 4]);
    expect((err as DataValidationError).issues[0]!.field).toBe('t1');
  });
  it('warns when no row is left', () => {
    const fr = buildModelFrame('y ~ x', { y: f64(1, NaN), x: f64(NaN, 2) });
    expect(fr.n).toBe(0);
    expect(fr.warnings).toEqual(['2 observations deleted due to missingness', 'No (non-missing) observations left']);
  });
  it('allows time <= 0 (models decide)', () => {
    const d = { ...small(), time: f64(0, -1, 3, 4, 6, 9) };
    expect(buildModelFrame('Surv(time, status) ~ grade', d).n).toBe(6);
  });
});

describe('buildModelFrame: strata, cluster, offset, weights', () => {
  it('labels one stratum variable as R', () => {
    const fr = buildModelFrame('Surv(time, status) ~ grade + strata(g)', small());
    expect(fr.strataLabels).toEqual(['g=I', 'g=II', 'g=III']);
    expect(arr(fr.strata)).toEqual([1, 0, 2, 0, 1, 2]);
  });
  it('crosses strata with the first variable slowest, keeping occurring combinations', () => {
    const d = { ...small(), a: f64(2, 1, 2, 1, 3, 3), b: ['x', 'x', 'y', 'y', 'x', 'x'] };
    const fr = buildModelFrame('Surv(time, status) ~ grade + strata(a, b)', d);
    expect(fr.strataLabels).toEqual(['a=1, b=x', 'a=1, b=y', 'a=2, b=x', 'a=2, b=y', 'a=3, b=x']);
    expect(arr(fr.strata)).toEqual([2, 0, 3, 1, 4, 4]);
  });
  it('indexes clusters in sorted order; passes offset and weights through', () => {
    const fr = buildModelFrame('Surv(time, status) ~ grade + cluster(id) + offset(w)', small(), { weights: 'w' });
    expect(arr(fr.cluster)).toEqual([1, 0, 1, 0, 2, 2]);
    expect(arr(fr.offset)).toEqual([1, 2, 1, 1, 0.5, 1]);
    expect(arr(fr.weights)).toEqual([1, 2, 1, 1, 0.5, 1]);
    const arrW = buildModelFrame('Surv(time, status) ~ grade', small(), { weights: f64(1, 1, 2, 2, 3, 3) });
    expect(arr(arrW.weights)).toEqual([1, 1, 2, 2, 3, 3]);
  });
  it('rejects negative weights naming the row, and a weights array of the wrong length', () => {
    let err: unknown;
    try {
      buildModelFrame('Surv(time, status) ~ grade', small(), { weights: f64(1, 1, -2, 1, 1, 1) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataValidationError);
    expect((err as DataValidationError).issues[0]).toMatchObject({ row: 3, value: -2 });
    expect(() => buildModelFrame('Surv(time, status) ~ grade', small(), { weights: f64(1, 2) })).toThrow(UsageError);
  });
  it('without strata, cluster, offset, weights those are null', () => {
    const fr = buildModelFrame('Surv(time, status) ~ grade', small());
    expect([fr.strata, fr.cluster, fr.offset, fr.weights, fr.start, fr.y]).toEqual([null, null, null, null, null, null]);
    expect(fr.strataLabels).toEqual([]);
  });
});

describe('buildModelFrame: errors and purity', () => {
  it('names an unknown column', () => {
    expect(() => buildModelFrame('Surv(time, status) ~ nope', small())).toThrow(UnknownColumnError);
    expect(() => buildModelFrame('Surv(time, status) ~ grade + strata(nope)', small())).toThrow(/Unrecognized column: nope/);
  });
  it('rejects columns of different lengths, a string time, a bad survStatus', () => {
    expect(() => buildModelFrame('y ~ x', { y: f64(1, 2), x: f64(1, 2, 3) })).toThrow(UsageError);
    expect(() => buildModelFrame('Surv(sex, status) ~ grade', small())).toThrow(FormulaError);
    expect(() => buildModelFrame('Surv(time, status) ~ grade', small(), { survStatus: 'x' as 'raw' })).toThrow(UsageError);
  });
  it('accepts a parsed Formula and does not mutate its inputs', () => {
    const data = small();
    const copies = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Array.from<number | string | null>(v)]));
    const formula = parseFormula('Surv(time, status) ~ age * sex + factor(grade) + strata(g)');
    const before = JSON.stringify(formula);
    const fr = buildModelFrame(formula, Object.freeze(data));
    expect(fr.formula).toBe(formula);
    expect(JSON.stringify(formula)).toBe(before);
    for (const [k, v] of Object.entries(data)) expect(Array.from<number | string | null>(v)).toEqual(copies[k]);
    fr.x[0]![0] = 999;
    expect(data.age![0]).toBe(61);
  });
});

describe('buildModelFrame on public datasets', () => {
  it('lung: Surv(time, status) ~ age + ph.ecog + wt.loss drops 15 rows, as R (213 used)', () => {
    const fr = buildModelFrame('Surv(time, status) ~ age + ph.ecog + wt.loss', readCsvColumns('datasets/lung.csv'));
    expect(fr.n).toBe(213);
    expect(fr.nDropped).toBe(15);
    expect(fr.warnings).toEqual(['15 observations deleted due to missingness']);
    expect(arr(fr.status).every((s) => s === 0 || s === 1)).toBe(true);
  });
  it('gbsg: no missing values; factor(grade) and strata(hormon)', () => {
    const fr = buildModelFrame('Surv(rfstime, status) ~ age + factor(grade) + strata(hormon)', readCsvColumns('datasets/gbsg.csv'));
    expect(fr.n).toBe(686);
    expect(fr.columnNames).toEqual(['age', 'factor(grade)2', 'factor(grade)3']);
    expect(fr.strataLabels).toEqual(['hormon=0', 'hormon=1']);
    expect(arr(fr.status).reduce((a, b) => a + b, 0)).toBe(299);
  });
});

describe('buildModelFrame performance', () => {
  it('builds 10^6 rows x 10 numeric columns (speed is measured in bench/, not here)', () => {
    const n = 1_000_000;
    const data: Record<string, Float64Array> = { time: new Float64Array(n), status: new Float64Array(n) };
    const names: string[] = [];
    for (let j = 0; j < 10; j++) {
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) c[i] = (i * (j + 3)) % 101;
      data[`x${j}`] = c;
      names.push(`x${j}`);
    }
    for (let i = 0; i < n; i++) {
      data.time![i] = 1 + (i % 997);
      data.status![i] = i % 3 === 0 ? 1 : 0;
    }
    data.x3![17] = NaN;
    const formula = `Surv(time, status) ~ ${names.join(' + ')}`;
    const fr = buildModelFrame(formula, data);
    expect(fr.n).toBe(n - 1);
    expect(fr.x.length).toBe(10);
    expect(fr.rowIndex[17]).toBe(18);
    expect(fr.x[3]![17]).toBe(data.x3![18]);
  });
});
