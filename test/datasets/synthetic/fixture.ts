/** The default synthetic cohort, generated once per test file, with lookups. */
import { generateCohort } from '../../../datasets/synthetic/generate-cohort.js';
import { daysFromIso } from '../../../datasets/synthetic/dates.js';
import type { SyntheticCohort } from '../../../datasets/synthetic/types.js';

let cached: SyntheticCohort | null = null;

export function defaultCohort(): SyntheticCohort {
  return (cached ??= generateCohort());
}

/** Group records by pseudonym. */
export function byPatient<T extends { pseudonym: string }>(records: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of records) {
    const list = m.get(r.pseudonym);
    if (list) list.push(r);
    else m.set(r.pseudonym, [r]);
  }
  return m;
}

export const day = daysFromIso;
