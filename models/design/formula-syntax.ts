/**
 * The syntax of R model formulas: a tokenizer and a recursive-descent parser
 * producing a syntax tree ({@link FormulaNode}). Two modes, as R reads a
 * formula:
 * - formula mode (the right-hand side and parentheses at the top): terms
 *   joined by `+`/`-` (a flat `sum` node), `*`, `/`, `:`, `^`; a sign only at
 *   the start of a sum (so `a + + b` is refused as an empty term);
 * - expression mode (arguments of calls: `I(age/10)`, `Surv(time, status == 2)`,
 *   `factor(x, levels = c("b", "a"))`): R's operator precedence (`?Syntax`):
 *   `^` (right) > unary `-`/`+` > `:` > `%%`, `%/%`, `%in%` > `*`, `/` >
 *   `+`, `-` > comparisons (non-associative) > `!` > `&`, `&&` > `|`, `||`;
 *   strings, numeric literals, `TRUE`/`FALSE`, named arguments `name = value`.
 *
 * Limits (docs/formulas.md "Limits"): a formula longer than
 * {@link MAX_FORMULA_LENGTH} characters, or nested deeper than
 * {@link MAX_FORMULA_DEPTH} levels (parentheses, calls, operators within a
 * term), is a FormulaError, so hostile input ends cleanly instead of
 * overflowing the stack.
 *
 * Reference: R documentation `?formula`, `?Syntax`, `?Quotes`; R source
 * `src/main/gram.y` (precedence table).
 */
import { FormulaError } from '../../util/errors.js';
import type { FormulaNode } from './types.js';

/** Longest formula accepted, in characters. */
export const MAX_FORMULA_LENGTH = 10_000;
/** Deepest nesting accepted: parentheses, calls and operators within one term. */
export const MAX_FORMULA_DEPTH = 200;

/** What a formula may contain, for error messages. */
export const SYNTAX_HELP =
  'formulas use names, numbers, "strings", + - * / : ^ ( ) , ~ and, inside calls such as I() or Surv(), ' +
  'the operators == != < <= > >= ! & | %in% %% and named arguments (name = value)';

type TokenKind = 'name' | 'number' | 'string' | 'op' | '(' | ')' | ',' | '~' | '=' | 'end';

/** One token of the formula text. */
export interface Token {
  kind: TokenKind;
  /** Source text of the token (for `name`, the unquoted name; for `string`, the value). */
  text: string;
  /** True for a backquoted name. */
  quoted: boolean;
  /** 0-based position in the formula. */
  pos: number;
}

/** Text shown for the end of the formula in errors. */
export const END_TEXT = '<end>';

// ASCII first: the Unicode property classes cost milliseconds to compile on first use.
function isNameStart(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46;
  return /[\p{L}.]/u.test(ch);
}

function isNameChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95;
  return /[\p{L}\p{N}._]/u.test(ch);
}

const TWO_CHAR_OPS = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const ONE_CHAR_OPS = new Set(['+', '-', '*', '/', ':', '^', '<', '>', '!', '&', '|']);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '0': '\0' };

/** Split formula text into tokens; throws FormulaError on a character R would not accept. */
export function tokenizeFormula(text: string): Token[] {
  if (text.length > MAX_FORMULA_LENGTH) {
    throw new FormulaError(
      text.slice(0, 80) + '...',
      `Formula too long: ${text.length} characters, at most ${MAX_FORMULA_LENGTH} are accepted`,
      null,
    );
  }
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
    if (ch === '"' || ch === "'") {
      let value = '';
      let j = i + 1;
      for (; j < n && text[j] !== ch; j++) {
        if (text[j] === '\\' && j + 1 < n) {
          const e = ESCAPES[text[j + 1]!];
          if (e === undefined) throw new FormulaError(text, `Unsupported escape '\\${text[j + 1]!}' in a string`, text.slice(j, j + 2), j);
          value += e;
          j++;
        } else value += text[j]!;
      }
      if (j >= n) throw new FormulaError(text, 'Unterminated string', ch, start);
      tokens.push({ kind: 'string', text: value, quoted: false, pos: start });
      i = j + 1;
      continue;
    }
    // A number: digits, or '.' followed by a digit.
    if (/[0-9]/.test(ch) || (ch === '.' && i + 1 < n && /[0-9]/.test(text[i + 1]!))) {
      const m = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?L?/.exec(text.slice(i, i + 400));
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
    if (ch === '%') {
      const close = text.indexOf('%', i + 1);
      const op = close < 0 ? '' : text.slice(i, close + 1);
      if (op !== '%in%' && op !== '%%' && op !== '%/%') {
        throw new FormulaError(text, `Unsupported operator '${op || '%'}': the %-operators supported are %in%, %% and %/%`, op || '%', start);
      }
      tokens.push({ kind: 'op', text: op, quoted: false, pos: start });
      i = close + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      tokens.push({ kind: 'op', text: two, quoted: false, pos: start });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.has(ch)) {
      tokens.push({ kind: 'op', text: ch, quoted: false, pos: start });
      i++;
      continue;
    }
    switch (ch) {
      case '(':
      case ')':
      case ',':
      case '~':
      case '=':
        tokens.push({ kind: ch, text: ch, quoted: false, pos: start });
        i++;
        continue;
      default:
        throw new FormulaError(text, `Unexpected character '${ch}': ${SYNTAX_HELP}`, ch, start);
    }
  }
  tokens.push({ kind: 'end', text: END_TEXT, quoted: false, pos: n });
  return tokens;
}

