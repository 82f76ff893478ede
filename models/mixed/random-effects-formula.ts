/**
 * The formula of a linear mixed model as lme4 writes it: fixed effects in R's
 * term algebra plus one random-effects term `(terms | group)`, e.g.
 * `y ~ arm + ns(time, df = 3) + (time | id)`. The bar term is split off the
 * text here (as lme4's `findbars`/`nobars`), and both parts are parsed by the
 * project's formula parser (models/design), so `factor()`, `ns()`, `I()` and
 * interactions mean the same as everywhere else.
 *
 * Supported random-effects terms (one grouping column; docs/mixed-models.md):
 * `(1 | id)` random intercept, `(time | id)` = `(1 + time | id)` correlated
 * intercept and slope, `(0 + time | id)` slope only, and more columns
 * (`(1 + time + I(time^2) | id)`, `(ns(time, df = 2) | id)`) with an
 * unstructured covariance. Not supported (FormulaError): several bar terms
 * (crossed or nested grouping factors), `||` (uncorrelated terms), an
 * expression as grouping factor (`a:b`), `strata()`, `cluster()`,
 * `offset()`, `Surv()`.
 *
 * The parts keep the positions of the original text (the removed characters
 * become spaces), and their `text` is the original formula, so errors raised
 * later by the model-frame builder quote what the user wrote.
 *
 * Reference: Bates, Mächler, Bolker, Walker (2015), "Fitting linear
 * mixed-effects models using lme4", J Stat Softw 67(1), section 2.1 (Table 2).
 */
import { FormulaError } from '../../util/errors.js';
import { parseFormula } from '../design/formula.js';
import { tokenizeFormula, type Token } from '../design/formula-syntax.js';
import type { Formula } from '../design/types.js';

/** The random-effects term of a mixed-model formula. */
export interface RandomEffectsTerm {
  /** The term as written, e.g. `(time | id)`. */
  text: string;
  /** 0-based position of its `(` in the formula. */
  position: number;
  /**
   * The left of the bar as a formula without response (`~ time`): its terms
   * and `intercept` give the random-effects design columns.
   */
  formula: Formula;
  /** The grouping column, e.g. `id`. */
  group: string;
}

/** A parsed mixed-model formula. */
export interface MixedFormula {
  /** The formula as written. */
  text: string;
  /** The fixed-effects part (response and terms; `text` is the original formula). */
  fixed: Formula;
  /** The fixed-effects part as formula text (`y ~ x + time`), the bar term removed. */
  fixedText: string;
  /** The random-effects term (exactly one). */
  random: RandomEffectsTerm;
}

/** Index of the `)` that closes the `(` at `open`, or -1. */
function matchingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const k = tokens[i]!.kind;
    if (k === '(') depth++;
    else if (k === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The bar token (`|` or `||`) directly inside the parentheses `open..close`, or -1. */
function barInside(tokens: readonly Token[], open: number, close: number): number {
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i]!;
    if (t.kind === '(') depth++;
    else if (t.kind === ')') depth--;
    else if (depth === 0 && t.kind === 'op' && (t.text === '|' || t.text === '||')) return i;
  }
  return -1;
}

function blank(chars: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) chars[i] = ' ';
}

/** Parses a masked copy of `text` and gives the result the original text (positions are the same). */
function parsePart(masked: string, text: string): Formula {
  const f = parseFormula(masked.trimEnd());
  return { ...f, text };
}

function checkNoSpecials(f: Formula, text: string, part: string): void {
  const special = f.strata.length ? 'strata' : f.cluster !== null ? 'cluster' : f.offset !== null ? 'offset' : null;
  if (special !== null) {
    const pos = text.indexOf(`${special}(`);
    throw new FormulaError(text, `${special}() is not part of a linear mixed model (${part})`, `${special}(`, pos);
  }
}

/**
 * Splits a mixed-model formula into its fixed part and its random-effects term.
 *
 * @param text e.g. `y ~ x + time + (time | id)`.
 * @returns the {@link MixedFormula}.
 * @throws FormulaError (naming the token and its position) for a formula
 *   without response or without a bar term, several bar terms, `||`, a bar
 *   term that is not a term of its own (`x:(1 | id)`, `- (1 | id)`), a
 *   grouping factor that is not one column name, an empty left side of the
 *   bar, a bar outside parentheses, `strata()`/`cluster()`/`offset()` or a
 *   `Surv()` response, and every syntax error of models/design.
 * @example parseMixedFormula('y ~ x + (time | id)').random.group // => 'id'
 */
