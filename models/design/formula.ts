/**
 * The R model-formula language: a tokenizer and a recursive-descent parser
 * that expand `*`, `/`, `:`, `^` and parentheses into R's term list.
 *
 * Reference: Chambers & Hastie (1992), *Statistical Models in S*, ch. 2;
 * R documentation `?formula`, `?terms.formula`; R source
 * `src/library/stats/src/model.c` (term algebra and term ordering).
 */
import { FormulaError } from '../../util/errors.js';
import { formatRNumber } from './format-r-number.js';
import type { Formula, ResponseSpec, Term, VariableRef } from './types.js';

// ---------------------------------------------------------------------------
// Tokens

type TokenKind = 'name' | 'number' | 'op' | '(' | ')' | ',' | '~' | 'end';

interface Token {
  kind: TokenKind;
  /** Source text of the token (for `name`, the unquoted name). */
  text: string;
  /** True for a backquoted name. */
  quoted: boolean;
  /** 0-based position in the formula. */
  pos: number;
}

const END_TEXT = '<end>';

function isNameStart(ch: string): boolean {
  return /[\p{L}.]/u.test(ch);
}

function isNameChar(ch: string): boolean {
  return /[\p{L}\p{N}._]/u.test(ch);
}

/** Split formula text into tokens; throws FormulaError on a character R would not accept. */
function tokenizeFormula(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (ch === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) throw new FormulaError(text, 'Unterminated backquoted name', '`', start);
      const name = text.slice(i + 1, close);
      if (name.length === 0) throw new FormulaError(text, 'Empty backquoted name', '``', start);
      tokens.push({ kind: 'name', text: name, quoted: true, pos: start });
      i = close + 1;
      continue;
    }
    // A number: digits, or '.' followed by a digit.
    if (/[0-9]/.test(ch) || (ch === '.' && i + 1 < n && /[0-9]/.test(text[i + 1]!))) {
      const m = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?L?/.exec(text.slice(i));
      const numText = m![0];
      i += numText.length;
      if (i < n && isNameChar(text[i]!)) {
        let j = i;
        while (j < n && isNameChar(text[j]!)) j++;
        throw new FormulaError(text, 'Invalid name (names cannot start with a digit)', text.slice(start, j), start);
      }
      tokens.push({ kind: 'number', text: numText, quoted: false, pos: start });
      continue;
    }
    if (isNameStart(ch)) {
      let j = i + 1;
      while (j < n && isNameChar(text[j]!)) j++;
      tokens.push({ kind: 'name', text: text.slice(i, j), quoted: false, pos: start });
      i = j;
      continue;
    }
    switch (ch) {
      case '+':
      case '-':
      case '*':
      case '/':
      case ':':
      case '^':
        tokens.push({ kind: 'op', text: ch, quoted: false, pos: start });
        i++;
        continue;
      case '(':
      case ')':
      case ',':
      case '~':
        tokens.push({ kind: ch, text: ch, quoted: false, pos: start });
        i++;
        continue;
      default:
        throw new FormulaError(text, `Unexpected character '${ch}'`, ch, start);
    }
  }
  tokens.push({ kind: 'end', text: END_TEXT, quoted: false, pos: n });
  return tokens;
}

// ---------------------------------------------------------------------------
// Syntax tree

type Node =
  | { t: 'name'; name: string; quoted: boolean; pos: number }
  | { t: 'num'; text: string; value: number; pos: number }
  | { t: 'call'; fn: string; pos: number; args: Node[] }
  | { t: 'bin'; op: string; pos: number; left: Node; right: Node }
  | { t: 'unary'; op: '+' | '-'; pos: number; operand: Node }
  | { t: 'paren'; pos: number; inner: Node };

const KNOWN_FUNCTIONS = new Set(['Surv', 'strata', 'cluster', 'offset', 'factor', 'log', 'sqrt', 'exp', 'I']);

