/**
 * CAPRA-S, the post-surgical Cancer of the Prostate Risk Assessment score
 * (Cooperberg MR, Hilton JF, Carroll PR, "The CAPRA-S score: a
 * straightforward tool for improved prediction of outcomes after radical
 * prostatectomy", Cancer 2011;117:5039-5046; docs/oncology.md "Prostate
 * cancer follow-up"), 0-12 points:
 *
 * | variable | points |
 * | --- | --- |
 * | preoperative PSA (ng/mL) <= 6 / 6.01-10 / 10.01-20 / > 20 | 0 / 1 / 2 / 3 |
 * | pathological Gleason sum <= 6 / 7 / 8-10 (verify against Table 2) | 0 / 1 / 3 |
 * | positive surgical margin | 2 |
 * | seminal vesicle invasion | 2 |
 * | extracapsular extension | 1 |
 * | lymph node invasion | 1 |
 *
 * Risk groups: 0-2 low, 3-5 intermediate, >= 6 high. PSA bands are read as
 * `> 6`, `> 10`, `> 20` (so 6.005 scores 1).
 */
import { UsageError } from '../../util/errors.js';
import { parseGleason, type GleasonPatterns } from './isup-grade-group.js';

/** CAPRA-S risk group. */
export type CapraSGroup = 'low' | 'intermediate' | 'high';

/** Inputs of {@link capraS}. */
export interface CapraSInput {
  /** Preoperative PSA, ng/mL (>= 0). */
  psa: number;
  /** Pathological Gleason: sum (2-10), patterns, or text `'4+3'`. */
  gleason: number | GleasonPatterns | string;
  positiveMargin: boolean;
  seminalVesicleInvasion: boolean;
  extracapsularExtension: boolean;
  lymphNodeInvasion: boolean;
}

/** CAPRA-S score with its parts. */
export interface CapraS {
  score: number;
  group: CapraSGroup;
  points: { psa: number; gleason: number; margin: number; seminalVesicleInvasion: number; extracapsularExtension: number; lymphNodeInvasion: number };
}

/**
 * Risk group of a CAPRA-S score: 0-2 low, 3-5 intermediate, 6-12 high.
 * @throws {UsageError} outside 0-12.
 * @example capraSGroup(4) // => 'intermediate'
 */
export function capraSGroup(score: number): CapraSGroup {
  if (!(Number.isInteger(score) && score >= 0 && score <= 12)) throw new UsageError(`CAPRA-S score must be a whole number 0-12, got ${score}`);
  return score <= 2 ? 'low' : score <= 5 ? 'intermediate' : 'high';
}

function gleasonSum(g: CapraSInput['gleason']): number {
  if (typeof g === 'number') {
    if (!(Number.isInteger(g) && g >= 2 && g <= 10)) throw new UsageError(`Gleason sum must be a whole number 2-10, got ${g}`);
    return g;
  }
  const p = typeof g === 'string' ? parseGleason(g) : g;
  const sum = p.primary + p.secondary;
  if (!(Number.isInteger(p.primary) && Number.isInteger(p.secondary) && p.primary >= 1 && p.primary <= 5 && p.secondary >= 1 && p.secondary <= 5)) {
    throw new UsageError(`Gleason patterns must be whole numbers 1-5, got ${p.primary}+${p.secondary}`);
  }
  return sum;
}

function flag(name: string, v: boolean): boolean {
  if (typeof v !== 'boolean') throw new UsageError(`${name} must be true or false, got ${String(v)}`);
  return v;
}

/**
 * CAPRA-S score and risk group.
 * @throws {UsageError} on a PSA that is not a finite number >= 0, a bad Gleason value or a non-boolean flag.
 * @example capraS({ psa: 8.1, gleason: '4+3', positiveMargin: true, seminalVesicleInvasion: false, extracapsularExtension: true, lymphNodeInvasion: false }).score // => 5
 */
export function capraS(x: CapraSInput): CapraS {
  if (!(typeof x.psa === 'number' && Number.isFinite(x.psa) && x.psa >= 0)) throw new UsageError(`psa must be a finite number >= 0, got ${String(x.psa)}`);
  const sum = gleasonSum(x.gleason);
  const points = {
    psa: x.psa > 20 ? 3 : x.psa > 10 ? 2 : x.psa > 6 ? 1 : 0,
    gleason: sum >= 8 ? 3 : sum === 7 ? 1 : 0,
    margin: flag('positiveMargin', x.positiveMargin) ? 2 : 0,
    seminalVesicleInvasion: flag('seminalVesicleInvasion', x.seminalVesicleInvasion) ? 2 : 0,
    extracapsularExtension: flag('extracapsularExtension', x.extracapsularExtension) ? 1 : 0,
    lymphNodeInvasion: flag('lymphNodeInvasion', x.lymphNodeInvasion) ? 1 : 0,
  };
  const score = points.psa + points.gleason + points.margin + points.seminalVesicleInvasion + points.extracapsularExtension + points.lymphNodeInvasion;
  return { score, group: capraSGroup(score), points };
}
