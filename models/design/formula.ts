/**
 * The R model-formula language: term algebra on the syntax tree of
 * `formula-syntax.ts`, expanding `*`, `/`, `:`, `^` and parentheses into R's
 * term list, and reading the calls R users write in model formulas:
 * `factor(x, levels = c(...))`, `relevel(x, ref = "b")`, `I(age/10)`,
 * `log(x)`, `ns(x, df = 3)`, `pspline(x)`, `tt(x)`, `Surv(time, status == 2)`,
 * `strata()`, `cluster()`, `offset()`. The whole language and its limits are
 * in docs/formulas.md.
 *
 * Reference: Chambers & Hastie (1992), *Statistical Models in S*, ch. 2;
 * R documentation `?formula`, `?terms.formula`; R source
 * `src/library/stats/src/model.c` (term algebra and term ordering).
 */
import { FormulaError } from '../../util/errors.js';
import { formatRNumber } from './format-r-number.js';
import { constantValues, deparseNode, EXPRESSION_FUNCTIONS, exprColumns } from './formula-expr.js';
import { END_TEXT, FormulaParser, nodeToken, tokenizeFormula } from './formula-syntax.js';
import type { Formula, FormulaNode, ResponseSpec, Term, VariableRef } from './types.js';

export { deparseName } from './formula-expr.js';
export { MAX_FORMULA_DEPTH, MAX_FORMULA_LENGTH } from './formula-syntax.js';

type Node = FormulaNode;

/** Largest exponent of `(a + b)^k` (the interaction order). */
export const MAX_INTERACTION_ORDER = 20;
/** Most terms a formula may expand to. */
export const MAX_TERMS = 2000;

/** Functions that may stand for a variable in a term. */
const TERM_FUNCTIONS = ['factor', 'relevel', 'ns', 'pspline', 'tt', ...EXPRESSION_FUNCTIONS.filter((f) => f !== 'c')];
/** Specials and the response, for the list of what is supported. */
const SPECIALS = ['Surv', 'strata', 'cluster', 'offset'];
const SUPPORTED = `supported: ${[...SPECIALS, ...TERM_FUNCTIONS].join(', ')}`;

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

function interact(left: VarSet[], right: VarSet[], fail: () => never): VarSet[] {
  if (left.length * right.length > MAX_TERMS * MAX_TERMS) fail();
  const out: VarSet[] = [];
  for (const l of left) for (const r of right) out.push(union(l, r));
  const d = dedupe(out);
  if (d.length > MAX_TERMS) fail();
  return d;
}

interface Specials {
  strata: string[];
  cluster: string | null;
  offset: string | null;
  offsetExpr: Node | null;
}

/** A string level from a constant (numbers as R's as.character()). */
function levelText(v: number | string | boolean): string {
  return typeof v === 'number' ? formatRNumber(v) : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v;
}

/** Arguments of a call matched to R's formal names (exact names, then positions), as R's match.arg. */
function matchArgs(
  b: TermBuilder,
  node: Extract<Node, { t: 'call' }>,
  formals: readonly string[],
  required: number,
): Map<string, Node> {
  const out = new Map<string, Node>();
  const free = [...formals];
  node.args.forEach((a, i) => {
    const nm = node.names[i] ?? null;
    if (nm === null) return;
    if (!formals.includes(nm)) {
      b.fail(`${node.fn}() has no argument '${nm}'; it takes ${formals.join(', ')}`, nm, node.namePos[i]!);
    }
    if (out.has(nm)) b.fail(`Argument '${nm}' given twice in ${node.fn}()`, nm, node.namePos[i]!);
    out.set(nm, a);
    free.splice(free.indexOf(nm), 1);
  });
  let k = 0;
  node.args.forEach((a, i) => {
    if (node.names[i] !== null) return;
    const formal = free[k++];
    if (formal === undefined) {
      const tok = nodeToken(a);
      b.fail(`Too many arguments to ${node.fn}(): it takes ${formals.join(', ')}`, tok.text, tok.pos);
    }
    out.set(formal, a);
  });
  for (let r = 0; r < required; r++) {
    if (!out.has(formals[r]!)) b.fail(`${node.fn}() needs the argument '${formals[r]!}'`, node.fn, node.pos);
  }
  return out;
}

