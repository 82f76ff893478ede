/**
 * Sequential rules X => Y from frequent patterns (Zaki 2001, section 2: rule
 * generation from frequent sequences): for a frequent pattern P and a split
 * of its itemsets into a prefix X and the rest Y (P = X followed by Y),
 * - support = support(P) (sequences where X is followed by Y);
 * - confidence = support(P) / support(X) (the share of the sequences with X
 *   in which Y follows);
 * - lift = confidence / (support(Y) / n) (how much more often Y follows X
 *   than Y occurs at all), with n the number of sequences.
 * X and Y are the prefix and suffix of P, so any valid embedding of P holds
 * valid embeddings of both under every constraint (gaps and windows shrink):
 * both are frequent and mined, and their supports are looked up.
 * `consequent: 'last'` keeps only Y = the last itemset, as arulesSequences'
 * `ruleInduction` does; the default 'any' takes every split.
 */
import { ModelError, UsageError } from '../../util/errors.js';
import type { FrequentSequences } from './mine-frequent-sequences.js';
import { compareItemsets, patternKey } from './pattern-order.js';

/** Options of {@link sequentialRules}. */
export interface RuleOptions {
  /** Least confidence of a rule listed (default 0). */
  minConfidence?: number;
  /** 'any' (default): every prefix/suffix split; 'last': the last itemset as Y only. */
  consequent?: 'any' | 'last';
}

/** One rule X => Y, items as codes. */
export interface SequentialRule {
  antecedent: number[][];
  consequent: number[][];
  /** Sequences containing X followed by Y. */
  support: number;
  antecedentSupport: number;
  consequentSupport: number;
  confidence: number;
  lift: number;
}

/**
 * The rules of a mining result, ordered by confidence, then lift, then
 * support (each descending), then the whole pattern (pattern order's
 * lexicographic key), then the shorter antecedent.
 * @throws UsageError on a confidence outside [0, 1].
 * @example sequentialRules(mineFrequentSequences(db, { minSupport: { count: 2 } }), { minConfidence: 0.5 })
 */
export function sequentialRules(result: FrequentSequences, options: RuleOptions = {}): SequentialRule[] {
  const minConfidence = options.minConfidence ?? 0;
  if (!(minConfidence >= 0 && minConfidence <= 1)) throw new UsageError(`minConfidence must be in [0, 1], got ${String(minConfidence)}`);
  const consequent = options.consequent ?? 'any';
  if (consequent !== 'any' && consequent !== 'last') throw new UsageError(`consequent must be 'any' or 'last', got '${String(consequent)}'`);
  const support = new Map<string, number>();
  for (const p of result.patterns) support.set(patternKey(p.itemsets), p.support);
  const n = result.sequences;
  const rules: SequentialRule[] = [];
  for (const p of result.patterns) {
    const k = p.itemsets.length;
    for (let split = consequent === 'last' ? Math.max(1, k - 1) : 1; split < k; split++) {
      const antecedent = p.itemsets.slice(0, split).map((s) => [...s]);
      const cons = p.itemsets.slice(split).map((s) => [...s]);
      const sx = support.get(patternKey(antecedent));
      const sy = support.get(patternKey(cons));
      if (sx === undefined || sy === undefined) throw new ModelError('sequentialRules: the prefix or suffix of a frequent pattern is missing from the mining result');
      const confidence = p.support / sx;
      if (confidence < minConfidence) continue;
      rules.push({ antecedent, consequent: cons, support: p.support, antecedentSupport: sx, consequentSupport: sy, confidence, lift: confidence / (sy / n) });
    }
  }
  return rules.sort(
    (a, b) =>
      b.confidence - a.confidence ||
      b.lift - a.lift ||
      b.support - a.support ||
      compareItemsets([...a.antecedent, ...a.consequent], [...b.antecedent, ...b.consequent]) ||
      a.antecedent.length - b.antecedent.length,
  );
}
