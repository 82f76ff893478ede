/**
 * SQL under `aggregate` access (docs/access-levels.md, "Query rules"): a query
 * is answered only when every output column is a count, sum or mean (or a
 * group key), every group holds at least the study's minimum cell count of
 * distinct patients (and so does every set of patients a sum or mean is taken
 * over), and the groups are consistent with what the study released before
 * (release-audit.ts). Everything else is refused: what cannot be verified is
 * not answered.
 *
 * How. DuckDB parses the statement (`json_serialize_sql`); the parse tree must
 * be one SELECT over the session's tables (joined on `pseudonym` if several)
 * with
 * - output columns: `count(*)`, `count([DISTINCT] col)`, `sum(col)`,
 *   `avg(col)`/`mean(col)` of a plain column (optionally cast or rounded), or
 *   group keys (`GROUP BY` expressions, positions or aliases; `GROUP BY ALL`);
 * - WHERE and group keys built only from columns other than `pseudonym`,
 *   constants, comparisons, AND/OR/NOT, IS [NOT] NULL, IN lists, BETWEEN,
 *   arithmetic and a few date and text functions ({@link SAFE_FUNCTIONS});
 *   no CASE, no subqueries, no window functions, no `*`, no FILTER, no HAVING,
 *   no QUALIFY, no SAMPLE, no CTE, no DISTINCT rows, one grouping set.
 * Then the same FROM/WHERE/GROUP BY is run again (rebuilt by
 * `json_deserialize_sql`) to collect, per group, the distinct patients and,
 * per summed or averaged column, the distinct patients with a value; each set
 * must be empty or hold at least `threshold` patients, and their union (the
 * patients the query reads) at least `threshold` patients, so that a refusal
 * does not tell "none" from "a few". These sets and their union are the cells
 * the release audit checks.
 *
 * Runtime errors (a failed conversion, an out-of-range value) depend on the
 * data, so their messages are withheld; parser, binder and catalog errors are
 * shown. The remaining channel is one bit: whether the query failed.
 */
import { SESSION_TABLES, type AnalysisSession } from '../access.js';
import type { ResultColumns } from '../convert.js';
import { AccessDeniedError, StoreError } from '../../util/errors.js';
import { literal } from '../sql.js';
import { checkThreshold } from './suppress-small-counts.js';
import type { CandidateCell } from './release-audit.js';

/** Aggregates allowed in the output (DuckDB function names). */
export const AGGREGATE_FUNCTIONS: readonly string[] = ['count_star', 'count', 'sum', 'avg', 'mean'];

/** Scalar functions allowed in WHERE, group keys and around aggregates (DuckDB names; operators included). */
export const SAFE_FUNCTIONS: readonly string[] = ['+', '-', '*', '/', 'year', 'month', 'quarter', 'date_trunc', 'lower', 'upper', 'round', 'floor', 'ceil', 'abs', 'coalesce'];

type Node = Record<string, unknown>;

/** What the parse tree of an allowed aggregate query holds. */
export interface AggregateQueryPlan {
  /** The SELECT node as parsed (not modified). */
  node: Node;
  /** Group key expressions (parse-tree nodes). */
  keys: Node[];
  /** Column arguments of sum/avg/mean/count(col), one per aggregate with a column (null for count(*)). */
  aggregateArguments: (Node | null)[];
  /** The column reference of the patients' pseudonym in the FROM clause (`[alias, 'pseudonym']`). */
  pseudonymRef: string[];
}

const refuse = (why: string): never => {
  throw new AccessDeniedError(`Query refused under aggregate access: ${why}. Only counts, sums and means of groups of at least the study's minimum cell count leave an aggregate study (docs/access-levels.md); a row-level study may export rows`);
};

const isNode = (x: unknown): x is Node => x !== null && typeof x === 'object' && !Array.isArray(x);
const names = (n: Node): string[] => (Array.isArray(n.column_names) ? (n.column_names as unknown[]).map(String) : []);
const isPseudonymRef = (n: Node): boolean => n.class === 'COLUMN_REF' && names(n).at(-1)?.toLowerCase() === 'pseudonym';
/** A node without its alias and source positions, for structural comparison. */
const shape = (n: unknown): string => JSON.stringify(n, (k, v: unknown) => (k === 'query_location' || k === 'alias' ? undefined : v));
const what = (n: Node): string => String(n.function_name ?? n.type ?? n.class ?? 'expression');

