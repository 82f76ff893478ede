import { describe, expect, it } from 'vitest';
import { condensedFrom, dissimilarityFrom, toCondensed, toFull, type Dissimilarity } from '../../../models/cluster/dissimilarity.js';
import { pam, pamBuild } from '../../../models/cluster/pam.js';
import { UsageError } from '../../../util/errors.js';
import type { ProgressEvent } from '../../../util/progress.js';
import { seededRandom } from '../../../util/random.js';

/**
 * The textbook PAM that pam() used before FastPAM1 (k passes over the objects
 * per candidate, full matrix), kept verbatim as the reference the fast core must
 * reproduce exactly: same medoids, labels, objective bits and exchange count.
 */
function classicPam(diss: Dissimilarity, k: number, maxIter = 1000, initial?: readonly number[]) {
  const { n, data } = diss;
  const nearestTwo = (medoids: readonly number[], nearest: Float64Array, second: Float64Array, which: Int32Array): number => {
    let total = 0;
    for (let j = 0; j < n; j++) {
      let d1 = Infinity;
      let d2 = Infinity;
      let w = -1;
      for (let c = 0; c < medoids.length; c++) {
        const v = data[j * n + (medoids[c] as number)] as number;
        if (medoids[c] === j) { if (w >= 0) d2 = Math.min(d2, d1); d1 = 0; w = c; continue; }
        if (w >= 0 && medoids[w] === j) { if (v < d2) d2 = v; continue; }
        if (v < d1) { d2 = d1; d1 = v; w = c; } else if (v < d2) d2 = v;
      }
      nearest[j] = d1;
      second[j] = d2;
      which[j] = w;
      total += d1;
    }
    return total;
  };
  const medoids: number[] = initial ? [...initial] : [];
  if (!initial) {
    const isMed = new Uint8Array(n);
    const nearest = new Float64Array(n).fill(Infinity);
    for (let step = 0; step < k; step++) {
      let best = -1;
      let bestGain = -Infinity;
      for (let i = 0; i < n; i++) {
        if (isMed[i]) continue;
        let gain = 0;
        for (let j = 0; j < n; j++) {
          const dj = nearest[j] as number;
          const dij = data[i * n + j] as number;
          gain += dj === Infinity ? -dij : Math.max(dj - dij, 0);
        }
        if (gain > bestGain) { bestGain = gain; best = i; }
      }
      medoids.push(best);
      isMed[best] = 1;
      for (let j = 0; j < n; j++) nearest[j] = Math.min(nearest[j] as number, data[best * n + j] as number);
    }
  }
  const build = [...medoids];
  const nearest = new Float64Array(n);
  const second = new Float64Array(n);
  const which = new Int32Array(n);
  let total = nearestTwo(medoids, nearest, second, which);
  const buildObjective = total / n;
  const isMed = new Uint8Array(n);
  for (const m of medoids) isMed[m] = 1;
  let iterations = 0;
  let converged = false;
  for (;;) {
    let bestDelta = 0;
    let bestC = -1;
    let bestH = -1;
    for (let c = 0; c < k; c++) {
      for (let h = 0; h < n; h++) {
        if (isMed[h]) continue;
        let delta = 0;
        for (let j = 0; j < n; j++) {
          const dh = data[h * n + j] as number;
          const keep = which[j] === c ? (second[j] as number) : (nearest[j] as number);
          delta += Math.min(dh, keep) - (nearest[j] as number);
        }
        if (delta < bestDelta) { bestDelta = delta; bestC = c; bestH = h; }
      }
    }
    if (bestC < 0 || !(bestDelta < -1e-12 * Math.max(1, total))) { converged = true; break; }
    if (iterations >= maxIter) break;
    isMed[medoids[bestC] as number] = 0;
    medoids[bestC] = bestH;
    isMed[bestH] = 1;
    total = nearestTwo(medoids, nearest, second, which);
    iterations++;
  }
  const order: number[] = [];
  const seen = new Int32Array(k).fill(-1);
  for (let j = 0; j < n; j++) {
    const c = which[j] as number;
    if (seen[c] === -1) { seen[c] = order.length; order.push(c); }
  }
  const labels = new Int32Array(n);
  for (let j = 0; j < n; j++) labels[j] = seen[which[j] as number] as number;
  const outMed = new Int32Array(k);
  for (let c = 0; c < k; c++) outMed[seen[c] as number] = medoids[c] as number;
  return { build, medoids: outMed, labels, objective: { build: buildObjective, swap: total / n }, iterations, converged };
}

type Kind = 'points' | 'uniform' | 'integer ties' | 'duplicates';

/** Seeded random symmetric dissimilarities of several kinds (metric, non-metric, heavy ties, zero distances). */
function randomDissimilarity(kind: Kind, n: number, seed: number): Dissimilarity {
  const rand = seededRandom(seed);
  if (kind === 'points' || kind === 'duplicates') {
    const xs = Array.from({ length: n }, () => [rand() * 10, rand() * 10, rand() * 3]);
    if (kind === 'duplicates') for (let i = 0; i < n; i += 3) xs[i] = [...(xs[(i * 7) % n] as number[])];
    return dissimilarityFrom(n, (i, j) => Math.hypot(...(xs[i] as number[]).map((v, c) => v - ((xs[j] as number[])[c] as number))));
  }
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = kind === 'uniform' ? rand() : Math.floor(rand() * 4);
      m[i * n + j] = v;
      m[j * n + i] = v;
    }
  }
  return { n, data: m };
}

