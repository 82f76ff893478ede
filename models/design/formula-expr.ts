/**
 * Expressions inside formula calls: R's deparse of a syntax node (the text R
 * uses in term and column names, `I(age/10)`, `Surv(time, status == 2)`) and
 * the evaluation of an expression on columnar data with R's semantics:
 * arithmetic on numbers (logicals count 0/1), comparisons giving logicals,
 * three-valued `&`, `|`, `!` (`NA & FALSE` is `FALSE`), `%in%` never NA, NaN
 * as R's NA, numbers compared with strings as R's `as.character()` text.
 *
 * Functions: `log(x)`, `log(x, base = b)`, `log2`, `log10`, `log1p`, `exp`,
 * `expm1`, `sqrt`, `abs`, `floor`, `ceiling`, `pmin`, `pmax`, `as.numeric`,
 * `is.na`, `c(...)` of constants (right side of `%in%`) and `I()`; constants
 * `TRUE`, `FALSE`, numbers and strings. The list is in docs/formulas.md.
 *
 * Reference: R documentation `?Arithmetic`, `?Comparison`, `?Logic`,
 * `?match` (`%in%`), `?deparse`; R source `src/main/deparse.c` (spacing of
 * binary operators: none around `/`, `^`, `:`, `%%`, `%/%`).
 */
import { FormulaError } from '../../util/errors.js';
import { formatRNumber } from './format-r-number.js';
import { nodeToken } from './formula-syntax.js';
import type { Column, FormulaNode } from './types.js';

const RESERVED = new Set([
  'if', 'else', 'repeat', 'while', 'function', 'for', 'next', 'break', 'in',
  'TRUE', 'FALSE', 'NULL', 'Inf', 'NaN', 'NA', 'NA_integer_', 'NA_real_', 'NA_character_',
]);

/** R's deparsed form of a name: bare when syntactic, else backquoted. */
export function deparseName(name: string): string {
  // ASCII names first (the Unicode classes below are slow to compile on first use).
  if (/^(?:[A-Za-z]|\.(?![0-9]))[A-Za-z0-9._]*$/.test(name) && !RESERVED.has(name) && !/^\.\.[0-9]/.test(name)) return name;
  const syntactic = /^(?:\p{L}|\.(?![0-9]))[\p{L}\p{N}._]*$/u.test(name) && !RESERVED.has(name) && !/^\.\.[0-9]/.test(name);
  return syntactic ? name : `\`${name.replace(/`/g, '\\`')}\``;
}

const TIGHT_OPS = new Set(['/', '^', ':', '%%', '%/%']);

function deparseString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r')}"`;
}

/**
 * The text R's `deparse()` gives for a node (as in `attr(terms(f), "term.labels")`).
 * @example deparseNode(parse('I( age/10 )')) // => 'I(age/10)'
 */
export function deparseNode(node: FormulaNode): string {
  // Iterative over left-nested binary chains, recursive elsewhere (depth is bounded by the parser).
  switch (node.t) {
    case 'name':
      return !node.quoted && (node.name === 'TRUE' || node.name === 'FALSE') ? node.name : deparseName(node.name);
    case 'num':
      return formatRNumber(node.value);
    case 'str':
      return deparseString(node.value);
    case 'call': {
      const args = node.args.map((a, i) => {
        const nm = node.names[i];
        return nm ? `${deparseName(nm)} = ${deparseNode(a)}` : deparseNode(a);
      });
      return `${node.quoted ? deparseName(node.fn) : node.fn}(${args.join(', ')})`;
    }
    case 'bin': {
      const sep = TIGHT_OPS.has(node.op) ? node.op : ` ${node.op} `;
      return deparseNode(node.left) + sep + deparseNode(node.right);
    }
    case 'unary':
      return node.op + deparseNode(node.operand);
    case 'paren':
      return `(${deparseNode(node.inner)})`;
    case 'sum':
      return node.items.map((it, i) => (i === 0 ? (it.sign === '-' ? '-' : '') : ` ${it.sign} `) + deparseNode(it.node)).join('');
  }
}

/** The data columns an expression uses, in order of first appearance. */
export function exprColumns(node: FormulaNode, out: string[] = []): string[] {
  switch (node.t) {
    case 'name':
      if (!(!node.quoted && (node.name === 'TRUE' || node.name === 'FALSE')) && !out.includes(node.name)) out.push(node.name);
      break;
    case 'call':
      for (let i = 0; i < node.args.length; i++) {
        // Named constants (base = 2) hold no columns.
        exprColumns(node.args[i]!, out);
      }
      break;
    case 'bin':
      exprColumns(node.left, out);
      exprColumns(node.right, out);
      break;
    case 'unary':
      exprColumns(node.operand, out);
      break;
    case 'paren':
      exprColumns(node.inner, out);
      break;
    case 'sum':
      for (const it of node.items) exprColumns(it.node, out);
      break;
    default:
      break;
  }
  return out;
}

