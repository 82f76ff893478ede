/**
 * Analysis tables without SQL: a one-row-per-patient table (baseline
 * covariates, time to first event) and a counting-process long table
 * ((start, stop] rows with time-varying current therapy). Each builder is a
 * pure function from a spec to SQL (inspect it with `*.sql`, edit it, run it
 * with `session.query`), plus a runner that executes it in a session.
 *
 * Conventions (each a documented, changeable default):
 * - time origin: `patients.index_date`;
 * - last follow-up: the latest of `last_contact` and every dated record of the
 *   patient (events, observations, visits, treatment starts and stops), but
 *   never after a death event;
 * - time to first event: the first event of the listed types after the index
 *   date (`includeIndexDate: true` also counts events on the index date itself;
 *   by default they are not counted, since an event on that day usually
 *   defines the origin, e.g. the onset relapse of MS) and not after last
 *   follow-up; otherwise censored at last follow-up (status 0). With competing event types, status is 1 for the
 *   endpoint and 2 for a competing event that came first (0 = censored), the
 *   coding of cmprsk and R's `Surv(time, event)` multistate data;
 * - time unit: days (months = days / 30.4375, years = days / 365.25);
 * - age: completed years at the index date, from year and month of birth
 *   (birth taken as the 15th of the month, or 1 July when the month is unknown).
 */
import type { ColumnTable } from '../models/design/types.js';
import { UsageError } from '../util/errors.js';
import type { AnalysisSession } from './access.js';
import { DIAGNOSIS_VALUES, EVENT_TYPES } from './schema.js';
import { ident, literal, literalList, numberLiteral } from './sql.js';
import { isReportScoreCode, REPORT_SCORES_TABLE } from './reports/report-scores.js';

export type EventType = (typeof EVENT_TYPES)[number];
export type Diagnosis = (typeof DIAGNOSIS_VALUES)[number];
export type TimeUnit = 'days' | 'months' | 'years';

/** Days per unit (Julian year; month = year / 12). */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { days: 1, months: 30.4375, years: 365.25 };

/** Time-to-first-event endpoint. */
export interface EndpointSpec {
  /** Event types that count as the endpoint, e.g. `['local_recurrence', 'distant_metastasis', 'death']`. */
  events: readonly EventType[];
  /** Event types that compete (status 2), e.g. death for a relapse endpoint. Default none. */
  competing?: readonly EventType[];
  /** Count events dated on the index date itself (default false: they define the origin). */
  includeIndexDate?: boolean;
  /** Column names for time and status (default `time`, `status`). */
  timeColumn?: string;
  statusColumn?: string;
}

/** A baseline covariate taken from observations (or reported-outcome scores) around the index date. */
export interface CovariateSpec {
  /** Observation code, e.g. `ER`, `PSA`, `EDSS`, or the code of a patient-reported score, e.g. `EQ5D_INDEX` (read from the session's `report_scores`, docs/pro.md). */
  code: string;
  /** Output column name (default: the code in lower case). */
  name?: string;
  /** Days before the index date to look back (default 365). */
  daysBefore?: number;
  /** Days after the index date still counted as baseline (default 30). */
  daysAfter?: number;
  /** Which value in the window (default `closest`: nearest to the index date, earlier wins ties). */
  pick?: 'closest' | 'first' | 'last' | 'min' | 'max' | 'mean';
  /** Use `value_text` instead of the numeric value (default false). */
  text?: boolean;
}

/** Spec of the one-row-per-patient table. */
export interface PatientTableSpec {
  /** Keep only patients with these diagnoses (default all). */
  diagnosis?: Diagnosis | readonly Diagnosis[];
  endpoint?: EndpointSpec;
  covariates?: readonly CovariateSpec[];
  /** Unit of `time` (default days). */
  timeUnit?: TimeUnit;
}

/** Spec of the counting-process table. */
export interface CountingProcessSpec extends PatientTableSpec {
  endpoint: EndpointSpec;
  /** Time-varying current therapy column (default: by `class`, column `therapy`; `none` when untreated). */
  therapy?: { by?: 'class' | 'substance'; column?: string } | false;
}

function diagnosisFilter(spec: PatientTableSpec): string {
  if (!spec.diagnosis) return '';
  const list = typeof spec.diagnosis === 'string' ? [spec.diagnosis] : [...spec.diagnosis];
  for (const d of list) if (!(DIAGNOSIS_VALUES as readonly string[]).includes(d)) throw new UsageError(`Unknown diagnosis: ${d} (one of ${DIAGNOSIS_VALUES.join(', ')})`);
  return ` WHERE p.diagnosis IN ${literalList(list)}`;
}

function checkEvents(types: readonly string[]): void {
  for (const t of types) if (!(EVENT_TYPES as readonly string[]).includes(t)) throw new UsageError(`Unknown event type: ${t} (one of ${EVENT_TYPES.join(', ')})`);
}