describe('pam (FastPAM1 core) reproduces classic PAM exactly', () => {
  const kinds: Kind[] = ['points', 'uniform', 'integer ties', 'duplicates'];
  for (const kind of kinds) {
    it(`${kind}: same BUILD, medoids, labels, objective bits and exchanges, full and condensed (4 seeds x k = 1..6)`, () => {
      let exchanges = 0;
      for (let seed = 1; seed <= 4; seed++) {
        const n = 30 + 9 * seed;
        const full = randomDissimilarity(kind, n, seed * 101);
        const condensed = toCondensed(full);
        for (let k = 1; k <= 6; k++) {
          const ref = classicPam(full, k);
          expect(pamBuild(full, k), `${kind} seed ${seed} k ${k}`).toEqual(ref.build);
          expect(pamBuild(condensed, k)).toEqual(ref.build);
          for (const d of [full, condensed]) {
            const p = pam(d, k);
            expect(Array.from(p.medoids), `${kind} seed ${seed} k ${k}`).toEqual(Array.from(ref.medoids));
            expect(Array.from(p.labels)).toEqual(Array.from(ref.labels));
            expect(p.objective.build).toBe(ref.objective.build);
            expect(p.objective.swap).toBe(ref.objective.swap);
            expect(p.iterations).toBe(ref.iterations);
            expect(p.converged).toBe(true);
            // a poor start (the first k objects) makes SWAP do most of the work
            const start = Array.from({ length: k }, (_, c) => c);
            const refStart = classicPam(full, k, 1000, start);
            const q = pam(d, k, { initialMedoids: start });
            expect(Array.from(q.medoids)).toEqual(Array.from(refStart.medoids));
            expect(q.objective.swap).toBe(refStart.objective.swap);
            expect(q.iterations).toBe(refStart.iterations);
            exchanges += q.iterations + p.iterations;
          }
        }
      }
      // SWAP did real work in these comparisons: they test more than BUILD
      expect(exchanges).toBeGreaterThan(20);
    });
  }
  it('maxIter caps the exchanges and warns, as the classic loop stops', () => {
    const full = randomDissimilarity('uniform', 50, 9);
    const ref = classicPam(full, 5, 1);
    expect(ref.converged).toBe(false);
    const p = pam(toCondensed(full), 5, { maxIter: 1 });
    expect(Array.from(p.medoids)).toEqual(Array.from(ref.medoids));
    expect(p.objective.swap).toBe(ref.objective.swap);
    expect(p.converged).toBe(false);
    expect(p.warnings.length).toBe(1);
  });
  it('initial medoids skip BUILD, and progress is reported per BUILD step and per exchange', () => {
    const d = toCondensed(randomDissimilarity('points', 40, 3));
    const events: ProgressEvent[] = [];
    const p = pam(d, 3, { onProgress: (e) => events.push({ ...e }) });
    expect(events.filter((e) => e.step === 'pam build').map((e) => e.done)).toEqual([1, 2, 3]);
    expect(events.filter((e) => e.step === 'pam swap').length).toBe(p.iterations);
    const q = pam(d, 3, { initialMedoids: [0, 1, 2] });
    expect(q.objective.swap).toBeLessThanOrEqual(q.objective.build);
    expect(q.objective.swap).toBeCloseTo(p.objective.swap, 1);
  });
  it('huge dissimilarities (above 2^1022) take the branching BUILD loop and still match', () => {
    const xs = [0, 1e300, 2e300, 3e300, 5e307, 5.1e307];
    const huge = dissimilarityFrom(xs.length, (i, j) => Math.abs((xs[i] as number) - (xs[j] as number)));
    for (const k of [2, 3]) {
      const ref = classicPam(huge, k);
      expect(ref.build.every((m) => m >= 0)).toBe(true);
      expect(pamBuild(huge, k)).toEqual(ref.build);
      expect(Array.from(pam(toCondensed(huge), k).medoids)).toEqual(Array.from(ref.medoids));
    }
  });
  it('float32 storage: same result as classic PAM on the values rounded to single precision', () => {
    const full = randomDissimilarity('points', 60, 17);
    const c32 = toCondensed(full, { precision: 'float32' });
    expect(c32.data).toBeInstanceOf(Float32Array);
    const ref = classicPam(toFull(c32), 4);
    const p = pam(c32, 4);
    expect(Array.from(p.medoids)).toEqual(Array.from(ref.medoids));
    expect(p.objective.swap).toBe(ref.objective.swap);
  });
});

describe('condensed matrices', () => {
  it('stores pairs i < j in R dist order and round-trips', () => {
    const d = condensedFrom(4, (i, j) => 10 * Math.max(i, j) + Math.min(i, j));
    // R: as.vector(dist) lists (2,1),(3,1),(4,1),(3,2),(4,2),(4,3) (1-based)
    expect(Array.from(d.data)).toEqual([10, 20, 30, 21, 31, 32]);
    const f = toFull(d);
    expect(f.data[3 * 4 + 1]).toBe(31);
    expect(f.data[1 * 4 + 3]).toBe(31);
    expect(Array.from(toCondensed(f).data)).toEqual(Array.from(d.data));
    const frozen = Array.from(d.data);
    pam(d, 2);
    expect(Array.from(d.data)).toEqual(frozen);
  });
  it('rejects bad values and mismatched lengths', () => {
    expect(() => condensedFrom(3, () => NaN)).toThrow(UsageError);
    expect(() => condensedFrom(3, () => Infinity)).toThrow(UsageError);
    expect(() => pam({ layout: 'condensed', n: 4, data: new Float64Array(5) }, 2)).toThrow(UsageError);
    expect(() => condensedFrom(3, () => 1, { precision: 'float16' as 'float32' })).toThrow(UsageError);
  });
});
