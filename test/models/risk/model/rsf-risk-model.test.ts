/**
 * Random survival forest risk model on gbsg: the RiskModel interface, its
 * predictions (the forest on the grid: equal to the grown forest at grid
 * points), the artifact round trip (train -> JSON -> load -> predictRisk
 * equals the trained model to 1e-12; in fact exactly), validation, and the
 * disclosure rules of exported forests. Small forests (30 trees).
 */
import { describe, expect, it } from 'vitest';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { buildRsfArtifact, rsfRiskModel, RSF_MODEL_MIN_NODE_SIZE, TrainedRsfModel } from '../../../../models/risk/model/rsf-risk-model.js';
import { coxRiskModel } from '../../../../models/risk/model/cox-risk-model.js';
import { buildModelArtifact } from '../../../../models/risk/model/build-artifact.js';
import { tableRows, validateRiskModel } from '../../../../models/risk/model/validate.js';
import { loadModelArtifact, saveModelArtifact } from '../../../../models/risk/artifact/load.js';
import { predictRisk } from '../../../../models/risk/artifact/predict-risk.js';
import type { ModelCard } from '../../../../models/risk/artifact/types.js';
import { buildModelFrame } from '../../../../models/design/model-frame.js';
import { harrellC } from '../../../../models/risk/metrics/harrell-c.js';
import { DataValidationError, FormulaError, UsageError } from '../../../../util/errors.js';

const gbsg = readCsvColumns('datasets/gbsg.csv');
const F = 'Surv(rfstime, status) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon';
const card: ModelCard = { title: 't', intendedUse: 'tests', population: 'gbsg', horizon: '3 and 5 years', limitations: ['test'], authors: ['test'], version: '0.0.1' };
const H = [1095.75, 1826.25];
const spec = rsfRiskModel(F, { nTrees: 30, seed: 7 });
const model = spec.fit(gbsg) as TrainedRsfModel;
const rows = tableRows(gbsg, Int32Array.from({ length: 60 }, (_, i) => i * 11));

function patients(table: typeof rows, n: number): Record<string, number | string>[] {
  return Array.from({ length: n }, (_, i) => ({
    age: (table.age as Float64Array)[i]!,
    meno: (table.meno as Float64Array)[i]!,
    size: (table.size as Float64Array)[i]!,
    grade: String((table.grade as Float64Array)[i]!),
    nodes: (table.nodes as Float64Array)[i]!,
    pgr: (table.pgr as Float64Array)[i]!,
    er: (table.er as Float64Array)[i]!,
    hormon: (table.hormon as Float64Array)[i]!,
  }));
}