function checkName(name: string, used: Set<string>): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new UsageError(`Invalid column name: ${name}`);
  if (used.has(name)) throw new UsageError(`Duplicate column name: ${name}`);
  used.add(name);
  return name;
}

const LAST_FOLLOWUP_CTE = `lf AS (
  SELECT p.pseudonym,
    least(
      greatest(p.index_date, coalesce(p.last_contact, p.index_date),
        coalesce((SELECT max(e.date) FROM events e WHERE e.pseudonym = p.pseudonym), p.index_date),
        coalesce((SELECT max(o.date) FROM observations o WHERE o.pseudonym = p.pseudonym), p.index_date),
        coalesce((SELECT max(v.date) FROM visits v WHERE v.pseudonym = p.pseudonym), p.index_date),
        coalesce((SELECT max(greatest(t.start, coalesce(t.stop, t.start))) FROM treatments t WHERE t.pseudonym = p.pseudonym), p.index_date)),
      coalesce((SELECT min(d.date) FROM events d WHERE d.pseudonym = p.pseudonym AND d.type = 'death'), DATE '9999-12-31')
    ) AS last_followup
  FROM patients p
)`;

/** The session table a covariate code is read from: `report_scores` for the codes of patient-reported scores, else `observations`. */
function covariateTable(code: string): string {
  return isReportScoreCode(code) ? REPORT_SCORES_TABLE : 'observations';
}

function covariateSql(c: CovariateSpec, name: string): string {
  const from = covariateTable(c.code);
  const code = isReportScoreCode(c.code) ? c.code.trim().toUpperCase() : c.code;
  const before = numberLiteral(c.daysBefore ?? 365);
  const after = numberLiteral(c.daysAfter ?? 30);
  const col = c.text ? 'o.value_text' : 'o.value';
  const window = `o.pseudonym = p.pseudonym AND o.code = ${literal(code)} AND ${col} IS NOT NULL
      AND o.date >= p.index_date - INTERVAL (${before}) DAY AND o.date <= p.index_date + INTERVAL (${after}) DAY`;
  const pick = c.pick ?? 'closest';
  if (c.text && (pick === 'min' || pick === 'max' || pick === 'mean')) throw new UsageError(`Covariate ${name}: pick '${pick}' needs numeric values`);
  let expr: string;
  switch (pick) {
    case 'closest':
      expr = `(SELECT ${col} FROM ${from} o WHERE ${window} ORDER BY abs(datediff('day', p.index_date, o.date)), o.date LIMIT 1)`;
      break;
    case 'first':
      expr = `(SELECT ${col} FROM ${from} o WHERE ${window} ORDER BY o.date LIMIT 1)`;
      break;
    case 'last':
      expr = `(SELECT ${col} FROM ${from} o WHERE ${window} ORDER BY o.date DESC LIMIT 1)`;
      break;
    case 'min':
      expr = `(SELECT min(${col}) FROM ${from} o WHERE ${window})`;
      break;
    case 'max':
      expr = `(SELECT max(${col}) FROM ${from} o WHERE ${window})`;
      break;
    case 'mean':
      expr = `(SELECT avg(${col}) FROM ${from} o WHERE ${window})`;
      break;
  }
  return `${expr} AS ${ident(name)}`;
}

function endpointSql(e: EndpointSpec, unitDays: number): { select: string; timeDays: string } {
  checkEvents(e.events);
  if (e.events.length === 0) throw new UsageError('An endpoint needs at least one event type');
  const competing = e.competing ?? [];
  checkEvents(competing);
  const first = (types: readonly string[]) =>
    `(SELECT min(x.date) FROM events x WHERE x.pseudonym = p.pseudonym AND x.type IN ${literalList(types)} AND x.date ${e.includeIndexDate ? '>=' : '>'} p.index_date AND x.date <= lf.last_followup)`;
  const ev = first(e.events);
  const comp = competing.length ? first(competing) : 'NULL::DATE';
  const timeCol = e.timeColumn ?? 'time';
  const statusCol = e.statusColumn ?? 'status';
  const timeDays = `datediff('day', p.index_date, coalesce(least(${ev}, ${comp}), lf.last_followup))`;
  const status = `CASE WHEN ${ev} IS NOT NULL AND (${comp} IS NULL OR ${ev} <= ${comp}) THEN 1 WHEN ${comp} IS NOT NULL THEN 2 ELSE 0 END`;
  const time = unitDays === 1 ? `${timeDays}::DOUBLE` : `${timeDays} / ${numberLiteral(unitDays)}`;
  return { select: `${time} AS ${ident(timeCol)},\n  ${status} AS ${ident(statusCol)}`, timeDays };
}

/**
 * SQL of the one-row-per-patient table: pseudonym, sex, diagnosis, site,
 * age, index_date, last_followup, the endpoint's time and status, and one
 * column per covariate. Pure: no database needed.
 * @throws UsageError for unknown event types, diagnoses or bad names.
 */
