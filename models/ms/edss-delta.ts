/**
 * Minimum EDSS change that counts as worsening or improvement from a
 * reference value (the "delta by baseline band").
 *
 * | reference            | minimum change |
 * | -------------------- | -------------- |
 * | below 1.0 (EDSS 0)   | 1.5            |
 * | 1.0 up to `deltaEdge`| 1.0            |
 * | above `deltaEdge`    | 0.5            |
 *
 * `deltaEdge` is where sources differ (docs/ms-outcomes.md, CDW): msprog's
 * `compute_delta` (Montobbio et al., R package msprog, MIT) ends the +1.0 band
 * at 5.0 (so 5.5 needs +0.5); MSoutcomes (Kalincik et al., Brain 2015;138:3287)
 * and most registry papers end it at 5.5 (5.5 needs +1.0). Default 5.5.
 */
import { UsageError } from '../../util/errors.js';

/** Band thresholds of {@link edssMinimumChange}. */
export interface EdssDeltaBands {
  /** Upper edge (inclusive) of the +1.0 band: 5.0 (msprog) or 5.5 (MSoutcomes, default). */
  deltaEdge: number;
}

/** Default bands: the registry convention, 5.5 needs +1.0. */
export const DEFAULT_EDSS_DELTA_BANDS: Readonly<EdssDeltaBands> = { deltaEdge: 5.5 };

/**
 * Minimum change from `reference` that counts as a change (worsening: up by at
 * least this much; improvement: down by at least this much).
 * @param reference reference EDSS (0 to 10).
 * @param bands `deltaEdge` (default 5.5).
 * @throws {UsageError} when `reference` is not in [0, 10].
 * @example edssMinimumChange(0) // => 1.5
 * @example edssMinimumChange(5.5, { deltaEdge: 5.0 }) // => 0.5
 */
export function edssMinimumChange(reference: number, bands: EdssDeltaBands = DEFAULT_EDSS_DELTA_BANDS): number {
  if (!(reference >= 0 && reference <= 10)) throw new UsageError(`EDSS reference must be in [0, 10], got ${reference}`);
  if (reference < 1) return 1.5;
  // half-steps are exact in binary floating point, so the comparison is exact
  if (reference <= bands.deltaEdge) return 1.0;
  return 0.5;
}
