/**
 * The data analyses (README.md in this folder): describe, table, timeline and
 * query, each on a data source (analyses/core) with its options, returning the
 * result with warnings, what disclosure control did and the ledger entry.
 * `x(source, options)` validates the options (zod); `runX(source, parsed)` takes them parsed.
 */
export { describe, runDescribe, describeFile, describeTable, describeColumns, describeSession, type DescribeResult, type ColumnsDescription, type ColumnSummary, type CohortDescription, type DisclosedDescription } from './describe.js';
export { table, runTable, tableSql, buildTable, checkTableOptions, type TableResult, type BuiltTable, type ResultColumns } from './table.js';
export { timeline, runTimeline, readTimeline, type PatientTimeline, type TimelineEntry } from './timeline.js';
export { query, runQuery, type QueryResult } from './query.js';
export { resultRows, resultArrowIpc, type ResultRow } from './rows.js';
export type { CountingProcessSpec, CovariateSpec, Diagnosis, EndpointSpec, EventType, PatientTableSpec, TimeUnit, TimeDependentSpec, TimeDependentParts } from './table-spec.js';
export type {
  DescribeOptionsInput,
  DescribeOptionsParsed,
  TableOptionsInput,
  TableOptionsParsed,
  TimelineOptionsInput,
  TimelineOptionsParsed,
  QueryOptionsInput,
  QueryOptionsParsed,
} from './options.js';
