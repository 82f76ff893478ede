/**
 * One train / predict / serialize interface for every kind (issue 5 item 2):
 * Cox, coxnet, random survival forest and the neural Cox model each train
 * through RiskModel.train, predict through TrainedModel.predictSurvival,
 * validate with the shared validateRiskModel, export an artifact, and the
 * artifact loaded from its JSON predicts the same risks and scores through
 * predictRisk (to 1e-12). Small data (the first 300 gbsg rows), tiny models.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { coxRiskModel } from '../../../../models/risk/model/cox-risk-model.js';
import { coxnetRiskModel } from '../../../../models/risk/model/coxnet-risk-model.js';
import { rsfRiskModel } from '../../../../models/risk/model/rsf-risk-model.js';
import { deepSurvRiskModel } from '../../../../models/risk/neural/deep-surv.js';
import { buildModelArtifact } from '../../../../models/risk/model/build-artifact.js';
import { tableRows, validateRiskModel } from '../../../../models/risk/model/validate.js';
import type { RiskModel, TrainedModel } from '../../../../models/risk/model/types.js';
import { loadModelArtifact, saveModelArtifact } from '../../../../models/risk/artifact/load.js';
import { predictRisk } from '../../../../models/risk/artifact/predict-risk.js';
import type { ModelArtifact } from '../../../../models/risk/artifact/types.js';
import { DataValidationError } from '../../../../util/errors.js';

const all = readCsvColumns('datasets/gbsg.csv');
const train = tableRows(all, Int32Array.from({ length: 300 }, (_, i) => i));
const test = tableRows(all, Int32Array.from({ length: 40 }, (_, i) => 400 + i));
const F = 'Surv(rfstime, status) ~ age + size + factor(grade) + nodes + pgr';
const H = [365.25, 1095.75];
const card = { title: 't', intendedUse: 'tests', population: 'gbsg subset', horizon: '1 and 3 years', limitations: ['test'], authors: ['test'], version: '0.0.1' };

const specs: [string, RiskModel][] = [
  ['cox', coxRiskModel(F)],
  ['coxnet', coxnetRiskModel(F, { alpha: 0.5, lambda: 0.02 })],
  ['rsf', rsfRiskModel(F, { nTrees: 15, seed: 2, importance: 'none' })],
  ['deepsurv', deepSurvRiskModel(F, { hidden: [4], maxEpochs: 30, learningRate: 0.05, seed: 1 })],
];

function patients(n: number): Record<string, number | string>[] {
  const col = (k: string) => test[k] as Float64Array;
  return Array.from({ length: n }, (_, i) => ({ age: col('age')[i]!, size: col('size')[i]!, grade: String(col('grade')[i]!), nodes: col('nodes')[i]!, pgr: col('pgr')[i]! }));
}

function exportArtifact(m: TrainedModel, id: string): ModelArtifact {
  return buildModelArtifact(m, { id, card, horizons: H, createdAt: '2026-01-01T00:00:00Z' });
}

describe('every risk model kind through one interface', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it.each(specs)('%s: train -> validate -> artifact JSON -> load -> predictRisk equals the trained model (1e-12)', async (kind, spec) => {
    expect(spec.kind).toBe(kind);
    const m = await spec.train(train);
    expect(m.kind).toBe(kind);
    const v = validateRiskModel(spec, m, train, { horizons: H });
    expect(v.harrellC).toBeGreaterThan(0.55);
    const art = loadModelArtifact(saveModelArtifact(exportArtifact(m, `gbsg-${kind}`)));
    expect(art.kind).toBe(kind);
    expect(art.formatVersion).toBe(kind === 'rsf' ? 2 : 1);
    const direct = m.predictSurvival(test, H);
    const score = m.predictScore(test);
    const viaArt = predictRisk(art, patients(40), H);
    for (let i = 0; i < 40; i++) {
      for (let k = 0; k < H.length; k++) expect(Math.abs(viaArt.predictions[i]!.risk[k]! - direct.risk[k]![i]!)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(viaArt.predictions[i]!.score - score[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(score[i]!)));
    }
    expect(() => m.predictSurvival(test, [1e6])).toThrow(DataValidationError);
  });
});