/** Checks a WHERE, key or ORDER BY expression against the whitelist; `aggregates` allows the output aggregates inside. */
function checkExpression(n: unknown, where: string, aggregates = false): void {
  if (!isNode(n)) return refuse(`unexpected ${where}`);
  switch (n.class) {
    case 'COLUMN_REF':
      if (isPseudonymRef(n)) refuse(`${where} uses the pseudonym (allowed only in count(pseudonym) and a join condition)`);
      return;
    case 'CONSTANT':
      return;
    case 'COMPARISON':
      checkExpression(n.left, where, aggregates);
      checkExpression(n.right, where, aggregates);
      return;
    case 'CONJUNCTION':
      for (const c of (n.children as unknown[]) ?? []) checkExpression(c, where, aggregates);
      return;
    case 'BETWEEN':
      for (const k of ['input', 'lower', 'upper']) checkExpression(n[k], where, aggregates);
      return;
    case 'OPERATOR': {
      const kids = (n.children as unknown[]) ?? [];
      if (n.type === 'OPERATOR_NOT' || n.type === 'OPERATOR_IS_NULL' || n.type === 'OPERATOR_IS_NOT_NULL') {
        for (const c of kids) checkExpression(c, where, aggregates);
        return;
      }
      if (n.type === 'COMPARE_IN' || n.type === 'COMPARE_NOT_IN') {
        checkExpression(kids[0], where, aggregates);
        for (const c of kids.slice(1)) if (!isNode(c) || c.class !== 'CONSTANT') refuse(`${where}: IN (...) may list constants only`);
        return;
      }
      return refuse(`${where}: operator ${what(n)} is not allowed`);
    }
    case 'CAST':
      // Casts of constants (typed literals) and TRY_CAST cannot fail on patient data; aggregates may be cast.
      if (isNode(n.child) && (n.child.class === 'CONSTANT' || n.try_cast === true || (aggregates && isAggregate(n.child)))) return checkExpression(n.child, where, aggregates);
      return refuse(`${where}: a CAST of a column may fail on one patient's value (use TRY_CAST)`);
    case 'FUNCTION':
      if (aggregates && isAggregate(n)) {
        checkAggregate(n);
        return;
      }
      if (AGGREGATE_FUNCTIONS.includes(String(n.function_name)) || n.filter || ((n.order_bys as { orders?: unknown[] } | undefined)?.orders ?? []).length > 0) return refuse(`${where}: aggregate ${what(n)} is not allowed here`);
      if (!SAFE_FUNCTIONS.includes(String(n.function_name))) return refuse(`${where}: function ${what(n)} is not allowed (allowed: ${SAFE_FUNCTIONS.join(' ')})`);
      for (const c of (n.children as unknown[]) ?? []) checkExpression(c, where, aggregates);
      return;
    default:
      return refuse(`${where}: ${n.class === 'SUBQUERY' ? 'subqueries' : n.class === 'WINDOW' ? 'window functions' : n.class === 'STAR' ? '* (all columns)' : n.class === 'CASE' ? 'CASE expressions' : `${what(n)} expressions`} are not allowed`);
  }
}

function isAggregate(n: unknown): boolean {
  return isNode(n) && n.class === 'FUNCTION' && AGGREGATE_FUNCTIONS.includes(String(n.function_name));
}

/** Checks one output aggregate; returns its column argument (null for count(*)). */
function checkAggregate(n: Node): Node | null {
  const fn = String(n.function_name);
  if (n.filter) refuse(`${fn}(...) FILTER (WHERE ...) counts a subgroup without its own size check`);
  const orders = (n.order_bys as { orders?: unknown[] } | undefined)?.orders ?? [];
  if (orders.length) refuse(`${fn}(... ORDER BY ...) is not allowed`);
  const kids = (n.children as unknown[]) ?? [];
  if (fn === 'count_star') return null;
  if (kids.length !== 1 || !isNode(kids[0]) || kids[0].class !== 'COLUMN_REF') return refuse(`${fn} must take one plain column (not an expression)`);
  const arg = kids[0];
  if (fn !== 'count') {
    if (n.distinct) refuse(`${fn}(DISTINCT ...) is not allowed`);
    if (isPseudonymRef(arg)) refuse(`${fn} of the pseudonym is not allowed`);
  }
  return arg;
}

