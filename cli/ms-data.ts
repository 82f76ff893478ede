/**
 * Shared loading of the `midia ms cluster` and `midia ms compare` commands:
 * one consent-gated read of an MS cohort (patients, EDSS, relapses, MRI, DMT
 * records) into plain per-patient records, DMT episodes and CDW events, and
 * the disclosure threshold (`--min-cell`).
 */
import type { AnalysisSession } from '../engine/access.js';
import { confirmedDisabilityEvents, type DisabilityEvent, type EdssVisitRow, type RelapseRow } from '../models/ms/cdw.js';
import type { CdwOptions } from '../models/ms/cdw-options.js';
import type { MriFinding } from '../models/ms/neda.js';
import { dmtEpisodes, type DmtEpisode, type TreatmentRecord } from '../models/ms/pathways/dmt-episodes.js';
import type { DatedEdss } from '../models/ms/response-features.js';
import { suppressSmallCounts } from '../engine/disclosure/suppress-small-counts.js';
import { UsageError } from '../util/errors.js';
import { numberFlag } from './args.js';
import type { CommandIO, ParsedArgs } from './command.js';
import { openStoreFlag, sessionFor } from './io.js';

/** One patient of an MS cohort with everything the response and comparison analyses use. */
export interface MsPatient {
  id: string;
  birthYear: number;
  birthMonth: number | null;
  sex: string;
  site: string | null;
  /** Index date (taken as onset/diagnosis in MS registries). */
  onset: string;
  /** End of follow-up: the later of the last contact and the last EDSS. */
  end: string;
  edss: DatedEdss[];
  relapses: string[];
  mri: MriFinding[];
  episodes: DmtEpisode[];
  /** Confirmed worsening events over the whole follow-up (fixed baseline, first event, msprog defaults). */
  cdw: DisabilityEvent[];
}

/** What {@link loadMsCohort} returns. */
export interface MsCohort {
  patients: MsPatient[];
  warnings: string[];
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

/** A nullable SQL value as text (null stays null). */
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'bigint' ? Number(v) : null);

/**
 * Reads the MS patients of a session (diagnosis multiple_sclerosis or any EDSS):
 * the same tables and codes as `midia ms outcomes` and `midia ms pathways`
 * (EDSS observations; relapse events; MRI events T2_NEW/GD_ENHANCING; DMT
 * treatments with intent disease_modifying or class dmt_moderate/dmt_high),
 * DMT episodes (models/ms/pathways defaults: 90-day gaps) and CDW events.
 * @param cdwOptions options of confirmedDisabilityEvents (default msprog's, band edge 5.5).
 */
export async function loadMsCohort(session: AnalysisSession, cdwOptions: CdwOptions = {}): Promise<MsCohort> {
  const patients = await session.queryRows(
    `SELECT p.pseudonym, p.birth_year, p.birth_month, p.sex, p.site, CAST(p.index_date AS VARCHAR) AS onset,
            CAST(greatest(coalesce(p.last_contact, p.index_date), coalesce((SELECT max(o.date) FROM observations o WHERE o.pseudonym = p.pseudonym AND o.code = 'EDSS'), p.index_date)) AS VARCHAR) AS stop
       FROM patients p
      WHERE p.diagnosis = 'multiple_sclerosis' OR EXISTS (SELECT 1 FROM observations o WHERE o.pseudonym = p.pseudonym AND o.code = 'EDSS')
      ORDER BY p.pseudonym`,
  );
  const edss = await session.queryRows(`SELECT pseudonym, CAST(date AS VARCHAR) AS date, value FROM observations WHERE code = 'EDSS' AND value IS NOT NULL ORDER BY pseudonym, date`);
  const rel = await session.queryRows(`SELECT pseudonym, CAST(date AS VARCHAR) AS date FROM events WHERE type = 'relapse' ORDER BY pseudonym, date`);
  const mri = await session.queryRows(
    `SELECT pseudonym, CAST(date AS VARCHAR) AS date,
            max(CASE WHEN code IN ('T2_NEW', 'T2_NEW_ENLARGING', 'T2_ENLARGING') THEN value END) AS new_t2,
            max(CASE WHEN code IN ('GD_ENHANCING', 'GD') THEN value END) AS gd
       FROM events WHERE type = 'mri' GROUP BY pseudonym, date ORDER BY pseudonym, date`,
  );
  const tr = await session.queryRows(
    `SELECT pseudonym, CAST(start AS VARCHAR) AS start, CAST(stop AS VARCHAR) AS stop, substance, stop_reason
       FROM treatments
      WHERE intent = 'disease_modifying' OR class IN ('dmt_moderate', 'dmt_high')
      ORDER BY pseudonym, start, substance`,
  );
  const visits: EdssVisitRow[] = edss.map((r) => ({ id: String(r.pseudonym), date: String(r.date), edss: num(r.value) }));
  const relapses: RelapseRow[] = rel.map((r) => ({ id: String(r.pseudonym), date: String(r.date) }));
  const cdw = confirmedDisabilityEvents(visits, relapses, cdwOptions);
  const records: TreatmentRecord[] = tr.map((r) => ({ id: String(r.pseudonym), drug: String(r.substance), start: String(r.start), stop: str(r.stop), stopReason: str(r.stop_reason) }));
  const ep = dmtEpisodes(records);
  const edssBy = groupBy(visits, (v) => v.id);
  const relBy = groupBy(relapses, (r) => r.id);
  const mriBy = groupBy(mri, (r) => String(r.pseudonym));
  const epBy = groupBy(ep.episodes, (e) => e.id);
  const cdwBy = groupBy(cdw.events.filter((e) => e.type === 'CDW'), (e) => e.id);
  const out: MsPatient[] = patients.map((p) => {
    const id = String(p.pseudonym);
    return {
      id,
      birthYear: num(p.birth_year) ?? NaN,
      birthMonth: num(p.birth_month),
      sex: String(p.sex),
      site: str(p.site),
      onset: String(p.onset),
      end: String(p.stop),
      edss: (edssBy.get(id) ?? []).filter((v) => v.edss !== null).map((v) => ({ date: String(v.date), edss: v.edss as number })),
      relapses: (relBy.get(id) ?? []).map((r) => String(r.date)),
      mri: (mriBy.get(id) ?? []).map((m) => ({ date: String(m.date), newT2: num(m.new_t2), gdEnhancing: num(m.gd) })),
      episodes: epBy.get(id) ?? [],
      cdw: cdwBy.get(id) ?? [],
    };
  });
  const warnings = [...cdw.warnings, ...ep.warnings.filter((w) => w.startsWith('drugs without a class'))];
  const overlap = ep.warnings.length - ep.warnings.filter((w) => w.startsWith('drugs without a class')).length;
  if (overlap > 0) warnings.push(`${overlap} patient-level therapy overlap warning(s) (not shown: individual data)`);
  return { patients: out, warnings };
}