class Parser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  peek(): Token {
    return this.tokens[this.i]!;
  }

  next(): Token {
    return this.tokens[this.i++]!;
  }

  fail(message: string, tok: Token): never {
    throw new FormulaError(this.text, message, tok.text, tok.pos);
  }

  /** An unexpected token where an operator or the end was expected. */
  unexpected(tok: Token, context: string): never {
    if (tok.kind === ')') this.fail('Unbalanced parenthesis: no matching (', tok);
    if (tok.kind === '~') this.fail("More than one '~'", tok);
    if (tok.kind === 'end') this.fail(`Unexpected end of formula ${context}`, tok);
    this.fail(`Unexpected token ${context}`, tok);
  }

  /** After a binary operator: the next token must start an operand. */
  checkOperand(op: Token): void {
    const tok = this.peek();
    if (tok.kind === 'end' || tok.kind === '~' || tok.kind === ',') {
      this.fail(`Trailing operator '${op.text}' has no right-hand term`, op);
    }
    if (tok.kind === ')') this.fail(`Trailing operator '${op.text}' before ')'`, op);
    if (tok.kind === 'op') this.fail(`Empty term between '${op.text}' and '${tok.text}'`, tok);
  }

  /** sum := ['+'|'-'] prod (('+'|'-') prod)* */
  parseSum(): Node {
    let left: Node;
    const first = this.peek();
    if (first.kind === 'op' && (first.text === '-' || first.text === '+')) {
      this.next();
      this.checkOperand(first);
      left = { t: 'unary', op: first.text as '+' | '-', pos: first.pos, operand: this.parseProd() };
    } else {
      left = this.parseProd();
    }
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'op' || (tok.text !== '+' && tok.text !== '-')) return left;
      this.next();
      this.checkOperand(tok);
      left = { t: 'bin', op: tok.text, pos: tok.pos, left, right: this.parseProd() };
    }
  }

  /** prod := inter (('*'|'/') inter)* */
  parseProd(): Node {
    let left = this.parseInter();
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'op' || (tok.text !== '*' && tok.text !== '/')) return left;
      this.next();
      this.checkOperand(tok);
      left = { t: 'bin', op: tok.text, pos: tok.pos, left, right: this.parseInter() };
    }
  }

  /** inter := power (':' power)* */
  parseInter(): Node {
    let left = this.parsePower();
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'op' || tok.text !== ':') return left;
      this.next();
      this.checkOperand(tok);
      left = { t: 'bin', op: ':', pos: tok.pos, left, right: this.parsePower() };
    }
  }

  /** power := primary ('^' primary)? */
  parsePower(): Node {
    const base = this.parsePrimary();
    const tok = this.peek();
    if (tok.kind === 'op' && tok.text === '^') {
      this.next();
      this.checkOperand(tok);
      const exponent = this.parsePrimary();
      return { t: 'bin', op: '^', pos: tok.pos, left: base, right: exponent };
    }
    return base;
  }

  parsePrimary(): Node {
    const tok = this.next();
    switch (tok.kind) {
      case 'number':
        return { t: 'num', text: tok.text, value: Number(tok.text.replace(/L$/, '')), pos: tok.pos };
      case 'name': {
        if (this.peek().kind !== '(') {
          return { t: 'name', name: tok.text, quoted: tok.quoted, pos: tok.pos };
        }
        if (tok.quoted || !KNOWN_FUNCTIONS.has(tok.text)) this.fail(`Unknown function '${tok.text}'`, tok);
        const open = this.next();
        const args: Node[] = [];
        if (this.peek().kind === ')') {
          this.next();
          return { t: 'call', fn: tok.text, pos: tok.pos, args };
        }
        for (;;) {
          const at = this.peek();
          if (at.kind === ',' || at.kind === ')') this.fail(`Empty argument in ${tok.text}()`, at);
          args.push(this.parseSum());
          const sep = this.next();
          if (sep.kind === ')') break;
          if (sep.kind === ',') continue;
          if (sep.kind === 'end' || sep.kind === '~') this.fail('Unbalanced parenthesis: ( is never closed', open);
          this.unexpected(sep, `in the arguments of ${tok.text}()`);
        }
        return { t: 'call', fn: tok.text, pos: tok.pos, args };
      }
      case '(': {
        if (this.peek().kind === ')') this.fail('Empty term: nothing between ( and )', this.peek());
        const inner = this.parseSum();
        const close = this.next();
        if (close.kind === 'end' || close.kind === '~') this.fail('Unbalanced parenthesis: ( is never closed', tok);
        if (close.kind !== ')') this.unexpected(close, 'inside parentheses');
        return { t: 'paren', pos: tok.pos, inner };
      }
      case ')':
        return this.fail('Unbalanced parenthesis: no matching (', tok);
      case 'end':
        return this.fail('Unexpected end of formula: a term is missing', tok);
      case '~':
        return this.fail("Unexpected '~': a term is missing", tok);
      case ',':
        return this.fail("Unexpected ','", tok);
      case 'op':
        return this.fail(`Empty term before operator '${tok.text}'`, tok);
    }
  }
}

