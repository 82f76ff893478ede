/**
 * `query`: the user's SQL on a study's session (the tables patients, events,
 * observations, treatments, visits, reports and report_scores hold only the
 * rows the study may see; files, other databases and settings are not
 * reachable from the session).
 *
 * What is answered depends on the study's access level (docs/access-levels.md):
 * - aggregate: only the checked aggregates of engine/disclosure/aggregate-query.ts
 *   (count, sum, avg of plain columns, every group of at least the study's
 *   minimum cell count of patients); the groups are audited against the
 *   study's earlier releases (the difference attack), and a query that would
 *   reveal a smaller group by difference is refused before anything is
 *   recorded. The ledger records the row and group counts; the release
 *   register the groups.
 * - row-level: any statement; the export is recorded with its row count.
 * A plain table is not a database: refused with a UsageError.
 */
import type { AggregateQueryCheck } from '../../engine/disclosure/aggregate-query.js';
import type { ResultColumns } from '../../engine/read-result.js';
import { AccessDeniedError, UsageError } from '../../util/errors.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import type { QueryOptionsInput, QueryOptionsParsed } from './options.js';

export type { QueryOptionsInput, QueryOptionsParsed } from './options.js';

/** Result of {@link query}: the answer's columns, and the access level it was answered under. */
export interface QueryResult {
  columns: ResultColumns;
  access: 'aggregate' | 'row-level';
  /** Groups of an aggregate answer (null under row-level access). */
  groups: number | null;
}

/** The answer and, under aggregate access, the check that allowed it. */
interface Answered {
  columns: ResultColumns;
  check: AggregateQueryCheck | null;
}

const QUERY: AnalysisSpec<QueryOptionsParsed, Answered, Answered, QueryResult> = {
  name: 'query',
  async load(source, { sql }) {
    if (source.kind === 'table') throw new UsageError('query runs SQL on a cohort database: give a study source (--db FILE --study ID), not a plain table');
    const session = source.session;
    if (session.disclosure.access !== 'aggregate') return { data: { columns: await session.query(sql), check: null }, pseudonyms: null, selection: null };
    // Aggregates only: the query rules and the group sizes first; the answer leaves only after the release audit (disclose).
    const { answerAggregateQuery, checkAggregateQuery } = await import('../../engine/disclosure/aggregate-query.js');
    const check = await checkAggregateQuery(session, sql, session.disclosure.threshold);
    return { data: { columns: await answerAggregateQuery(session, sql), check }, pseudonyms: null, selection: null };
  },
  fit: (a) => a,
  plain: () => {
    throw new UsageError('query needs a study source');
  },
  async disclose({ columns, check }, ctx) {
    if (check === null) {
      ctx.requireRowLevel('query rows');
      return { result: { columns, access: 'row-level', groups: null }, summary: { rows: columns.rowCount, columns: columns.names, access: 'row-level' } };
    }
    const { threshold } = ctx.disclosure;
    const release = await ctx.planRelease(check.cells);
    if (release.decisions.some((d) => !d.released)) {
      throw new AccessDeniedError(
        `Query refused under aggregate access: together with what study ${ctx.study.id} released before, its groups would reveal a group of fewer than ${threshold} patients by difference (docs/access-levels.md)`,
      );
    }
    return {
      result: { columns, access: 'aggregate', groups: check.groups },
      summary: { rows: columns.rowCount, columns: columns.names, access: 'aggregate', groups: check.groups },
      notes: [`every group holds at least ${threshold} patients and reveals no smaller group by difference with the study's earlier releases`],
      release,
      pseudonyms: check.cells[0]?.pseudonyms ?? [],
    };
  },
};

/**
 * Runs one SQL statement for a study: checked aggregates under aggregate
 * access, any statement under row-level access; recorded in the ledger as `query`.
 * @throws UsageError for invalid options or a plain table; AccessDeniedError for a refused query; StoreError for SQL errors.
 * @example const r = await query(source, { sql: 'SELECT site, count(*) AS n FROM patients GROUP BY 1' }); r.result.columns
 */
export async function query(source: DataSource, options: QueryOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<QueryResult>> {
  const { QueryOptions } = await import('./options.js');
  return runQuery(source, parseOptions('query', QueryOptions, options), call);
}

/** {@link query} with options in their parsed form (the CLI): no zod load. */
export function runQuery(source: DataSource, options: QueryOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<QueryResult>> {
  if (!options.sql.trim()) throw new UsageError('No SQL given');
  return runAnalysis(QUERY, source, options, call);
}