class TermBuilder {
  /** Variables in order of first appearance (R's `variables` attribute). */
  readonly vars: VariableRef[] = [];
  private readonly byLabel = new Map<string, number>();
  intercept = true;
  readonly specials: Specials = { strata: [], cluster: null, offset: null, offsetExpr: null };

  constructor(private readonly text: string) {}

  fail(message: string, token: string, pos: number): never {
    throw new FormulaError(this.text, message, token, pos);
  }

  failAt(node: Node, message: string): never {
    const tok = nodeToken(node);
    return this.fail(message, tok.text, tok.pos);
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
  columnArg(node: Node, fn: string): { name: string; pos: number } {
    if (node.t === 'name') return { name: node.name, pos: node.pos };
    return this.failAt(node, `${fn}() takes column names only`);
  }

  /** Check that an expression uses only supported functions and has a column; returns its columns. */
  checkExpression(node: Node, context: string): string[] {
    const walk = (n: Node, rhsOfIn: boolean): void => {
      switch (n.t) {
        case 'call':
          if (n.fn === 'c' && !n.quoted) {
            if (!rhsOfIn) this.failAt(n, 'c() is supported only as the right side of %in% and as the value of levels = or knots =');
            if (!constantValues(n)) this.failAt(n, 'c() may hold constants only (numbers, strings, TRUE, FALSE)');
            return;
          }
          if (n.quoted || !EXPRESSION_FUNCTIONS.includes(n.fn)) {
            const special = [...SPECIALS, 'factor', 'relevel', 'ns', 'pspline', 'tt'].includes(n.fn);
            this.fail(
              special
                ? `${n.fn}() cannot be used inside ${context}`
                : `Unknown function '${n.fn}' in ${context}; expressions may use ${EXPRESSION_FUNCTIONS.filter((f) => f !== 'c').join(', ')}`,
              n.fn,
              n.pos,
            );
          }
          n.args.forEach((a) => walk(a, false));
          return;
        case 'bin':
          if (n.op === ':') this.fail(`':' inside ${context} is not supported`, ':', n.pos);
          if (n.op === '&&' || n.op === '||') this.fail(`'${n.op}' looks at one value only; write '${n.op[0]!}' for the elementwise operator`, n.op, n.pos);
          walk(n.left, false);
          walk(n.right, n.op === '%in%');
          return;
        case 'unary':
          walk(n.operand, false);
          return;
        case 'paren':
          walk(n.inner, false);
          return;
        case 'sum':
          this.failAt(n, `A sum of terms cannot be used inside ${context}`);
          return;
        default:
          return;
      }
    };
    walk(node, false);
    return exprColumns(node);
  }

  /** A variable from a name or an expression: plain name, or an `expr` transform. */
  private exprVariable(node: Node, context: string, label: string, position: number): VariableRef {
    if (node.t === 'name') {
      if (!node.quoted && (node.name === 'TRUE' || node.name === 'FALSE')) this.failAt(node, `A constant cannot be a variable`);
      return { name: node.name, transform: 'none', label, position, columns: [node.name] };
    }
    const columns = this.checkExpression(node, context);
    if (columns.length === 0) this.failAt(node, `${deparseNode(node)} uses no column: a constant cannot be a variable`);
    return { name: columns[0]!, transform: 'expr', label, position, expr: node, columns };
  }

  /** A variable reference from a name or a call. */
  variable(node: Node): VariableRef {
    const label = deparseNode(node);
    if (node.t === 'name') {
      if (!node.quoted && (node.name === 'TRUE' || node.name === 'FALSE')) this.failAt(node, `Invalid term '${node.name}': a constant cannot be a term`);
      return { name: node.name, transform: 'none', label, position: node.pos, columns: [node.name] };
    }
    if (node.t !== 'call') return this.failAt(node, 'Expected a variable');
    const fn = node.fn;
    if (node.quoted || !TERM_FUNCTIONS.includes(fn)) this.fail(`Unknown function '${fn}'; ${SUPPORTED}`, fn, node.pos);
    switch (fn) {
      case 'factor':
        return this.factorCall(node, label);
      case 'relevel':
        return this.relevelCall(node, label);
      case 'ns':
        return this.nsCall(node, label);
      case 'pspline':
        return this.psplineCall(node, label);
      case 'tt': {
        const a = matchArgs(this, node, ['x'], 1);
        if (node.args.length !== 1) this.fail(`tt() takes exactly one argument, got ${node.args.length}`, fn, node.pos);
        const v = this.exprVariable(a.get('x')!, 'tt()', label, node.pos);
        return { ...v, transform: 'tt' };
      }
      case 'I': {
        if (node.args.length !== 1 || node.names[0] !== null) this.fail(`I() takes exactly one argument, got ${node.args.length}`, fn, node.pos);
        const arg = node.args[0]!;
        if (arg.t === 'bin' && arg.op === '^' && arg.left.t === 'name' && arg.right.t === 'num') {
          const power = arg.right.value;
          const name = arg.left.name;
          return power === 2
            ? { name, transform: 'I-square', label, power: 2, position: node.pos, columns: [name] }
            : { name, transform: 'I-power', label, power, position: node.pos, columns: [name] };
        }
        return this.exprVariable(node, 'I()', label, node.pos);
      }
      case 'log':
      case 'sqrt':
      case 'exp': {
        if (node.args.length === 0 || (fn !== 'log' && node.args.length !== 1)) {
          this.fail(`${fn}() takes exactly one argument${fn === 'log' ? ' (and an optional base = b)' : ''}, got ${node.args.length}`, fn, node.pos);
        }
        const arg = node.args[0]!;
        if (node.args.length === 1 && node.names[0] === null && arg.t === 'name') {
          return { name: arg.name, transform: fn, label, position: node.pos, columns: [arg.name] };
        }
        return this.exprVariable(node, `${fn}()`, label, node.pos);
      }
      default:
        return this.exprVariable(node, `${fn}()`, label, node.pos);
    }
  }

  /** `factor(x)`, `factor(x, levels = c(...))`, `factor(<expression>)`. */
  private factorCall(node: Extract<Node, { t: 'call' }>, label: string): VariableRef {
    const unnamed = node.names.filter((n) => n === null).length;
    if (node.args.length === 0 || unnamed > 1) {
      this.fail(`factor() takes exactly one argument and an optional levels = c(...), got ${unnamed} unnamed`, 'factor', node.pos);
    }
    const a = matchArgs(this, node, ['x', 'levels'], 1);
    const base = this.exprVariable(a.get('x')!, 'factor()', label, node.pos);
    const ref: VariableRef = { ...base, transform: 'factor' };
    const lev = a.get('levels');
    if (lev) {
      const v = constantValues(lev);
      if (!v || v.length === 0) this.failAt(lev, 'levels = must be constants, as c("a", "b") or c(1, 2, 3)');
      const levels = v.map(levelText);
      if (new Set(levels).size !== levels.length) this.failAt(lev, 'levels = lists a level twice');
      ref.levels = levels;
    }
    return ref;
  }

  /** `relevel(x, ref = "b")`, `relevel(factor(x), ref = "b")`, `relevel(x, ref = 2)` (R's 1-based index). */
  private relevelCall(node: Extract<Node, { t: 'call' }>, label: string): VariableRef {
    const a = matchArgs(this, node, ['x', 'ref'], 2);
    const x = a.get('x')!;
    const inner: VariableRef =
      x.t === 'call' && x.fn === 'factor' && !x.quoted
        ? this.factorCall(x, label)
        : { ...this.exprVariable(x, 'relevel()', label, node.pos), transform: 'factor' };
    const refNode = a.get('ref')!;
    const v = constantValues(refNode);
    if (!v || v.length !== 1 || typeof v[0] === 'boolean') this.failAt(refNode, 'ref = must be one level, as ref = "b" (or a level number, as R: ref = 2)');
    const out: VariableRef = { ...inner, label, position: node.pos };
    if (typeof v[0] === 'number') {
      if (!Number.isInteger(v[0]) || v[0] < 1) this.failAt(refNode, 'A numeric ref = is a level number (1, 2, ...)');
      out.referenceIndex = v[0];
    } else out.reference = v[0];
    return out;
  }

  private numberArg(node: Node | undefined, fn: string, name: string, check: (x: number) => boolean, rule: string): number | undefined {
    if (!node) return undefined;
    const v = constantValues(node);
    if (!v || v.length !== 1 || typeof v[0] !== 'number' || !check(v[0])) this.failAt(node, `${fn}(): ${name} = must be ${rule}`);
    return v[0];
  }

  /** `ns(x, df = , knots = , intercept = , Boundary.knots = )`, as splines::ns. */
  private nsCall(node: Extract<Node, { t: 'call' }>, label: string): VariableRef {
    const a = matchArgs(this, node, ['x', 'df', 'knots', 'intercept', 'Boundary.knots'], 1);
    const base = this.exprVariable(a.get('x')!, 'ns()', label, node.pos);
    const df = this.numberArg(a.get('df'), 'ns', 'df', (x) => Number.isInteger(x) && x >= 1 && x <= 100, 'a whole number from 1 to 100');
    let knots: number[] | undefined;
    const kn = a.get('knots');
    if (kn) {
      const v = constantValues(kn);
      if (!v || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) this.failAt(kn, 'ns(): knots = must be numbers, as knots = c(40, 60)');
      knots = (v as number[]).slice().sort((p, q) => p - q);
      if (knots.length > 100) this.failAt(kn, 'ns(): at most 100 knots');
    }
    let intercept = false;
    const ic = a.get('intercept');
    if (ic) {
      const v = constantValues(ic);
      if (!v || v.length !== 1 || typeof v[0] !== 'boolean') this.failAt(ic, 'ns(): intercept = must be TRUE or FALSE');
      intercept = v[0];
    }
    let boundaryKnots: [number, number] | undefined;
    const bk = a.get('Boundary.knots');
    if (bk) {
      const v = constantValues(bk);
      if (!v || v.length !== 2 || v.some((x) => typeof x !== 'number' || !Number.isFinite(x)) || v[0] === v[1]) {
        this.failAt(bk, 'ns(): Boundary.knots = must be two different numbers, as c(30, 80)');
      }
      const [p, q] = v as number[];
      boundaryKnots = [Math.min(p!, q!), Math.max(p!, q!)];
    }
    const spline: NonNullable<VariableRef['spline']> = { intercept };
    if (df !== undefined) spline.df = df;
    if (knots !== undefined) spline.knots = knots;
    if (boundaryKnots) spline.boundaryKnots = boundaryKnots;
    const out: VariableRef = { ...base, transform: 'ns', spline };
    if (base.transform === 'none') delete out.expr;
    return out;
  }

  /** `pspline(x, df = 4, theta = , nterm = 2.5 * df, degree = 3, eps = 0.1)`, as survival::pspline. */
  private psplineCall(node: Extract<Node, { t: 'call' }>, label: string): VariableRef {
    const a = matchArgs(this, node, ['x', 'df', 'theta', 'nterm', 'degree', 'eps'], 1);
    const base = this.exprVariable(a.get('x')!, 'pspline()', label, node.pos);
    const df = this.numberArg(a.get('df'), 'pspline', 'df', (x) => x > 1 && x <= 50, 'a number above 1 and at most 50');
    const theta = this.numberArg(a.get('theta'), 'pspline', 'theta', (x) => x > 0 && x < 1, 'a number in (0, 1)');
    const nterm = this.numberArg(a.get('nterm'), 'pspline', 'nterm', (x) => Number.isInteger(x) && x >= 3 && x <= 200, 'a whole number from 3 to 200');
    const degree = this.numberArg(a.get('degree'), 'pspline', 'degree', (x) => Number.isInteger(x) && x >= 1 && x <= 5, 'a whole number from 1 to 5') ?? 3;
    const eps = this.numberArg(a.get('eps'), 'pspline', 'eps', (x) => x > 0 && x < 1, 'a number in (0, 1)') ?? 0.1;
    const pspline: NonNullable<VariableRef['pspline']> = { degree, eps };
    if (df !== undefined) pspline.df = df;
    if (theta !== undefined) pspline.theta = theta;
    if (nterm !== undefined) pspline.nterm = nterm;
    const out: VariableRef = { ...base, transform: 'pspline', pspline };
    if (base.transform === 'none') delete out.expr;
    return out;
  }

  private tooManyTerms(): never {
    return this.fail(`The formula expands to more than ${MAX_TERMS} terms`, '^', -1);
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
      case 'str':
        return this.failAt(node, 'A string cannot be a term');
      case 'paren':
        return this.evaluateSum(node.inner, false);
      case 'sum':
        return this.evaluateSum(node, false);
      case 'unary':
        return this.fail(`Unexpected unary '${node.op}'`, node.op, node.pos);
      case 'bin': {
        const tooMany = (): never => this.tooManyTerms();
        switch (node.op) {
          case ':':
            return interact(this.evaluate(node.left), this.evaluate(node.right), tooMany);
          case '*': {
            const l = this.evaluate(node.left);
            const r = this.evaluate(node.right);
            const d = dedupe([...l, ...r, ...interact(l, r, tooMany)]);
            if (d.length > MAX_TERMS) tooMany();
            return d;
          }
          case '/': {
            // a / b = a + (all variables of a):b  (R's nesting operator).
            const l = this.evaluate(node.left);
            const r = this.evaluate(node.right);
            const all = l.reduce<VarSet>((acc, t) => union(acc, t), []);
            return dedupe([...l, ...interact([all], r, tooMany)]);
          }
          case '^': {
            if (node.left.t !== 'paren') {
              const tok = nodeToken(node.left);
              return this.fail(`'^' applies to a parenthesized sum, as (a + b)^2; write I(${tok.text}^2) for a power`, '^', node.pos);
            }
            const k = node.right.t === 'num' ? node.right.value : NaN;
            if (!Number.isInteger(k) || k < 1 || k > MAX_INTERACTION_ORDER) {
              const tok = nodeToken(node.right);
              return this.fail(
                `The exponent of '^' must be a positive integer (the interaction order, at most ${MAX_INTERACTION_ORDER})`,
                tok.text,
                tok.pos,
              );
            }
            // As R's PowerTerms: right = left, then right <- left x right (all l|r), k - 1 times;
            // beyond the number of variables nothing changes.
            const base = this.evaluate(node.left);
            const nVars = base.reduce<VarSet>((acc, t) => union(acc, t), []).length;
            let out = base;
            for (let j = 2; j <= Math.min(k, nVars); j++) out = interact(base, out, tooMany);
            return out;
          }
          default:
            return this.fail(`Operator '${node.op}' is supported only inside a call such as I() or Surv()`, node.op, node.pos);
        }
      }
    }
  }

