/**
 * Options of the pattern analyses (mine, rules, compare) in their parsed
 * form, and their zod schemas (`*Schema`, built on first use so that a
 * surface passing parsed options loads no zod). Defaults are written here
 * and in docs/patterns.md.
 */
import type { MinSupport, MiningOptions } from '../../models/patterns/mining-options.js';
import type { PAdjustMethod } from '../../models/survival/survival-utils.js';
import type { z } from 'zod';

/** Minimum support from its text form (`30` a count, `0.1` a share; models/patterns/mining-options.ts), for surfaces. */
export { parseMinSupport, type MinSupport, type MiningOptions } from '../../models/patterns/mining-options.js';
/** A pattern as text (`<{a}, {b, c}>`), for surfaces. */
export { formatPattern } from '../../models/patterns/pattern-order.js';
export type { PAdjustMethod };
import type { AlphabetFamily, SequenceAlphabet } from './store-sequences.js';

/** Which patterns are listed: every frequent one (default), the closed or the maximal ones. */
export type PatternSelectionOption = 'all' | 'closed' | 'maximal';

/** Options every pattern analysis shares. */
export interface SequenceOptions {
  /** Minimum support and the cSPADE constraints (models/patterns/mining-options.ts). */
  mining: MiningOptions;
  /** (study) The alphabet of the store sequences (default DEFAULT_ALPHABET: events, therapy by drug, markers). */
  alphabet?: Partial<SequenceAlphabet>;
  /** (study) Only patients of these diagnoses (default every patient of the study). */
  diagnosis?: readonly string[];
  /** List the first N only (default all). */
  top?: number;
}

export interface MineOptionsParsed extends SequenceOptions {
  selection: PatternSelectionOption;
}

export interface RulesOptionsParsed extends SequenceOptions {
  /** Least confidence (default 0). */
  minConfidence: number;
  /** `any` (default) split, or the last itemset as consequent only. */
  consequent: 'any' | 'last';
}

export interface CompareOptionsParsed extends SequenceOptions {
  selection: PatternSelectionOption;
  /** (plain table) The groups: a file with columns id, group, or `{ id: group }`; its ids are the population. */
  groups?: string | Readonly<Record<string, string>>;
  /** (study) Group by a column of patients (`sex`, `site`, `diagnosis`) or `event:TYPE` (with / without an event of TYPE). */
  groupBy?: string;
  /** Reference group of the odds ratios (default the first label in code-point order). */
  reference?: string;
  /** `auto` (default): chi-square, Fisher where an expected count is below 5. */
  test: 'auto' | 'chisq' | 'fisher';
  /** Yates' correction with two groups (default true). */
  correct: boolean;
  /** p adjustment across patterns (default BH). */
  adjust: PAdjustMethod;
  /** List patterns with adjusted p <= maxQ only (default all). */
  maxQ?: number;
}

/** Builds the zod schemas (zod loaded on demand). */
export async function patternSchemas(): Promise<{ mine: z.ZodType<MineOptionsParsed>; rules: z.ZodType<RulesOptionsParsed>; compare: z.ZodType<CompareOptionsParsed> }> {
  const { z } = await import('zod');
  const { parseMinSupport } = await import('../../models/patterns/mining-options.js');
  const { ALPHABET_FAMILIES } = await import('./store-sequences.js');
  const whole = (min: number) => z.number().int().min(min).optional();
  const minSupport = z.union([
    z.string().transform((s): MinSupport => parseMinSupport(s)),
    z.object({ count: z.number().int().min(1) }),
    z.object({ share: z.number().gt(0).max(1) }),
  ]);
  const mining = z
    .object({ minSupport, maxLength: whole(1), maxSize: whole(1), minGap: whole(0), maxGap: whole(0), maxWindow: whole(0), maxPatterns: whole(1) })
    .refine((m) => m.minGap === undefined || m.maxGap === undefined || m.minGap <= m.maxGap, 'minGap is larger than maxGap');
  const alphabet = z
    .object({
      families: z.array(z.enum(ALPHABET_FAMILIES as unknown as [AlphabetFamily, ...AlphabetFamily[]])).min(1),
      therapyBy: z.enum(['drug', 'class', 'efficacy']),
      switchGapDays: z.number().int().min(0),
      psaRise: z.number().min(0),
    })
    .partial();
  const common = { mining, alphabet: alphabet.optional(), diagnosis: z.array(z.string().min(1)).optional(), top: whole(1) };
  const selection = z.enum(['all', 'closed', 'maximal']).default('all');
  return {
    mine: z.object({ ...common, selection }) as unknown as z.ZodType<MineOptionsParsed>,
    rules: z.object({ ...common, minConfidence: z.number().min(0).max(1).default(0), consequent: z.enum(['any', 'last']).default('any') }) as unknown as z.ZodType<RulesOptionsParsed>,
    compare: z.object({
      ...common,
      selection,
      groups: z.union([z.string().min(1), z.record(z.string(), z.string())]).optional(),
      groupBy: z.string().regex(/^(sex|site|diagnosis|event:.+)$/, 'sex, site, diagnosis or event:TYPE').optional(),
      reference: z.string().optional(),
      test: z.enum(['auto', 'chisq', 'fisher']).default('auto'),
      correct: z.boolean().default(true),
      adjust: z.enum(['BH', 'bonferroni', 'holm', 'none']).default('BH'),
      maxQ: z.number().min(0).max(1).optional(),
    }) as unknown as z.ZodType<CompareOptionsParsed>,
  };
}