// ---------------------------------------------------------------------------
// Expression-mode precedence (R's ?Syntax), binding powers: higher binds tighter.

const BINARY_BP: Record<string, number> = {
  '|': 2, '||': 2,
  '&': 3, '&&': 3,
  '==': 5, '!=': 5, '<': 5, '<=': 5, '>': 5, '>=': 5,
  '+': 6, '-': 6,
  '*': 7, '/': 7,
  '%%': 8, '%/%': 8, '%in%': 8,
  ':': 9,
  '^': 11,
};
const NOT_BP = 4;
const UNARY_BP = 10;
const COMPARISON = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** The first token of a node, for error messages. */
export function nodeToken(node: FormulaNode): { text: string; pos: number } {
  switch (node.t) {
    case 'name':
      return { text: node.name, pos: node.pos };
    case 'num':
      return { text: node.text, pos: node.pos };
    case 'str':
      return { text: JSON.stringify(node.value), pos: node.pos };
    case 'call':
      return { text: node.fn, pos: node.pos };
    case 'bin':
      return nodeToken(node.left);
    case 'unary':
      return { text: node.op, pos: node.pos };
    case 'paren':
      return { text: '(', pos: node.pos };
    case 'sum':
      return nodeToken(node.items[0]!.node);
  }
}

/** Recursive-descent parser over the tokens of one formula. */
export class FormulaParser {
  private i = 0;
  private nesting = 0;
  private readonly depth = new WeakMap<FormulaNode, number>();

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

  /** Enter one level of parser recursion (parentheses, call arguments, prefix operators). */
  private enter(tok: Token): void {
    if (++this.nesting > MAX_FORMULA_DEPTH) this.tooDeep(tok);
  }

  private leave(): void {
    this.nesting--;
  }

  private tooDeep(tok: Token): never {
    return this.fail(`Formula nested too deeply: more than ${MAX_FORMULA_DEPTH} levels of parentheses, calls or operators`, tok);
  }

  /** Record a node's depth (1 + its deepest child) and refuse trees deeper than the limit. */
  private made<T extends FormulaNode>(node: T, children: readonly FormulaNode[], tok: Token): T {
    let d = 0;
    for (const c of children) d = Math.max(d, this.depth.get(c) ?? 1);
    if (d + 1 > MAX_FORMULA_DEPTH) this.tooDeep(tok);
    this.depth.set(node, d + 1);
    return node;
  }

  /** An unexpected token where an operator or the end was expected. */
  unexpected(tok: Token, context: string): never {
    if (tok.kind === ')') this.fail('Unbalanced parenthesis: no matching (', tok);
    if (tok.kind === '~') this.fail("More than one '~'", tok);
    if (tok.kind === 'end') this.fail(`Unexpected end of formula ${context}`, tok);
    if (tok.kind === 'op') this.fail(`Operator '${tok.text}' is supported only inside a call such as I() or Surv(): write I(...) around the expression`, tok);
    if (tok.kind === '=') this.fail(`Unexpected '=': named arguments (name = value) go inside a call, as ns(x, df = 3)`, tok);
    this.fail(`Unexpected token ${context}`, tok);
  }

  // ---- formula mode ----------------------------------------------------------

