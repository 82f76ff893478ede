/**
 * Agglomerative hierarchical clustering on a dissimilarity matrix by the
 * Lance-Williams recurrence, with average linkage (UPGMA, R hclust "average")
 * or Ward's criterion on Euclidean-type dissimilarities (R hclust "ward.D2":
 * the recurrence is applied to squared dissimilarities, heights are their roots).
 * Naive O(n^3) time, O(n^2) memory: meant for a few thousand objects at most.
 *
 * References: Lance GN, Williams WT (1967) Comput J 9:373-380;
 * Murtagh F, Legendre P (2014) Ward's hierarchical agglomerative clustering method, J Classif 31:274-295.
 */
import { UsageError } from '../../util/errors.js';
import { checkDissimilarity, type Dissimilarity } from './dissimilarity.js';
import { checkInteger } from './matrix.js';

/** Linkage methods. */
export type Linkage = 'average' | 'ward';

/** A dendrogram as R's hclust: merge step s joins clusters `merge[s]` at `height[s]` (0-based objects as -(i+1), earlier steps as s+1). */
export interface Dendrogram {
  n: number;
  linkage: Linkage;
  /** (n - 1) x 2, R's sign convention: negative = singleton object -(index + 1), positive = merge step (1-based). */
  merge: Int32Array;
  height: Float64Array;
}

/**
 * Builds the dendrogram. Ties are broken by the lowest (i, j) pair in scan order.
 * @throws UsageError for fewer than 2 objects or an unknown linkage.
 * @example cutTree(hierarchicalClustering(d, 'average'), 3)
 */
export function hierarchicalClustering(diss: Dissimilarity, linkage: Linkage = 'average'): Dendrogram {
  checkDissimilarity(diss);
  if (linkage !== 'average' && linkage !== 'ward') throw new UsageError(`Unknown linkage: ${String(linkage)} (use average or ward)`);
  const n = diss.n;
  if (n < 2) throw new UsageError('hierarchicalClustering: needs at least 2 objects');
  const d = Float64Array.from(diss.data);
  if (linkage === 'ward') for (let i = 0; i < d.length; i++) d[i] = (d[i] as number) ** 2;
  const active = new Uint8Array(n).fill(1);
  const size = new Float64Array(n).fill(1);
  const id = new Int32Array(n);
  for (let i = 0; i < n; i++) id[i] = -(i + 1);
  const merge = new Int32Array(2 * (n - 1));
  const height = new Float64Array(n - 1);
  for (let s = 0; s < n - 1; s++) {
    let bi = -1;
    let bj = -1;
    let bd = Infinity;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (!active[j]) continue;
        const v = d[i * n + j] as number;
        if (v < bd) { bd = v; bi = i; bj = j; }
      }
    }
    const a = id[bi] as number;
    const b = id[bj] as number;
    // R orders singletons first, then by step number
    const [m1, m2] = a < 0 && b < 0 ? (a > b ? [a, b] : [b, a]) : a < 0 ? [a, b] : b < 0 ? [b, a] : a < b ? [a, b] : [b, a];
    merge[2 * s] = m1;
    merge[2 * s + 1] = m2;
    height[s] = linkage === 'ward' ? Math.sqrt(bd) : bd;
    const ni = size[bi] as number;
    const nj = size[bj] as number;
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === bi || k === bj) continue;
      const dik = d[bi * n + k] as number;
      const djk = d[bj * n + k] as number;
      let v: number;
      if (linkage === 'average') v = (ni * dik + nj * djk) / (ni + nj);
      else {
        const nk = size[k] as number;
        v = ((ni + nk) * dik + (nj + nk) * djk - nk * bd) / (ni + nj + nk);
      }
      d[bi * n + k] = v;
      d[k * n + bi] = v;
    }
    active[bj] = 0;
    size[bi] = ni + nj;
    id[bi] = s + 1;
  }
  return { n, linkage, merge, height };
}

/**
 * Cuts a dendrogram into k groups (R's cutree): labels 0-based, numbered by
 * first appearance in object order.
 * @throws UsageError unless 1 <= k <= n.
 */
export function cutTree(tree: Dendrogram, k: number): Int32Array {
  const n = tree.n;
  checkInteger('k', k, 1, n);
  // Union-find over the first n - k merges.
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[x] !== r) { const nx = parent[x] as number; parent[x] = r; x = nx; }
    return r;
  };
  const rep = new Int32Array(n - 1);
  const member = (m: number): number => (m < 0 ? -m - 1 : (rep[m - 1] as number));
  for (let s = 0; s < n - 1; s++) {
    const a = find(member(tree.merge[2 * s] as number));
    const b = find(member(tree.merge[2 * s + 1] as number));
    if (s < n - k) parent[b] = a;
    rep[s] = a;
  }
  const labels = new Int32Array(n);
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (!seen.has(r)) seen.set(r, seen.size);
    labels[i] = seen.get(r) as number;
  }
  return labels;
}
