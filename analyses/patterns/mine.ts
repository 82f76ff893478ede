/**
 * Frequent sequential patterns as an analysis (`midia patterns mine`):
 * sequences from an event file or from a study's store, mined with SPADE
 * semantics and the cSPADE constraints (models/patterns/), optionally only
 * the closed or maximal ones. Under a study the patterns pass the rules of
 * analyses/patterns/disclose-patterns.ts (support and complement at least the
 * minimum cell count, no small difference to a released sub-pattern) and the
 * run is recorded in the ledger. Definitions: docs/patterns.md.
 */
import type { FrequentPattern, FrequentSequences } from '../../models/patterns/mine-frequent-sequences.js';
import { decodePattern } from '../../models/patterns/pattern-order.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { releasable } from './disclose-patterns.js';
import { loadSequences, type PatternData } from './load-sequences.js';
import type { MineOptionsParsed, SequenceOptions } from './options.js';

/** One listed pattern (the `mine --json` contract's element). */
export interface MinedPattern {
  pattern: string[][];
  support: number;
  share: number;
}

/** Result of {@link minePatterns}. */
export interface MineResult {
  /** The listed patterns (after selection, disclosure and `top`). */
  patterns: MinedPattern[];
  /** Number of sequences (patients); null when hidden (fewer than the minimum cell count). */
  sequences: number | null;
  /** The minimum support as a count (null when hidden with `sequences`). */
  minSupport: number | null;
  /** Frequent patterns found, and how many the selection (closed, maximal) kept. */
  frequent: number;
  selected: number;
  /** Patterns withheld by disclosure control (study only; 0 for a plain table). */
  withheld: number;
  /** Encoding warnings (repeated items, ids outside the groups). */
  warnings: string[];
}

/** The fit every pattern analysis starts from. */
export interface Mined {
  mined: FrequentSequences;
  selected: FrequentPattern[];
  warnings: string[];
}

/** Mines the loaded sequences (the numeric phase). */
export async function mineLoaded(data: PatternData, o: SequenceOptions & { selection?: MineOptionsParsed['selection'] }): Promise<Mined> {
  const [{ mineFrequentSequences }, { selectPatterns }] = await Promise.all([import('../../models/patterns/mine-frequent-sequences.js'), import('../../models/patterns/closed-maximal.js')]);
  const mined = mineFrequentSequences(data.database, o.mining, data.groups ? { groups: data.groups.of } : {});
  return { mined, selected: selectPatterns(mined, o.selection ?? 'all'), warnings: data.warnings };
}

const decode = (m: FrequentSequences, p: FrequentPattern): MinedPattern => ({ pattern: decodePattern(m.alphabet, p.itemsets), support: p.support, share: p.support / m.sequences });

const MINE: AnalysisSpec<MineOptionsParsed, PatternData, Mined, MineResult> = {
  name: 'patterns mine',
  load: (source, o) => loadSequences(source, o, false),
  fit: (data, o) => mineLoaded(data, o),
  plain({ mined, selected, warnings }, o) {
    return { patterns: selected.slice(0, o.top ?? Infinity).map((p) => decode(mined, p)), sequences: mined.sequences, minSupport: mined.minSupport, frequent: mined.patterns.length, selected: selected.length, withheld: 0, warnings };
  },
  warnings: (f) => f.warnings,
  disclose({ mined, selected, warnings }, ctx) {
    const t = ctx.disclosure.threshold;
    const n = mined.sequences;
    const few = n < t;
    const ok = few ? selected.map(() => false) : releasable(selected.map((p) => ({ itemsets: p.itemsets, counts: [p.support], sizes: [n] })), t);
    const released = selected.filter((_, i) => ok[i]);
    const withheld = selected.length - released.length;
    const result: MineResult = {
      patterns: released.slice(0, ctx.options.top ?? Infinity).map((p) => decode(mined, p)),
      sequences: few ? null : n,
      minSupport: few ? null : mined.minSupport,
      frequent: mined.patterns.length,
      selected: selected.length,
      withheld,
      warnings,
    };
    return {
      result,
      summary: { sequences: result.sequences, minSupport: result.minSupport, selection: ctx.options.selection, released: released.length, withheld },
      hidden: few ? ['sequences', 'every pattern'] : withheld ? [`${withheld} pattern(s)`] : [],
      notes: [`patterns released only with support and complement of at least ${t} patients and no smaller difference to a released sub-pattern`],
      warnings,
    };
  },
};

/**
 * Frequent sequential patterns of a data source: an event table (columns id,
 * day, item; `sequenceFileSource(file)`) or a study (the store's sequences).
 * Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options; ModelError past maxPatterns.
 * @example const r = await minePatterns(await sequenceFileSource('events.csv'), { mining: { minSupport: '0.1' } })
 */
export async function minePatterns(source: DataSource, options: unknown, call?: AnalysisCall): Promise<AnalysisResult<MineResult>> {
  const { patternSchemas } = await import('./options.js');
  return runMinePatterns(source, parseOptions('patterns mine', (await patternSchemas()).mine, options), call);
}

/** {@link minePatterns} with options in their parsed form (the CLI's validated flags). */
export function runMinePatterns(source: DataSource, options: MineOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<MineResult>> {
  return runAnalysis(MINE, source, options, call);
}
