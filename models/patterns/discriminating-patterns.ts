/**
 * Discriminating subsequences between groups, as TraMineR's `seqecmpgroup`
 * (Studer, Müller, Ritschard & Gabadinho 2010; Studer et al., Sociological
 * Methods & Research 40 (2011) 471-510): the frequent patterns are mined on
 * all sequences together, then for each pattern the G x 2 table of groups
 * by (contains the pattern, does not) is tested for independence.
 *
 * - Test: Pearson's chi-square as R's `chisq.test` (TraMineR's test; Yates'
 *   correction on 2 x 2 tables, R's default), or Fisher's exact test when an
 *   expected count is below 5 (Cochran's rule; `test: 'auto'`, the
 *   default), or either one forced. A pattern that every sequence (or none)
 *   contains leaves an empty column: no test (`test: 'none'`).
 * - Multiple testing: p-values adjusted across the tested patterns by
 *   Benjamini-Hochberg (false discovery rate; R's `p.adjust(p, "BH")`)
 *   unless another method is chosen. TraMineR offers raw or Bonferroni p.
 * - Per group: the support (sequences containing the pattern), the
 *   complement (group size minus support), the share, the expected count and
 *   the Pearson residual of the "contains" cell (TraMineR's Freq and Resid
 *   columns). Supports and complements are what a disclosure step checks
 *   against a minimum cell count.
 * - Effect: the odds ratio of each group against the reference group with
 *   Woolf's interval, Haldane-corrected when a cell is zero
 *   (models/patterns/odds-ratio.ts).
 * Patterns are listed by p-value ascending (untested last), then in pattern
 * order.
 */
import { ModelError, UsageError } from '../../util/errors.js';
import { pAdjust, type PAdjustMethod } from '../survival/survival-utils.js';
import { chiSquareTest } from './chi-square-test.js';
import type { SequenceGroups } from './compact-database.js';
import { FISHER_MAX_TABLES, fisherExactTest, logFactorials } from './fisher-exact-test.js';
import type { FrequentSequences } from './mine-frequent-sequences.js';
import { oddsRatio, type OddsRatio } from './odds-ratio.js';
import { comparePatterns } from './pattern-order.js';

/** Options of {@link discriminatingPatterns}. */
export interface ContrastOptions {
  /** 'auto' (default): chi-square, Fisher when an expected count is below 5; or 'chisq' / 'fisher' always. */
  test?: 'auto' | 'chisq' | 'fisher';
  /** Yates' continuity correction of the chi-square test on two groups (default true, as R's chisq.test). */
  correct?: boolean;
  /** p-value adjustment across patterns (default 'BH'). */
  adjust?: PAdjustMethod;
  /** Index of the reference group of the odds ratios (default 0). */
  reference?: number;
  /** Confidence level of the odds-ratio intervals (default 0.95). */
  level?: number;
  /** Most tables Fisher's test enumerates for one pattern before it falls back to chi-square (default 2,000,000). */
  maxTables?: number;
}

/** One group's cell of a pattern. */
export interface GroupCell {
  /** Sequences of the group containing the pattern. */
  support: number;
  /** Sequences of the group not containing it (group size minus support). */
  absent: number;
  /** support / group size. */
  share: number;
  /** Expected support under independence. */
  expected: number;
  /** Pearson residual of the support. */
  residual: number;
}

/** A pattern's comparison across groups. */
export interface DiscriminatingPattern {
  itemsets: readonly (readonly number[])[];
  support: number;
  /** One cell per group, in group order. */
  groups: GroupCell[];
  test: 'chisq' | 'fisher' | 'none';
  /** Chi-square statistic (null for Fisher's test and untested patterns). */
  statistic: number | null;
  df: number | null;
  p: number | null;
  /** Adjusted p-value. */
  q: number | null;
  /** Odds ratio of each non-reference group against the reference. */
  oddsRatios: (OddsRatio & { group: number })[];
}

/** What {@link discriminatingPatterns} returns. */
export interface DiscriminatingPatterns {
  /** Group sizes (sequences per group), in group order. */
  sizes: number[];
  reference: number;
  patterns: DiscriminatingPattern[];
  adjust: PAdjustMethod;
  warnings: string[];
}