/** Strips casts and round(x, digits) around an output column. */
function unwrap(n: Node): Node {
  let x: Node = n;
  for (;;) {
    if (x.class === 'CAST' && isNode(x.child)) x = x.child;
    else if (x.class === 'FUNCTION' && x.function_name === 'round' && Array.isArray(x.children) && isNode(x.children[0]) && (x.children as unknown[]).slice(1).every((c) => isNode(c) && c.class === 'CONSTANT')) x = x.children[0] as Node;
    else return x;
  }
}

/** The first base table's reference (alias or name) and a check of the FROM tree. */
function checkFrom(t: unknown): string {
  if (!isNode(t)) return refuse('no FROM clause (a query must read a session table)');
  if (t.sample) refuse('TABLESAMPLE is not allowed');
  if (t.type === 'BASE_TABLE') {
    const table = String(t.table_name);
    if ((t.schema_name && t.schema_name !== 'main') || t.catalog_name || !(SESSION_TABLES as readonly string[]).includes(table) || t.at_clause) {
      refuse(`FROM may name only the session's tables (${SESSION_TABLES.join(', ')}), got ${[t.catalog_name, t.schema_name, table].filter(Boolean).join('.')}`);
    }
    if (Array.isArray(t.column_name_alias) && t.column_name_alias.length) refuse('column aliases on a table are not allowed');
    return String(t.alias || table);
  }
  if (t.type === 'JOIN') {
    if (t.join_type !== 'INNER' || t.ref_type !== 'REGULAR') refuse('only inner joins on pseudonym are allowed');
    const using = Array.isArray(t.using_columns) ? (t.using_columns as unknown[]).map((c) => String(c).toLowerCase()) : [];
    const c = t.condition;
    const onPseudonym = using.length === 1 && using[0] === 'pseudonym' && c === null;
    const onEquality = using.length === 0 && isNode(c) && c.class === 'COMPARISON' && c.type === 'COMPARE_EQUAL' && isNode(c.left) && isNode(c.right) && isPseudonymRef(c.left) && isPseudonymRef(c.right);
    if (!onPseudonym && !onEquality) refuse('tables may be joined only on pseudonym (JOIN ... USING (pseudonym) or ON a.pseudonym = b.pseudonym)');
    const left = checkFrom(t.left);
    checkFrom(t.right);
    return left;
  }
  return refuse(`FROM ${String(t.type).toLowerCase().replace(/_/g, ' ')} is not allowed (only the session's tables, joined on pseudonym)`);
}

/**
 * Checks the parse tree of one statement (`json_serialize_sql` output) and
 * returns the parts the group-size check needs.
 * @throws AccessDeniedError naming the first construct that is not allowed.
 * @example parseAggregateQuery(JSON.parse(json)).keys.length // => 1 for "SELECT site, count(*) FROM patients GROUP BY site"
 */