describe('rsfRiskModel', () => {
  it('implements RiskModel: kind, formula, fit and train agree; defaults stated in details', async () => {
    expect(spec.kind).toBe('rsf');
    expect(spec.formula).toBe(F);
    expect(model).toBeInstanceOf(TrainedRsfModel);
    expect(model.kind).toBe('rsf');
    const trained = await spec.train(gbsg);
    expect((trained as TrainedRsfModel).gridForest).toEqual(model.gridForest);
    const s = model.details.settings as { nTrees: number; minNodeSize: number; mtry: number; seed: number };
    expect(s).toMatchObject({ nTrees: 30, minNodeSize: RSF_MODEL_MIN_NODE_SIZE, mtry: 3, seed: 7 });
    expect(model.spec.columns.map((c) => c.name)).toEqual(['age', 'meno', 'size', 'factor(grade)2', 'factor(grade)3', 'nodes', 'pgr', 'er', 'hormon']);
    expect(model.details.oobHarrellC as number).toBeGreaterThan(0.6);
    expect(model.training.time.length).toBe(686);
  });

  it('predicts the grown forest exactly at grid points and holds it between them', () => {
    const g = model.baseline.grid;
    const at = [g[12]!, g[36]!, g[60]!];
    const p = model.predictSurvival(rows, at);
    const x = buildModelFrame('~ age + meno + size + factor(grade) + nodes + pgr + er + hormon', rows, { xlevels: { grade: ['1', '2', '3'] } }).x;
    const exact = model.forest.predictSurvival(x, at);
    for (let i = 0; i < 60; i++) for (let k = 0; k < 3; k++) expect(p.survival[k]![i]).toBe(exact[i]![k]);
    // between grid points: the value at the previous grid point (the grown forest may have moved on)
    const mid = model.predictSurvival(rows, [(g[36]! + g[37]!) / 2]).survival[0]!;
    for (let i = 0; i < 60; i++) expect(mid[i]).toBe(p.survival[1]![i]);
    // survival decreasing in time, risk = 1 - S, score = gridded mortality ranks like the risk
    for (let i = 0; i < 60; i++) {
      expect(p.survival[2]![i]!).toBeLessThanOrEqual(p.survival[0]![i]!);
      expect(p.risk[1]![i]).toBe(1 - p.survival[1]![i]!);
    }
    const score = model.predictScore(rows);
    expect(harrellC(Float64Array.from(score), Float64Array.from(score, () => 1), Float64Array.from(p.risk[2]!)).c).toBeLessThan(0.2);
  });

  it('round-trips through the artifact: same risks, curves and scores (1e-12; exact)', () => {
    const art = loadModelArtifact(saveModelArtifact(buildModelArtifact(model, { id: 'gbsg-rsf-test', card, horizons: H, createdAt: '2026-01-01T00:00:00Z' })));
    expect(art.kind).toBe('rsf');
    expect(art.formatVersion).toBe(2);
    expect(art.predictor.type).toBe('forest');
    expect(art.covariates.find((c) => c.name === 'grade')).toMatchObject({ type: 'categorical', levels: ['1', '2', '3'] });
    const pts = patients(rows, 60);
    const viaArt = predictRisk(art, pts, H);
    const direct = model.predictSurvival(rows, H);
    const score = model.predictScore(rows);
    for (let i = 0; i < 60; i++) {
      for (let k = 0; k < 2; k++) expect(Math.abs(viaArt.predictions[i]!.risk[k]! - direct.risk[k]![i]!)).toBeLessThanOrEqual(1e-12);
      expect(viaArt.predictions[i]!.risk).toEqual([direct.risk[0]![i], direct.risk[1]![i]]);
      expect(viaArt.predictions[i]!.score).toBe(score[i]);
      expect(viaArt.predictions[i]!.survival).toHaveLength(model.baseline.grid.length);
    }
    const curve = model.predictSurvival(rows, model.baseline.grid);
    expect(viaArt.predictions[5]!.survival).toEqual(curve.survival.map((s) => s[5]));
  });

  it('exports aggregates, the grid and the forest only: no event times, sparse leaves, a small file', () => {
    const art = buildModelArtifact(model, { id: 'x', card, horizons: H });
    const text = saveModelArtifact(art);
    expect(text.length).toBeLessThan(600_000); // 30 trees; the shipped 100-tree gbsg forest is about 1 MB
    expect(text).not.toMatch(/eventTimes|jumpTime|leafMortality/);
    const f = art.predictor.type === 'forest' ? art.predictor : null;
    const step = 365.25 / 12;
    art.baselineHazard.grid.forEach((g, k) => expect(g).toBe(k * step));
    expect(Math.max(...f!.jumpGrid)).toBeLessThan(art.baselineHazard.grid.length);
    expect(f!.settings).toEqual({ nTrees: 30, mtry: 3, minNodeSize: 15, nSplit: 0, maxDepth: null, seed: 7, splitRule: 'logrank' });
    expect(f!.oobHarrellC).toBe(model.details.oobHarrellC);
    expect(f!.minLeafPatients).toBe(Math.min(...model.forest.structure.leafPatients!));
    expect(f!.minLeafPatients!).toBeGreaterThanOrEqual(5);
    expect(f!.importance).toHaveLength(9);
    expect(art.baselineHazard.estimator).toMatch(/Nelson-Aalen of the training cohort/);
    expect(art.trainingSummary).toMatchObject({ n: 686, events: 299 });
  });

  it('refuses to export forests with small leaves, and models of another kind', () => {
    const small = rsfRiskModel(F, { nTrees: 3, minNodeSize: 3, seed: 1, importance: 'none' }).fit(gbsg);
    expect(() => buildModelArtifact(small, { id: 'x', card, horizons: H })).toThrow(/minNodeSize 3.*at least 10/);
    expect(() => buildModelArtifact(small, { id: 'x', card, horizons: H, minNodeSize: 3 })).toThrow(/a leaf of the forest holds [1-4] distinct training patients: .* at least 5/);
    expect(buildModelArtifact(small, { id: 'x', card, horizons: H, minNodeSize: 3, minLeafPatients: 1 }).kind).toBe('rsf');
    // minNodeSize 10 passes the node-size floor but leaves some leaves with fewer than 5 distinct patients on gbsg
    const ten = rsfRiskModel(F, { nTrees: 30, minNodeSize: 10, seed: 1, importance: 'none' }).fit(gbsg) as TrainedRsfModel;
    const fewest = Math.min(...ten.forest.structure.leafPatients!);
    expect(fewest).toBeLessThan(5);
    expect(() => buildModelArtifact(ten, { id: 'x', card, horizons: H })).toThrow(`a leaf of the forest holds ${fewest} distinct training patients`);
    const cox = coxRiskModel('Surv(rfstime, status) ~ age').fit(gbsg);
    expect(() => buildRsfArtifact(cox, { id: 'x', card, horizons: H })).toThrow(UsageError);
    expect(() => buildModelArtifact(model, { id: 'x', card, horizons: [10000] })).toThrow(/outside the baseline grid/);
  });

  it('validates with the shared code: apparent C above the OOB C, bootstrap refits the forest', () => {
    const small = rsfRiskModel(F, { nTrees: 10, seed: 3, importance: 'none' });
    const m = small.fit(gbsg);
    const v = validateRiskModel(small, m, gbsg, { horizons: H, bootstrap: 2, seed: 5 });
    expect(v.harrellC).toBeGreaterThan(m.details.oobHarrellC as number);
    expect(v.optimismCorrectedC!).toBeLessThan(v.harrellC);
    expect(v.bootstrapReplicates).toBe(2);
    for (const a of v.auc) expect(a.auc!).toBeGreaterThan(0.6);
  });

  it('is reproducible for a seed and does not modify the data', () => {
    const copy = Float64Array.from(gbsg.age as Float64Array);
    const again = rsfRiskModel(F, { nTrees: 30, seed: 7 }).fit(gbsg) as TrainedRsfModel;
    expect(again.gridForest).toEqual(model.gridForest);
    const other = rsfRiskModel(F, { nTrees: 30, seed: 8 }).fit(gbsg) as TrainedRsfModel;
    expect(other.gridForest.splitValue).not.toEqual(model.gridForest.splitValue);
    expect(gbsg.age).toEqual(copy);
  });

  it('reports bad formulas, rows and horizons by type', () => {
    expect(() => rsfRiskModel('Surv(rfstime, status) ~ age * nodes').fit(gbsg)).toThrow(FormulaError);
    expect(() => rsfRiskModel('Surv(rfstime, status) ~ log(nodes)').fit(gbsg)).toThrow(FormulaError);
    expect(() => rsfRiskModel('rfstime ~ age').fit(gbsg)).toThrow(FormulaError);
    expect(() => rsfRiskModel(F, { nTrees: 0 }).fit(gbsg)).toThrow(UsageError);
    expect(() => model.predictSurvival(rows, [-1])).toThrow(DataValidationError);
    expect(() => model.predictSurvival({ ...rows, grade: Float64Array.of(...Array(60).fill(4)) }, H)).toThrow(DataValidationError);
  });
});
