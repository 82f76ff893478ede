/**
 * The MS cohort loader: the one place where the MS analyses (outcomes,
 * pathways, cluster, compare) read a study session. Definitions
 * (docs/ms-outcomes.md, "The MS cohort"):
 *
 * - patients: diagnosis `multiple_sclerosis`, or any EDSS score; onset = the
 *   index date (MS registries enrol at onset or diagnosis); end of follow-up =
 *   the later of the last contact (else the index date) and the last EDSS date;
 * - EDSS: observations with code `EDSS` and a value (a score without a value
 *   was not assessed);
 * - relapses: events of type `relapse` (onset dates);
 * - MRI: events of type `mri`, one finding per patient and date, counted by
 *   {@link MRI_ACTIVITY_CODES} (the largest count of each kind's codes);
 * - DMT records: treatments with intent `disease_modifying` or class
 *   `dmt_moderate` / `dmt_high`.
 *
 * {@link loadMsCohort} only reads (through the session: consenting patients
 * only); {@link deriveMsPatients} builds DMT episodes and confirmed disability
 * events from the records (models/ms), so that each analysis chooses its
 * options without reading again.
 */
import type { AnalysisSession } from '../../engine/access.js';
import { literalList } from '../../engine/sql.js';
import { confirmedDisabilityEvents, type DisabilityEvent, type DisabilityEventsResult, type EdssVisitRow, type RelapseRow } from '../../models/ms/cdw.js';
import type { CdwOptions } from '../../models/ms/cdw-options.js';
import type { MriFinding } from '../../models/ms/neda.js';
import { dmtEpisodes, type DmtEpisode, type DmtEpisodeOptions, type DmtEpisodesResult, type TreatmentRecord } from '../../models/ms/pathways/dmt-episodes.js';
import type { DatedEdss } from '../../models/ms/response-features.js';
import { cellNumber as num, cellText as str } from '../core/cells.js';
import { MRI_ACTIVITY_CODES, MRI_EVENT_TYPE } from './mri-activity.js';

/** One patient of the MS cohort as read: demographics and follow-up. */
export interface MsPatientRow {
  id: string;
  /** Birth year (NaN when missing). */
  birthYear: number;
  birthMonth: number | null;
  sex: string;
  site: string | null;
  /** Index date (taken as onset/diagnosis in MS registries). */
  onset: string;
  /** End of follow-up: the later of the last contact and the last EDSS. */
  end: string;
}

/** One MRI finding with its patient. */
export interface MsMriRow extends MriFinding {
  id: string;
  date: string;
}

/** The records of an MS cohort, as read from a session (ordered by pseudonym, then date). */
export interface MsCohortRecords {
  patients: MsPatientRow[];
  /** EDSS scores (only assessed ones). */
  visits: EdssVisitRow[];
  relapses: RelapseRow[];
  mri: MsMriRow[];
  /** DMT records. */
  treatments: TreatmentRecord[];
}

/** One patient of an MS cohort with everything the response and comparison analyses use. */
export interface MsPatient extends MsPatientRow {
  edss: DatedEdss[];
  relapses: string[];
  mri: MriFinding[];
  episodes: DmtEpisode[];
  /** Confirmed worsening events (type CDW) over the whole follow-up. */
  cdw: DisabilityEvent[];
  /** Every confirmed event kept by the CDW options (CDW and CDI). */
  disability: DisabilityEvent[];
}

/** What {@link deriveMsPatients} returns: the patients and the model results behind them (with their warnings). */
export interface MsCohort {
  patients: MsPatient[];
  disability: DisabilityEventsResult;
  episodes: DmtEpisodesResult;
}

/** The SQL of the cohort's patients (see the module comment). */
const PATIENTS_SQL = `SELECT p.pseudonym, p.birth_year, p.birth_month, p.sex, p.site, CAST(p.index_date AS VARCHAR) AS onset,
        CAST(greatest(coalesce(p.last_contact, p.index_date), coalesce((SELECT max(o.date) FROM observations o WHERE o.pseudonym = p.pseudonym AND o.code = 'EDSS'), p.index_date)) AS VARCHAR) AS stop
   FROM patients p
  WHERE p.diagnosis = 'multiple_sclerosis' OR EXISTS (SELECT 1 FROM observations o WHERE o.pseudonym = p.pseudonym AND o.code = 'EDSS')
  ORDER BY p.pseudonym`;

const EDSS_SQL = `SELECT pseudonym, CAST(date AS VARCHAR) AS date, value FROM observations WHERE code = 'EDSS' AND value IS NOT NULL ORDER BY pseudonym, date`;

const RELAPSES_SQL = `SELECT pseudonym, CAST(date AS VARCHAR) AS date FROM events WHERE type = 'relapse' ORDER BY pseudonym, date`;

/** One row per MRI scan (patient and date) with the largest count of each kind's codes. */
export const MRI_SQL = `SELECT pseudonym, CAST(date AS VARCHAR) AS date,
        max(CASE WHEN code IN ${literalList(MRI_ACTIVITY_CODES.newOrEnlargingT2)} THEN value END) AS new_t2,
        max(CASE WHEN code IN ${literalList(MRI_ACTIVITY_CODES.gadoliniumEnhancing)} THEN value END) AS gd
   FROM events WHERE type = '${MRI_EVENT_TYPE}' GROUP BY pseudonym, date ORDER BY pseudonym, date`;

