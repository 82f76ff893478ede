/**
 * Per-patient event sequences from a registered study's session (the access
 * gate has already kept only consenting patients): one event (pseudonym, day,
 * item) per dated fact, day = days since the patient's index date (negative
 * before it), from a configurable alphabet. The item families, their labels
 * and defaults are defined in docs/patterns.md ("Sequences from the cohort
 * store"); this module is the SQL that builds them, and nothing else does.
 *
 * - events: `event:<type>` for every event of the `events` table, except MRI
 *   examinations, which give `event:mri_activity` when a finding is new or
 *   enlarging T2 or gadolinium-enhancing lesions with a count above zero
 *   (the codes of analyses/ms/mri-activity.ts) and nothing otherwise;
 * - therapy: `start:<name>` on the first day and `stop:<name>` on the last
 *   day of every treatment (every intent, supportive included), and
 *   `switch:<A>><B>` on the start of B when a treatment A of another name
 *   stopped at most `switchGapDays` days before; the name is the substance
 *   in lower case (`therapyBy: 'drug'`), the `class` column (`'class'`,
 *   `unclassified` when empty), or for MS drugs their efficacy class of the
 *   DGN 2021 map (models/ms/pathways/drug-classes.ts: `dmt_moderate`,
 *   `dmt_high`) and the class column otherwise (`'efficacy'`);
 * - markers: `edss:up` / `edss:down` when an EDSS value is above / below the
 *   patient's previous one; `psa:rising` when a PSA value exceeds the
 *   previous one by more than `psaRise` (a share, default 0.25); receptor
 *   changes `ER:positive>negative` (ER, PR, HER2: the categorical value
 *   differs from the previous one);
 * - visits (only when asked): `visit:<type>`.
 */
import type { AnalysisSession } from '../../engine/access.js';
import { literal, literalList, numberLiteral } from '../../engine/sql.js';
import { UsageError } from '../../util/errors.js';
import { DEFAULT_DMT_CLASS_MAP } from '../../models/ms/pathways/drug-classes.js';
import { MRI_ACTIVITY_CODES, MRI_EVENT_TYPE } from '../ms/mri-activity.js';

/** The item families of a store sequence. */
export const ALPHABET_FAMILIES = ['events', 'therapy', 'markers', 'visits'] as const;
export type AlphabetFamily = (typeof ALPHABET_FAMILIES)[number];

/** What a sequence from the store is made of (docs/patterns.md). */
export interface SequenceAlphabet {
  /** Item families (default events, therapy, markers: visits only when asked). */
  readonly families: readonly AlphabetFamily[];
  /** Therapy items by substance (`drug`, default), by the `class` column, or by DMT efficacy (`efficacy`: dmt_moderate / dmt_high by the DGN 2021 map, other therapies by class). */
  readonly therapyBy: 'drug' | 'class' | 'efficacy';
  /** Most days between the stop of one therapy and the start of the next for a switch (default 90). */
  readonly switchGapDays: number;
  /** Relative rise of PSA over the previous value that counts as rising (default 0.25). */
  readonly psaRise: number;
}

/** The default alphabet. */
export const DEFAULT_ALPHABET: SequenceAlphabet = Object.freeze({ families: Object.freeze(['events', 'therapy', 'markers'] as const), therapyBy: 'drug', switchGapDays: 90, psaRise: 0.25 });

/** The markers whose categorical value changes are items. */
export const RECEPTOR_CODES = Object.freeze(['ER', 'PR', 'HER2'] as const);

const DAY = (col: string): string => `CAST(date_diff('day', p.index_date, ${col}) AS INTEGER)`;

/** The population: the study's patients, of the diagnoses when given. */
export function populationSql(diagnosis: readonly string[] | undefined): string {
  return `SELECT pseudonym, index_date FROM patients${diagnosis && diagnosis.length ? ` WHERE diagnosis IN ${literalList(diagnosis)}` : ''}`;
}

/** The DMT efficacy class of a treatment (the drug name normalized as normalizeDrugName does), else `otherwise`. */
function efficacySql(otherwise: string): string {
  const key = "regexp_replace(regexp_replace(lower(trim(t.substance)), '[\\s\\-_]+', '_', 'g'), '^_+|_+$', '', 'g')";
  const cases = Object.entries(DEFAULT_DMT_CLASS_MAP).map(([drug, c]) => `WHEN ${literal(drug)} THEN ${literal(`dmt_${c.efficacy}`)}`);
  return `CASE ${key} ${cases.join(' ')} ELSE ${otherwise} END`;
}

