/**
 * `msCdw`: confirmed disability worsening (CDW, with PIRA/RAW) and
 * improvement (CDI) events on the EDSS from plain visit and relapse rows or
 * files (`midia ms cdw --visits F --relapses F`): models/ms/cdw.ts with the
 * options of models/ms/cdw-options.ts (msprog's defaults, band edge 5.5;
 * docs/ms-outcomes.md). The data are the caller's own files or rows, not a
 * study's: nothing is disclosed or recorded (`disclosure` and `ledgerEntry`
 * are null). For a study's patients, `msOutcomes` gives the same events
 * under disclosure control.
 */
import { confirmedDisabilityEvents, type DisabilityEvent, type EdssVisitRow, type RelapseRow } from '../../models/ms/cdw.js';
import type { CdwEventsOption, PiraDefinition, ResolvedCdwOptions } from '../../models/ms/cdw-options.js';
import { parseOptions } from '../core/options.js';
import type { AnalysisResult } from '../core/run-analysis.js';
import { loadCdwFiles } from './cdw-files.js';
import type { MsCdwOptionsInput } from './options.js';

/** The `--events` choices (msprog's) and one event of the result, for surfaces that parse and print them. */
export { CDW_EVENT_CHOICES } from '../../models/ms/cdw-options.js';
export type { DisabilityEvent } from '../../models/ms/cdw.js';

/** Options of {@link runMsCdw} in their validated form (models/ms/cdw-options.ts). */
export interface MsCdwOptions {
  baseline: 'fixed' | 'roving';
  events: CdwEventsOption;
  pira: PiraDefinition;
  /** Days from onset to confirmation (default 84). */
  confirmDays?: number;
  /** Upper EDSS of the +1.0 band: 5.5 (default) or 5.0 (msprog). */
  deltaEdge?: number;
}

/** EDSS visits and relapse onsets as rows. */
export interface CdwRows {
  visits: readonly EdssVisitRow[];
  relapses: readonly RelapseRow[];
}

/** The visits file (id, date, edss) and, optionally, the relapses file (id, date). */
export interface CdwFiles {
  visitsFile: string;
  relapsesFile?: string;
}

/** The result of {@link msCdw}. */
export interface MsCdwResult {
  /** The confirmed events kept by `options.events`, ordered by patient (as first seen) then onset. */
  events: DisabilityEvent[];
  /** The resolved options. */
  options: ResolvedCdwOptions;
}

/**
 * CDW and CDI events of visit and relapse rows or files (see the module comment).
 * Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options; DataValidationError naming file, row and field for a bad file.
 * @example const r = await msCdw({ visitsFile: 'visits.csv', relapsesFile: 'relapses.csv' }, { events: 'multiple' }); r.result.events
 */
export async function msCdw(data: CdwRows | CdwFiles, options: MsCdwOptionsInput = {}): Promise<AnalysisResult<MsCdwResult>> {
  const { MsCdwOptionsSchema } = await import('./options.js');
  return runMsCdw(data, parseOptions('ms cdw', MsCdwOptionsSchema, options));
}

/** {@link msCdw} with options in their validated form, as the CLI passes them after checking its flags. */
export async function runMsCdw(data: CdwRows | CdwFiles, options: MsCdwOptions): Promise<AnalysisResult<MsCdwResult>> {
  const rows = 'visitsFile' in data ? await loadCdwFiles(data.visitsFile, data.relapsesFile) : data;
  const r = confirmedDisabilityEvents(rows.visits, rows.relapses, options);
  return { analysis: 'ms cdw', result: { events: r.events, options: r.options }, warnings: r.warnings, disclosure: null, ledgerEntry: null };
}
