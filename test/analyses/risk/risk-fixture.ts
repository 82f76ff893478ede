/**
 * Shared pieces of the risk analyses' tests: gbsg as a plain table with the
 * golden values of R (test/golden/risk-cli.json: coxph coefficients and
 * concordance(fit), R 4.2.2, survival 3.5-3), and models trained on the
 * analysis table of the survival tests' study store (test/analyses/survival/study-fixture.ts).
 */
import { readFileSync } from 'node:fs';
import { tableSource } from '../../../analyses/core/index.js';
import { runRiskTrain, type RiskTrainOptionsParsed } from '../../../analyses/risk/train.js';
import type { ModelArtifact } from '../../../models/risk/artifact/types.js';
import type { Column, ColumnTable } from '../../../models/design/types.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

export const gbsg = readCsvColumns('datasets/gbsg.csv');
export const golden = JSON.parse(readFileSync('test/golden/risk-cli.json', 'utf8')) as { names: string[]; coef: number[]; concordance: number; concordance_se: number; n: number; events: number };
export const FULL = 'Surv(rfstime, status) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon';
export const SMALL = 'Surv(rfstime, status) ~ age + size + nodes';
export const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** Options of a Cox model trained for a test (every default explicit, as the CLI passes them). */
export function coxOptions(formula: string, extra: Partial<RiskTrainOptionsParsed> = {}): RiskTrainOptionsParsed {
  return { formula, kind: 'cox', timeUnit: 'days', horizons: [3, 5], horizonUnit: 'years', id: 'test-model', seed: 1, bootstrap: 0, alpha: 1, nfolds: 10, card: {}, modelVersion: '0.1.0', createdAt: '2026-01-01T00:00:00Z', ...extra };
}

/** Trains a Cox artifact on a plain table. */
export async function trainCox(table: ColumnTable, formula: string, extra: Partial<RiskTrainOptionsParsed> = {}): Promise<ModelArtifact> {
  return (await runRiskTrain(tableSource(table, 'train.csv'), coxOptions(formula, extra))).result.artifact;
}

/** The rows of a table where `keep` holds. */
export function filterRows(table: ColumnTable, keep: (i: number) => boolean): ColumnTable {
  const n = Object.values(table)[0]?.length ?? 0;
  const rows = Array.from({ length: n }, (_, i) => i).filter(keep);
  const out: Record<string, Column> = {};
  for (const [k, col] of Object.entries(table)) out[k] = col instanceof Float64Array ? Float64Array.from(rows, (i) => col[i] ?? NaN) : rows.map((i) => col[i] ?? null);
  return out;
}
