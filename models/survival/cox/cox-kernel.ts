/**
 * The innermost step of the Cox passes: add one weighted row to the running
 * risk-set sums, `A += t·x` and `C += t·x xᵀ` (lower triangle, packed by
 * rows), where `x` is row `b / p` of a row-major matrix. It runs once per row
 * and pass, so it is most of a fit's time.
 *
 * For p up to {@link MAX_UNROLLED_P} the step is compiled once per p into
 * straight-line code (the technique arquero uses for its expressions): the
 * p(p+1)/2 multiply-adds run without loop counters or index arithmetic,
 * about a third faster at p = 10. The generated code performs exactly the
 * operations of the loop, in the same order, so results are bit-identical;
 * where code generation is unavailable (`--disallow-code-generation-from-strings`,
 * strict CSP) or p is larger, the loop itself is used.
 */

/** `A[i] += t·x[b+i]`, `C[o(i,j)] += (t·x[b+i])·x[b+j]` for j <= i, o = packed lower-triangle index. */
export type RowUpdate = (C: Float64Array, A: Float64Array, x: Float64Array, b: number, t: number) => void;

/** Largest p compiled to straight-line code (p(p+1)/2 = 300 statements). */
export const MAX_UNROLLED_P = 24;

/** The loop form of the step, for any p. */
export function rowUpdateLoop(p: number): RowUpdate {
  return (C, A, x, b, t) => {
    for (let i = 0, o = 0; i < p; i++) {
      const s = t * x[b + i]!;
      A[i] = A[i]! + s;
      for (let j = 0; j <= i; j++, o++) C[o] = C[o]! + s * x[b + j]!;
    }
  };
}

/** Source of the straight-line form for p (exported for tests). */
export function rowUpdateSource(p: number): string {
  const lines: string[] = [];
  for (let i = 0; i < p; i++) lines.push(`const x${i} = x[b + ${i}]; const s${i} = t * x${i}; A[${i}] = A[${i}] + s${i};`);
  for (let i = 0, o = 0; i < p; i++) {
    for (let j = 0; j <= i; j++, o++) lines.push(`C[${o}] = C[${o}] + s${i} * x${j};`);
  }
  return lines.join('\n');
}

const cache = new Map<number, RowUpdate>();

/**
 * The fastest available row update for p covariates (cached per p).
 *
 * @param p number of covariates (>= 0).
 * @returns a {@link RowUpdate}.
 * @example coxRowUpdate(3)(C, A, x, 3 * k, risk) // adds row k
 */
export function coxRowUpdate(p: number): RowUpdate {
  let f = cache.get(p);
  if (f) return f;
  f = rowUpdateLoop(p);
  if (p > 0 && p <= MAX_UNROLLED_P) {
    try {
      f = new Function('C', 'A', 'x', 'b', 't', rowUpdateSource(p)) as RowUpdate;
    } catch {
      // Code generation disallowed: keep the loop.
    }
  }
  cache.set(p, f);
  return f;
}