/**
 * Tests every mined pattern for association with the groups (file header).
 * `result` must come from mineFrequentSequences with the same `groups`
 * (each pattern carrying its per-group support).
 * @throws UsageError with fewer than two non-empty groups or a bad option;
 *   ModelError when the patterns carry no per-group supports.
 * @example discriminatingPatterns(mineFrequentSequences(db, { minSupport: { share: 0.05 } }, { groups }), groups)
 */
export function discriminatingPatterns(result: FrequentSequences, groups: SequenceGroups, options: ContrastOptions = {}): DiscriminatingPatterns {
  const test = options.test ?? 'auto';
  if (!['auto', 'chisq', 'fisher'].includes(test)) throw new UsageError(`test must be auto, chisq or fisher, got '${String(test)}'`);
  const correct = options.correct ?? true;
  const adjust = options.adjust ?? 'BH';
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new UsageError(`level must be in (0, 1), got ${String(level)}`);
  const G = groups.count;
  const reference = options.reference ?? 0;
  if (!(Number.isInteger(reference) && reference >= 0 && reference < G)) throw new UsageError(`reference must be a group index 0..${G - 1}, got ${String(reference)}`);
  if (groups.of.length !== result.sequences) throw new UsageError(`groups: ${groups.of.length} group indices for ${result.sequences} sequences`);
  const sizes = new Array<number>(G).fill(0);
  for (const g of groups.of) sizes[g]!++;
  if (sizes.filter((n) => n > 0).length < 2) throw new UsageError('comparing groups needs at least two non-empty groups');
  const N = result.sequences;
  const lf = logFactorials(N);
  const warnings: string[] = [];
  let fellBack = 0;

  const patterns: DiscriminatingPattern[] = result.patterns.map((p) => {
    const gs = p.groupSupport;
    if (!gs || gs.length !== G) throw new ModelError('discriminatingPatterns: mine with the same groups (mineFrequentSequences(db, options, { groups }))');
    const table = sizes.map((n, g) => [gs[g]!, n - gs[g]!]);
    const chi = chiSquareTest(table, correct);
    const cells: GroupCell[] = table.map(([a, b], g) => ({
      support: a!,
      absent: b!,
      share: sizes[g]! > 0 ? a! / sizes[g]! : NaN,
      expected: chi.expected[g]![0]!,
      residual: chi.residuals[g]![0]!,
    }));
    const ors = [];
    for (let g = 0; g < G; g++) {
      if (g === reference) continue;
      ors.push({ group: g, ...oddsRatio(gs[g]!, sizes[g]! - gs[g]!, gs[reference]!, sizes[reference]! - gs[reference]!, level) });
    }
    const base = { itemsets: p.itemsets, support: p.support, groups: cells, oddsRatios: ors, q: null };
    if (Number.isNaN(chi.statistic)) return { ...base, test: 'none', statistic: null, df: null, p: null };
    const small = chi.expected.some((row) => row.some((e) => e < 5));
    if (test === 'fisher' || (test === 'auto' && small)) {
      const exact = fisherExactTest(table, lf, options.maxTables ?? FISHER_MAX_TABLES);
      if (exact !== null) return { ...base, test: 'fisher', statistic: null, df: null, p: exact };
      fellBack++;
    }
    return { ...base, test: 'chisq', statistic: chi.statistic, df: chi.df, p: chi.p };
  });
  if (fellBack) warnings.push(`${fellBack} pattern(s) tested by chi-square: Fisher's exact test would enumerate more than ${options.maxTables ?? FISHER_MAX_TABLES} tables`);
  if (test === 'chisq') {
    const small = patterns.filter((d) => d.test === 'chisq' && d.groups.some((c) => c.expected < 5 || sizes[d.groups.indexOf(c)]! - c.expected < 5)).length;
    if (small) warnings.push(`${small} pattern(s) with an expected count below 5: the chi-square approximation may be poor (use the default test)`);
  }
  const q = pAdjust(patterns.map((d) => d.p ?? NaN), adjust);
  patterns.forEach((d, i) => (d.q = d.p === null ? null : (q[i] as number)));
  patterns.sort((a, b) => {
    if (a.p === null || b.p === null) return a.p === null && b.p === null ? comparePatterns(a, b) : a.p === null ? 1 : -1;
    return a.p - b.p || comparePatterns(a, b);
  });
  return { sizes, reference, patterns, adjust, warnings };
}