// ---------------------------------------------------------------------------
// Term algebra

const RESERVED = new Set([
  'if', 'else', 'repeat', 'while', 'function', 'for', 'next', 'break', 'in',
  'TRUE', 'FALSE', 'NULL', 'Inf', 'NaN', 'NA', 'NA_integer_', 'NA_real_', 'NA_character_',
]);

/** R's deparsed form of a name: bare when syntactic, else backquoted. */
export function deparseName(name: string): string {
  const syntactic = /^(?:\p{L}|\.(?![0-9]))[\p{L}\p{N}._]*$/u.test(name) && !RESERVED.has(name) && !/^\.\.[0-9]/.test(name);
  return syntactic ? name : `\`${name.replace(/`/g, '\\`')}\``;
}

type VarSet = number[]; // sorted variable ids

function setKey(s: VarSet): string {
  return s.join(',');
}

function union(a: VarSet, b: VarSet): VarSet {
  const out = Array.from(new Set([...a, ...b]));
  out.sort((x, y) => x - y);
  return out;
}

function dedupe(terms: VarSet[]): VarSet[] {
  const seen = new Set<string>();
  const out: VarSet[] = [];
  for (const t of terms) {
    const k = setKey(t);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(t);
    }
  }
  return out;
}

function interact(left: VarSet[], right: VarSet[]): VarSet[] {
  const out: VarSet[] = [];
  for (const l of left) for (const r of right) out.push(union(l, r));
  return dedupe(out);
}

interface Specials {
  strata: string[];
  cluster: string | null;
  offset: string | null;
}

class TermBuilder {
  /** Variables in order of first appearance (R's `variables` attribute). */
  readonly vars: VariableRef[] = [];
  private readonly byLabel = new Map<string, number>();
  intercept = true;
  readonly specials: Specials = { strata: [], cluster: null, offset: null };

  constructor(private readonly text: string) {}

  fail(message: string, token: string, pos: number): never {
    throw new FormulaError(this.text, message, token, pos);
  }

  register(ref: VariableRef): number {
    const have = this.byLabel.get(ref.label);
    if (have !== undefined) return have;
    const id = this.vars.length;
    this.vars.push(ref);
    this.byLabel.set(ref.label, id);
    return id;
  }

  /** The column name of a bare name argument, else an error naming the argument. */
  columnArg(node: Node, fn: string): { name: string; label: string; pos: number } {
    if (node.t === 'name') return { name: node.name, label: deparseName(node.name), pos: node.pos };
    const tok = nodeToken(node);
    return this.fail(`${fn}() takes column names only`, tok.text, tok.pos);
  }

