/**
 * Options of the random survival forest, gathered and validated in one place
 * (as R survival's `coxph.control`). Every default is written here and in the
 * JSDoc with its source: ranger 0.14.1 `?ranger` (Wright & Ziegler 2017,
 * J Stat Softw 77(1)) unless stated otherwise.
 */
import { UsageError } from '../../../util/errors.js';

/** Options of {@link randomSurvivalForest}. */
export interface RandomSurvivalForestOptions {
  /** Number of trees. Default 100 (ranger's `num.trees` default is 500). */
  nTrees?: number;
  /**
   * Covariates drawn (without replacement) as split candidates at each node.
   * Default `floor(sqrt(p))`, at least 1: ranger's default ("the rounded down
   * square root of the number of variables", `?ranger`, 0.14.1).
   */
  mtry?: number;
  /**
   * Minimum number of (bootstrap) samples in every node, terminal ones
   * included: a split is accepted only when both children keep at least this
   * many, and a node with fewer than `2 * minNodeSize` samples is terminal.
   * Default 3: ranger's `min.node.size` default for survival forests
   * ("For survival all nodes contain at least min.node.size samples").
   */
  minNodeSize?: number;
  /**
   * Split points tried per candidate covariate. 0 (default) = every midpoint
   * between consecutive distinct values in the node, as ranger's `logrank`
   * rule; k > 0 = k values drawn at random from the node's values (split
   * `x <= value`), as randomForestSRC's `nsplit` (Ishwaran et al. 2008).
   */
  nSplit?: number;
  /** Maximum depth (root = depth 0). Default Infinity (ranger's `max.depth = NULL`: unlimited). */
  maxDepth?: number;
  /** Seed of every random draw (bootstrap, covariates, split points, permutations). Default 1. */
  seed?: number;
  /**
   * Variable importance. `'permutation'` (default) = ranger's permutation
   * importance on each tree's out-of-bag samples (mean over trees of
   * C(OOB) - C(OOB with the covariate permuted)); `'none'` skips it (ranger's
   * default is `'none'`; here it is on because the result reports it).
   */
  importance?: 'permutation' | 'none';
}

/** Validated settings with every default filled in. */
export interface RandomSurvivalForestSettings {
  nTrees: number;
  mtry: number;
  minNodeSize: number;
  nSplit: number;
  maxDepth: number;
  seed: number;
  importance: 'permutation' | 'none';
}

function positiveInteger(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new UsageError(`${name} must be an integer >= ${min}, got ${v}`);
  return v;
}

/**
 * Fill in and validate the options for `p` covariates.
 * @throws UsageError for a non-integer or out-of-range option
 * @example forestSettings({}, 10).mtry // => 3
 */
export function forestSettings(options: RandomSurvivalForestOptions, p: number): RandomSurvivalForestSettings {
  const nTrees = positiveInteger('nTrees', options.nTrees ?? 100, 1);
  const mtry = positiveInteger('mtry', options.mtry ?? Math.max(1, Math.floor(Math.sqrt(p))), 1);
  if (mtry > p) throw new UsageError(`mtry must be at most the number of covariates (${p}), got ${mtry}`);
  const minNodeSize = positiveInteger('minNodeSize', options.minNodeSize ?? 3, 1);
  const nSplit = positiveInteger('nSplit', options.nSplit ?? 0, 0);
  const maxDepth = options.maxDepth ?? Infinity;
  if (!(maxDepth === Infinity || (Number.isInteger(maxDepth) && maxDepth >= 0))) {
    throw new UsageError(`maxDepth must be a non-negative integer or Infinity, got ${maxDepth}`);
  }
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new UsageError(`seed must be an integer, got ${seed}`);
  const importance = options.importance ?? 'permutation';
  if (importance !== 'permutation' && importance !== 'none') throw new UsageError(`importance must be 'permutation' or 'none', got ${String(importance)}`);
  return { nTrees, mtry, minNodeSize, nSplit, maxDepth, seed, importance };
}