export function parseAggregateQuery(parsed: unknown): AggregateQueryPlan {
  const p = parsed as { error?: boolean; statements?: { node?: Node }[] };
  if (!isNode(p) || p.error) return refuse('the statement could not be parsed');
  if (!Array.isArray(p.statements) || p.statements.length !== 1) refuse('give exactly one SELECT statement');
  const node = p.statements![0]!.node;
  if (!isNode(node) || node.type !== 'SELECT_NODE') return refuse('only a plain SELECT is answered (no UNION, VALUES, PIVOT, ...)');
  if (((node.cte_map as { map?: unknown[] } | undefined)?.map ?? []).length) refuse('WITH (common table expressions) is not allowed');
  for (const k of ['having', 'qualify', 'sample']) if (node[k]) refuse(`${k.toUpperCase()} is not allowed`);
  for (const m of (node.modifiers as Node[]) ?? []) {
    if (m.type === 'ORDER_MODIFIER') for (const o of (m.orders as Node[]) ?? []) checkExpression(o.expression, 'ORDER BY', true);
    else if (m.type === 'LIMIT_MODIFIER') {
      if ((m.limit && !(isNode(m.limit) && m.limit.class === 'CONSTANT')) || (m.offset && !(isNode(m.offset) && m.offset.class === 'CONSTANT'))) refuse('LIMIT and OFFSET must be constants');
    } else refuse(m.type === 'DISTINCT_MODIFIER' ? 'SELECT DISTINCT lists rows (group with GROUP BY instead)' : `${String(m.type)} is not allowed`);
  }
  const from = checkFrom(node.from_table);
  if (node.where_clause) checkExpression(node.where_clause, 'WHERE');
  const groupSets = (node.group_sets as unknown[]) ?? [];
  if (groupSets.length > 1) refuse('GROUPING SETS, ROLLUP and CUBE are not allowed (one grouping only)');
  const select = (node.select_list as Node[]) ?? [];
  const aggregateArguments: (Node | null)[] = [];
  const keyItems: Node[] = [];
  for (const item of select) {
    const inner = unwrap(item);
    if (isAggregate(inner)) {
      aggregateArguments.push(checkAggregate(inner));
      continue;
    }
    if (inner.class === 'STAR') refuse('* (all columns) lists rows');
    if (inner.class === 'WINDOW') refuse(`window functions (${what(inner)} OVER ...) are not allowed`);
    if (inner.class === 'FUNCTION' && !SAFE_FUNCTIONS.includes(String(inner.function_name))) refuse(`output column ${what(inner)}(...) is neither a count, sum or mean nor a GROUP BY key (min, max and similar show single patients' values)`);
    keyItems.push(item);
  }
  const forceAll = node.aggregate_handling === 'FORCE_AGGREGATES';
  const groupExpressions = (node.group_expressions as Node[]) ?? [];
  let keys: Node[];
  if (forceAll) keys = keyItems.filter((k) => unwrap(k).class !== 'CONSTANT');
  else {
    // Resolve GROUP BY positions and aliases to the select items they name.
    keys = groupExpressions.map((g) => {
      if (g.class === 'CONSTANT' && typeof (g.value as { value?: unknown } | undefined)?.value === 'number') {
        const item = select[((g.value as { value: number }).value) - 1];
        if (!item || isAggregate(unwrap(item))) refuse('GROUP BY position must name a non-aggregate output column');
        return item!;
      }
      if (g.class === 'COLUMN_REF' && names(g).length === 1) {
        const byAlias = select.find((s) => s.alias === names(g)[0] && !isAggregate(unwrap(s)));
        if (byAlias) return byAlias;
      }
      return g;
    });
    if (keys.length === 0 && aggregateArguments.length === 0 && keyItems.length > 0) refuse('a SELECT without aggregates lists rows (add GROUP BY and counts)');
    const keyShapes = new Set(keys.map(shape));
    for (const item of keyItems) {
      if (unwrap(item).class === 'CONSTANT') continue;
      if (!keyShapes.has(shape(item)) && !keyShapes.has(shape(unwrap(item)))) refuse(`output column ${item.alias ? `'${String(item.alias)}'` : what(unwrap(item))} is neither a count, sum or mean nor a GROUP BY key`);
    }
  }
  if (aggregateArguments.length === 0 && keys.length === 0) refuse('the query has no aggregate and no GROUP BY');
  for (const k of keys) checkExpression(k, 'GROUP BY key');
  return { node, keys, aggregateArguments, pseudonymRef: [from, 'pseudonym'] };
}

/** The per-group patient sets of an allowed query (see {@link checkAggregateQuery}). */
export interface AggregateQueryCheck {
  plan: AggregateQueryPlan;
  /** Groups of the answer. */
  groups: number;
  /** Cells for the release audit: the population, each group, and each group's patients with a value of each summed or averaged column. */
  cells: CandidateCell[];
}

const STATIC_ERROR = /^(Parser|Binder|Catalog) Error/;

async function runChecked(session: AnalysisSession, sql: string): Promise<Record<string, unknown>[]> {
  return withheldErrors(() => session.queryRows(sql) as Promise<Record<string, unknown>[]>);
}

/** Runs `op`, passing on static SQL errors (parser, binder, catalog) and withholding the message of any other failure. */
async function withheldErrors<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    const message = err instanceof Error ? err.message.replace(/^Query failed: /, '') : String(err);
    if (err instanceof AccessDeniedError) throw err;
    if (STATIC_ERROR.test(message)) throw new StoreError(`Query failed: ${message}`, { cause: err });
    throw new AccessDeniedError('Query refused under aggregate access: it failed while reading the data, and such messages can describe single patients, so the database message is withheld');
  }
}

/**
 * Runs a query that {@link checkAggregateQuery} allowed; a runtime failure is
 * refused without the database message (it may describe one patient's value).
 * @throws AccessDeniedError for a runtime failure; StoreError for parser, binder and catalog errors.
 */
export function answerAggregateQuery(session: AnalysisSession, sql: string): Promise<ResultColumns> {
  return withheldErrors(() => session.query(sql));
}

