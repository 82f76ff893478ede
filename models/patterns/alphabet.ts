/**
 * The alphabet of a sequence database: the distinct item labels, numbered in
 * Unicode code-point order, so that comparing codes compares labels and an
 * itemset sorted by code lists its items in code-point order (the order the
 * pattern contract prints, docs/patterns.md).
 *
 * JavaScript's `<` on strings compares UTF-16 code units, which orders
 * characters above U+FFFF (surrogate pairs, e.g. emoji) before U+E000-U+FFFF;
 * {@link compareCodePoints} compares code points instead.
 */

/**
 * Compares two strings by Unicode code points (negative, 0, positive).
 * @example ['b', 'a', '\u{1F600}', '\uFFFD'].sort(compareCodePoints) // => ['a', 'b', '\uFFFD', '\u{1F600}']
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Differing code units: a surrogate (0xD800-0xDFFF) starts a code point above
    // U+FFFF, which sorts after every BMP unit.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

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