  /** A chain of '+'/'-' terms; at the top level it also takes 0/1 and specials. */
  evaluateSum(node: Node, top: boolean): VarSet[] {
    const items = node.t === 'sum' ? node.items : [{ sign: '+' as const, node, pos: -1 }];
    let terms: VarSet[] = [];
    let keys = new Set<string>();
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
        for (const x of t) {
          const k = setKey(x);
          if (keys.has(k)) continue;
          keys.add(k);
          terms.push(x);
        }
        if (terms.length > MAX_TERMS) this.tooManyTerms();
      } else {
        const drop = new Set(t.map(setKey));
        terms = terms.filter((x) => !drop.has(setKey(x)));
        keys = new Set(terms.map(setKey));
      }
    }
    return terms;
  }

  special(n: Extract<Node, { t: 'call' }>): void {
    const named = n.names.findIndex((x) => x !== null);
    if (named >= 0) this.fail(`${n.fn}() takes no named arguments`, n.names[named]!, n.namePos[named]!);
    if (n.fn === 'strata') {
      if (n.args.length === 0) this.fail('strata() needs at least one column', n.fn, n.pos);
      for (const a of n.args) this.specials.strata.push(this.columnArg(a, 'strata').name);
      return;
    }
    if (n.args.length !== 1) this.fail(`${n.fn}() takes exactly one column, got ${n.args.length}`, n.fn, n.pos);
    const arg = n.args[0]!;
    if (n.fn === 'cluster') {
      if (this.specials.cluster !== null) this.fail('Only one cluster() term is allowed', n.fn, n.pos);
      this.specials.cluster = this.columnArg(arg, n.fn).name;
    } else {
      if (this.specials.offset !== null) this.fail('Only one offset() term is allowed', n.fn, n.pos);
      if (arg.t === 'name') {
        this.specials.offset = arg.name;
      } else {
        const cols = this.checkExpression(arg, 'offset()');
        if (cols.length === 0) this.failAt(arg, 'offset() needs a column');
        this.specials.offset = deparseNode(arg);
        this.specials.offsetExpr = arg;
      }
    }
  }
}

