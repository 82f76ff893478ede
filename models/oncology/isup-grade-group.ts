/**
 * ISUP grade group from the Gleason patterns (Epstein JI et al., "The 2014
 * International Society of Urological Pathology (ISUP) Consensus Conference
 * on Gleason Grading of Prostatic Carcinoma", Am J Surg Pathol 2016;40:244-252;
 * docs/oncology.md "Prostate cancer follow-up"): 1 = Gleason <= 6;
 * 2 = 3+4; 3 = 4+3; 4 = 8 (4+4, 3+5, 5+3); 5 = 9-10.
 */
import { UsageError } from '../../util/errors.js';

/** ISUP grade group 1-5. */
export type IsupGradeGroup = 1 | 2 | 3 | 4 | 5;

/** Gleason primary and secondary patterns. */
export interface GleasonPatterns {
  primary: number;
  secondary: number;
}

function pattern(name: string, v: number): number {
  if (!(Number.isInteger(v) && v >= 1 && v <= 5)) throw new UsageError(`Gleason ${name} pattern must be a whole number 1-5, got ${v}`);
  return v;
}

/**
 * Parse Gleason text such as `'3+4'`, `'4 + 3 = 7'` or `'3+4=7'`.
 * @throws {UsageError} on text that is not `p+s` or whose stated sum disagrees.
 * @example parseGleason('4+3') // => { primary: 4, secondary: 3 }
 */
export function parseGleason(text: string): GleasonPatterns {
  const m = /^\s*(\d)\s*\+\s*(\d)\s*(?:=\s*(\d{1,2})\s*)?$/.exec(text);
  if (!m) throw new UsageError(`Not a Gleason score of the form 'p+s': ${text}`);
  const primary = pattern('primary', Number(m[1]));
  const secondary = pattern('secondary', Number(m[2]));
  if (m[3] !== undefined && Number(m[3]) !== primary + secondary) throw new UsageError(`Gleason sum does not match its patterns: ${text}`);
  return { primary, secondary };
}

/**
 * ISUP grade group of a Gleason score given as patterns or text.
 * @throws {UsageError} on patterns outside 1-5 or unparseable text.
 * @example isupGradeGroup('3+4') // => 2
 */
export function isupGradeGroup(gleason: GleasonPatterns | string): IsupGradeGroup {
  const g = typeof gleason === 'string' ? parseGleason(gleason) : gleason;
  const p = pattern('primary', g.primary);
  const s = pattern('secondary', g.secondary);
  const sum = p + s;
  if (sum <= 6) return 1;
  if (sum === 7) return p === 3 ? 2 : 3;
  if (sum === 8) return 4;
  return 5;
}

/**
 * Grade group from a Gleason sum alone, null for 7 (3+4 and 4+3 differ).
 * @throws {UsageError} on a sum outside 2-10.
 * @example isupGradeGroupFromSum(8) // => 4
 */
export function isupGradeGroupFromSum(sum: number): IsupGradeGroup | null {
  if (!(Number.isInteger(sum) && sum >= 2 && sum <= 10)) throw new UsageError(`Gleason sum must be a whole number 2-10, got ${sum}`);
  if (sum <= 6) return 1;
  if (sum === 7) return null;
  return sum === 8 ? 4 : 5;
}
