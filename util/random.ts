/**
 * Seeded pseudo-random numbers. Every randomized algorithm in the engine takes a
 * `RandomSource` (a function returning uniforms in [0, 1)) so results are
 * reproducible: the same seed gives the same stream on every machine.
 *
 * Generator: sfc32 (Small Fast Counter, Chris Doty-Humphrey, PractRand suite),
 * seeded through splitmix32 so that nearby integer seeds give unrelated streams.
 */

/** A source of uniform random numbers in [0, 1). */
export type RandomSource = () => number;

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A seeded uniform generator (sfc32).
 * @param seed any integer; the same seed always yields the same sequence.
 * @example const rand = seededRandom(42); rand() // => a number in [0, 1)
 */
export function seededRandom(seed: number): RandomSource {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next: RandomSource = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

/** Standard normal deviate by the Box-Muller transform (one value per call). */
export function normal(rand: RandomSource, mean = 0, sd = 1): number {
  let u = rand();
  while (u <= Number.EPSILON) u = rand();
  const v = rand();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Exponential deviate with the given rate (mean 1 / rate). */
export function exponential(rand: RandomSource, rate: number): number {
  let u = rand();
  while (u <= Number.EPSILON) u = rand();
  return -Math.log(u) / rate;
}

/** Integer in [0, n). */
export function randomInt(rand: RandomSource, n: number): number {
  return Math.min(n - 1, Math.floor(rand() * n));
}

/** Poisson deviate (Knuth for small means, normal approximation above 50). */
export function poisson(rand: RandomSource, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(normal(rand, mean, Math.sqrt(mean))));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

/** Pick one element uniformly. */
export function pick<T>(rand: RandomSource, items: readonly T[]): T {
  return items[randomInt(rand, items.length)] as T;
}

/** Fisher-Yates shuffle returning a new array (input untouched). */
export function shuffled<T>(rand: RandomSource, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(rand, i + 1);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
