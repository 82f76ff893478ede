/**
 * `msPathways`: DMT therapy pathways of a study's MS cohort (`midia ms
 * pathways`): DMT episodes (the same drug within `gapDays` continues), switches
 * (a new drug within `switchGapDays` of a stop; longer = discontinuation)
 * labelled escalation / lateral / de-escalation by DGN 2021 efficacy class,
 * treatment strategies (Harding 2019, or He 2020 with the index date taken as
 * onset), Sankey links line k -> k+1 and the time on each line
 * (models/ms/pathways). The DMT records are those of the MS cohort
 * (ms-cohort.ts).
 *
 * Disclosure (docs/access-levels.md): counts below the study's minimum cell
 * count suppressed (engine/disclosure suppressSmallCounts1D); the time on a
 * line only when at least the threshold of its episodes are completed;
 * overlap warnings (which name patients) only counted.
 */
import { dmtEpisodes, type DmtEpisodesResult } from '../../models/ms/pathways/dmt-episodes.js';
import { pathwaySummary, type PathwaySummary } from '../../models/ms/pathways/pathway-summary.js';
import { treatmentStrategies, type PatientStrategy } from '../../models/ms/pathways/treatment-strategy.js';
import { UsageError } from '../../util/errors.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { disclosedCounts, suppressed, tally } from './disclosure.js';
import { isClassWarning, loadMsCohort, type MsCohortRecords } from './ms-cohort.js';
import type { MsPathwaysOptionsInput } from './options.js';
import type { MsPathwaysOptions } from './pathways-settings.js';

export { PATHWAYS_DEFAULTS, type MsPathwaysOptions } from './pathways-settings.js';

/** A labelled count after disclosure control. */
export interface DisclosedCount {
  label: string;
  count: number | null;
}

/** The result of {@link msPathways}: the JSON document of `midia ms pathways --json`. */
export interface MsPathwaysResult {
  patients: number | null;
  episodes: number | null;
  episodesByDrug: DisclosedCount[];
  transitions: DisclosedCount[];
  stopReasons: DisclosedCount[];
  strategies: DisclosedCount[];
  sankey: { nodes: PathwaySummary['nodes']; links: { source: string; target: string; fromLine: number; count: number | null }[] };
  timeOnLine: { line: number; n: number | null; ongoing: number | null; medianDays: number | null; q1Days: number | null; q3Days: number | null }[];
  options: MsPathwaysOptions & { classMap: string };
  threshold: number;
  warnings: string[];
}

interface PathwaysFit {
  ep: DmtEpisodesResult;
  summary: PathwaySummary;
  strategies: PatientStrategy[];
}

function fitPathways(records: MsCohortRecords, o: MsPathwaysOptions): PathwaysFit {
  const ep = dmtEpisodes(records.treatments, { gapDays: o.gapDays, switchGapDays: o.switchGapDays });
  const summary = pathwaySummary(ep.episodes, { by: o.by });
  // he2020 measures from disease onset; the store's index date is taken as onset (MS registries enrol at onset or diagnosis)
  const onsets = o.strategy === 'he2020' ? new Map(records.patients.map((p) => [p.id, p.onset])) : undefined;
  const strategies = treatmentStrategies(ep.episodes, { definition: o.strategy, ...(onsets ? { onsets } : {}) });
  return { ep, summary, strategies };
}

const PATHWAYS: AnalysisSpec<MsPathwaysOptions, MsCohortRecords, PathwaysFit, MsPathwaysResult> = {
  name: 'ms pathways',
  async load(source) {
    if (source.kind !== 'study') throw new UsageError('ms pathways reads the DMT records of a study: give a study source (a cohort database with --db and --study)');
    const records = await loadMsCohort(source.session);
    return { data: records, pseudonyms: records.patients.map((p) => p.id) };
  },
  fit: fitPathways,
  plain() {
    throw new UsageError('ms pathways needs a study source');
  },
  disclose({ ep, summary, strategies }, ctx) {
    const o = ctx.options;
    const threshold = ctx.disclosure.threshold;
    const treated = [...new Set(ep.episodes.map((e) => e.id))];
    const linkCounts = suppressed(summary.links.map((l) => l.count), threshold);
    const links = summary.links.map((l, i) => ({ source: l.source, target: l.target, fromLine: l.fromLine, count: linkCounts[i] ?? null }));
    const lines = summary.lines.map((l) => {
      const completed = l.n - l.ongoing;
      const show = completed >= threshold;
      return { line: l.line, n: l.n >= threshold ? l.n : null, ongoing: l.ongoing >= threshold || l.ongoing === 0 ? l.ongoing : null, medianDays: show ? l.medianDays : null, q1Days: show ? l.q1Days : null, q3Days: show ? l.q3Days : null };
    });
    const drugs = tally(ep.episodes.map((e) => e.drug));
    const switchKinds = tally(ep.transitions.map((t) => `${t.type}:${t.direction ?? 'unclassified'}`));
    const reasons = tally(ep.transitions.map((t) => t.stopReason ?? 'unknown'));
    const strat = tally(strategies.map((s) => s.strategy ?? 'undetermined'));
    const overlap = ep.warnings.filter((w) => !isClassWarning(w)).length;
    const result: MsPathwaysResult = {
      patients: treated.length >= threshold || treated.length === 0 ? treated.length : null,
      episodes: ep.episodes.length >= threshold || ep.episodes.length === 0 ? ep.episodes.length : null,
      episodesByDrug: disclosedCounts(drugs.labels, drugs.counts, threshold),
      transitions: disclosedCounts(switchKinds.labels, switchKinds.counts, threshold),
      stopReasons: disclosedCounts(reasons.labels, reasons.counts, threshold),
      strategies: disclosedCounts(strat.labels, strat.counts, threshold),
      sankey: { nodes: summary.nodes, links },
      timeOnLine: lines,
      options: { gapDays: o.gapDays, switchGapDays: o.switchGapDays, by: o.by, strategy: o.strategy, classMap: 'DGN 2021 (models/ms/pathways/drug-classes.ts)' },
      threshold,
      warnings: [...ep.warnings.filter(isClassWarning), ...summary.warnings, ...(overlap > 0 ? [`${overlap} patient-level overlap warning(s) (not shown: individual data)`] : [])],
    };
    return {
      result,
      summary: { patients: treated.length, episodes: ep.episodes.length, transitions: ep.transitions.length },
      notes: [`counts below ${threshold} suppressed`],
      warnings: result.warnings,
      pseudonyms: treated,
    };
  },
};

/**
 * DMT pathways of a study's MS cohort (see the module comment). Validates
 * the options (zod, loaded on demand; defaults {@link PATHWAYS_DEFAULTS}).
 * @param source a study source (a plain table is refused).
 * @throws UsageError for invalid options or a plain-table source.
 * @example const r = await msPathways(source, { by: 'efficacy' }); r.result.sankey.links
 */
export async function msPathways(source: DataSource, options: MsPathwaysOptionsInput = {}, call?: AnalysisCall): Promise<AnalysisResult<MsPathwaysResult>> {
  const { MsPathwaysOptionsSchema } = await import('./options.js');
  return runMsPathways(source, parseOptions('ms pathways', MsPathwaysOptionsSchema, options), call);
}

/** {@link msPathways} with options in their validated form, as the CLI passes them after checking its flags. */
export function runMsPathways(source: DataSource, options: MsPathwaysOptions, call?: AnalysisCall): Promise<AnalysisResult<MsPathwaysResult>> {
  return runAnalysis(PATHWAYS, source, options, call);
}
