/**
 * The order in which patterns are listed, and pattern keys and labels.
 *
 * Pattern order (docs/patterns.md; deterministic, so outputs compare
 * byte for byte): support descending; then fewer itemsets first; then fewer
 * items first; then lexicographically, itemset by itemset, items compared by
 * code (codes follow the code-point order of the labels, so this is the
 * code-point order of the labels), an itemset that is a prefix of another
 * first.
 */

/** A pattern with its support, items as codes. */
export interface CodedPattern {
  readonly itemsets: readonly (readonly number[])[];
  readonly support: number;
}

function itemCount(p: readonly (readonly number[])[]): number {
  let n = 0;
  for (const s of p) n += s.length;
  return n;
}

/**
 * Compares the itemsets of two patterns lexicographically (the last key of
 * the pattern order).
 */
export function compareItemsets(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as readonly number[];
    const y = b[i] as readonly number[];
    const m = Math.min(x.length, y.length);
    for (let j = 0; j < m; j++) if (x[j] !== y[j]) return (x[j] as number) - (y[j] as number);
    if (x.length !== y.length) return x.length - y.length;
  }
  return a.length - b.length;
}

/**
 * The pattern order (file header).
 * @example [{ itemsets: [[1]], support: 3 }, { itemsets: [[0]], support: 3 }].sort(comparePatterns)[0].itemsets // => [[0]]
 */
export function comparePatterns(a: CodedPattern, b: CodedPattern): number {
  return (
    b.support - a.support ||
    a.itemsets.length - b.itemsets.length ||
    itemCount(a.itemsets) - itemCount(b.itemsets) ||
    compareItemsets(a.itemsets, b.itemsets)
  );
}

/**
 * A string key of a coded pattern, equal for equal patterns (items joined by
 * `,`, itemsets by `|`).
 * @example patternKey([[0, 2], [1]]) // => '0,2|1'
 */
export function patternKey(itemsets: readonly (readonly number[])[]): string {
  return itemsets.map((s) => s.join(',')).join('|');
}

/**
 * Item labels of a coded pattern.
 * @example decodePattern(['a', 'b', 'c'], [[0, 2], [1]]) // => [['a', 'c'], ['b']]
 */
export function decodePattern(alphabet: readonly string[], itemsets: readonly (readonly number[])[]): string[][] {
  return itemsets.map((s) => s.map((c) => alphabet[c] as string));
}

/**
 * A pattern as text, SPADE's notation: itemsets in braces, in order.
 * @example formatPattern([['a'], ['b', 'c']]) // => '<{a}, {b, c}>'
 */
export function formatPattern(pattern: readonly (readonly string[])[]): string {
  return `<${pattern.map((s) => `{${s.join(', ')}}`).join(', ')}>`;
}
