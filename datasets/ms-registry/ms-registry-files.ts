/**
 * Serialize the synthetic MS registry as the synthetic cohort generator does
 * (datasets/synthetic/write-cohort-csv.ts): one CSV per canonical table plus
 * `truth.json`, so `midia import` and tests read it like any other cohort.
 */
import { CANONICAL_TABLES, type CanonicalTableName } from '../../engine/schema.js';
import { tableToCsv } from '../synthetic/write-cohort-csv.js';
import type { MsRegistry } from './generate-ms-registry.js';

/**
 * File name -> text: `patients.csv`, `events.csv`, `observations.csv`, `treatments.csv`, `visits.csv`, `truth.json`.
 * @example msRegistryFiles(generateMsRegistry({ seed: 1 }))['truth.json']
 */
export function msRegistryFiles(registry: MsRegistry): Record<`${CanonicalTableName}.csv` | 'truth.json', string> {
  const out = {} as Record<`${CanonicalTableName}.csv` | 'truth.json', string>;
  for (const t of CANONICAL_TABLES) out[`${t}.csv`] = tableToCsv(t, registry.records[t]);
  out['truth.json'] = JSON.stringify(registry.truth, null, 2) + '\n';
  return out;
}
