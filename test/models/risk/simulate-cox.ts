/**
 * Seeded survival data for the penalized-Cox tests: p standard-normal
 * covariates, the first `active` with log hazard ratio `beta`, exponential
 * event times (rate exp(lp)) and exponential censoring (rate `censorRate`).
 */
import { exponential, normal, seededRandom } from '../../../util/random.js';

export function simulateCox(n: number, p: number, seed: number, o: { active: number; beta: number; censorRate: number }): { x: Float64Array[]; time: Float64Array; status: Float64Array } {
  const rand = seededRandom(seed);
  const x = Array.from({ length: p }, () => new Float64Array(n));
  const time = new Float64Array(n);
  const status = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lp = 0;
    for (let j = 0; j < p; j++) {
      x[j]![i] = normal(rand);
      if (j < o.active) lp += o.beta * x[j]![i]!;
    }
    const t = exponential(rand, Math.exp(lp));
    const c = exponential(rand, o.censorRate);
    time[i] = Math.min(t, c);
    status[i] = t <= c ? 1 : 0;
  }
  return { x, time, status };
}