  /** A variable reference from a name or a transform call. */
  variable(node: Node): VariableRef {
    if (node.t === 'name') {
      return { name: node.name, transform: 'none', label: deparseName(node.name), position: node.pos };
    }
    if (node.t !== 'call') {
      const tok = nodeToken(node);
      return this.fail('Expected a variable', tok.text, tok.pos);
    }
    const fn = node.fn;
    if (node.args.length !== 1) this.fail(`${fn}() takes exactly one argument, got ${node.args.length}`, fn, node.pos);
    const arg = node.args[0]!;
    if (fn === 'I') {
      if (arg.t === 'bin' && arg.op === '^' && arg.left.t === 'name' && arg.right.t === 'num') {
        const power = arg.right.value;
        const nameLabel = deparseName(arg.left.name);
        const label = `I(${nameLabel}^${formatRNumber(power)})`;
        return power === 2
          ? { name: arg.left.name, transform: 'I-square', label, power: 2, position: node.pos }
          : { name: arg.left.name, transform: 'I-power', label, power, position: node.pos };
      }
      const tok = nodeToken(arg);
      return this.fail('I() supports only a power of a column, as I(x^2)', tok.text, tok.pos);
    }
    const col = this.columnArg(arg, fn);
    const transform = fn as 'factor' | 'log' | 'sqrt' | 'exp';
    return { name: col.name, transform, label: `${fn}(${col.label})`, position: node.pos };
  }

  /** Evaluate an expression to its list of terms (variable sets), as R's model.c. */
  evaluate(node: Node): VarSet[] {
    switch (node.t) {
      case 'name':
        return [[this.register(this.variable(node))]];
      case 'call': {
        if (node.fn === 'strata' || node.fn === 'cluster' || node.fn === 'offset') {
          return this.fail(`${node.fn}() cannot be part of an interaction or a nested term`, node.fn, node.pos);
        }
        if (node.fn === 'Surv') return this.fail('Surv() belongs on the left of ~', node.fn, node.pos);
        return [[this.register(this.variable(node))]];
      }
      case 'num':
        return this.fail(`Invalid term '${node.text}': only 0 or 1 may stand alone, at the top level`, node.text, node.pos);
      case 'paren':
        return this.evaluateSum(node.inner, false);
      case 'unary':
        return this.fail(`Unexpected unary '${node.op}'`, node.op, node.pos);
      case 'bin': {
        switch (node.op) {
          case '+':
          case '-':
            return this.evaluateSum(node, false);
          case ':':
            return interact(this.evaluate(node.left), this.evaluate(node.right));
          case '*': {
            const l = this.evaluate(node.left);
            const r = this.evaluate(node.right);
            return dedupe([...l, ...r, ...interact(l, r)]);
          }
          case '/': {
            // a / b = a + (all variables of a):b  (R's nesting operator).
            const l = this.evaluate(node.left);
            const r = this.evaluate(node.right);
            const all = l.reduce<VarSet>((acc, t) => union(acc, t), []);
            return dedupe([...l, ...interact([all], r)]);
          }
          case '^': {
            if (node.left.t !== 'paren') {
              const tok = nodeToken(node.left);
              return this.fail(`'^' applies to a parenthesized sum, as (a + b)^2; write I(${tok.text}^2) for a power`, '^', node.pos);
            }
            if (node.right.t !== 'num' || !Number.isInteger(node.right.value) || node.right.value < 1) {
              const tok = nodeToken(node.right);
              return this.fail("The exponent of '^' must be a positive integer", tok.text, tok.pos);
            }
            // As R's PowerTerms: right = left, then right <- left x right (all l|r), n - 1 times.
            const base = this.evaluate(node.left);
            let out = base;
            for (let k = 2; k <= node.right.value; k++) out = interact(base, out);
            return out;
          }
          default:
            return this.fail(`Unknown operator '${node.op}'`, node.op, node.pos);
        }
      }
    }
  }