/** One SELECT per family, each giving (pseudonym, day, item). */
function familySql(family: AlphabetFamily, a: SequenceAlphabet): string[] {
  if (family === 'events') {
    const mri = literalList([...MRI_ACTIVITY_CODES.newOrEnlargingT2, ...MRI_ACTIVITY_CODES.gadoliniumEnhancing]);
    return [
      `SELECT DISTINCT e.pseudonym, ${DAY('e.date')} AS day, 'event:' || e.type AS item FROM events e JOIN pop p USING (pseudonym) WHERE e.type <> ${literal(MRI_EVENT_TYPE)}`,
      `SELECT DISTINCT e.pseudonym, ${DAY('e.date')} AS day, 'event:mri_activity' AS item FROM events e JOIN pop p USING (pseudonym) WHERE e.type = ${literal(MRI_EVENT_TYPE)} AND e.code IN ${mri} AND e.value > 0`,
    ];
  }
  if (family === 'therapy') {
    const byClass = "coalesce(nullif(trim(t.class), ''), 'unclassified')";
    const name = a.therapyBy === 'drug' ? 'lower(trim(t.substance))' : a.therapyBy === 'class' ? byClass : efficacySql(byClass);
    const th = `SELECT t.pseudonym, t.start, t.stop, ${name} AS name FROM treatments t JOIN pop p USING (pseudonym)`;
    return [
      `SELECT t.pseudonym, ${DAY('t.start')} AS day, 'start:' || t.name AS item FROM (${th}) t JOIN pop p USING (pseudonym)`,
      `SELECT t.pseudonym, ${DAY('t.stop')} AS day, 'stop:' || t.name AS item FROM (${th}) t JOIN pop p USING (pseudonym) WHERE t.stop IS NOT NULL`,
      `SELECT b.pseudonym, ${DAY('b.start')} AS day, 'switch:' || a.name || '>' || b.name AS item FROM (${th}) a JOIN (${th}) b USING (pseudonym) JOIN pop p USING (pseudonym)
         WHERE a.name <> b.name AND a.stop IS NOT NULL AND a.stop <= b.start AND date_diff('day', a.stop, b.start) <= ${numberLiteral(Math.floor(a.switchGapDays))}`,
    ];
  }
  if (family === 'markers') {
    const lagged = (codes: string, value: string) =>
      `SELECT o.pseudonym, o.code, ${DAY('o.date')} AS day, ${value} AS v, lag(${value}) OVER (PARTITION BY o.pseudonym, o.code ORDER BY o.date) AS prev
         FROM observations o JOIN pop p USING (pseudonym) WHERE o.code IN ${codes} AND ${value} IS NOT NULL`;
    return [
      `SELECT pseudonym, day, CASE WHEN v > prev THEN 'edss:up' ELSE 'edss:down' END AS item FROM (${lagged(literalList(['EDSS']), 'o.value')}) WHERE prev IS NOT NULL AND v <> prev`,
      `SELECT pseudonym, day, 'psa:rising' AS item FROM (${lagged(literalList(['PSA']), 'o.value')}) WHERE prev IS NOT NULL AND v > prev * (1 + ${numberLiteral(a.psaRise)}) AND v > prev`,
      `SELECT pseudonym, day, code || ':' || prev || '>' || v AS item FROM (${lagged(literalList(RECEPTOR_CODES), 'lower(trim(o.value_text))')}) WHERE prev IS NOT NULL AND v <> prev`,
    ];
  }
  return [`SELECT DISTINCT v.pseudonym, ${DAY('v.date')} AS day, 'visit:' || v.type AS item FROM visits v JOIN pop p USING (pseudonym)`];
}

/** The SQL of the events of a sequence database from the store (columns pseudonym, day, item; ordered). */
export function storeSequenceSql(alphabet: SequenceAlphabet, diagnosis?: readonly string[]): string {
  const parts = [...new Set(alphabet.families)].flatMap((f) => familySql(f, alphabet));
  if (parts.length === 0) return `WITH pop AS (${populationSql(diagnosis)}) SELECT NULL::VARCHAR AS pseudonym, NULL::INTEGER AS day, NULL::VARCHAR AS item WHERE false`;
  return `WITH pop AS (${populationSql(diagnosis)}) SELECT pseudonym, day, item FROM (${parts.join('\nUNION ALL\n')}) WHERE day IS NOT NULL AND item IS NOT NULL ORDER BY pseudonym, day, item`;
}

/** Events and population read from a study session. */
export interface StoreSequences {
  /** Every patient of the population (sorted), with or without events. */
  ids: string[];
  events: { id: string[]; day: Float64Array; item: string[] };
}

/**
 * Reads the sequences of a study's patients (the session admits only the consenting ones).
 * @example const s = await readStoreSequences(session, DEFAULT_ALPHABET, ['multiple_sclerosis'])
 */
export async function readStoreSequences(session: AnalysisSession, alphabet: SequenceAlphabet, diagnosis?: readonly string[]): Promise<StoreSequences> {
  const pop = await session.queryColumns(populationSql(diagnosis));
  const ids = (pop.pseudonym as (string | null)[]).filter((p): p is string => p !== null).sort();
  const t = await session.queryColumns(storeSequenceSql(alphabet, diagnosis));
  const day = t.day instanceof Float64Array ? t.day : Float64Array.from((t.day ?? []) as unknown as ArrayLike<number>);
  return { ids, events: { id: t.pseudonym as string[], day, item: t.item as string[] } };
}

/** Patient groups from the store for `compare`: a column of `patients`, or having an event of a type or not. */
export async function readStoreGroups(session: AnalysisSession, groupBy: string, ids: readonly string[]): Promise<Map<string, string>> {
  const m = /^event:(.+)$/.exec(groupBy);
  const sql = m
    ? `SELECT pseudonym, CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.pseudonym = p.pseudonym AND e.type = ${literal(m[1]!)}) THEN ${literal(m[1]!)} ELSE ${literal(`no ${m[1]!}`)} END AS g FROM patients p`
    : `SELECT pseudonym, CAST(${groupByColumn(groupBy)} AS VARCHAR) AS g FROM patients`;
  const t = await session.queryColumns(sql);
  const keep = new Set(ids);
  const out = new Map<string, string>();
  const ps = t.pseudonym as (string | null)[];
  const gs = t.g as (string | null)[];
  ps.forEach((p, i) => {
    const g = gs[i];
    if (p !== null && keep.has(p) && g !== null && g !== undefined) out.set(p, g);
  });
  return out;
}

/** Columns of `patients` a contrast may group by. */
export const GROUP_COLUMNS = Object.freeze(['sex', 'site', 'diagnosis'] as const);

function groupByColumn(name: string): string {
  if (!(GROUP_COLUMNS as readonly string[]).includes(name)) throw new UsageError(`groupBy: one of ${GROUP_COLUMNS.join(', ')} or event:TYPE, got ${name}`);
  return name;
}