/** A constant: a number, a string, TRUE/FALSE, a signed number, or `c()` of them. */
export function constantValues(node: FormulaNode): (number | string | boolean)[] | null {
  switch (node.t) {
    case 'num':
      return [node.value];
    case 'str':
      return [node.value];
    case 'name':
      if (!node.quoted && node.name === 'TRUE') return [true];
      if (!node.quoted && node.name === 'FALSE') return [false];
      return null;
    case 'unary': {
      if (node.op === '!') return null;
      const v = constantValues(node.operand);
      if (!v || v.length !== 1 || typeof v[0] !== 'number') return null;
      return [node.op === '-' ? -v[0] : v[0]];
    }
    case 'paren':
      return constantValues(node.inner);
    case 'call': {
      if (node.fn !== 'c' || node.quoted) return null;
      const out: (number | string | boolean)[] = [];
      for (let i = 0; i < node.args.length; i++) {
        if (node.names[i]) return null;
        const v = constantValues(node.args[i]!);
        if (!v) return null;
        out.push(...v);
      }
      return out;
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------
// Evaluation

/** The value of an expression: one entry per row, or a scalar (length 1) recycled. */
export type ExprValue =
  | { type: 'num'; v: Float64Array }
  | { type: 'lgl'; v: Float64Array }
  | { type: 'str'; v: readonly (string | null)[] };

/** Functions of one numeric argument. */
const MATH: Record<string, (x: number) => number> = {
  log2: Math.log2,
  log10: Math.log10,
  log1p: Math.log1p,
  exp: Math.exp,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  abs: Math.abs,
  floor: Math.floor,
  ceiling: Math.ceil,
};

/** Names of every function an expression may call (for error messages). */
export const EXPRESSION_FUNCTIONS = ['I', 'log', ...Object.keys(MATH), 'pmin', 'pmax', 'as.numeric', 'is.na', 'c'];

function isMissing(x: number): boolean {
  return x !== x;
}

/** Evaluates formula expressions against columns of one table. */
export class ExprEvaluator {
  constructor(
    private readonly formula: string,
    private readonly n: number,
    private readonly column: (name: string, pos: number) => Column,
  ) {}

  private fail(node: FormulaNode, message: string): never {
    const tok = nodeToken(node);
    throw new FormulaError(this.formula, message, tok.text, tok.pos);
  }

  /** Numbers of a value (logicals as 0/1); strings are an error naming the node. */
  numbers(v: ExprValue, node: FormulaNode, what: string): Float64Array {
    if (v.type === 'str') return this.fail(node, `${what} needs numbers, but ${deparseNode(node)} is text`);
    return v.v;
  }

  /** Evaluate `node`; the result has `n` entries or 1 (a constant). */
  evaluate(node: FormulaNode): ExprValue {
    switch (node.t) {
      case 'num':
        return { type: 'num', v: Float64Array.of(node.value) };
      case 'str':
        return { type: 'str', v: [node.value] };
      case 'name': {
        if (!node.quoted && (node.name === 'TRUE' || node.name === 'FALSE')) return { type: 'lgl', v: Float64Array.of(node.name === 'TRUE' ? 1 : 0) };
        const col = this.column(node.name, node.pos);
        return col instanceof Float64Array ? { type: 'num', v: col } : { type: 'str', v: col };
      }
      case 'paren':
        return this.evaluate(node.inner);
      case 'unary': {
        const x = this.evaluate(node.operand);
        if (node.op === '!') {
          const a = this.numbers(x, node.operand, "'!'");
          return { type: 'lgl', v: a.map((v) => (isMissing(v) ? NaN : v === 0 ? 1 : 0)) };
        }
        const a = this.numbers(x, node.operand, `unary '${node.op}'`);
        return { type: 'num', v: node.op === '-' ? a.map((v) => -v) : a.slice() };
      }
      case 'bin':
        return this.binary(node);
      case 'call':
        return this.call(node);
      case 'sum':
        return this.fail(node, 'A formula sum cannot be evaluated as a value');
    }
  }

  private length(a: { length: number }, b: { length: number }): number {
    return Math.max(a.length === 1 ? 1 : this.n, b.length === 1 ? 1 : this.n);
  }

  private binary(node: Extract<FormulaNode, { t: 'bin' }>): ExprValue {
    const op = node.op;
    if (op === '%in%') return this.inOp(node);
    if (op === ':') return this.fail(node, "':' inside an expression is not supported (in R it builds a sequence or an interaction of factors)");
    const l = this.evaluate(node.left);
    const r = this.evaluate(node.right);
    const m = this.length(l.v, r.v);
    const li = l.v.length === 1 ? 0 : 1;
    const ri = r.v.length === 1 ? 0 : 1;
    switch (op) {
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return { type: 'lgl', v: this.compare(op, l, r, m, li, ri) };
      case '&&':
      case '||':
        return this.fail(node, `'${op}' looks at one value only; write '${op[0]}' for the elementwise operator`);
      case '&':
      case '|': {
        const a = this.numbers(l, node.left, `'${op}'`);
        const b = this.numbers(r, node.right, `'${op}'`);
        const and = op === '&';
        const out = new Float64Array(m);
        for (let i = 0; i < m; i++) {
          const x = a[i * li]!;
          const y = b[i * ri]!;
          const xm = isMissing(x);
          const ym = isMissing(y);
          if (and) out[i] = (!xm && x === 0) || (!ym && y === 0) ? 0 : xm || ym ? NaN : 1;
          else out[i] = (!xm && x !== 0) || (!ym && y !== 0) ? 1 : xm || ym ? NaN : 0;
        }
        return { type: 'lgl', v: out };
      }
      default: {
        const a = this.numbers(l, node.left, `'${op}'`);
        const b = this.numbers(r, node.right, `'${op}'`);
        const f = arithmetic(op);
        if (!f) return this.fail(node, `Unknown operator '${op}'`);
        const out = new Float64Array(m);
        for (let i = 0; i < m; i++) out[i] = f(a[i * li]!, b[i * ri]!);
        return { type: 'num', v: out };
      }
    }
  }

  private compare(op: string, l: ExprValue, r: ExprValue, m: number, li: number, ri: number): Float64Array {
    const out = new Float64Array(m);
    const test = comparator(op);
    if (l.type !== 'str' && r.type !== 'str') {
      const a = l.v;
      const b = r.v;
      for (let i = 0; i < m; i++) {
        const x = a[i * li]!;
        const y = b[i * ri]!;
        out[i] = isMissing(x) || isMissing(y) ? NaN : test(x < y ? -1 : x > y ? 1 : 0) ? 1 : 0;
      }
      return out;
    }
    // As R: a number compared with a string is compared as its as.character() text.
    const text = (v: ExprValue, i: number): string | null => {
      if (v.type === 'str') return v.v[i] ?? null;
      const x = v.v[i]!;
      if (isMissing(x)) return null;
      return v.type === 'lgl' ? (x ? 'TRUE' : 'FALSE') : formatRNumber(x);
    };
    for (let i = 0; i < m; i++) {
      const x = text(l, i * li);
      const y = text(r, i * ri);
      out[i] = x === null || y === null ? NaN : test(x < y ? -1 : x > y ? 1 : 0) ? 1 : 0;
    }
    return out;
  }

  private inOp(node: Extract<FormulaNode, { t: 'bin' }>): ExprValue {
    const table = constantValues(node.right);
    if (!table) return this.fail(node.right, "The right side of %in% must be constants, as c(1, 2) or c(\"a\", \"b\")");
    const l = this.evaluate(node.left);
    const m = l.v.length === 1 ? 1 : this.n;
    const out = new Float64Array(m);
    if (l.type === 'str') {
      const set = new Set(table.map((t) => (typeof t === 'number' ? formatRNumber(t) : typeof t === 'boolean' ? (t ? 'TRUE' : 'FALSE') : t)));
      for (let i = 0; i < m; i++) {
        const x = l.v[i];
        out[i] = x !== null && x !== undefined && set.has(x) ? 1 : 0;
      }
    } else {
      const nums = new Set<number>();
      const strs = new Set<string>();
      for (const t of table) {
        if (typeof t === 'number') nums.add(t);
        else if (typeof t === 'boolean') nums.add(t ? 1 : 0);
        else strs.add(t);
      }
      for (let i = 0; i < m; i++) {
        const x = l.v[i]!;
        out[i] = !isMissing(x) && (nums.has(x) || (strs.size > 0 && strs.has(formatRNumber(x)))) ? 1 : 0;
      }
    }
    return { type: 'lgl', v: out };
  }

  private call(node: Extract<FormulaNode, { t: 'call' }>): ExprValue {
    const fn = node.fn;
    const named = (name: string): FormulaNode | undefined => {
      const i = node.names.indexOf(name);
      return i >= 0 ? node.args[i] : undefined;
    };
    const positional = node.args.filter((_, i) => node.names[i] === null);
    const oneArg = (): FormulaNode => {
      if (node.args.length !== 1 || node.names[0] !== null) this.fail(node, `${fn}() takes exactly one argument, got ${node.args.length}`);
      return node.args[0]!;
    };
    if (fn === 'I' || fn === 'as.numeric' || fn === 'as.double' || fn === 'as.integer') {
      const arg = oneArg();
      const v = this.evaluate(arg);
      if (fn === 'I') return v;
      if (v.type === 'str') {
        return { type: 'num', v: Float64Array.from(v.v, (s) => (s === null || s.trim() === '' ? NaN : Number(s))) };
      }
      return { type: 'num', v: fn === 'as.integer' ? v.v.map((x) => Math.trunc(x)) : v.v };
    }
    if (fn === 'is.na') {
      const v = this.evaluate(oneArg());
      if (v.type === 'str') return { type: 'lgl', v: Float64Array.from(v.v, (s) => (s === null ? 1 : 0)) };
      return { type: 'lgl', v: v.v.map((x) => (isMissing(x) ? 1 : 0)) };
    }
    if (fn === 'log') {
      const unknown = node.names.find((nm) => nm !== null && nm !== 'base' && nm !== 'x');
      if (unknown) this.fail(node, `log() takes x and base, not '${unknown}'`);
      const xNode = named('x') ?? positional[0];
      const baseNode = named('base') ?? (named('x') ? positional[0] : positional[1]);
      if (!xNode || node.args.length > 2) this.fail(node, `log() takes one or two arguments (x, base), got ${node.args.length}`);
      const x = this.numbers(this.evaluate(xNode), xNode, 'log()');
      if (!baseNode) return { type: 'num', v: x.map(Math.log) };
      const b = this.numbers(this.evaluate(baseNode), baseNode, 'log() base');
      const m = this.length(x, b);
      const out = new Float64Array(m);
      for (let i = 0; i < m; i++) out[i] = Math.log(x[x.length === 1 ? 0 : i]!) / Math.log(b[b.length === 1 ? 0 : i]!);
      return { type: 'num', v: out };
    }
    const math = MATH[fn];
    if (math) {
      const arg = oneArg();
      const x = this.numbers(this.evaluate(arg), arg, `${fn}()`);
      return { type: 'num', v: x.map(math) };
    }
    if (fn === 'pmin' || fn === 'pmax') {
      if (node.args.length < 1 || node.names.some((nm) => nm !== null)) this.fail(node, `${fn}() takes one or more unnamed arguments`);
      let acc: Float64Array | null = null;
      for (const a of node.args) {
        const x = this.numbers(this.evaluate(a), a, `${fn}()`);
        if (acc === null) {
          acc = x.slice();
          continue;
        }
        const m: number = this.length(acc, x);
        const out: Float64Array = new Float64Array(m);
        for (let i = 0; i < m; i++) {
          const p: number = acc[acc.length === 1 ? 0 : i]!;
          const q: number = x[x.length === 1 ? 0 : i]!;
          out[i] = isMissing(p) || isMissing(q) ? NaN : fn === 'pmin' ? Math.min(p, q) : Math.max(p, q);
        }
        acc = out;
      }
      return { type: 'num', v: acc! };
    }
    if (fn === 'c') return this.fail(node, 'c() is supported only as the right side of %in% and as a value of levels = or knots =');
    return this.fail(node, `Function '${fn}' cannot be used in an expression; supported: ${EXPRESSION_FUNCTIONS.join(', ')}`);
  }
}

function arithmetic(op: string): ((a: number, b: number) => number) | null {
  switch (op) {
    case '+':
      return (a, b) => a + b;
    case '-':
      return (a, b) => a - b;
    case '*':
      return (a, b) => a * b;
    case '/':
      return (a, b) => a / b;
    case '^':
      // R: 1^y and x^0 are 1 even for NA.
      return (a, b) => (a === 1 || b === 0 ? 1 : Math.pow(a, b));
    case '%%':
      // R: the result has the sign of the divisor.
      return (a, b) => {
        const r = a % b;
        return r !== 0 && r < 0 !== b < 0 ? r + b : r;
      };
    case '%/%':
      return (a, b) => Math.floor(a / b);
    default:
      return null;
  }
}

function comparator(op: string): (c: number) => boolean {
  switch (op) {
    case '==':
      return (c) => c === 0;
    case '!=':
      return (c) => c !== 0;
    case '<':
      return (c) => c < 0;
    case '<=':
      return (c) => c <= 0;
    case '>':
      return (c) => c > 0;
    default:
      return (c) => c >= 0;
  }
}