export function parseMixedFormula(text: string): MixedFormula {
  const tokens = tokenizeFormula(text);
  let tilde = -1;
  for (let i = 0, depth = 0; i < tokens.length; i++) {
    const k = tokens[i]!.kind;
    if (k === '(') depth++;
    else if (k === ')') depth--;
    else if (k === '~' && depth === 0) {
      tilde = i;
      break;
    }
  }
  if (tilde < 0) throw new FormulaError(text, "Missing '~': a mixed model is written y ~ x + (time | id)", null, -1);
  if (tilde === 0) throw new FormulaError(text, 'A mixed model needs a response on the left of ~ (y ~ x + (1 | id))', '~', tokens[0]!.pos);

  // Token positions are UTF-16 code units: the masked copies are built on code units too.
  const fixedUnits = text.split('');
  const found: { open: number; close: number; bar: number }[] = [];
  for (let i = tilde + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'op' && (t.text === '|' || t.text === '||')) {
      throw new FormulaError(text, 'A random-effects term is written in parentheses: (time | id)', t.text, t.pos);
    }
    if (t.kind !== '(') continue;
    const close = matchingParen(tokens, i);
    if (close < 0) throw new FormulaError(text, 'Unbalanced parenthesis: no matching )', '(', t.pos);
    const prev = tokens[i - 1]!;
    const isCall = prev.kind === 'name';
    const bar = isCall ? -1 : barInside(tokens, i, close);
    if (bar >= 0) found.push({ open: i, close, bar });
    i = close; // bars deeper inside are errors of the parser (`|` in formula mode) or logical `|` inside calls
  }
  if (found.length === 0) {
    throw new FormulaError(text, 'No random-effects term: add one grouping term such as (1 | id) or (time | id)', null, -1);
  }
  if (found.length > 1) {
    const second = tokens[found[1]!.open]!;
    throw new FormulaError(
      text,
      'Only one random-effects term (one grouping factor) is supported: crossed or nested grouping factors and (1 | id) + (0 + time | id) are not',
      '(',
      second.pos,
    );
  }
  const { open, close, bar } = found[0]!;
  const openTok = tokens[open]!;
  const closeTok = tokens[close]!;
  const barTok = tokens[bar]!;
  const prev = tokens[open - 1]!;
  const next = tokens[close + 1]!;
  const termText = text.slice(openTok.pos, closeTok.pos + 1);
  if (barTok.text === '||') {
    throw new FormulaError(text, "'||' (uncorrelated random effects) is not supported: write (time | id) for correlated intercept and slope", '||', barTok.pos);
  }
  const prevOk = prev.kind === '~' || (prev.kind === 'op' && prev.text === '+');
  const nextOk = next.kind === 'end' || (next.kind === 'op' && next.text === '+');
  if (!prevOk || !nextOk) {
    const bad = prevOk ? next : prev;
    throw new FormulaError(text, `The random-effects term ${termText} must be a term of its own, added with +`, bad.text, bad.pos);
  }
  const groupTokens = tokens.slice(bar + 1, close);
  if (groupTokens.length !== 1 || groupTokens[0]!.kind !== 'name') {
    const first = groupTokens[0] ?? closeTok;
    throw new FormulaError(text, 'The grouping factor after | must be one column name, e.g. (time | id)', first.text, first.pos);
  }
  if (bar === open + 1) throw new FormulaError(text, 'Empty left side of | in the random-effects term: write (1 | id) for a random intercept', '|', barTok.pos);

  // Fixed part: the term (with the + that joins it) becomes spaces; an empty right side becomes 1.
  const termEnd = closeTok.pos + 1;
  if (prev.kind === 'op') blank(fixedUnits, prev.pos, termEnd);
  else blank(fixedUnits, openTok.pos, next.kind === 'op' ? next.pos + 1 : termEnd);
  const tildeTok = tokens[tilde]!;
  if (fixedUnits.slice(tildeTok.pos + 1).join('').trim() === '') fixedUnits[openTok.pos] = '1';
  const fixedMasked = fixedUnits.join('');
  const fixed = parsePart(fixedMasked, text);
  checkNoSpecials(fixed, text, 'fixed effects');
  if (fixed.response === null || fixed.response.kind !== 'variable') {
    throw new FormulaError(text, 'The response of a linear mixed model is one numeric column (y ~ ...), not Surv()', tokens[0]!.text, tokens[0]!.pos);
  }

  // Random part: `~ lhs` at the same positions.
  const randomUnits = new Array<string>(text.length).fill(' ');
  randomUnits[openTok.pos] = '~';
  for (let i = openTok.pos + 1; i < barTok.pos; i++) randomUnits[i] = text[i]!;
  const random = parsePart(randomUnits.join(''), text);
  checkNoSpecials(random, text, `random effects ${termText}`);
  if (!random.intercept && random.terms.length === 0) {
    throw new FormulaError(text, `The random-effects term ${termText} has no columns`, termText, openTok.pos);
  }
  const g = groupTokens[0]!;
  return { text, fixed, fixedText: fixedMasked.trim(), random: { text: termText, position: openTok.pos, formula: random, group: g.text } };
}
