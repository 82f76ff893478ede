/**
 * Counting-process rows with time-dependent covariates, built from a
 * session's observations, events and treatments as R's `survival::tmerge`
 * would build them (models/survival/counting-process/tmerge.ts). Definitions, defaults and
 * the pitfalls are in docs/time-dependent-covariates.md.
 *
 * Conventions are those of engine/analysis-table.ts (time origin the index
 * date, last follow-up, time to the first endpoint event with competing
 * events coded 2, units, baseline covariates from a window around the index
 * date): the base is `patientTableSql` of the same spec, one interval
 * `(0, time]` per patient in days. On it, in this order:
 * - `event`: the endpoint status on the row that ends at `time`;
 * - the current therapy as text (as `countingProcessTable`; `therapy: false` leaves it out);
 * - `tdc`: observation codes, last value carried forward from the day
 *   after it was measured, missing before the first value and `lookbackDays`
 *   after the last one (a value stays valid for that many days);
 * - `counts`: the number of events of given types so far (R's `cumtdc`);
 * - `therapies`: 1 while a therapy (substance, class, ATC code or intent) is
 *   given, 0 otherwise (or, with `ever`, from its first start on);
 * - `recurrent`: events of given types as event columns, 1 (or the running
 *   count, R's `cumevent`) on the row that ends at each event.
 * Every date inside follow-up splits the row it falls in. Times are days
 * internally and converted to `timeUnit` at the end.
 *
 * Reads only through an {@link AnalysisSession} (the access gate); recording
 * the use in the ledger is the caller's job, as for every analysis table.
 */
import type { ColumnTable } from '../models/design/types.js';
import { tmerge, tmergeBase, type TmergeColumn, type TmergeCounts, type TmergeData, type TmergeOp } from '../models/survival/counting-process/tmerge.js';
import { UsageError } from '../util/errors.js';
import type { AnalysisSession } from './access.js';
import {
  DAYS_PER_UNIT,
  patientTableSql,
  type CountingProcessSpec,
  type CovariateSpec,
  type EndpointSpec,
  type EventType,
  type PatientTableSpec,
} from './analysis-table.js';
import type { ColumnKind, ResultColumns } from './read-result.js';
import { DIAGNOSIS_VALUES, EVENT_TYPES } from './schema.js';
import { literal, literalList } from './sql.js';

/** An observation code as a time-dependent covariate (R: `tdc(day, value)`). */
export interface ObservationTdcSpec {
  /** Observation code, e.g. `PSA`, `EDSS` (matched exactly, else case-insensitively when only one stored code matches). */
  code: string;
  /** Output column (default: the code in lower case). */
  name?: string;
  /**
   * Days a value stays valid after the day it was measured; later the
   * covariate is missing until the next value. Default: no limit (R's
   * last value carried forward).
   */
  lookbackDays?: number;
  /** Use `value_text` instead of `value`. Default: text when the code has no numeric value in the session. */
  text?: boolean;
}

/** A count of events so far as a time-dependent covariate (R: `cumtdc(day)`), e.g. prior relapses. */
export interface EventCountSpec {
  events: readonly EventType[];
  /** Output column (default `n_` + the types joined by `_`). */
  name?: string;
  /** Also count events on or before the index date (default false: they define the origin, as for endpoints). */
  includeBeforeIndex?: boolean;
}

/** A therapy as a 0/1 time-dependent covariate (R: `tdc(day, on)`). */
export interface TherapySwitchSpec {
  /** Substance, class, intent or ATC code (case-insensitive; an ATC code also matches as a prefix, `L04` for every L04 substance). */
  match: string;
  /** Which field to match (default `any`: substance, class, or an ATC code when `match` looks like one). */
  by?: 'any' | 'substance' | 'class' | 'atc' | 'intent';
  /** Output column (default `rx_` + the match in lower case). */
  name?: string;
  /** 1 from the first start on, whatever stops follow (default false: 1 only while given, through the stop date). */
  ever?: boolean;
}

/** Events of given types as an event column of recurrent events (R: `event(day)` or `cumevent(day)`). */
export interface RecurrentEventSpec {
  events: readonly EventType[];
  /** Output column (default: the types joined by `_`). */
  name?: string;
  /** The running count on the row of each event instead of 1 (R's `cumevent`; default false). */
  cumulative?: boolean;
}