const TREATMENTS_SQL = `SELECT pseudonym, CAST(start AS VARCHAR) AS start, CAST(stop AS VARCHAR) AS stop, substance, stop_reason
   FROM treatments
  WHERE intent = 'disease_modifying' OR class IN ('dmt_moderate', 'dmt_high')
  ORDER BY pseudonym, start, substance`;


/**
 * Reads the MS cohort of a session (see the module comment): only the
 * patients the session admits, and of the other tables only the records of
 * the cohort's patients.
 * @example const records = await loadMsCohort(source.session)
 */
export async function loadMsCohort(session: AnalysisSession): Promise<MsCohortRecords> {
  const patientRows = await session.queryRows(PATIENTS_SQL);
  const inCohort = new Set(patientRows.map((p) => String(p.pseudonym)));
  const keep = <T extends { id: string }>(rows: T[]): T[] => rows.filter((r) => inCohort.has(r.id));
  const patients = patientRows.map(
    (p): MsPatientRow => ({
      id: String(p.pseudonym),
      birthYear: num(p.birth_year) ?? NaN,
      birthMonth: num(p.birth_month),
      sex: String(p.sex),
      site: str(p.site),
      onset: String(p.onset),
      end: String(p.stop),
    }),
  );
  const visits = keep((await session.queryRows(EDSS_SQL)).map((r): EdssVisitRow => ({ id: String(r.pseudonym), date: String(r.date), edss: num(r.value) })));
  const relapses = keep((await session.queryRows(RELAPSES_SQL)).map((r): RelapseRow => ({ id: String(r.pseudonym), date: String(r.date) })));
  const mri = keep((await session.queryRows(MRI_SQL)).map((r): MsMriRow => ({ id: String(r.pseudonym), date: String(r.date), newT2: num(r.new_t2), gdEnhancing: num(r.gd) })));
  const treatments = keep(
    (await session.queryRows(TREATMENTS_SQL)).map((r): TreatmentRecord => ({ id: String(r.pseudonym), drug: String(r.substance), start: String(r.start), stop: str(r.stop), stopReason: str(r.stop_reason) })),
  );
  return { patients, visits, relapses, mri, treatments };
}

/** Rows grouped by a key (e.g. the pseudonym), in input order within each group. */
export function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(r);
  }
  return m;
}

/** Options of {@link deriveMsPatients}. */
export interface DeriveMsOptions {
  /** Options of confirmedDisabilityEvents (default msprog's, band edge 5.5: models/ms/cdw-options.ts). */
  cdw?: CdwOptions;
  /** Options of dmtEpisodes (default 90-day gaps: models/ms/pathways/dmt-episodes.ts). */
  episodes?: DmtEpisodeOptions;
}

/**
 * Per patient the records, DMT episodes and confirmed disability events
 * (models/ms/cdw.ts over the whole follow-up, from the first EDSS).
 * @example const { patients } = deriveMsPatients(await loadMsCohort(session))
 */
export function deriveMsPatients(records: MsCohortRecords, options: DeriveMsOptions = {}): MsCohort {
  const disability = confirmedDisabilityEvents(records.visits, records.relapses, options.cdw ?? {});
  const episodes = dmtEpisodes(records.treatments, options.episodes ?? {});
  const edssBy = groupBy(records.visits, (v) => v.id);
  const relBy = groupBy(records.relapses, (r) => r.id);
  const mriBy = groupBy(records.mri, (r) => r.id);
  const epBy = groupBy(episodes.episodes, (e) => e.id);
  const eventsBy = groupBy(disability.events, (e) => e.id);
  const patients = records.patients.map((p): MsPatient => {
    const events = eventsBy.get(p.id) ?? [];
    return {
      ...p,
      edss: (edssBy.get(p.id) ?? []).flatMap((v) => (v.edss === null || Number.isNaN(v.edss) ? [] : [{ date: String(v.date), edss: v.edss }])),
      relapses: (relBy.get(p.id) ?? []).map((r) => String(r.date)),
      mri: (mriBy.get(p.id) ?? []).map((m) => ({ date: m.date, newT2: m.newT2, gdEnhancing: m.gdEnhancing })),
      episodes: epBy.get(p.id) ?? [],
      cdw: events.filter((e) => e.type === 'CDW'),
      disability: events,
    };
  });
  return { patients, disability, episodes };
}

/** Warnings of DMT episodes that name no patient: drugs without a class. */
export function isClassWarning(w: string): boolean {
  return w.startsWith('drugs without a class');
}

/**
 * The warnings of a derived cohort as the cluster and comparison analyses
 * report them: the CDW warnings, the drug-class warnings, and the number of
 * patient-level therapy overlaps (not the overlaps themselves: they name patients).
 */
export function cohortWarnings(cohort: Pick<MsCohort, 'disability' | 'episodes'>): string[] {
  const ep = cohort.episodes.warnings;
  const warnings = [...cohort.disability.warnings, ...ep.filter(isClassWarning)];
  const overlap = ep.filter((w) => !isClassWarning(w)).length;
  if (overlap > 0) warnings.push(`${overlap} patient-level therapy overlap warning(s) (not shown: individual data)`);
  return warnings;
}
