/**
 * The formula language on hand-made data: expressions in Surv() and I() with
 * R's semantics (worked by hand below), relevel()/factor(levels =), named
 * arguments, ns() knots reused for new data, and the limits that end hostile
 * formulas with a FormulaError instead of a stack overflow. R's own values
 * are in formula-language-golden.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { FormulaError } from '../../../util/errors.js';
import { MAX_FORMULA_DEPTH, MAX_FORMULA_LENGTH, MAX_INTERACTION_ORDER, MAX_TERMS, parseFormula } from '../../../models/design/formula.js';
import { buildModelFrame } from '../../../models/design/model-frame.js';
import { naturalSplineBasis, naturalSplineKnots, quantileType7 } from '../../../models/design/natural-spline.js';
import { coxph } from '../../../models/survival/cox/cox.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

const f64 = (...v: number[]): Float64Array => Float64Array.from(v);
const arr = (a: Float64Array | null): number[] => Array.from(a ?? []);

function formulaError(fn: () => unknown): FormulaError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error('no FormulaError');
}

describe('parseFormula: expressions, named arguments and R labels', () => {
  it('reads a logical status and an arithmetic time in Surv()', () => {
    const f = parseFormula('Surv(futime/365.25, ev == 2) ~ x');
    expect(f.response).toMatchObject({ kind: 'surv', time: 'futime/365.25', status: 'ev == 2' });
    const c = parseFormula('Surv(t0, t1, !(st %in% c(0, 3))) ~ x').response;
    expect(c).toMatchObject({ kind: 'surv-counting', start: 't0', stop: 't1', status: '!(st %in% c(0, 3))' });
  });
  it('labels variables as R deparses them', () => {
    const f = parseFormula(
      'y ~ I( age/10 ) + I(x-50) + I(-x) + relevel(g, ref=\'b\') + factor(s, levels=c("b","a")) + ns(age,df=3) + log(x+1) + I(x %% 2) + I(1e5*x)',
    );
    expect(f.terms.map((t) => t.label)).toEqual([
      'I(age/10)',
      'I(x - 50)',
      'I(-x)',
      'relevel(g, ref = "b")',
      'factor(s, levels = c("b", "a"))',
      'ns(age, df = 3)',
      'log(x + 1)',
      'I(x%%2)',
      'I(1e+05 * x)',
    ]);
    const v = f.terms.map((t) => t.variables[0]!);
    expect(v[3]).toMatchObject({ name: 'g', transform: 'factor', reference: 'b' });
    expect(v[4]).toMatchObject({ name: 's', transform: 'factor', levels: ['b', 'a'] });
    expect(v[5]).toMatchObject({ name: 'age', transform: 'ns', spline: { df: 3, intercept: false } });
    expect(v[0]).toMatchObject({ name: 'age', transform: 'expr', columns: ['age'] });
  });
  it('follows R precedence: -2^2 is -4, a unary minus binds looser than ^, ! looser than ==', () => {
    const d = { y: f64(1, 2, 3), x: f64(1, 2, 3) };
    const fr = buildModelFrame('y ~ I(-2^2 * x) + I(2^-1 * x) + I(x - 1 / 2 * 4)', d);
    expect(arr(fr.x[0]!)).toEqual([-4, -8, -12]);
    expect(arr(fr.x[1]!)).toEqual([0.5, 1, 1.5]);
    expect(arr(fr.x[2]!)).toEqual([-1, 0, 1]);
    const g = buildModelFrame('y ~ I(!x == 2)', d);
    expect(g.columnNames).toEqual(['I(!x == 2)TRUE']);
    expect(arr(g.x[0]!)).toEqual([1, 0, 1]);
  });
});

describe('buildModelFrame: R semantics of expressions', () => {
  const data = {
    time: f64(5, 8, 3, 4, 6, 9, 7),
    st: f64(2, 1, 2, NaN, 1, 2, 0),
    x: f64(1, NaN, 3, 4, 5, 6, 7),
    g: ['a', 'b', null, 'c', 'b', 'a', 'c'],
  };
  it('a logical status is the event indicator; NA status drops the row', () => {
    const fr = buildModelFrame('Surv(time, st == 2) ~ 1 + x', data);
    // rows 2 (x NA) and 4 (st NA) dropped
    expect(arr(fr.rowIndex as unknown as Float64Array)).toEqual([0, 2, 4, 5, 6]);
    expect(arr(fr.status)).toEqual([1, 1, 0, 1, 0]);
    // A numeric status expression goes through Surv's 1/2 rule: st - 1 is 1/0/1/0/-1 -> not 0/1 -> error
    expect(() => buildModelFrame('Surv(time, st + 1) ~ x', data)).toThrow(/status/);
  });
  it('%in% is never NA (the row stays, as FALSE); & and | are three-valued', () => {
    const fr = buildModelFrame('time ~ I(x %in% c(1, 3)) + I(x > 4 | g == "a") + I(x > 4 & g == "a")', data);
    // row 1: x NA -> %in% FALSE, x>4 NA | g=="a" FALSE -> NA: dropped; row 2: g NA, x>4 FALSE -> | NA: dropped
    expect(Array.from(fr.rowIndex)).toEqual([0, 3, 4, 5, 6]);
    expect(fr.columnNames).toEqual(['I(x %in% c(1, 3))TRUE', 'I(x > 4 | g == "a")TRUE', 'I(x > 4 & g == "a")TRUE']);
    expect(arr(fr.x[0]!)).toEqual([1, 0, 0, 0, 0]);
    expect(arr(fr.x[1]!)).toEqual([1, 0, 1, 1, 1]);
    expect(arr(fr.x[2]!)).toEqual([0, 0, 0, 1, 0]);
    // NA & FALSE is FALSE: row 1 (x NA, g "b") and row 2 (x 3, g NA) stay
    const g = buildModelFrame('time ~ I(x > 4 & g == "a")', data);
    expect(Array.from(g.rowIndex)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(arr(g.x[0]!)).toEqual([0, 0, 0, 0, 0, 1, 0]);
  });
  it('a logical variable keeps both levels (R codes logicals as FALSE/TRUE) even when one is absent', () => {
    const fr = buildModelFrame('time ~ I(time > 0)', data);
    expect(fr.columnNames).toEqual(['I(time > 0)TRUE']);
    expect(fr.levels['I(time > 0)']).toEqual(['FALSE', 'TRUE']);
  });
  it('compares numbers with strings as R (as.character text), and factor() of an expression', () => {
    const fr = buildModelFrame('time ~ I(x == "3") + factor(x > 3)', { time: f64(1, 2, 3), x: f64(3, 30, 0.5) });
    expect(arr(fr.x[0]!)).toEqual([1, 0, 0]);
    expect(fr.columnNames).toEqual(['I(x == "3")TRUE', 'factor(x > 3)TRUE']);
    expect(arr(fr.x[1]!)).toEqual([0, 1, 0]);
  });
  it('drops rows where an expression is not finite, with a warning naming it', () => {
    const fr = buildModelFrame('time ~ log(x - 3)', data);
    expect(fr.nDropped).toBe(3); // x NA (row 1, missing) + log(-2) = NaN (row 0) + log(0) = -Inf (row 2)
    expect(fr.warnings.join('\n')).toMatch(/log\(x - 3\) is not finite for 2 rows/);
  });
  it('evaluates an offset expression', () => {
    const fr = buildModelFrame('time ~ x + offset(log(time))', data);
    expect(fr.formula.offset).toBe('log(time)');
    expect(fr.offset![0]).toBeCloseTo(Math.log(5), 15);
  });
  it('rejects text in arithmetic, naming the variable', () => {
    const e = formulaError(() => buildModelFrame('time ~ I(g + 1)', data));
    expect(e.message).toMatch(/needs numbers, but g is text/);
    expect(e.token).toBe('g');
  });
});

describe('relevel() and factor(levels =) in the formula', () => {
  const d = { time: f64(1, 2, 3, 4, 5, 6), st: f64(1, 0, 1, 1, 0, 1), g: ['a', 'b', 'c', 'a', 'b', 'c'], k: f64(3, 1, 2, 3, 1, 2) };
  it('relevel(x, ref =) moves the reference first, on text and on factor()', () => {
    expect(buildModelFrame('time ~ relevel(g, ref = "b")', d).columnNames).toEqual(['relevel(g, ref = "b")a', 'relevel(g, ref = "b")c']);
    expect(buildModelFrame('time ~ relevel(factor(k), ref = "3")', d).columnNames).toEqual([
      'relevel(factor(k), ref = "3")1',
      'relevel(factor(k), ref = "3")2',
    ]);
    // ref = 2: R's index into the levels (1, 2, 3) -> level "2"
    expect(buildModelFrame('time ~ relevel(factor(k), ref = 2)', d).levels.k).toEqual(['2', '1', '3']);
  });
  it('factor(x, levels =) sets the order; a value outside the levels is a DataValidationError naming the row', () => {
    expect(buildModelFrame('time ~ factor(g, levels = c("c", "b", "a"))', d).columnNames).toEqual([
      'factor(g, levels = c("c", "b", "a"))b',
      'factor(g, levels = c("c", "b", "a"))a',
    ]);
    expect(() => buildModelFrame('time ~ factor(g, levels = c("a", "b"))', d)).toThrow(/value 'c'/);
  });
  it('the formula wins over the factors option; an unknown reference is an error', () => {
    const fr = buildModelFrame('time ~ relevel(g, ref = "c")', d, { factors: { g: { reference: 'b' } } });
    expect(fr.levels.g![0]).toBe('c');
    expect(() => buildModelFrame('time ~ relevel(g, ref = "z")', d)).toThrow(/Reference level 'z'/);
    expect(() => buildModelFrame('time ~ relevel(factor(k), ref = 9)', d)).toThrow(/ref = 9 but/);
  });
});

describe('ns(): R basis, knots kept for new data', () => {
  it('quantile type 7 as R: quantile(c(1, 2, 4, 8), c(1/3, 2/3)) = 2, 4', () => {
    expect(quantileType7(f64(1, 2, 4, 8), [1 / 3, 2 / 3])).toEqual([2, 4]);
    expect(quantileType7(f64(1, 2, 4, 8), [0.5])).toEqual([3]);
  });
  it('the basis is natural: linear beyond the boundary knots, zero second difference there', () => {
    const x = Float64Array.from({ length: 50 }, (_, i) => i);
    const k = naturalSplineKnots(x, { df: 4, intercept: false });
    expect(k.knots).toEqual([12.25, 24.5, 36.75]);
    const out = naturalSplineBasis(f64(-20, -10, 0, 49, 59, 69), k);
    for (const col of out) {
      expect(col[1]! - col[0]!).toBeCloseTo(col[2]! - col[1]!, 10); // linear left of 0
      expect(col[4]! - col[3]!).toBeCloseTo(col[5]! - col[4]!, 10); // linear right of 49
    }
  });
  it('prediction on new data reuses the fit knots (R predvars): one new row gives the fitted row value', () => {
    const lung = readCsvColumns('datasets/lung.csv');
    const fit = coxph('Surv(time, status) ~ ns(age, df = 3) + sex', lung);
    const row = fit.frame.rowIndex[10]!;
    const one = fit.predict({ age: f64((lung.age as Float64Array)[row]!), sex: f64((lung.sex as Float64Array)[row]!) });
    expect(one[0]).toBeCloseTo(fit.linearPredictors[10]!, 12);
    expect(fit.frame.splines!['ns(age, df = 3)']!.boundaryKnots).toEqual([39, 82]);
  });
});

describe('limits: hostile formulas end with a FormulaError', () => {
  it(`refuses a formula longer than ${MAX_FORMULA_LENGTH} characters`, () => {
    const e = formulaError(() => parseFormula('y ~ ' + 'x + '.repeat(5000) + 'x'));
    expect(e.message).toMatch(/Formula too long: 20005 characters/);
  });
  it('refuses 10^5 nested parentheses without a stack overflow', () => {
    expect(formulaError(() => parseFormula('y ~ ' + '('.repeat(1e5) + 'x' + ')'.repeat(1e5))).message).toMatch(/too long/);
    const deep = 'y ~ ' + '('.repeat(4000) + 'x' + ')'.repeat(4000);
    expect(deep.length).toBeLessThan(MAX_FORMULA_LENGTH);
    const e = formulaError(() => parseFormula(deep));
    expect(e.message).toMatch(new RegExp(`nested too deeply: more than ${MAX_FORMULA_DEPTH}`));
  });
  it('refuses deep nesting of calls, prefix operators and long operator chains', () => {
    expect(formulaError(() => parseFormula('y ~ ' + 'log('.repeat(1500) + 'x' + ')'.repeat(1500))).message).toMatch(/nested too deeply/);
    expect(formulaError(() => parseFormula('y ~ I(' + '-'.repeat(3000) + 'x)')).message).toMatch(/nested too deeply/);
    expect(formulaError(() => parseFormula('y ~ ' + Array(3000).fill('a').join(':'))).message).toMatch(/nested too deeply/);
    expect(formulaError(() => parseFormula('y ~ I(' + Array(3000).fill('a').join('+') + ')')).message).toMatch(/nested too deeply/);
    expect(formulaError(() => parseFormula('y ~ I(' + Array(3000).fill('a').join('^') + ')')).message).toMatch(/nested too deeply/);
  });
  it('accepts a long flat sum (1,000 terms)', () => {
    const f = parseFormula('y ~ ' + Array.from({ length: 1000 }, (_, i) => `x${i}`).join(' + '));
    expect(f.terms).toHaveLength(1000);
  });
  it(`refuses (a + b)^1e9 and caps the expansion at ${MAX_TERMS} terms`, () => {
    const e = formulaError(() => parseFormula('y ~ (a + b)^1e9'));
    expect(e.token).toBe('1e9');
    expect(e.message).toMatch(new RegExp(`at most ${MAX_INTERACTION_ORDER}`));
    // (a + b)^20 is legal and the same as (a + b)^2
    expect(parseFormula('y ~ (a + b)^20').terms.map((t) => t.label)).toEqual(['a', 'b', 'a:b']);
    const vars = Array.from({ length: 16 }, (_, i) => `v${i}`);
    expect(formulaError(() => parseFormula(`y ~ ${vars.join('*')}`)).message).toMatch(/more than 2000 terms/);
    expect(formulaError(() => parseFormula(`y ~ (${vars.join(' + ')})^16`)).message).toMatch(/more than 2000 terms/);
  });
});
