/**
 * `msOutcomes`: per-patient MS outcomes of a study (`midia ms outcomes`):
 * the first confirmed disability worsening (CDW, with its kind PIRA/RAW) and
 * improvement (CDI) from EDSS scores (models/ms/cdw.ts), follow-up relapses
 * and the annualized relapse rate (models/ms/relapse-rate.ts; the one rule of
 * models/ms/follow-up-relapse.ts: relapses after the index date, the onset
 * relapse on the index date only with `includeOnsetRelapse`), and NEDA-3 over
 * follow-up (models/ms/neda.ts, MRI activity as analyses/ms/mri-activity.ts
 * defines it). Follow-up runs from the index date to the end of follow-up of
 * the MS cohort (ms-cohort.ts). Definitions: docs/ms-outcomes.md.
 *
 * Disclosure (docs/access-levels.md): summary counts below the study's
 * minimum cell count suppressed (the crude ARR too when it rests on fewer
 * relapses); per-patient rows only for row-level studies (recorded in the
 * ledger with their row count); dates only when the study allows individual
 * times; warnings naming a patient only next to per-patient rows.
 */
import { confirmedDisabilityEvents, type DisabilityEvent } from '../../models/ms/cdw.js';
import type { CdwEventsOption, PiraDefinition, ResolvedCdwOptions } from '../../models/ms/cdw-options.js';
import { nedaStatus } from '../../models/ms/neda.js';
import { crudeAnnualizedRelapseRate, relapsesInWindows, type CrudeArr } from '../../models/ms/relapse-rate.js';
import { UsageError } from '../../util/errors.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { aggregateWarnings, suppressed } from './disclosure.js';
import { groupBy, loadMsCohort, type MsCohortRecords } from './ms-cohort.js';
import type { MsOutcomesOptionsInput } from './options.js';

/** Options of {@link runMsOutcomes} in their validated form: the CDW options (models/ms/cdw-options.ts) and the relapse rule. */
export interface MsOutcomesOptions {
  baseline: 'fixed' | 'roving';
  events: CdwEventsOption;
  pira: PiraDefinition;
  /** Days from onset to confirmation (default 84). */
  confirmDays?: number;
  /** Upper EDSS of the +1.0 band: 5.5 (default) or 5.0 (msprog). */
  deltaEdge?: number;
  /** Count a relapse on the index date (the onset relapse) as a follow-up relapse (default false). */
  includeOnsetRelapse: boolean;
}

/** One patient's outcomes (row-level). Dates are undefined (absent from JSON) unless the study allows individual times. */
export interface MsOutcomePatient {
  id: string;
  cdw: boolean;
  cdwKind: 'PIRA' | 'RAW' | null;
  cdwDate?: string | null;
  cdwEvents: number;
  cdi: boolean;
  cdiDate?: string | null;
  relapses: number;
  years: number;
  arr: number;
  neda: boolean | null;
  nedaLossDate?: string | null;
}

/** The disclosed summary of a cohort's outcomes (null: suppressed). */
export interface MsOutcomesSummary {
  patients: number | null;
  withCdw: number | null;
  firstCdwPira: number | null;
  firstCdwRaw: number | null;
  withCdi: number | null;
  neda: { yes: number | null; no: number | null; unknown: number | null };
  crudeArr: { rate: number; lower: number; upper: number; relapses: number; years: number } | null;
  threshold: number;
  access: string;
}

/** The result of {@link msOutcomes}: the JSON document of `midia ms outcomes --json` without its warnings. */
export interface MsOutcomesResult {
  summary: MsOutcomesSummary;
  /** Per-patient rows: row-level studies only (else null). */
  patients: MsOutcomePatient[] | null;
  /** The resolved CDW options and the relapse rule. */
  options: ResolvedCdwOptions & { includeIndexRelapses: boolean };
}

/** The outcomes of every cohort patient, with dates, before disclosure. */
interface OutcomesFit {
  rows: (MsOutcomePatient & { cdwDate: string | null; cdiDate: string | null; nedaLossDate: string | null })[];
  crude: CrudeArr | null;
  options: ResolvedCdwOptions & { includeIndexRelapses: boolean };
  warnings: string[];
}

function fitOutcomes(records: MsCohortRecords, o: MsOutcomesOptions): OutcomesFit {
  const { includeOnsetRelapse, ...cdwOptions } = o;
  // follow-up relapses: after the index date unless includeOnsetRelapse (models/ms/follow-up-relapse.ts)
  const relapseRule = { includeIndexRelapses: includeOnsetRelapse };
  const cdw = confirmedDisabilityEvents(records.visits, records.relapses, cdwOptions);
  const eventsById = groupBy(cdw.events, (e) => e.id);
  const relById = groupBy(records.relapses, (r) => r.id);
  const mriById = groupBy(records.mri, (r) => r.id);
  const arr = relapsesInWindows(records.patients.map((p) => ({ id: p.id, start: p.onset, end: p.end })), records.relapses, relapseRule);
  const rows = records.patients.map((p, i) => {
    const ev: DisabilityEvent[] = eventsById.get(p.id) ?? [];
    const firstCdw = ev.find((e) => e.type === 'CDW') ?? null;
    const firstCdi = ev.find((e) => e.type === 'CDI') ?? null;
    const mri = (mriById.get(p.id) ?? []).map((m) => ({ date: m.date, newT2: m.newT2, gdEnhancing: m.gdEnhancing }));
    const neda = nedaStatus({ relapses: (relById.get(p.id) ?? []).map((r) => r.date), mri, cdw: ev.filter((e) => e.type === 'CDW') }, p.onset, p.end, relapseRule);
    const a = arr[i] as (typeof arr)[number];
    return {
      id: p.id,
      cdw: firstCdw !== null,
      cdwKind: firstCdw?.kind ?? null,
      cdwDate: firstCdw?.date ?? null,
      cdwEvents: ev.filter((e) => e.type === 'CDW').length,
      cdi: firstCdi !== null,
      cdiDate: firstCdi?.date ?? null,
      relapses: a.relapses,
      years: a.years,
      arr: a.rate,
      neda: neda.neda,
      nedaLossDate: neda.lossDate,
    };
  });
  const crude = rows.length > 0 && arr.some((a) => a.years > 0) ? crudeAnnualizedRelapseRate(arr) : null;
  return { rows, crude, options: { ...cdw.options, ...relapseRule }, warnings: cdw.warnings };
}