/** Opens the store and the study session of `--db`/`--study`, runs `body`, and closes both. */
export async function withMsSession<T>(args: ParsedArgs, io: CommandIO, body: (session: AnalysisSession) => Promise<T>): Promise<T> {
  const store = await openStoreFlag(args);
  try {
    const session = await sessionFor(store, args, io);
    try {
      return await body(session);
    } finally {
      session.close();
    }
  } finally {
    await store.close();
  }
}

/**
 * The disclosure threshold of a run: `--min-cell N` when given, which may
 * only raise the study's minimum cell count (default: the study's
 * `minCellCount`, 5 unless registered otherwise; engine/disclosure DEFAULT_THRESHOLD).
 * @throws {UsageError} naming --min-cell for a non-integer or a value below the study's.
 */
export function minCellFlag(args: ParsedArgs, studyThreshold: number): number {
  const v = numberFlag(args, 'min-cell');
  if (v === undefined) return studyThreshold;
  if (!(Number.isInteger(v) && v >= 1)) throw new UsageError(`--min-cell must be a positive whole number, got ${v}`);
  if (v < studyThreshold) throw new UsageError(`--min-cell ${v} is below the study's minimum cell count ${studyThreshold} (it may only be raised)`);
  return v;
}

/** A count shown when 0 or at least the threshold, else null. */
export function smallCount(n: number, threshold: number): number | null {
  return n === 0 || n >= threshold ? n : null;
}

/**
 * Small-cell suppression of a groups x categories table whose margins may be
 * public (e.g. the category totals of the whole cohort, published by other
 * commands): engine/disclosure suppressSmallCounts with complementary
 * suppression across groups and categories. A group whose total
 * (`rowTotalKnown`) is published is hidden whole when the algorithm had to
 * hide its total, so that nothing relies on a total that is in fact known.
 * @param counts one row per group, one column per category.
 * @param rowTotalKnown per row: its total is published elsewhere (default all false).
 * @example suppressTable([[3, 20], [10, 12]], 5).counts // => [[null, null], [null, null]] (column totals protect the 3)
 */
export function suppressTable(counts: readonly (readonly number[])[], threshold: number, rowTotalKnown: readonly boolean[] = []): (number | null)[][] {
  if (counts.length === 0) return [];
  const C = counts[0]!.length;
  const t = suppressSmallCounts({ rowLabels: counts.map((_, i) => String(i)), columnLabels: Array.from({ length: C }, (_, j) => String(j)), counts }, { threshold });
  return t.counts.map((row, i) => (rowTotalKnown[i] && t.rowTotals[i] === null ? row.map(() => null) : row));
}
