/**
 * Cox risk model: coefficients, Breslow baseline on the grid and predicted
 * survival against R (test/golden/risk-model-cox.R: coxph(ties = "breslow"),
 * basehaz, survfit(newdata) at 3 and 5 years on gbsg; tolerance 1e-8 relative),
 * and the artifact round trip.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { coxRiskModel } from '../../../../models/risk/model/cox-risk-model.js';
import { buildModelArtifact } from '../../../../models/risk/model/build-artifact.js';
import { tableRows } from '../../../../models/risk/model/validate.js';
import { loadModelArtifact, saveModelArtifact } from '../../../../models/risk/artifact/load.js';
import { predictRisk } from '../../../../models/risk/artifact/predict-risk.js';
import type { ModelCard } from '../../../../models/risk/artifact/types.js';
import { DataValidationError, FormulaError } from '../../../../util/errors.js';

const gbsg = readCsvColumns('datasets/gbsg.csv');
const golden = JSON.parse(readFileSync('test/golden/risk-model-cox.json', 'utf8')) as {
  coef: number[];
  grid: number[];
  cumhaz: number[];
  surv3: number[];
  surv5: number[];
};
const F = 'Surv(rfstime, status) ~ age + meno + size + grade + nodes + pgr + er + hormon';
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const card: ModelCard = {
  title: 't',
  intendedUse: 'tests',
  population: 'gbsg',
  horizon: '3 and 5 years',
  limitations: ['test'],
  authors: ['test'],
  version: '0.0.1',
};

describe('coxRiskModel', () => {
  const model = coxRiskModel(F, { ties: 'breslow' }).fit(gbsg);

  it('matches R coxph coefficients and the Breslow baseline on the monthly grid', () => {
    golden.coef.forEach((b, j) => expect(rel((model.predictor as { coefficients: number[] }).coefficients[j]!, b)).toBeLessThan(1e-8));
    // Our baseline is at score 0 = covariates at the centre, as R's centered basehaz.
    const g = model.baseline.grid;
    expect(g.length).toBeGreaterThan(60);
    for (let k = 0; k < Math.min(g.length, golden.grid.length); k++) {
      expect(g[k]).toBe(golden.grid[k]);
      if (golden.cumhaz[k]! > 0) expect(rel(model.baseline.cumulativeHazard[k]!, golden.cumhaz[k]!)).toBeLessThan(1e-8);
      else expect(model.baseline.cumulativeHazard[k]).toBe(0);
    }
  });

  it('predicts survival at 3 and 5 years as R survfit(newdata)', () => {
    const rows = tableRows(gbsg, Int32Array.from([0, 1, 2, 3, 4]));
    const p = model.predictSurvival(rows, [1095.75, 1826.25]);
    for (let i = 0; i < 5; i++) {
      expect(rel(p.survival[0]![i]!, golden.surv3[i]!)).toBeLessThan(1e-8);
      expect(rel(p.survival[1]![i]!, golden.surv5[i]!)).toBeLessThan(1e-8);
      expect(p.risk[1]![i]).toBeCloseTo(1 - golden.surv5[i]!, 10);
    }
  });

  it('round-trips through the artifact: save -> load -> same predictions to 1e-12', () => {
    const art = buildModelArtifact(model, { id: 'gbsg-test', card, horizons: [1095.75, 1826.25], createdAt: '2026-01-01T00:00:00Z' });
    const loaded = loadModelArtifact(saveModelArtifact(art));
    const rows = tableRows(gbsg, Int32Array.from({ length: 50 }, (_, i) => i * 13));
    const direct = model.predictSurvival(rows, [1095.75, 1826.25]);
    const patients = Array.from({ length: 50 }, (_, i) =>
      Object.fromEntries(['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'].map((k) => [k, (rows[k] as Float64Array)[i]!])),
    );
    const viaArtifact = predictRisk(loaded, patients);
    for (let i = 0; i < 50; i++)
      for (let k = 0; k < 2; k++) expect(Math.abs(viaArtifact.predictions[i]!.risk[k]! - direct.risk[k]![i]!)).toBeLessThanOrEqual(1e-12);
    expect(art.trainingSummary.n).toBe(686);
    expect(art.trainingSummary.events).toBe(299);
    expect(art.covariates.find((c) => c.name === 'age')!.range).toEqual([21, 80]);
    expect(JSON.stringify(art)).not.toContain('"rfstime"');
  });

  it('handles factors: indicator columns by level, counts suppressed below 5', () => {
    const n = 60;
    const grp = Array.from({ length: n }, (_, i) => (i < 3 ? 'rare' : i % 2 ? 'a' : 'b'));
    const x = Float64Array.from({ length: n }, (_, i) => ((i * 7) % 11) / 3);
    const time = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 37) % 50) / 10 + (grp[i] === 'a' ? 0 : 2));
    const status = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const data = { time, status, x, grp };
    const m = coxRiskModel('Surv(time, status) ~ x + grp', { grid: { timeUnit: 'years', step: 0.5, minAtRisk: 5 } }).fit(data);
    expect(m.spec.columns.map((c) => [c.name, c.level ?? null])).toEqual([
      ['x', null],
      ['grpb', 'b'],
      ['grprare', 'rare'],
    ]);
    const art = buildModelArtifact(m, { id: 'f', card, horizons: [1] });
    expect(art.trainingSummary.covariates[1]!.counts).toEqual({ a: 29, b: 28, rare: null });
    const r = predictRisk(art, { x: 1, grp: 'b' }, [1]);
    const d = m.predictSurvival({ x: Float64Array.of(1), grp: ['b'] }, [1]);
    expect(Math.abs(r.predictions[0]!.risk[0]! - d.risk[0]![0]!)).toBeLessThanOrEqual(1e-12);
  });

  it('refuses interactions and transforms it cannot deploy', () => {
    expect(() => coxRiskModel('Surv(rfstime, status) ~ age * nodes').fit(gbsg)).toThrow(FormulaError);
    expect(() => coxRiskModel('Surv(rfstime, status) ~ log(age)').fit(gbsg)).toThrow(FormulaError);
  });

  it('names the row and field of bad new rows and refuses horizons beyond the grid', async () => {
    const spec = coxRiskModel('Surv(rfstime, status) ~ age + nodes');
    const m = await spec.train(gbsg);
    expect(m.predictor).toEqual(spec.fit(gbsg).predictor);
    try {
      m.predictScore({ age: Float64Array.of(50, Number.NaN) });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(DataValidationError);
      const fields = (e as DataValidationError).issues.map((i) => [i.row, i.field]);
      expect(fields).toEqual([
        [2, 'age'],
        [0, 'nodes'],
      ]);
    }
    expect(() => m.predictSurvival({ age: Float64Array.of(50), nodes: Float64Array.of(3) }, [99999])).toThrow(DataValidationError);
  });
});