const OUTCOMES: AnalysisSpec<MsOutcomesOptions, MsCohortRecords, OutcomesFit, MsOutcomesResult> = {
  name: 'ms outcomes',
  async load(source) {
    if (source.kind !== 'study') throw new UsageError('ms outcomes reads the MS cohort of a study (patients, EDSS, relapses, MRI): give a study source (a cohort database with --db and --study)');
    const records = await loadMsCohort(source.session);
    return { data: records, pseudonyms: records.patients.map((p) => p.id) };
  },
  fit: fitOutcomes,
  plain() {
    throw new UsageError('ms outcomes needs a study source');
  },
  disclose(f, ctx) {
    const { threshold, access } = ctx.disclosure;
    const showDates = ctx.disclosure.allowIndividualTimes;
    // Per-patient rows (with follow-up years that give exact days) only for row-level studies (docs/access-levels.md).
    const rowLevel = access === 'row-level';
    const rows = f.rows;
    const count = (p: (r: (typeof rows)[number]) => boolean): number => rows.filter(p).length;
    const [cdwN, pira, raw, cdiN, nedaYes, nedaNo, nedaUnknown] = suppressed(
      [count((p) => p.cdw), count((p) => p.cdwKind === 'PIRA'), count((p) => p.cdwKind === 'RAW'), count((p) => p.cdi), count((p) => p.neda === true), count((p) => p.neda === false), count((p) => p.neda === null)],
      threshold,
    );
    const n = rows.length >= threshold || rows.length === 0 ? rows.length : null;
    const crude = f.crude;
    const summary: MsOutcomesSummary = {
      patients: n,
      withCdw: cdwN ?? null,
      firstCdwPira: pira ?? null,
      firstCdwRaw: raw ?? null,
      withCdi: cdiN ?? null,
      neda: { yes: nedaYes ?? null, no: nedaNo ?? null, unknown: nedaUnknown ?? null },
      // A relapse count below the threshold is hidden, and with it the rate it gives.
      crudeArr: crude && n !== null && !(crude.events > 0 && crude.events < threshold) ? { rate: crude.rate, lower: crude.lower, upper: crude.upper, relapses: crude.events, years: crude.years } : null,
      threshold,
      access,
    };
    const patients = rowLevel
      ? rows.map((p): MsOutcomePatient => ({ ...p, cdwDate: showDates ? p.cdwDate : undefined, cdiDate: showDates ? p.cdiDate : undefined, nedaLossDate: showDates ? p.nedaLossDate : undefined }))
      : null;
    const warnings = rowLevel ? [...f.warnings] : aggregateWarnings(f.warnings);
    if (!rowLevel) warnings.push(`per-patient rows left out: study ${ctx.study.id} has access level aggregate (only the summary leaves)`);
    else if (!showDates) warnings.push('dates left out: the study does not allow individual times');
    return {
      result: { summary, patients, options: f.options },
      summary: { patients: rows.length, withCdw: count((p) => p.cdw), access, rows: rowLevel ? rows.length : 0 },
      hidden: [...(rowLevel ? [] : ['per-patient rows']), ...(showDates ? [] : ['dates'])],
      notes: [`summary counts below ${threshold} suppressed`],
      warnings,
      pseudonyms: rows.map((p) => p.id),
    };
  },
};

/**
 * Per-patient MS outcomes of a study and their disclosed summary (see the
 * module comment). Validates the options (zod, loaded on demand; CDW defaults
 * msprog's with band edge 5.5: models/ms/cdw-options.ts).
 * @param source a study source (a plain table is refused: the analysis reads several tables).
 * @throws UsageError for invalid options or a plain-table source.
 * @example const r = await msOutcomes(source, {}); r.result.summary.withCdw
 */
export async function msOutcomes(source: DataSource, options: MsOutcomesOptionsInput = {}, call?: AnalysisCall): Promise<AnalysisResult<MsOutcomesResult>> {
  const { MsOutcomesOptionsSchema } = await import('./options.js');
  return runMsOutcomes(source, parseOptions('ms outcomes', MsOutcomesOptionsSchema, options), call);
}

/** {@link msOutcomes} with options in their validated form, as the CLI passes them after checking its flags. */
export function runMsOutcomes(source: DataSource, options: MsOutcomesOptions, call?: AnalysisCall): Promise<AnalysisResult<MsOutcomesResult>> {
  return runAnalysis(OUTCOMES, source, options, call);
}