  /** A chain of '+'/'-' terms; at the top level it also takes 0/1 and specials. */
  evaluateSum(node: Node, top: boolean): VarSet[] {
    const items: { sign: '+' | '-'; node: Node; pos: number }[] = [];
    const flatten = (n: Node): void => {
      if (n.t === 'bin' && (n.op === '+' || n.op === '-')) {
        flatten(n.left);
        items.push({ sign: n.op, node: n.right, pos: n.pos });
      } else if (n.t === 'unary') {
        items.push({ sign: n.op, node: n.operand, pos: n.pos });
      } else {
        items.push({ sign: '+', node: n, pos: -1 });
      }
    };
    flatten(node);
    let terms: VarSet[] = [];
    for (const item of items) {
      const n = item.node;
      if (n.t === 'num') {
        if (!top) this.fail(`'${n.text}' (intercept) is allowed only at the top level of the formula`, n.text, n.pos);
        if (n.value !== 0 && n.value !== 1) this.fail(`Invalid term '${n.text}': only 0 or 1 may stand alone`, n.text, n.pos);
        // +1 / -0 keep the intercept, -1 / +0 remove it.
        this.intercept = (n.value === 1) === (item.sign === '+');
        continue;
      }
      if (n.t === 'call' && (n.fn === 'strata' || n.fn === 'cluster' || n.fn === 'offset')) {
        if (!top) this.fail(`${n.fn}() cannot be nested inside parentheses`, n.fn, n.pos);
        if (item.sign === '-') this.fail(`${n.fn}() cannot be removed with '-'`, '-', item.pos);
        this.special(n);
        continue;
      }
      const t = this.evaluate(n);
      if (item.sign === '+') {
        terms = dedupe([...terms, ...t]);
      } else {
        const drop = new Set(t.map(setKey));
        terms = terms.filter((x) => !drop.has(setKey(x)));
      }
    }
    return terms;
  }

  special(n: Extract<Node, { t: 'call' }>): void {
    if (n.fn === 'strata') {
      if (n.args.length === 0) this.fail('strata() needs at least one column', n.fn, n.pos);
      for (const a of n.args) this.specials.strata.push(this.columnArg(a, 'strata').name);
      return;
    }
    if (n.args.length !== 1) this.fail(`${n.fn}() takes exactly one column, got ${n.args.length}`, n.fn, n.pos);
    const col = this.columnArg(n.args[0]!, n.fn);
    if (n.fn === 'cluster') {
      if (this.specials.cluster !== null) this.fail('Only one cluster() term is allowed', n.fn, n.pos);
      this.specials.cluster = col.name;
    } else {
      if (this.specials.offset !== null) this.fail('Only one offset() term is allowed', n.fn, n.pos);
      this.specials.offset = col.name;
    }
  }
}

/** The first token of a node, for error messages. */
function nodeToken(node: Node): { text: string; pos: number } {
  switch (node.t) {
    case 'name':
      return { text: node.name, pos: node.pos };
    case 'num':
      return { text: node.text, pos: node.pos };
    case 'call':
      return { text: node.fn, pos: node.pos };
    case 'bin':
      return nodeToken(node.left);
    case 'unary':
      return { text: node.op, pos: node.pos };
    case 'paren':
      return { text: '(', pos: node.pos };
  }
}

function parseResponse(text: string, node: Node): ResponseSpec {
  if (node.t === 'name') return { kind: 'variable', name: node.name };
  if (node.t === 'call' && node.fn === 'Surv') {
    const names = node.args.map((a) => {
      if (a.t !== 'name') {
        const tok = nodeToken(a);
        throw new FormulaError(text, 'Surv() takes column names only', tok.text, tok.pos);
      }
      return a.name;
    });
    if (names.length === 2) return { kind: 'surv', time: names[0]!, status: names[1]! };
    if (names.length === 3) return { kind: 'surv-counting', start: names[0]!, stop: names[1]!, status: names[2]! };
    throw new FormulaError(
      text,
      `Surv() takes 2 arguments (time, status) or 3 (start, stop, event), got ${names.length}`,
      'Surv',
      node.pos,
    );
  }
  const tok = nodeToken(node);
  throw new FormulaError(text, 'The response must be a column name, Surv(time, status) or Surv(start, stop, event)', tok.text, tok.pos);
}