export function patientTableSql(spec: PatientTableSpec = {}): string {
  const unit = DAYS_PER_UNIT[spec.timeUnit ?? 'days'];
  if (unit === undefined) throw new UsageError(`Unknown time unit: ${String(spec.timeUnit)}`);
  const used = new Set(['pseudonym', 'sex', 'diagnosis', 'diagnosis_icd10', 'site', 'age', 'index_date', 'last_followup']);
  const cols = [
    'p.pseudonym',
    'p.sex',
    'p.diagnosis',
    'p.diagnosis_icd10',
    'p.site',
    // completed years between the assumed birth day and the index date
    `floor(datediff('day', make_date(p.birth_year, coalesce(p.birth_month, 7), CASE WHEN p.birth_month IS NULL THEN 1 ELSE 15 END), p.index_date) / 365.25)::DOUBLE AS age`,
    'p.index_date',
    'lf.last_followup',
  ];
  if (spec.endpoint) {
    checkName(spec.endpoint.timeColumn ?? 'time', used);
    checkName(spec.endpoint.statusColumn ?? 'status', used);
    cols.push(endpointSql(spec.endpoint, unit).select);
  }
  for (const c of spec.covariates ?? []) cols.push(covariateSql(c, checkName(c.name ?? c.code.toLowerCase(), used)));
  return `WITH ${LAST_FOLLOWUP_CTE}\nSELECT ${cols.join(',\n  ')}\nFROM patients p JOIN lf USING (pseudonym)${diagnosisFilter(spec)}\nORDER BY p.pseudonym`;
}

/**
 * SQL of the counting-process table: one row per patient and interval
 * (start, stop] on which the current therapy is constant, with `event` = 1 on
 * the interval that ends with the endpoint (2 for a competing event). Cut
 * points: index date, every therapy start and the day after every therapy
 * stop within follow-up. Baseline covariates are repeated on every row.
 */
export function countingProcessSql(spec: CountingProcessSpec): string {
  const unit = DAYS_PER_UNIT[spec.timeUnit ?? 'days'];
  const base = patientTableSql({ ...spec, timeUnit: 'days', endpoint: { ...spec.endpoint, timeColumn: '_t', statusColumn: '_s' } });
  const therapy = spec.therapy === false ? null : { by: spec.therapy?.by ?? 'class', column: spec.therapy?.column ?? 'therapy' };
  if (therapy && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(therapy.column)) throw new UsageError(`Invalid column name: ${therapy.column}`);
  const field = therapy ? (therapy.by === 'class' ? "coalesce(t.class, t.substance)" : 't.substance') : null;
  const div = unit === 1 ? '::DOUBLE' : ` / ${numberLiteral(unit)}`;
  const therapySelect = therapy && field
    ? `,\n  coalesce((SELECT string_agg(DISTINCT ${field}, '+' ORDER BY ${field}) FROM treatments t
      WHERE t.pseudonym = iv.pseudonym
        AND datediff('day', b.index_date, t.start) <= iv.a
        AND (t.stop IS NULL OR datediff('day', b.index_date, t.stop) + 1 > iv.a)), 'none') AS ${ident(therapy.column)}`
    : '';
  const cuts = therapy
    ? `UNION SELECT b.pseudonym, datediff('day', b.index_date, t.start)::DOUBLE FROM base b JOIN treatments t USING (pseudonym)
     WHERE datediff('day', b.index_date, t.start) > 0 AND datediff('day', b.index_date, t.start) < b._t
   UNION SELECT b.pseudonym, (datediff('day', b.index_date, t.stop) + 1)::DOUBLE FROM base b JOIN treatments t USING (pseudonym)
     WHERE t.stop IS NOT NULL AND datediff('day', b.index_date, t.stop) + 1 > 0 AND datediff('day', b.index_date, t.stop) + 1 < b._t`
    : '';
  return `WITH base AS (${base}),
cuts AS (
  SELECT pseudonym, 0.0 AS c FROM base
  UNION SELECT pseudonym, _t FROM base
  ${cuts}
),
iv AS (
  SELECT pseudonym, c AS a, lead(c) OVER (PARTITION BY pseudonym ORDER BY c) AS z FROM cuts
)
SELECT b.* EXCLUDE (_t, _s),
  iv.a${div} AS start, iv.z${div} AS stop,
  CASE WHEN iv.z = b._t THEN b._s ELSE 0 END AS event${therapySelect}
FROM iv JOIN base b USING (pseudonym)
WHERE iv.z IS NOT NULL AND iv.z > iv.a
ORDER BY b.pseudonym, iv.a`;
}

/** Builds the one-row-per-patient table in a session. */
export async function patientTable(session: AnalysisSession, spec: PatientTableSpec = {}): Promise<ColumnTable> {
  return session.queryColumns(patientTableSql(spec));
}

/** Builds the counting-process table in a session. */
export async function countingProcessTable(session: AnalysisSession, spec: CountingProcessSpec): Promise<ColumnTable> {
  return session.queryColumns(countingProcessSql(spec));
}