/** Spec of {@link timeDependentTable}. */
export interface TimeDependentSpec extends PatientTableSpec {
  endpoint: EndpointSpec;
  /** The current therapy as text, as in `countingProcessTable` (default by class, column `therapy`); false: none. */
  therapy?: CountingProcessSpec['therapy'];
  tdc?: readonly ObservationTdcSpec[];
  counts?: readonly EventCountSpec[];
  therapies?: readonly TherapySwitchSpec[];
  recurrent?: readonly RecurrentEventSpec[];
}

/** What {@link timeDependentTable} returns. */
export interface TimeDependentTable {
  /** The rows as model-ready columns. */
  table: ColumnTable;
  /** The same rows with column kinds (dates as dates), for output. */
  result: ResultColumns;
  /** Patients in the table. */
  pseudonyms: string[];
  /** Where each operation's records fell (R's `tcount`), in days. */
  counts: TmergeCounts[];
  /** What was left out or decided, e.g. values after the end of follow-up. */
  warnings: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const ATC = /^[A-Za-z]\d{2}([A-Za-z]{1,2}(\d{2})?)?$/;

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

function checkEvents(types: readonly string[], what: string): void {
  if (types.length === 0) throw new UsageError(`${what}: give at least one event type`);
  for (const t of types) if (!(EVENT_TYPES as readonly string[]).includes(t)) throw new UsageError(`${what}: unknown event type: ${t} (one of ${EVENT_TYPES.join(', ')})`);
}

function diagnosisWhere(spec: PatientTableSpec): string {
  if (!spec.diagnosis) return '';
  const list = typeof spec.diagnosis === 'string' ? [spec.diagnosis] : [...spec.diagnosis];
  for (const d of list) if (!(DIAGNOSIS_VALUES as readonly string[]).includes(d)) throw new UsageError(`Unknown diagnosis: ${d} (one of ${DIAGNOSIS_VALUES.join(', ')})`);
  return ` AND p.diagnosis IN ${literalList(list)}`;
}

/** How the codes of a session's observations hold values. */
interface CodeInfo {
  code: string;
  numeric: number;
  text: number;
}

async function codeInfo(session: AnalysisSession, codes: readonly string[]): Promise<CodeInfo[]> {
  if (codes.length === 0) return [];
  const lower = [...new Set(codes.map((c) => c.toLowerCase()))];
  const rows = await session.queryRows(
    `SELECT code, count(value)::DOUBLE AS numeric, count(value_text)::DOUBLE AS text FROM observations WHERE lower(code) IN ${literalList(lower)} GROUP BY code ORDER BY code`,
  );
  return rows.map((r) => ({ code: String(r.code), numeric: Number(r.numeric), text: Number(r.text) }));
}

function resolveCode(code: string, info: readonly CodeInfo[]): CodeInfo | null {
  const exact = info.find((i) => i.code === code);
  if (exact) return exact;
  const loose = info.filter((i) => i.code.toLowerCase() === code.toLowerCase());
  return loose.length === 1 ? (loose[0] as CodeInfo) : null;
}

/**
 * Baseline covariates as stored in the session: a code written in another
 * case than the stored one (`pt_stage` for `PT_STAGE`) is matched when only
 * one stored code fits, and a covariate without `text` reads `value_text`
 * when the code has text values but no numeric one (e.g. `PT_STAGE`:
 * `pT2`, `pT3a`). Codes not found in the observations are left as given.
 * @example await resolveCovariates(session, [{ code: 'pt_stage', daysBefore: 0, daysAfter: 90 }])
 * // => [{ code: 'PT_STAGE', name: 'pt_stage', text: true, daysBefore: 0, daysAfter: 90 }]
 */
export async function resolveCovariates(session: AnalysisSession, covariates: readonly CovariateSpec[]): Promise<CovariateSpec[]> {
  const info = await codeInfo(session, covariates.map((c) => c.code));
  return covariates.map((c) => {
    const found = resolveCode(c.code, info);
    if (!found) return { ...c };
    const out: CovariateSpec = { ...c, code: found.code, name: c.name ?? c.code.toLowerCase() };
    if (c.text === undefined && found.numeric === 0 && found.text > 0) out.text = true;
    return out;
  });
}

/** Validates a spec and fixes the output column names; throws before any query. */
function plan(spec: TimeDependentSpec): {
  therapy: { by: 'class' | 'substance'; column: string } | null;
  tdc: (ObservationTdcSpec & { name: string; lookbackDays: number })[];
  counts: (EventCountSpec & { name: string })[];
  therapies: (TherapySwitchSpec & { name: string; by: NonNullable<TherapySwitchSpec['by']> })[];
  recurrent: (RecurrentEventSpec & { name: string })[];
} {
  if (!spec.endpoint) throw new UsageError('A time-dependent table needs an endpoint');
  // base columns of patientTableSql, with the endpoint's columns replaced by start, stop, event
  const used = new Set(['pseudonym', 'sex', 'diagnosis', 'diagnosis_icd10', 'site', 'age', 'index_date', 'last_followup', 'start', 'stop', 'event']);
  const take = (name: string, what: string): string => {
    if (!NAME.test(name)) throw new UsageError(`${what}: invalid column name: ${name}`);
    if (used.has(name)) throw new UsageError(`${what}: duplicate column name: ${name} (give it another name)`);
    used.add(name);
    return name;
  };
  for (const c of spec.covariates ?? []) take(c.name ?? c.code.toLowerCase(), `Covariate ${c.code}`);
  const therapy = spec.therapy === false ? null : { by: spec.therapy?.by ?? 'class', column: spec.therapy?.column ?? 'therapy' };
  if (therapy) take(therapy.column, 'Therapy column');
  const tdc = (spec.tdc ?? []).map((t) => {
    const lookbackDays = t.lookbackDays ?? Infinity;
    if (!(lookbackDays >= 0)) throw new UsageError(`Time-dependent covariate ${t.code}: lookbackDays must be >= 0, got ${t.lookbackDays}`);
    return { ...t, lookbackDays, name: take(t.name ?? t.code.toLowerCase(), `Time-dependent covariate ${t.code}`) };
  });
  const counts = (spec.counts ?? []).map((c) => {
    checkEvents(c.events, 'Event count');
    return { ...c, name: take(c.name ?? `n_${c.events.join('_')}`, `Event count ${c.events.join(',')}`) };
  });
  const therapies = (spec.therapies ?? []).map((t) => {
    if (!t.match.trim()) throw new UsageError('A therapy switch needs a substance, class, intent or ATC code');
    const by = t.by ?? 'any';
    if (!['any', 'substance', 'class', 'atc', 'intent'].includes(by)) throw new UsageError(`Therapy ${t.match}: by must be any, substance, class, atc or intent, got ${by}`);
    return { ...t, by, name: take(t.name ?? `rx_${slug(t.match)}`, `Therapy ${t.match}`) };
  });
  const recurrent = (spec.recurrent ?? []).map((r) => {
    checkEvents(r.events, 'Recurrent events');
    return { ...r, name: take(r.name ?? r.events.join('_'), `Recurrent events ${r.events.join(',')}`) };
  });
  return { therapy, tdc, counts, therapies, recurrent };
}

function therapyWhere(t: { match: string; by: NonNullable<TherapySwitchSpec['by']> }): string {
  const m = literal(t.match.trim().toLowerCase());
  const atc = `upper(coalesce(t.atc, '')) LIKE ${literal(t.match.trim().toUpperCase())} || '%'`;
  switch (t.by) {
    case 'substance':
      return `lower(t.substance) = ${m}`;
    case 'class':
      return `lower(coalesce(t.class, '')) = ${m}`;
    case 'intent':
      return `lower(coalesce(t.intent, '')) = ${m}`;
    case 'atc':
      return atc;
    case 'any':
      return `(lower(t.substance) = ${m} OR lower(coalesce(t.class, '')) = ${m}${ATC.test(t.match.trim()) ? ` OR ${atc}` : ''})`;
  }
}

/** Sorted, merged [start, stopExclusive) day intervals. */
function mergeEpisodes(episodes: { a: number; b: number }[]): { a: number; b: number }[] {
  episodes.sort((x, y) => x.a - y.a || x.b - y.b);
  const out: { a: number; b: number }[] = [];
  for (const e of episodes) {
    const last = out[out.length - 1];
    if (last && e.a <= last.b) last.b = Math.max(last.b, e.b);
    else out.push({ ...e });
  }
  return out;
}

/**
 * Builds counting-process rows with time-dependent covariates in a session
 * (see the module comment and docs/time-dependent-covariates.md).
 *
 * @param session the access gate: only its patients and rows are read
 * @param spec the patient table's spec (diagnosis, endpoint, baseline
 *   covariates with their windows, unit) plus `therapy`, `tdc`, `counts`,
 *   `therapies`, `recurrent`
 * @returns rows sorted by pseudonym and start; `warnings` counts values
 *   after the end of follow-up (ignored) and names the patients whose
 *   follow-up ends on the index date (left out)
 * @throws UsageError for unknown event types, diagnoses, bad or duplicate column names, negative look-back
 * @example
 * const { table } = await timeDependentTable(session, { diagnosis: 'prostate_cancer',
 *   endpoint: { events: ['distant_metastasis'] }, tdc: [{ code: 'PSA', lookbackDays: 365 }],
 *   covariates: [{ code: 'PT_STAGE', daysBefore: 0, daysAfter: 90 }] });
 */
export async function timeDependentTable(session: AnalysisSession, spec: TimeDependentSpec): Promise<TimeDependentTable> {
  const p = plan(spec);
  const unit = DAYS_PER_UNIT[spec.timeUnit ?? 'days'];
  if (unit === undefined) throw new UsageError(`Unknown time unit: ${String(spec.timeUnit)}`);
  const where = diagnosisWhere(spec);
  const warnings: string[] = [];

  // 1. the base: one row per patient, (0, time] in days
  const covariates = await resolveCovariates(session, spec.covariates ?? []);
  const baseSpec: PatientTableSpec = { ...spec, covariates, timeUnit: 'days', endpoint: { ...spec.endpoint, timeColumn: '_t', statusColumn: '_s' } };
  const base = await session.query(patientTableSql(baseSpec));
  const col = (name: string) => base.columns[base.names.indexOf(name)];
  const ids = col('pseudonym') as (string | null)[];
  const time = col('_t') as Float64Array;
  const status = col('_s') as Float64Array;
  const keepRows: number[] = [];
  const none: string[] = [];
  for (let i = 0; i < base.rowCount; i++) {
    if ((time[i] as number) > 0) keepRows.push(i);
    else none.push(`${ids[i]} (row ${i + 1})`);
  }
  if (none.length) {
    warnings.push(
      `${none.length} patient${none.length === 1 ? '' : 's'} with follow-up ending on the index date (stop 0 <= start 0) left out: ${none.slice(0, 5).join(', ')}${none.length > 5 ? ` and ${none.length - 5} more` : ''}`,
    );
  }
  const pseudonyms = keepRows.map((i) => ids[i] as string);
  const endDay = new Map(keepRows.map((i) => [ids[i] as string, time[i] as number]));
  let data: TmergeData = tmergeBase({ id: pseudonyms, tstop: keepRows.map((i) => time[i] as number), source: 'patient table' });
  const apply = (op: TmergeOp, naRm = true): void => {
    data = tmerge(data, [op], { naRm });
  };
  apply({ name: 'event', kind: 'event', id: pseudonyms, time: keepRows.map((i) => time[i] as number), value: keepRows.map((i) => status[i] as number) });
  const kinds = new Map<string, ColumnKind>([['event', 'integer']]);

  // 2. the current therapy as text (the same rows as countingProcessTable)
  if (p.therapy) {
    const field = p.therapy.by === 'class' ? 'coalesce(t.class, t.substance)' : 't.substance';
    const rows = await session.queryColumns(
      `SELECT t.pseudonym, datediff('day', p.index_date, t.start)::DOUBLE AS a,
         CASE WHEN t.stop IS NULL THEN NULL ELSE datediff('day', p.index_date, t.stop)::DOUBLE + 1 END AS b, ${field} AS label
       FROM treatments t JOIN patients p USING (pseudonym) WHERE ${field} IS NOT NULL${where} ORDER BY t.pseudonym, a`,
    );
    const op = therapyTextOp(p.therapy.column, rows);
    apply(op);
    kinds.set(p.therapy.column, 'string');
  }

  // 3. observation codes, last value carried forward within the look-back
  const info = await codeInfo(session, p.tdc.map((t) => t.code));
  for (const t of p.tdc) {
    const found = resolveCode(t.code, info);
    const code = found?.code ?? t.code;
    const text = t.text ?? (found !== null && found.numeric === 0 && found.text > 0);
    const value = text ? 'o.value_text' : 'o.value';
    const rows = await session.queryColumns(
      `SELECT o.pseudonym, datediff('day', p.index_date, o.date)::DOUBLE AS t, ${value} AS v
       FROM observations o JOIN patients p USING (pseudonym) WHERE o.code = ${literal(code)} AND ${value} IS NOT NULL${where}
       ORDER BY o.pseudonym, o.date`,
    );
    const op = observationOp(t.name, rows, t.lookbackDays, text, endDay);
    if (op.late) warnings.push(`${t.name}: ${op.late} value${op.late === 1 ? '' : 's'} dated after the end of follow-up (the endpoint event or censoring) ignored`);
    apply(op.op, false);
    kinds.set(t.name, text ? 'string' : 'number');
  }

  // 4. counts of events so far
  for (const c of p.counts) {
    const rows = await session.queryColumns(
      `SELECT e.pseudonym, datediff('day', p.index_date, e.date)::DOUBLE AS t FROM events e JOIN patients p USING (pseudonym)
       WHERE e.type IN ${literalList(c.events)}${c.includeBeforeIndex ? '' : ' AND e.date > p.index_date'}${where} ORDER BY e.pseudonym, e.date`,
    );
    apply({ name: c.name, kind: 'cumtdc', id: rows.pseudonym as string[], time: rows.t as Float64Array });
    kinds.set(c.name, 'number');
  }

  // 5. therapies on/off
  for (const t of p.therapies) {
    const rows = await session.queryColumns(
      `SELECT t.pseudonym, datediff('day', p.index_date, t.start)::DOUBLE AS a,
         CASE WHEN t.stop IS NULL THEN NULL ELSE datediff('day', p.index_date, t.stop)::DOUBLE + 1 END AS b
       FROM treatments t JOIN patients p USING (pseudonym) WHERE ${therapyWhere(t)}${where} ORDER BY t.pseudonym, a`,
    );
    apply(therapySwitchOp(t.name, rows, t.ever === true));
    kinds.set(t.name, 'number');
  }

  // 6. recurrent events
  for (const r of p.recurrent) {
    const rows = await session.queryColumns(
      `SELECT e.pseudonym, datediff('day', p.index_date, e.date)::DOUBLE AS t FROM events e JOIN patients p USING (pseudonym)
       WHERE e.type IN ${literalList(r.events)} AND e.date > p.index_date${where} ORDER BY e.pseudonym, e.date`,
    );
    apply({ name: r.name, kind: r.cumulative ? 'cumevent' : 'event', id: rows.pseudonym as string[], time: rows.t as Float64Array });
    kinds.set(r.name, 'integer');
  }

  // 7. the output: base columns carried to every piece, then start, stop and the variables
  const rowOf = Int32Array.from(data.baseRow, (r) => keepRows[r] as number);
  const names: string[] = [];
  const columns: TmergeColumn[] = [];
  const outKinds: ColumnKind[] = [];
  base.names.forEach((name, j) => {
    if (name === '_t' || name === '_s') return;
    const c = base.columns[j] as Float64Array | (string | null)[];
    names.push(name);
    outKinds.push(base.kinds[j] as ColumnKind);
    columns.push(c instanceof Float64Array ? Float64Array.from(rowOf, (r) => c[r] as number) : Array.from(rowOf, (r) => c[r] ?? null));
  });
  names.push('start', 'stop');
  outKinds.push('number', 'number');
  columns.push(unit === 1 ? data.tstart : data.tstart.map((v) => v / unit), unit === 1 ? data.tstop : data.tstop.map((v) => v / unit));
  for (const v of data.variables) {
    names.push(v.name);
    outKinds.push(kinds.get(v.name) ?? (v.values instanceof Float64Array ? 'number' : 'string'));
    columns.push(v.values);
  }
  const table: Record<string, TmergeColumn> = {};
  names.forEach((n, j) => {
    table[n] = columns[j] as TmergeColumn;
  });
  return {
    table,
    result: { names, kinds: outKinds, columns, rowCount: data.tstart.length },
    pseudonyms,
    counts: [...data.counts],
    warnings,
  };
}

/** The current-therapy text at every start and day after a stop: the labels given then, sorted and joined by `+`, or `none`. */
function therapyTextOp(name: string, rows: ColumnTable): TmergeOp {
  const ids = rows.pseudonym as (string | null)[];
  const a = rows.a as Float64Array;
  const b = rows.b as Float64Array;
  const label = rows.label as (string | null)[];
  const id: string[] = [];
  const time: number[] = [];
  const value: string[] = [];
  let i = 0;
  while (i < ids.length) {
    const p = ids[i] as string;
    const eps: { a: number; b: number; label: string }[] = [];
    for (; i < ids.length && ids[i] === p; i++) eps.push({ a: a[i] as number, b: Number.isNaN(b[i] as number) ? Infinity : (b[i] as number), label: label[i] as string });
    const changes = [...new Set(eps.flatMap((e) => (Number.isFinite(e.b) ? [e.a, e.b] : [e.a])))].sort((x, y) => x - y);
    for (const t of changes) {
      const active = [...new Set(eps.filter((e) => e.a <= t && t < e.b).map((e) => e.label))].sort();
      id.push(p);
      time.push(t);
      value.push(active.length ? active.join('+') : 'none');
    }
  }
  return { name, kind: 'tdc', id, time, value, init: 'none' };
}

/**
 * Observation values with look-back expiry records (a missing value
 * `lookback` days after a value that no later value follows within that
 * time). The store keeps one value per patient, day and code (the record key
 * of observations), so there are no ties to resolve.
 */
function observationOp(name: string, rows: ColumnTable, lookback: number, text: boolean, endDay: ReadonlyMap<string, number>): { op: TmergeOp; late: number } {
  const ids = rows.pseudonym as (string | null)[];
  const t = rows.t as Float64Array;
  const v = rows.v as Float64Array | (string | null)[];
  const id: string[] = [];
  const time: number[] = [];
  const nums: number[] = [];
  const texts: (string | null)[] = [];
  let late = 0;
  for (let i = 0; i < ids.length; i++) {
    const p = ids[i] as string;
    const ti = t[i] as number;
    const end = endDay.get(p);
    if (end !== undefined && ti > end) late++;
    const next = i + 1 < ids.length && ids[i + 1] === p ? (t[i + 1] as number) : Infinity;
    id.push(p);
    time.push(ti);
    if (text) texts.push((v as (string | null)[])[i] ?? null);
    else nums.push((v as Float64Array)[i] as number);
    if (Number.isFinite(lookback) && next > ti + lookback) {
      id.push(p);
      time.push(ti + lookback);
      if (text) texts.push(null);
      else nums.push(NaN);
    }
  }
  return { op: { name, kind: 'tdc', id, time, value: text ? texts : nums }, late };
}

/** 1 from each (merged) episode's start to the day after its stop, else 0; with `ever`, 1 from the first start on. */
function therapySwitchOp(name: string, rows: ColumnTable, ever: boolean): TmergeOp {
  const ids = rows.pseudonym as (string | null)[];
  const a = rows.a as Float64Array;
  const b = rows.b as Float64Array;
  const id: string[] = [];
  const time: number[] = [];
  const value: number[] = [];
  let i = 0;
  while (i < ids.length) {
    const p = ids[i] as string;
    const eps: { a: number; b: number }[] = [];
    for (; i < ids.length && ids[i] === p; i++) eps.push({ a: a[i] as number, b: Number.isNaN(b[i] as number) ? Infinity : (b[i] as number) });
    const merged = mergeEpisodes(eps);
    for (const e of ever ? merged.slice(0, 1) : merged) {
      id.push(p);
      time.push(e.a);
      value.push(1);
      if (!ever && Number.isFinite(e.b)) {
        id.push(p);
        time.push(e.b);
        value.push(0);
      }
    }
  }
  return { name, kind: 'tdc', id, time, value, init: 0 };
}