/** One argument of Surv(): a column, or an expression with its text. */
function survArg(b: TermBuilder, node: Node): { name: string; expr?: Node } {
  if (node.t === 'name') return { name: node.name };
  const cols = b.checkExpression(node, 'Surv()');
  if (cols.length === 0) b.failAt(node, 'Surv() arguments need a column');
  return { name: deparseNode(node), expr: node };
}

function parseResponse(text: string, b: TermBuilder, node: Node): ResponseSpec {
  if (node.t === 'name') return { kind: 'variable', name: node.name };
  if (node.t === 'call' && node.fn === 'Surv' && !node.quoted) {
    const named = node.names.findIndex((x) => x !== null);
    if (named >= 0) {
      const nm = node.names[named]!;
      b.fail(
        `Surv() takes its arguments by position: Surv(time, status) or Surv(start, stop, event); for a logical status write '${nm} == ${deparseNode(node.args[named]!)}'`,
        nm,
        node.namePos[named]!,
      );
    }
    if (node.args.length !== 2 && node.args.length !== 3) {
      throw new FormulaError(
        text,
        `Surv() takes 2 arguments (time, status) or 3 (start, stop, event), got ${node.args.length}`,
        'Surv',
        node.pos,
      );
    }
    const args = node.args.map((a) => survArg(b, a));
    if (args.length === 2) {
      const r: ResponseSpec = { kind: 'surv', time: args[0]!.name, status: args[1]!.name };
      if (args[0]!.expr) r.timeExpr = args[0]!.expr;
      if (args[1]!.expr) r.statusExpr = args[1]!.expr;
      return r;
    }
    const r: ResponseSpec = { kind: 'surv-counting', start: args[0]!.name, stop: args[1]!.name, status: args[2]!.name };
    if (args[0]!.expr) r.startExpr = args[0]!.expr;
    if (args[1]!.expr) r.stopExpr = args[1]!.expr;
    if (args[2]!.expr) r.statusExpr = args[2]!.expr;
    return r;
  }
  const tok = nodeToken(node);
  throw new FormulaError(text, 'The response must be a column name, Surv(time, status) or Surv(start, stop, event)', tok.text, tok.pos);
}

