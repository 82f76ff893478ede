/**
 * Plausible ranges of the numeric inputs of a served model: hard bounds a
 * value must lie in to be predicted at all (docs/service.md, "Plausible
 * ranges"). They catch unit mix-ups and garbage such as `age: 1e308`, which a
 * finite-number check lets through; values inside the plausible range but
 * outside the training range are still predicted, with the extrapolation
 * warning of predictRisk.
 *
 * Where they come from, per covariate:
 * 1. `minimum` / `maximum` of the covariate's property in the artifact's
 *    `inputSchema` (standard JSON Schema keywords; an artifact author states
 *    the clinically plausible range there), each bound separately;
 * 2. otherwise, a default widened from the training range [lo, hi]:
 *    `[lo - m, hi + m]` with margin `m = max(hi - lo, 1)`, and the lower bound
 *    kept at 0 when every training value was >= 0 (counts, sizes, ages and lab
 *    values do not turn negative). For gbsg's age (21-80) that is 0-139.
 * 3. a covariate with neither is only required to be finite (with one stated
 *    bound and no training range, the other side is open).
 */
import type { ModelArtifact, PlausibleRange } from '../models/risk/index.js';

/** A plausible range and where it came from (the type of the prediction input check, models/risk/artifact/patient-input.ts, which enforces it). */
export type { PlausibleRange };

const finiteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The default plausible range around a training range (rule 2 above).
 * @example defaultPlausibleRange([21, 80]) // => [0, 139]
 */
export function defaultPlausibleRange(training: readonly [number, number]): [number, number] {
  const [lo, hi] = training;
  const margin = Math.max(hi - lo, 1);
  return [lo >= 0 ? Math.max(0, lo - margin) : lo - margin, hi + margin];
}

/**
 * Plausible range of every numeric covariate that has one (rules 1-3 above).
 * @param artifact a validated artifact; not modified.
 * @returns ranges by covariate name (numeric covariates without input-schema bounds and without a training range are absent).
 * @example plausibleRanges(gbsg).get('age') // => { min: 0, max: 139, source: 'training range' }
 */
export function plausibleRanges(artifact: ModelArtifact): Map<string, PlausibleRange> {
  const out = new Map<string, PlausibleRange>();
  const props = ((artifact.inputSchema as { properties?: unknown }).properties ?? {}) as Record<string, { minimum?: unknown; maximum?: unknown } | undefined>;
  for (const c of artifact.covariates) {
    if (c.type !== 'numeric') continue;
    const p = props[c.name] ?? {};
    const fallback = c.range ? defaultPlausibleRange(c.range) : null;
    const min = finiteNumber(p.minimum) ? p.minimum : (fallback?.[0] ?? -Infinity);
    const max = finiteNumber(p.maximum) ? p.maximum : (fallback?.[1] ?? Infinity);
    if (min === -Infinity && max === Infinity) continue;
    const stated = Number(finiteNumber(p.minimum)) + Number(finiteNumber(p.maximum));
    out.set(c.name, { min, max, source: stated === 2 ? 'inputSchema' : stated === 0 ? 'training range' : 'mixed' });
  }
  return out;
}