  /** After a binary operator: the next token must start an operand. */
  checkOperand(op: Token): void {
    const tok = this.peek();
    if (tok.kind === 'end' || tok.kind === '~' || tok.kind === ',') {
      this.fail(`Trailing operator '${op.text}' has no right-hand term`, op);
    }
    if (tok.kind === ')') this.fail(`Trailing operator '${op.text}' before ')'`, op);
    if (tok.kind === 'op') this.fail(`Empty term between '${op.text}' and '${tok.text}'`, tok);
  }

  /** sum := ['+'|'-'] prod (('+'|'-') prod)*, as one flat node. */
  parseSum(): FormulaNode {
    const items: { sign: '+' | '-'; node: FormulaNode; pos: number }[] = [];
    const first = this.peek();
    if (first.kind === 'op' && (first.text === '-' || first.text === '+')) {
      this.next();
      this.checkOperand(first);
      items.push({ sign: first.text as '+' | '-', node: this.parseProd(), pos: first.pos });
    } else {
      items.push({ sign: '+', node: this.parseProd(), pos: -1 });
    }
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'op' || (tok.text !== '+' && tok.text !== '-')) break;
      this.next();
      this.checkOperand(tok);
      items.push({ sign: tok.text, node: this.parseProd(), pos: tok.pos });
    }
    if (items.length === 1 && items[0]!.sign === '+') return items[0]!.node;
    return this.made({ t: 'sum', pos: first.pos, items }, items.map((x) => x.node), first);
  }

  /** prod := inter (('*'|'/') inter)* */
  parseProd(): FormulaNode {
    let left = this.parseInter();
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'op' || (tok.text !== '*' && tok.text !== '/')) return left;
      this.next();
      this.checkOperand(tok);
      const right = this.parseInter();
      left = this.made({ t: 'bin', op: tok.text, pos: tok.pos, left, right }, [left, right], tok);
    }
  }

  /** inter := power (':' power)* */
  parseInter(): FormulaNode {
    let left = this.parsePower();
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'op' || tok.text !== ':') return left;
      this.next();
      this.checkOperand(tok);
      const right = this.parsePower();
      left = this.made({ t: 'bin', op: ':', pos: tok.pos, left, right }, [left, right], tok);
    }
  }

  /** power := primary ('^' primary)? */
  parsePower(): FormulaNode {
    const base = this.parsePrimary();
    const tok = this.peek();
    if (tok.kind === 'op' && tok.text === '^') {
      this.next();
      this.checkOperand(tok);
      const exponent = this.parsePrimary();
      return this.made({ t: 'bin', op: '^', pos: tok.pos, left: base, right: exponent }, [base, exponent], tok);
    }
    return base;
  }

  parsePrimary(): FormulaNode {
    const tok = this.next();
    switch (tok.kind) {
      case 'number':
        return this.made({ t: 'num', text: tok.text, value: Number(tok.text.replace(/L$/, '')), pos: tok.pos }, [], tok);
      case 'string':
        return this.made({ t: 'str', value: tok.text, pos: tok.pos }, [], tok);
      case 'name':
        if (this.peek().kind !== '(') return this.made({ t: 'name', name: tok.text, quoted: tok.quoted, pos: tok.pos }, [], tok);
        return this.parseCall(tok);
      case '(': {
        if (this.peek().kind === ')') this.fail('Empty term: nothing between ( and )', this.peek());
        this.enter(tok);
        const inner = this.parseSum();
        this.leave();
        const close = this.next();
        if (close.kind === 'end' || close.kind === '~') this.fail('Unbalanced parenthesis: ( is never closed', tok);
        if (close.kind !== ')') this.unexpected(close, 'inside parentheses');
        return this.made({ t: 'paren', pos: tok.pos, inner }, [inner], tok);
      }
      case ')':
        return this.fail('Unbalanced parenthesis: no matching (', tok);
      case 'end':
        return this.fail('Unexpected end of formula: a term is missing', tok);
      case '~':
        return this.fail("Unexpected '~': a term is missing", tok);
      case ',':
        return this.fail("Unexpected ','", tok);
      case '=':
        return this.fail("Unexpected '=': named arguments (name = value) go inside a call, as ns(x, df = 3)", tok);
      case 'op':
        if (tok.text === '!' || COMPARISON.has(tok.text) || tok.text === '&' || tok.text === '|') {
          return this.fail(`Operator '${tok.text}' is supported only inside a call such as I() or Surv()`, tok);
        }
        return this.fail(`Empty term before operator '${tok.text}'`, tok);
    }
  }

  /** A call `fn(arg, name = arg, ...)`; arguments are read in expression mode. */
  parseCall(fnTok: Token): FormulaNode {
    const open = this.next();
    const args: FormulaNode[] = [];
    const names: (string | null)[] = [];
    const namePos: number[] = [];
    this.enter(open);
    if (this.peek().kind === ')') {
      this.next();
      this.leave();
      return this.made({ t: 'call', fn: fnTok.text, quoted: fnTok.quoted, pos: fnTok.pos, args, names, namePos }, [], fnTok);
    }
    for (;;) {
      const at = this.peek();
      if (at.kind === ',' || at.kind === ')') this.fail(`Empty argument in ${fnTok.text}()`, at);
      let name: string | null = null;
      namePos.push(at.pos);
      if (at.kind === 'name' && this.tokens[this.i + 1]!.kind === '=') {
        name = at.text;
        this.next();
        this.next();
        const v = this.peek();
        if (v.kind === ',' || v.kind === ')' || v.kind === 'end') this.fail(`Missing value of argument '${name}' in ${fnTok.text}()`, v);
      }
      args.push(this.parseExpr(0));
      names.push(name);
      const sep = this.next();
      if (sep.kind === ')') break;
      if (sep.kind === ',') continue;
      if (sep.kind === 'end' || sep.kind === '~') this.fail('Unbalanced parenthesis: ( is never closed', open);
      this.unexpected(sep, `in the arguments of ${fnTok.text}()`);
    }
    this.leave();
    return this.made({ t: 'call', fn: fnTok.text, quoted: fnTok.quoted, pos: fnTok.pos, args, names, namePos }, args, fnTok);
  }

  // ---- expression mode (Pratt parser with R's precedence) ---------------------

  /** An expression whose binary operators all bind tighter than `minBp`. */
  parseExpr(minBp: number): FormulaNode {
    let left = this.parseExprPrefix();
    let lastComparison = false;
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'op') return left;
      const bp = BINARY_BP[tok.text];
      if (bp === undefined) this.fail(`'${tok.text}' cannot join two operands`, tok);
      if (bp <= minBp) return left;
      if (COMPARISON.has(tok.text)) {
        if (lastComparison) this.fail(`Comparisons cannot be chained: write (a ${tok.text} b) & ...`, tok);
        lastComparison = true;
      } else lastComparison = false;
      this.next();
      this.exprOperand(tok);
      // '^' is right-associative and its right side may carry a sign (2^-1).
      this.enter(tok);
      const right = tok.text === '^' ? this.parseExprPowerRight() : this.parseExpr(bp);
      this.leave();
      left = this.made({ t: 'bin', op: tok.text, pos: tok.pos, left, right }, [left, right], tok);
    }
  }

  private exprOperand(op: Token): void {
    const tok = this.peek();
    if (tok.kind === 'end' || tok.kind === '~' || tok.kind === ',' || tok.kind === ')') {
      this.fail(`Operator '${op.text}' has no right-hand operand`, op);
    }
  }

  private parseExprPowerRight(): FormulaNode {
    const tok = this.peek();
    if (tok.kind === 'op' && (tok.text === '-' || tok.text === '+')) return this.parseExprPrefix();
    return this.parseExpr(BINARY_BP['^']! - 1);
  }

  private parseExprPrefix(): FormulaNode {
    const tok = this.peek();
    if (tok.kind === 'op' && (tok.text === '-' || tok.text === '+' || tok.text === '!')) {
      this.next();
      this.exprOperand(tok);
      this.enter(tok);
      const operand = this.parseExpr(tok.text === '!' ? NOT_BP : UNARY_BP);
      this.leave();
      return this.made({ t: 'unary', op: tok.text as '+' | '-' | '!', pos: tok.pos, operand }, [operand], tok);
    }
    if (tok.kind === '(') {
      this.next();
      if (this.peek().kind === ')') this.fail('Empty expression: nothing between ( and )', this.peek());
      this.enter(tok);
      const inner = this.parseExpr(0);
      this.leave();
      const close = this.next();
      if (close.kind === 'end' || close.kind === '~') this.fail('Unbalanced parenthesis: ( is never closed', tok);
      if (close.kind !== ')') this.unexpected(close, 'inside parentheses');
      return this.made({ t: 'paren', pos: tok.pos, inner }, [inner], tok);
    }
    if (tok.kind === 'op') this.fail(`Operator '${tok.text}' has no left-hand operand`, tok);
    return this.parsePrimary();
  }
}