/**
 * Parse an R model formula into its response, expanded terms and specials.
 *
 * Supports `response ~ rhs` (or one-sided `~ rhs`), a response `Surv(time, status)`,
 * `Surv(start, stop, event)` or a column, where each Surv() argument may be an
 * expression (`Surv(time/365.25, status == 2)`; a logical status is the event
 * indicator); terms joined by `+`, removed by `-`; `a:b` interactions;
 * `a*b` = `a + b + a:b`; `a/b` = `a + a:b`; `(a + b)^2`; parentheses; `- 1`,
 * `+ 0`, `+ 1` for the intercept; specials `strata(x, ...)`, `cluster(id)`,
 * `offset(x)` (or an expression, `offset(log(e))`); variables `factor(x)`,
 * `factor(x, levels = c(...))`, `relevel(x, ref = "b")`, `log(x)`, `sqrt(x)`,
 * `exp(x)`, `I(<arithmetic or logical expression>)`, `ns(x, df = 3)`,
 * `ns(x, knots = c(...))`, `pspline(x, df = 4)`, `tt(x)`; backquoted names;
 * strings; named arguments. As R's `terms.formula` (keep.order = FALSE),
 * terms are ordered main effects first, then two-way, then higher interactions,
 * duplicates removed (`a:b` is `b:a`), and each interaction's variables are
 * written in order of first appearance in the formula. Labels are R's deparse
 * (`I(age/10)`, `relevel(x, ref = "b")`).
 *
 * Limits: at most {@link MAX_FORMULA_LENGTH} characters, {@link MAX_FORMULA_DEPTH}
 * levels of nesting, {@link MAX_TERMS} terms and interaction order
 * {@link MAX_INTERACTION_ORDER} (docs/formulas.md).
 *
 * @param text the formula, e.g. `Surv(time, status == 2) ~ age + sex * factor(grade) + strata(inst)`.
 * @returns the parsed {@link Formula}.
 * @throws FormulaError naming the offending token and its 0-based position: unknown
 *   function (with the list of supported ones), unbalanced parenthesis, empty term,
 *   missing `~`, trailing operator, Surv() with the wrong number of arguments,
 *   strata()/cluster()/offset() inside an interaction, a formula over the limits.
 * @example parseFormula('y ~ a*b').terms.map((t) => t.label) // => ['a', 'b', 'a:b']
 */
