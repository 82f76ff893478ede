import { describe, expect, it } from 'vitest';
import { parseMixedFormula } from '../../../models/mixed/index.js';
import { FormulaError } from '../../../util/errors.js';

const labels = (f: { terms: { label: string }[] }): string[] => f.terms.map((t) => t.label);

describe('parseMixedFormula (lme4 findbars/nobars for one bar term)', () => {
  it('splits (time | id) off: fixed terms, random terms with intercept, grouping column', () => {
    const m = parseMixedFormula('y ~ x + time + (time | id)');
    expect(m.fixed.response).toEqual({ kind: 'variable', name: 'y' });
    expect(labels(m.fixed)).toEqual(['x', 'time']);
    expect(m.fixed.intercept).toBe(true);
    expect(labels(m.random.formula)).toEqual(['time']);
    expect(m.random.formula.intercept).toBe(true);
    expect(m.random.group).toBe('id');
    expect(m.random.text).toBe('(time | id)');
    expect(m.random.position).toBe(15);
    expect(m.fixedText).toBe('y ~ x + time');
    // the parts quote the formula as written
    expect(m.fixed.text).toBe('y ~ x + time + (time | id)');
    expect(m.random.formula.text).toBe('y ~ x + time + (time | id)');
  });

  it('reads (1 | id), (0 + time | id), (1 + time | id) and a first-term bar', () => {
    const a = parseMixedFormula('y ~ x + (1 | id)');
    expect(labels(a.random.formula)).toEqual([]);
    expect(a.random.formula.intercept).toBe(true);
    const b = parseMixedFormula('y ~ x + (0 + time | id)');
    expect(labels(b.random.formula)).toEqual(['time']);
    expect(b.random.formula.intercept).toBe(false);
    const c = parseMixedFormula('y ~ (1 + time | patient) + arm');
    expect(labels(c.random.formula)).toEqual(['time']);
    expect(labels(c.fixed)).toEqual(['arm']);
    expect(c.random.group).toBe('patient');
    expect(c.fixedText.replace(/\s+/g, ' ')).toBe('y ~ arm');
  });

  it('keeps R term algebra on both sides: ns(), I(), factor(), interactions', () => {
    const m = parseMixedFormula('psa ~ factor(arm) * ns(time, df = 3) + (1 + time + I(time^2) | `patient id`)');
    expect(labels(m.fixed)).toEqual(['factor(arm)', 'ns(time, df = 3)', 'factor(arm):ns(time, df = 3)']);
    expect(labels(m.random.formula)).toEqual(['time', 'I(time^2)']);
    expect(m.random.group).toBe('patient id');
  });

  it('a model with random effects only has an intercept-only fixed part', () => {
    const m = parseMixedFormula('y ~ (1 | id)');
    expect(labels(m.fixed)).toEqual([]);
    expect(m.fixed.intercept).toBe(true);
    const n = parseMixedFormula('y ~ 0 + (1 | id)');
    expect(n.fixed.intercept).toBe(false);
  });

  it('a logical | inside a call is not a bar term', () => {
    const m = parseMixedFormula('y ~ I(a > 1 | b > 2) + (1 | id)');
    expect(labels(m.fixed)).toEqual(['I(a > 1 | b > 2)']);
  });

  const refused: [string, RegExp, string | null][] = [
    ['y ~ x', /No random-effects term/, null],
    ['y ~ x + (1 | id) + (0 + time | id)', /Only one random-effects term/, '('],
    ['y ~ x + (1 | id) + (1 | site)', /crossed or nested/, '('],
    ['y ~ x + (time || id)', /'\|\|' \(uncorrelated random effects\) is not supported/, '||'],
    ['y ~ x + (1 | site:id)', /must be one column name/, 'site'],
    ['y ~ x + ( | id)', /Empty left side of \|/, '|'],
    ['y ~ x + time | id', /written in parentheses/, '|'],
    ['y ~ x:(1 | id)', /must be a term of its own/, ':'],
    ['y ~ x - (1 | id)', /must be a term of its own/, '-'],
    ['~ x + (1 | id)', /needs a response/, '~'],
    ['Surv(time, status) ~ x + (1 | id)', /one numeric column/, 'Surv'],
    ['y ~ x + strata(s) + (1 | id)', /strata\(\) is not part of a linear mixed model/, 'strata('],
    ['y ~ x + (1 | id', /Unbalanced parenthesis/, '('],
  ];
  for (const [formula, message, token] of refused) {
    it(`refuses ${formula} with a FormulaError`, () => {
      let err: unknown;
      try {
        parseMixedFormula(formula);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FormulaError);
      const fe = err as FormulaError;
      expect(fe.message).toMatch(message);
      if (token !== null) {
        expect(fe.token).toBe(token);
        expect(formula.slice(fe.position, fe.position + token.length)).toBe(token);
      }
    });
  }
});
