/**
 * `timeline`: one patient's events, observations, therapies and visits in date
 * order (engine/timeline.ts), the overall clinical picture a physician portal
 * shows. One patient's records are row-level output (docs/access-levels.md):
 * refused under an aggregate study before anything is read; under a row-level
 * study recorded in the ledger as `timeline` with its number of entries and the
 * one patient. A plain table has no timeline: refused with a UsageError.
 */
import type { AnalysisSession } from '../../engine/access.js';
import type { PatientTimeline } from '../../engine/timeline.js';
import { UsageError } from '../../util/errors.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import type { TimelineOptionsInput, TimelineOptionsParsed } from './options.js';

export type { PatientTimeline, TimelineEntry } from '../../engine/timeline.js';
export type { TimelineOptionsInput, TimelineOptionsParsed } from './options.js';

const WHAT = "midia timeline (one patient's records)";

/**
 * The timeline of one patient on a session (the load phase of {@link timeline};
 * also the demo's). Not recorded: the caller is.
 * @throws UsageError when the pseudonym is not in the session.
 */
export async function readTimeline(session: AnalysisSession, pseudonym: string): Promise<PatientTimeline> {
  const { patientTimeline } = await import('../../engine/timeline.js');
  return patientTimeline(session, pseudonym);
}

const TIMELINE: AnalysisSpec<TimelineOptionsParsed, PatientTimeline, PatientTimeline, PatientTimeline> = {
  name: 'timeline',
  async load(source, o) {
    if (source.kind === 'table') throw new UsageError('timeline reads a cohort database: give a study source (--db FILE --study ID), not a plain table');
    const { requireRowLevel } = await import('../../engine/disclosure/access-level.js');
    requireRowLevel(source.session.disclosure, source.session.study, WHAT);
    return { data: await readTimeline(source.session, o.pseudonym), pseudonyms: [o.pseudonym], selection: null };
  },
  fit: (t) => t,
  plain: () => {
    throw new UsageError('timeline needs a study source');
  },
  disclose(t, ctx) {
    ctx.requireRowLevel(WHAT);
    return {
      result: t,
      summary: { entries: t.entries.length, rows: t.entries.length, access: 'row-level' },
      pseudonyms: ctx.session.pseudonyms.includes(t.pseudonym) ? [t.pseudonym] : [],
    };
  },
};

/**
 * One patient's timeline under a row-level study, recorded in the ledger as `timeline`.
 * @throws UsageError for invalid options, a plain table or an unknown pseudonym; AccessDeniedError under an aggregate study.
 * @example const r = await timeline(source, { pseudonym: 'P-A' }); r.result.entries[0]
 */
export async function timeline(source: DataSource, options: TimelineOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<PatientTimeline>> {
  const { TimelineOptions } = await import('./options.js');
  return runTimeline(source, parseOptions('timeline', TimelineOptions, options), call);
}

/** {@link timeline} with options in their parsed form (the CLI): no zod load. */
export function runTimeline(source: DataSource, options: TimelineOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<PatientTimeline>> {
  return runAnalysis(TIMELINE, source, options, call);
}
