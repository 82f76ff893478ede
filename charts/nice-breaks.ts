/**
 * "Nice" axis breaks: round numbers (1, 2, 2.5, 5 × 10^k steps) covering a
 * range, as R's `pretty()` and the at-risk tables of `survminer::ggsurvplot`.
 *
 * Reference: R `base::pretty` (Becker, Chambers & Wilks 1988); Heckbert P
 * (1990) "Nice numbers for graph labels", Graphics Gems.
 */
import { UsageError } from '../util/errors.js';

const STEPS = [1, 2, 2.5, 5, 10];

/**
 * Round breaks within [from, to]: multiples of the smallest nice step that
 * gives at most `n` intervals over the range.
 *
 * @param from lower end of the range (e.g. 0 for follow-up time).
 * @param to upper end (e.g. the largest follow-up time).
 * @param n wanted number of intervals (default 5, i.e. about 6 breaks).
 * @throws UsageError for non-finite ends or n < 1
 * @example niceBreaks(0, 1022) // => [0, 250, 500, 750, 1000]
 */
export function niceBreaks(from: number, to: number, n = 5): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new UsageError(`niceBreaks: range must be finite, got [${from}, ${to}]`);
  if (!(n >= 1)) throw new UsageError(`niceBreaks: n must be >= 1, got ${n}`);
  if (to < from) [from, to] = [to, from];
  if (to === from) return [from];
  const raw = (to - from) / n;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  // Smallest nice step >= raw (so at most about n intervals).
  let step = STEPS[STEPS.length - 1]! * mag;
  for (const s of STEPS) {
    if (s * mag >= raw * (1 - 1e-10)) {
      step = s * mag;
      break;
    }
  }
  const start = Math.floor(from / step + 1e-10) * step;
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const v = start + k * step;
    if (v > to + step * 1e-10) break;
    // Round off floating error (0.30000000000000004 -> 0.3).
    const clean = Number(v.toPrecision(12));
    if (clean >= from - step * 1e-10) out.push(clean);
  }
  return out;
}