/**
 * Checks a query of an aggregate study before it is answered: the parse tree
 * ({@link parseAggregateQuery}), then the distinct patients of every group and
 * of every summed or averaged column within it.
 *
 * @param session the study's session (its tables are the only ones reachable)
 * @param sql one SELECT statement
 * @param threshold the study's minimum cell count
 * @throws AccessDeniedError when the query is not an allowed aggregate or a group is smaller than the threshold; StoreError for SQL errors (parser, binder, catalog).
 * @example const { cells } = await checkAggregateQuery(session, 'SELECT site, count(*) FROM patients GROUP BY site', 5)
 */
export async function checkAggregateQuery(session: AnalysisSession, sql: string, threshold: number): Promise<AggregateQueryCheck> {
  const k = checkThreshold(threshold);
  const parsed = JSON.parse(String((await runChecked(session, `SELECT json_serialize_sql(${literal(sql)}) AS tree`))[0]!.tree)) as unknown;
  if (isNode(parsed) && parsed.error) throw new StoreError(`Query failed: ${String((parsed as { error_message?: unknown }).error_message ?? 'syntax error')}`);
  const plan = parseAggregateQuery(parsed);
  // The same FROM/WHERE, one row per input row: keys, the pseudonym, and whether each aggregated column has a value.
  const inner: Node = {
    ...plan.node,
    modifiers: [],
    group_expressions: [],
    group_sets: [],
    aggregate_handling: 'STANDARD_HANDLING',
    select_list: [
      ...plan.keys.map((key, i) => ({ ...key, alias: `__k${i}` })),
      { class: 'COLUMN_REF', type: 'COLUMN_REF', alias: '__pid', column_names: plan.pseudonymRef },
      ...plan.aggregateArguments.map((a, j) =>
        a === null ? { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: `__a${j}`, value: { type: { id: 'BOOLEAN', type_info: null }, is_null: false, value: true } } : { class: 'OPERATOR', type: 'OPERATOR_IS_NOT_NULL', alias: `__a${j}`, children: [a] },
      ),
    ],
  };
  const innerSql = String((await runChecked(session, `SELECT json_deserialize_sql(${literal(JSON.stringify({ error: false, statements: [{ node: inner, named_param_map: [] }] }))}) AS q`))[0]!.q);
  const groupBy = plan.keys.length ? ` GROUP BY ${plan.keys.map((_, i) => `__k${i}`).join(', ')}` : '';
  // Lists travel as JSON text (one conversion, no reliance on LIST support in row conversion).
  const perColumn = plan.aggregateArguments.map((_, j) => `, to_json(coalesce(list(DISTINCT __pid) FILTER (WHERE __a${j}), []))::VARCHAR AS __p${j}`).join('');
  const rows = await runChecked(session, `SELECT to_json(coalesce(list(DISTINCT __pid), []))::VARCHAR AS __p${perColumn} FROM (${innerSql})${groupBy}`);
  const cells: CandidateCell[] = [];
  const population = new Set<string>();
  let small = 0;
  const ids = (v: unknown): string[] => {
    const list = typeof v === 'string' ? (JSON.parse(v) as unknown) : [];
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  };
  rows.forEach((r, g) => {
    const members = ids(r.__p);
    if (members.length > 0 && members.length < k) small++;
    for (const p of members) population.add(p);
    cells.push({ label: `group ${g + 1}`, pseudonyms: members });
    plan.aggregateArguments.forEach((a, j) => {
      if (a === null) return;
      const withValue = ids(r[`__p${j}`]);
      if (withValue.length > 0 && withValue.length < k) small++;
      if (withValue.length !== members.length) cells.push({ label: `group ${g + 1}, column ${j + 1}`, pseudonyms: withValue });
    });
  });
  if (population.size < k) {
    // Refused alike for none and for a few, so that a refusal does not tell them apart.
    throw new AccessDeniedError(`Query refused under aggregate access: fewer than ${k} patients (the study's minimum cell count) match it. Widen the WHERE clause`);
  }
  if (small > 0) {
    throw new AccessDeniedError(
      `Query refused under aggregate access: ${small} of its groups (or of the patients with a value of a summed or averaged column within a group) hold fewer than ${k} patients, the study's minimum cell count. Coarsen the grouping or widen the WHERE clause`,
    );
  }
  return { plan, groups: rows.length, cells: [{ label: 'population', pseudonyms: [...population] }, ...cells] };
}