/**
 * Parse an R model formula into its response, expanded terms and specials.
 *
 * Supports `response ~ rhs` (or one-sided `~ rhs`), a response `Surv(time, status)`,
 * `Surv(start, stop, event)` or a column; terms joined by `+`, removed by `-`;
 * `a:b` interactions; `a*b` = `a + b + a:b`; `a/b` = `a + a:b`; `(a + b)^2`;
 * parentheses; `- 1`, `+ 0`, `+ 1` for the intercept; specials `strata(x, ...)`,
 * `cluster(id)`, `offset(x)`; transforms `factor(x)`, `log(x)`, `sqrt(x)`,
 * `exp(x)`, `I(x^2)`; backquoted names. As R's `terms.formula` (keep.order = FALSE),
 * terms are ordered main effects first, then two-way, then higher interactions,
 * duplicates removed (`a:b` is `b:a`), and each interaction's variables are
 * written in order of first appearance in the formula.
 *
 * @param text the formula, e.g. `Surv(time, status) ~ age + sex * factor(grade) + strata(inst)`.
 * @returns the parsed {@link Formula}.
 * @throws FormulaError naming the offending token and its 0-based position: unknown
 *   function, unbalanced parenthesis, empty term, missing `~`, trailing operator,
 *   Surv() with the wrong number of arguments, strata()/cluster()/offset() inside an interaction.
 * @example parseFormula('y ~ a*b').terms.map((t) => t.label) // => ['a', 'b', 'a:b']
 */
export function parseFormula(text: string): Formula {
  const tokens = tokenizeFormula(text);
  const parser = new Parser(text, tokens);
  let response: ResponseSpec | null = null;
  const first = parser.peek();
  if (first.kind === 'end') throw new FormulaError(text, "Empty formula: missing '~'", END_TEXT, first.pos);
  if (first.kind !== '~') {
    const lhs = parser.parsePower();
    const tilde = parser.peek();
    if (tilde.kind !== '~') {
      if (tilde.kind === 'end') throw new FormulaError(text, "Missing '~' between response and terms", END_TEXT, tilde.pos);
      if (tilde.kind === ')') throw new FormulaError(text, 'Unbalanced parenthesis: no matching (', ')', tilde.pos);
      throw new FormulaError(text, "Expected '~' after the response", tilde.text, tilde.pos);
    }
    response = parseResponse(text, lhs);
  }
  const tilde = parser.next();
  if (parser.peek().kind === 'end') throw new FormulaError(text, "Empty right-hand side after '~'", '~', tilde.pos);
  const rhs = parser.parseSum();
  const rest = parser.peek();
  if (rest.kind !== 'end') parser.unexpected(rest, 'after the formula');

  const builder = new TermBuilder(text);
  const sets = builder.evaluateSum(rhs, true);
  // R orders terms by their number of variables, stable within an order.
  const maxOrder = sets.reduce((m, s) => Math.max(m, s.length), 0);
  const terms: Term[] = [];
  for (let order = 1; order <= maxOrder; order++) {
    for (const s of sets) {
      if (s.length !== order) continue;
      const variables = s.map((id) => ({ ...builder.vars[id]! }));
      terms.push({ label: variables.map((v) => v.label).join(':'), variables });
    }
  }
  return {
    text,
    response,
    terms,
    strata: builder.specials.strata,
    cluster: builder.specials.cluster,
    offset: builder.specials.offset,
    intercept: builder.intercept,
  };
}
