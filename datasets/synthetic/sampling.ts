/**
 * Small sampling helpers on top of util/random.ts, shared by the disease
 * generators. All take the random source as their first argument, so a
 * generator's output depends only on its seed.
 */
import { exponential, normal, type RandomSource } from '../../util/random.js';

/** Clip `x` into `[lo, hi]`. */
export function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Normal deviate clipped into `[lo, hi]` (values outside are set to the bound). */
export function clippedNormal(rand: RandomSource, mean: number, sd: number, lo: number, hi: number): number {
  return clip(normal(rand, mean, sd), lo, hi);
}

/** Log-normal deviate given its median and the standard deviation of its logarithm. */
export function logNormal(rand: RandomSource, median: number, sdLog: number): number {
  return median * Math.exp(normal(rand, 0, sdLog));
}

/** True with probability `p`. */
export function bernoulli(rand: RandomSource, p: number): boolean {
  return rand() < p;
}

/** Index drawn with the given (not necessarily normalized) weights. */
export function categorical(rand: RandomSource, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let u = rand() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** Gamma deviate with integer shape `k` and the given scale (sum of k exponentials). */
export function gammaIntegerShape(rand: RandomSource, k: number, scale: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) s += exponential(rand, 1);
  return s * scale;
}

/**
 * Time (years) to an event under a Weibull proportional-hazards model with
 * cumulative hazard `H(t) = lambda * t^shape * exp(lp)`: `t = (E / (lambda e^lp))^(1/shape)`,
 * E ~ Exp(1) (Bender, Augustin & Blettner, Stat Med 2005;24:1713).
 */
export function weibullPhTime(rand: RandomSource, lambda: number, shape: number, lp: number): number {
  const e = exponential(rand, 1);
  return Math.pow(e / (lambda * Math.exp(lp)), 1 / shape);
}

/**
 * Residual lifetime (years) under a Gompertz hazard `h(age) = a * exp(b * age)`
 * (times `hr`) for a person now aged `age`: inverts the cumulative hazard
 * `(a hr / b) e^{b age} (e^{b t} - 1) = E`, E ~ Exp(1).
 */
export function gompertzResidual(rand: RandomSource, a: number, b: number, age: number, hr = 1): number {
  const e = exponential(rand, 1);
  return Math.log(1 + (e * b) / (a * hr * Math.exp(b * age))) / b;
}

/** Mix integers into one 32-bit seed (murmur3 finalizer over an FNV-style fold). */
export function streamSeed(...parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** 10 lower-case hex characters (40 bits) from two uniform draws. */
export function hex10(rand: RandomSource): string {
  const hi = Math.floor(rand() * 0x100000); // 20 bits
  const lo = Math.floor(rand() * 0x100000); // 20 bits
  return hi.toString(16).padStart(5, '0') + lo.toString(16).padStart(5, '0');
}

/** Round to `digits` decimals (half away from zero on the scaled value). */
export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
