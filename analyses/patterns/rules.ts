/**
 * Sequential rules X => Y as an analysis (`midia patterns rules`): support,
 * confidence and lift of every split of a frequent pattern
 * (models/patterns/sequential-rules.ts). Under a study a rule is released only
 * when the pattern X Y, X and Y are all released patterns by the rules of
 * analyses/patterns/disclose-patterns.ts (its confidence and lift are ratios
 * of those supports). Definitions: docs/patterns.md.
 */
import { decodePattern, patternKey } from '../../models/patterns/pattern-order.js';
import type { SequentialRule } from '../../models/patterns/sequential-rules.js';
import type { FrequentSequences } from '../../models/patterns/mine-frequent-sequences.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { releasable } from './disclose-patterns.js';
import { loadSequences, type PatternData } from './load-sequences.js';
import { mineLoaded } from './mine.js';
import type { RulesOptionsParsed } from './options.js';

/** One rule (an element of `rules --json`). */
export interface DecodedRule {
  antecedent: string[][];
  consequent: string[][];
  support: number;
  share: number;
  confidence: number;
  lift: number;
  antecedentSupport: number;
  consequentSupport: number;
}

/** Result of {@link patternRules}. */
export interface RulesResult {
  rules: DecodedRule[];
  sequences: number | null;
  minSupport: number | null;
  /** Rules withheld by disclosure control (study only). */
  withheld: number;
  warnings: string[];
}

interface RulesFit {
  mined: FrequentSequences;
  rules: SequentialRule[];
  warnings: string[];
}

const decode = (m: FrequentSequences, r: SequentialRule): DecodedRule => ({
  antecedent: decodePattern(m.alphabet, r.antecedent),
  consequent: decodePattern(m.alphabet, r.consequent),
  support: r.support,
  share: r.support / m.sequences,
  confidence: r.confidence,
  lift: r.lift,
  antecedentSupport: r.antecedentSupport,
  consequentSupport: r.consequentSupport,
});

const RULES: AnalysisSpec<RulesOptionsParsed, PatternData, RulesFit, RulesResult> = {
  name: 'patterns rules',
  load: (source, o) => loadSequences(source, o, false),
  async fit(data, o) {
    const { mined, warnings } = await mineLoaded(data, o);
    const { sequentialRules } = await import('../../models/patterns/sequential-rules.js');
    return { mined, rules: sequentialRules(mined, { minConfidence: o.minConfidence, consequent: o.consequent }), warnings };
  },
  plain: ({ mined, rules, warnings }, o) => ({ rules: rules.slice(0, o.top ?? Infinity).map((r) => decode(mined, r)), sequences: mined.sequences, minSupport: mined.minSupport, withheld: 0, warnings }),
  warnings: (f) => f.warnings,
  disclose({ mined, rules, warnings }, ctx) {
    const t = ctx.disclosure.threshold;
    const n = mined.sequences;
    const few = n < t;
    const ok = few ? [] : releasable(mined.patterns.map((p) => ({ itemsets: p.itemsets, counts: [p.support], sizes: [n] })), t);
    const released = new Set(mined.patterns.filter((_, i) => ok[i]).map((p) => patternKey(p.itemsets)));
    const shown = rules.filter((r) => released.has(patternKey([...r.antecedent, ...r.consequent])) && released.has(patternKey(r.antecedent)) && released.has(patternKey(r.consequent)));
    const withheld = rules.length - shown.length;
    const result: RulesResult = { rules: shown.slice(0, ctx.options.top ?? Infinity).map((r) => decode(mined, r)), sequences: few ? null : n, minSupport: few ? null : mined.minSupport, withheld, warnings };
    return {
      result,
      summary: { sequences: result.sequences, minSupport: result.minSupport, minConfidence: ctx.options.minConfidence, released: shown.length, withheld },
      hidden: few ? ['sequences', 'every rule'] : withheld ? [`${withheld} rule(s)`] : [],
      notes: [`rules released only when the pattern, its antecedent and its consequent are released patterns (support and complement of at least ${t} patients)`],
      warnings,
    };
  },
};

/**
 * Sequential rules of a data source (see {@link minePatterns} for the sources).
 * @throws UsageError for invalid options; ModelError past maxPatterns.
 * @example const r = await patternRules(source, { mining: { minSupport: '30' }, minConfidence: 0.6 })
 */
export async function patternRules(source: DataSource, options: unknown, call?: AnalysisCall): Promise<AnalysisResult<RulesResult>> {
  const { patternSchemas } = await import('./options.js');
  return runPatternRules(source, parseOptions('patterns rules', (await patternSchemas()).rules, options), call);
}

/** {@link patternRules} with options in their parsed form. */
export function runPatternRules(source: DataSource, options: RulesOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<RulesResult>> {
  return runAnalysis(RULES, source, options, call);
}
