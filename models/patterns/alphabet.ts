/**
 * The alphabet of a sequence database: the distinct item labels, numbered in
 * Unicode code-point order, so that comparing codes compares labels and an
 * itemset sorted by code lists its items in code-point order (the order the
 * pattern contract prints, docs/patterns.md).
 *
 * JavaScript's `<` on strings compares UTF-16 code units, which orders
 * characters above U+FFFF (surrogate pairs, e.g. emoji) before U+E000-U+FFFF;
 * `compareCodePoints` (models/design/model-frame.ts, the one the model frame
 * orders factor levels with) compares code points instead.
 */

import { compareCodePoints } from '../design/model-frame.js';

export { compareCodePoints };

/** Item labels and their codes (0-based, in code-point order of the labels). */
export interface Alphabet {
  /** Labels by code. */
  readonly labels: readonly string[];
  /** Code of each label. */
  readonly codes: ReadonlyMap<string, number>;
}

/**
 * The alphabet of the given item labels (duplicates collapse).
 * @example buildAlphabet(['relapse', 'dmt:ocrelizumab', 'relapse']).labels // => ['dmt:ocrelizumab', 'relapse']
 */
export function buildAlphabet(items: Iterable<string>): Alphabet {
  const labels = [...new Set(items)].sort(compareCodePoints);
  const codes = new Map<string, number>();
  labels.forEach((l, i) => codes.set(l, i));
  return { labels, codes };
}