export function parseFormula(text: string): Formula {
  const tokens = tokenizeFormula(text);
  const parser = new FormulaParser(text, tokens);
  const builder = new TermBuilder(text);
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
    response = parseResponse(text, builder, lhs);
  }
  const tilde = parser.next();
  if (parser.peek().kind === 'end') throw new FormulaError(text, "Empty right-hand side after '~'", '~', tilde.pos);
  const rhs = parser.parseSum();
  const rest = parser.peek();
  if (rest.kind !== 'end') parser.unexpected(rest, 'after the formula');

  const sets = builder.evaluateSum(rhs, true);
  // R orders terms by their number of variables, stable within an order.
  const maxOrder = sets.reduce((m, s) => Math.max(m, s.length), 0);
  const terms: Term[] = [];
  for (let order = 1; order <= maxOrder; order++) {
    for (const s of sets) {
      if (s.length !== order) continue;
      const variables = s.map((id) => structuredClone(builder.vars[id]!));
      terms.push({ label: variables.map((v) => v.label).join(':'), variables });
    }
  }
  for (const t of terms) {
    const special = t.variables.length > 1 ? t.variables.find((v) => v.transform === 'pspline' || v.transform === 'tt') : undefined;
    if (special) throw new FormulaError(text, `${special.label} cannot be part of an interaction`, special.label, special.position ?? -1);
  }
  const out: Formula = {
    text,
    response,
    terms,
    strata: builder.specials.strata,
    cluster: builder.specials.cluster,
    offset: builder.specials.offset,
    intercept: builder.intercept,
  };
  if (builder.specials.offsetExpr) out.offsetExpr = builder.specials.offsetExpr;
  return out;
}
