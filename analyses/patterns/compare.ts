/**
 * Discriminating patterns between groups as an analysis (`midia patterns
 * compare`, as TraMineR's seqecmpgroup): patterns mined on all sequences,
 * then per pattern the groups x (with, without) table tested (chi-square or
 * Fisher, adjusted across patterns; odds ratios against a reference group;
 * models/patterns/discriminating-patterns.ts). Groups come from a file (id,
 * group) for an event file, or from the store for a study (`groupBy`: a
 * column of patients or `event:TYPE`). Under a study every group must have at
 * least the minimum cell count of patients (else the run is refused before
 * anything is recorded), and a pattern is released only when every group's
 * support and complement pass (analyses/patterns/disclose-patterns.ts).
 */
import type { DiscriminatingPattern, DiscriminatingPatterns } from '../../models/patterns/discriminating-patterns.js';
import type { FrequentSequences } from '../../models/patterns/mine-frequent-sequences.js';
import { decodePattern } from '../../models/patterns/pattern-order.js';
import { AccessDeniedError, UsageError } from '../../util/errors.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { releasable } from './disclose-patterns.js';
import { loadSequences, type PatternData } from './load-sequences.js';
import { mineLoaded } from './mine.js';
import type { CompareOptionsParsed } from './options.js';

/** One compared pattern (an element of `compare --json`). */
export interface ComparedPattern {
  pattern: string[][];
  support: number;
  share: number;
  groups: { group: string; support: number; absent: number; share: number; expected: number; residual: number }[];
  test: DiscriminatingPattern['test'];
  statistic: number | null;
  df: number | null;
  p: number | null;
  q: number | null;
  oddsRatios: { group: string; reference: string; estimate: number; lower: number; upper: number; haldane: boolean }[];
}

/** Result of {@link comparePatterns}. */
export interface CompareResult {
  groups: { group: string; sequences: number }[];
  reference: string;
  sequences: number;
  minSupport: number;
  /** Patterns tested (after selection); the listed ones (after disclosure, maxQ and top). */
  tested: number;
  patterns: ComparedPattern[];
  /** The listed patterns in model form, with the alphabet (for the forest figure of charts/). */
  contrast: DiscriminatingPatterns;
  alphabet: readonly string[];
  /** Patterns withheld by disclosure control (study only). */
  withheld: number;
  warnings: string[];
}

interface CompareFit {
  mined: FrequentSequences;
  contrast: DiscriminatingPatterns;
  labels: string[];
  warnings: string[];
}

function toResult(f: CompareFit, listed: DiscriminatingPattern[], o: CompareOptionsParsed, withheld: number): CompareResult {
  const { mined, contrast, labels } = f;
  const n = mined.sequences;
  const ref = labels[contrast.reference] as string;
  const shown = listed.filter((d) => o.maxQ === undefined || (d.q !== null && d.q <= o.maxQ)).slice(0, o.top ?? Infinity);
  return {
    groups: labels.map((g, i) => ({ group: g, sequences: contrast.sizes[i] ?? 0 })),
    reference: ref,
    sequences: n,
    minSupport: mined.minSupport,
    tested: contrast.patterns.length,
    patterns: shown.map((d) => ({
      pattern: decodePattern(mined.alphabet, d.itemsets),
      support: d.support,
      share: d.support / n,
      groups: d.groups.map((c, g) => ({ group: labels[g] as string, support: c.support, absent: c.absent, share: c.share, expected: c.expected, residual: c.residual })),
      test: d.test,
      statistic: d.statistic,
      df: d.df,
      p: d.p,
      q: d.q,
      oddsRatios: d.oddsRatios.map((x) => ({ group: labels[x.group] as string, reference: ref, estimate: x.estimate, lower: x.lower, upper: x.upper, haldane: x.haldane })),
    })),
    contrast: { ...contrast, patterns: shown },
    alphabet: mined.alphabet,
    withheld,
    warnings: f.warnings,
  };
}

const COMPARE: AnalysisSpec<CompareOptionsParsed, PatternData, CompareFit, CompareResult> = {
  name: 'patterns compare',
  load: (source, o) => loadSequences(source, o, true),
  async fit(data, o) {
    const groups = data.groups;
    if (!groups) throw new UsageError('compare needs groups');
    const reference = o.reference === undefined ? 0 : groups.labels.indexOf(o.reference);
    if (reference < 0) throw new UsageError(`--reference ${o.reference} is not a group of ${typeof o.groups === 'string' ? o.groups : o.groupBy !== undefined ? `--group-by ${o.groupBy}` : 'the groups'} (groups: ${groups.labels.join(', ')})`);
    const { mined, selected, warnings } = await mineLoaded(data, o);
    const { discriminatingPatterns } = await import('../../models/patterns/discriminating-patterns.js');
    const contrast = discriminatingPatterns({ ...mined, patterns: selected }, groups.of, { test: o.test, adjust: o.adjust, reference, correct: o.correct });
    return { mined, contrast, labels: groups.labels, warnings: [...warnings, ...contrast.warnings] };
  },
  plain: (f, o) => toResult(f, f.contrast.patterns, o, 0),
  warnings: (f) => f.warnings,
  disclose(f, ctx) {
    const t = ctx.disclosure.threshold;
    const sizes = f.contrast.sizes;
    const smallGroup = f.labels.filter((_, i) => (sizes[i] ?? 0) < t);
    if (smallGroup.length) throw new AccessDeniedError(`patterns compare: group(s) ${smallGroup.join(', ')} have fewer than ${t} patients (the study's minimum cell count): no contrast is released`);
    const n = f.mined.sequences;
    const ok = releasable(f.contrast.patterns.map((d) => ({ itemsets: d.itemsets, counts: [d.support, ...d.groups.map((c) => c.support)], sizes: [n, ...sizes] })), t);
    const listed = f.contrast.patterns.filter((_, i) => ok[i]);
    const withheld = f.contrast.patterns.length - listed.length;
    const result = toResult(f, listed, ctx.options, withheld);
    return {
      result,
      summary: { sequences: n, groups: result.groups, reference: result.reference, tested: result.tested, released: listed.length, withheld },
      hidden: withheld ? [`${withheld} pattern(s)`] : [],
      notes: [`patterns released only with every group's support and complement of at least ${t} patients and no smaller difference to a released sub-pattern`],
      warnings: f.warnings,
    };
  },
};

/**
 * Discriminating patterns between groups of a data source.
 * @throws UsageError for invalid options or fewer than two groups; AccessDeniedError under a study with a small group.
 * @example const r = await comparePatterns(source, { mining: { minSupport: '0.05' }, groupBy: 'event:relapse' })
 */
export async function comparePatterns(source: DataSource, options: unknown, call?: AnalysisCall): Promise<AnalysisResult<CompareResult>> {
  const { patternSchemas } = await import('./options.js');
  return runComparePatterns(source, parseOptions('patterns compare', (await patternSchemas()).compare, options), call);
}

/** {@link comparePatterns} with options in their parsed form. */
export function runComparePatterns(source: DataSource, options: CompareOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<CompareResult>> {
  return runAnalysis(COMPARE, source, options, call);
}
