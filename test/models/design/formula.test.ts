import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormulaError } from '../../../util/errors.js';
import { deparseName, parseFormula } from '../../../models/design/formula.js';

const labels = (text: string): string[] => parseFormula(text).terms.map((t) => t.label);

/** Catch the FormulaError thrown by parsing `text`. */
function formulaError(text: string): FormulaError {
  try {
    parseFormula(text);
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error(`no FormulaError for: ${text}`);
}

describe('parseFormula: term labels match R terms() on 30 chosen and 150 random formulas (test/golden/design.R)', () => {
  const golden = JSON.parse(readFileSync('test/golden/design.json', 'utf8')) as {
    terms: { formula: string; labels: string[]; intercept: boolean }[];
  };
  it('has the golden formulas', () => {
    expect(golden.terms.length).toBeGreaterThanOrEqual(175);
  });
  for (const g of golden.terms) {
    it(g.formula, () => {
      const f = parseFormula(g.formula);
      expect(f.terms.map((t) => t.label)).toEqual(g.labels);
      expect(f.intercept).toBe(g.intercept);
    });
  }
});

describe('parseFormula: response', () => {
  it('reads Surv(time, status)', () => {
    const f = parseFormula('Surv(time, status) ~ age');
    expect(f.response).toEqual({ kind: 'surv', time: 'time', status: 'status' });
    expect(f.text).toBe('Surv(time, status) ~ age');
  });
  it('reads Surv(start, stop, event) with backquoted names', () => {
    expect(parseFormula('Surv(tstart, `t stop`, status) ~ x').response).toEqual({
      kind: 'surv-counting',
      start: 'tstart',
      stop: 't stop',
      status: 'status',
    });
  });
  it('reads a plain variable and a one-sided formula', () => {
    expect(parseFormula('y.var ~ x').response).toEqual({ kind: 'variable', name: 'y.var' });
    expect(parseFormula('~ x').response).toBeNull();
  });
});

describe('parseFormula: variables and terms', () => {
  it('expands a*b*c in R order and builds interaction variables', () => {
    const f = parseFormula('Surv(t, s) ~ age*sex*grade');
    expect(f.terms.map((t) => t.label)).toEqual([
      'age', 'sex', 'grade', 'age:sex', 'age:grade', 'sex:grade', 'age:sex:grade',
    ]);
    expect(f.terms[6]!.variables.map((v) => v.name)).toEqual(['age', 'sex', 'grade']);
  });
  it('orders interaction variables by first appearance, not as written', () => {
    expect(labels('y ~ sex + age + age:sex')).toEqual(['sex', 'age', 'sex:age']);
    expect(labels('y ~ age:sex + sex:age')).toEqual(['age:sex']);
  });
  it('records transforms, labels and positions', () => {
    const f = parseFormula('y ~ factor(grade) + log( x ) + sqrt(x) + exp(z) + I(x ^ 2) + I(x^3) + `my var`');
    const vars = f.terms.map((t) => t.variables[0]!);
    expect(vars.map((v) => [v.name, v.transform, v.label])).toEqual([
      ['grade', 'factor', 'factor(grade)'],
      ['x', 'log', 'log(x)'],
      ['x', 'sqrt', 'sqrt(x)'],
      ['z', 'exp', 'exp(z)'],
      ['x', 'I-square', 'I(x^2)'],
      ['x', 'I-power', 'I(x^3)'],
      ['my var', 'none', '`my var`'],
    ]);
    expect(vars[4]!.power).toBe(2);
    expect(vars[5]!.power).toBe(3);
    expect(vars[0]!.position).toBe(4);
    expect(vars[6]!.position).toBe(f.text.indexOf('`my var`'));
  });
  it('accepts names with dots, underscores and digits', () => {
    expect(labels('y ~ ph.ecog + wt_loss + x2 + .hidden + a.1_b')).toEqual(['ph.ecog', 'wt_loss', 'x2', '.hidden', 'a.1_b']);
  });
  it('deparses names as R does', () => {
    expect(deparseName('age')).toBe('age');
    expect(deparseName('my var')).toBe('`my var`');
    expect(deparseName('1x')).toBe('`1x`');
    expect(deparseName('if')).toBe('`if`');
    expect(deparseName('.5a')).toBe('`.5a`');
  });
  it('treats a backquoted syntactic name as the bare name', () => {
    expect(labels('y ~ `age` + age')).toEqual(['age']);
  });
  it('groups with parentheses before * and :', () => {
    expect(labels('y ~ (a + b):c')).toEqual(['a:c', 'b:c']);
    expect(labels('y ~ (a + b)*c')).toEqual(['a', 'b', 'c', 'a:c', 'b:c']);
  });
  it('handles the intercept', () => {
    expect(parseFormula('y ~ x').intercept).toBe(true);
    expect(parseFormula('y ~ x - 1').intercept).toBe(false);
    expect(parseFormula('y ~ x + 0').intercept).toBe(false);
    expect(parseFormula('y ~ 0 + x + 1').intercept).toBe(true);
  });
});

describe('parseFormula: specials', () => {
  it('collects strata, cluster and offset apart from the terms', () => {
    const f = parseFormula('Surv(time, status) ~ age + strata(inst) + cluster(id) + offset(lexp) + sex');
    expect(f.terms.map((t) => t.label)).toEqual(['age', 'sex']);
    expect(f.strata).toEqual(['inst']);
    expect(f.cluster).toBe('id');
    expect(f.offset).toBe('lexp');
  });
  it('crosses several strata variables', () => {
    expect(parseFormula('Surv(t, s) ~ x + strata(sex, ph.ecog)').strata).toEqual(['sex', 'ph.ecog']);
    expect(parseFormula('Surv(t, s) ~ strata(a) + x + strata(b)').strata).toEqual(['a', 'b']);
  });
  it('defaults to no specials', () => {
    const f = parseFormula('Surv(t, s) ~ x');
    expect(f.strata).toEqual([]);
    expect(f.cluster).toBeNull();
    expect(f.offset).toBeNull();
  });
});

describe('parseFormula: malformed formulas name the token and its position', () => {
  const cases: [string, string, number, RegExp][] = [
    ['y ~ foo(x)', 'foo', 4, /Unknown function 'foo'/],
    ['y ~ log(x) + bar(z, w)', 'bar', 13, /Unknown function/],
    ['y ~ (a + b', '(', 4, /Unbalanced parenthesis/],
    ['y ~ a + b)', ')', 9, /Unbalanced parenthesis/],
    ['y ~ factor(a', '(', 10, /Unbalanced parenthesis/],
    ['Surv(t, s ~ x', '(', 4, /Unbalanced parenthesis/],
    ['y ~ (a + b ~ x', '(', 4, /Unbalanced parenthesis/],
    ['y ~ a + + b', '+', 8, /Empty term/],
    ['y ~ a : * b', '*', 8, /Empty term/],
    ['y ~ ()', ')', 5, /Empty term/],
    ['y ~ a + ', '+', 6, /Trailing operator/],
    ['y ~ a *', '*', 6, /Trailing operator/],
    ['y ~ (a +) + b', '+', 7, /Trailing operator/],
    ['y + x', '+', 2, /Expected '~'/],
    ['age', '<end>', 3, /Missing '~'/],
    ['', '<end>', 0, /Empty formula/],
    ['y ~ ', '~', 2, /Empty right-hand side/],
    ['y ~ a ~ b', '~', 6, /More than one '~'/],
    ['Surv(time) ~ x', 'Surv', 0, /Surv\(\) takes 2 arguments/],
    ['Surv(a, b, c, d) ~ x', 'Surv', 0, /got 4/],
    ['Surv(foo(t), s) ~ x', 'foo', 5, /Unknown function 'foo' in Surv\(\)/],
    ['Surv(futime, ev = 2) ~ x', 'ev', 13, /by position.*'ev == 2'/],
    ['y ~ I(x + paste(z))', 'paste', 10, /Unknown function 'paste'.*log10/],
    ['y ~ x + offset(e, w)', 'offset', 8, /exactly one column/],
    ['y ~ age > 60', '>', 8, /inside a call such as I\(\)/],
    ['y ~ I(a == 1 == b)', '==', 13, /cannot be chained/],
    ['y ~ I(a && b)', '&&', 8, /elementwise/],
    ['y ~ relevel(x)', 'relevel', 4, /needs the argument 'ref'/],
    ['y ~ relevel(x, ref = c("a", "b"))', 'c', 21, /one level/],
    ['y ~ factor(x, labels = c("a"))', 'labels', 14, /no argument 'labels'/],
    ['y ~ ns(x, df = 0)', '0', 15, /whole number from 1/],
    ['y ~ ns(x, df = 3, bad = 1)', 'bad', 18, /no argument 'bad'/],
    ['y ~ I(x %o% 2)', '%o%', 8, /%in%, %% and %\/%/],
    ['y ~ I(x) + "a"', '"a"', 11, /string cannot be a term/],
    ['y ~ I(2 * 3)', 'I', 4, /uses no column/],
    ['y ~ I(x + )', '+', 8, /no right-hand operand/],
    ['y ~ x + `a', '`', 8, /Unterminated/],
    ['y ~ I(x == "a)', '"', 11, /Unterminated string/],
    ['y ~ (a + b)^1e9', '1e9', 12, /positive integer.*at most 20/],
    ['y ~ pspline(x):z', 'pspline(x)', 4, /interaction/],
    ['y ~ age:strata(inst)', 'strata', 8, /interaction/],
    ['y ~ strata(inst)*age', 'strata', 4, /interaction/],
    ['y ~ x + cluster(id):z', 'cluster', 8, /interaction/],
    ['y ~ x - strata(g)', '-', 6, /cannot be removed/],
    ['y ~ x + cluster(a) + cluster(b)', 'cluster', 21, /Only one cluster/],
    ['y ~ Surv(t, s)', 'Surv', 4, /left of ~/],
    ['y ~ factor(a, b)', 'factor', 4, /exactly one argument/],
    ['y ~ log()', 'log', 4, /exactly one argument/],
    ['y ~ factor(a,)', ')', 13, /Empty argument/],
    ['y ~ a + 2', '2', 8, /only 0 or 1/],
    ['y ~ a:1', '1', 6, /Invalid term/],
    ['y ~ x^2', '^', 5, /I\(x\^2\)/],
    ['y ~ (a + b)^c', 'c', 12, /positive integer/],
    ['y ~ a $ b', '$', 6, /Unexpected character/],
    ['y ~ `open', '`', 4, /Unterminated/],
    ['y ~ 2x', '2x', 4, /cannot start with a digit/],
    ['y ~ a b', 'b', 6, /Unexpected token/],
    ['y ~ a, b', ',', 5, /Unexpected token/],
    ['log(y) ~ x', 'log', 0, /response must be/],
    ['y ~ (a + 1):b', '1', 9, /top level/],
  ];
  for (const [text, token, position, message] of cases) {
    it(`${JSON.stringify(text)} -> '${token}' at ${position}`, () => {
      const e = formulaError(text);
      expect(e.token).toBe(token);
      expect(e.position).toBe(position);
      expect(e.message).toMatch(message);
      expect(e.formula).toBe(text);
      expect(e.code).toBe('E_FORMULA');
      if (token !== '<end>') expect(text.slice(position, position + token.length)).toBe(token);
    });
  }
});

describe('parseFormula: purity', () => {
  it('returns fresh objects: mutating one parse does not affect the next', () => {
    const a = parseFormula('y ~ a*b');
    a.terms[0]!.variables[0]!.name = 'changed';
    a.terms.pop();
    const b = parseFormula('y ~ a*b');
    expect(b.terms.map((t) => t.label)).toEqual(['a', 'b', 'a:b']);
    expect(b.terms[0]!.variables[0]!.name).toBe('a');
  });
});
