/**
 * Neural Cox model: learns a simulated signal (C > 0.6 on independent data),
 * is reproducible with a seed, stops early, and round-trips through the
 * artifact (forward pass in plain JS) to 1e-12. Tiny data, few epochs.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { deepSurvRiskModel } from '../../../../models/risk/neural/deep-surv.js';
import { deepSurvSettings } from '../../../../models/risk/neural/deep-surv-control.js';
import { buildModelArtifact } from '../../../../models/risk/model/build-artifact.js';
import { loadModelArtifact, saveModelArtifact } from '../../../../models/risk/artifact/load.js';
import { predictRisk } from '../../../../models/risk/artifact/predict-risk.js';
import { harrellC } from '../../../../models/risk/metrics/harrell-c.js';
import { exponential, normal, seededRandom } from '../../../../util/random.js';
import { UsageError } from '../../../../util/errors.js';

/** Exponential survival with log-hazard 0.8*x1 - 0.5*x2^2 (x3 noise), uniform censoring. */
function simulate(n: number, seed: number): Record<string, Float64Array> {
  const r = seededRandom(seed);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const x3 = new Float64Array(n);
  const time = new Float64Array(n);
  const status = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = normal(r);
    x2[i] = normal(r);
    x3[i] = normal(r);
    const t = exponential(r, 0.1 * Math.exp(0.8 * x1[i]! - 0.5 * x2[i]! * x2[i]!));
    const c = r() * 30;
    time[i] = Math.min(t, c);
    status[i] = t <= c ? 1 : 0;
  }
  return { time, status, x1, x2, x3 };
}

const F = 'Surv(time, status) ~ x1 + x2 + x3';
const card = { title: 't', intendedUse: 'tests', population: 'simulated', horizon: '5', limitations: ['simulated'], authors: ['test'], version: '0.1.0' };

describe('deepSurvRiskModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });
  const train = simulate(300, 11);
  const test = simulate(300, 12);

  it('learns a simulated signal (C > 0.6 on new data), reproducibly', async () => {
    const spec = deepSurvRiskModel(F, { hidden: [8], maxEpochs: 40, learningRate: 0.02, seed: 3, grid: { timeUnit: 'years', step: 1 } });
    const m = await spec.train(train);
    const c = harrellC(test.time!, test.status!, m.predictScore(test)).c;
    expect(c, `C = ${c}`).toBeGreaterThan(0.6);
    expect(c).toBeLessThan(0.95);
    const again = spec.fit(train);
    expect(again.predictor).toEqual(m.predictor);
    const d = m.details as { iterations: number; trainLoss: number[] };
    expect(d.trainLoss[d.trainLoss.length - 1]!).toBeLessThan(d.trainLoss[0]!);
  });

  it('round-trips through the artifact to 1e-12', () => {
    const m = deepSurvRiskModel(F, { hidden: [4, 3], activation: 'tanh', maxEpochs: 15, seed: 5, grid: { timeUnit: 'years', step: 1 } }).fit(train);
    const art = loadModelArtifact(saveModelArtifact(buildModelArtifact(m, { id: 'ds', card, horizons: [5] })));
    expect(art.kind).toBe('deepsurv');
    expect(art.preprocessing.columns[0]!.scale).not.toBe(1);
    const rows = { x1: test.x1!.slice(0, 20), x2: test.x2!.slice(0, 20), x3: test.x3!.slice(0, 20) };
    const direct = m.predictSurvival(rows, [5]);
    const pts = Array.from({ length: 20 }, (_, i) => ({ x1: rows.x1[i]!, x2: rows.x2[i]!, x3: rows.x3[i]! }));
    const viaArt = predictRisk(art, pts);
    for (let i = 0; i < 20; i++) expect(Math.abs(viaArt.predictions[i]!.risk[0]! - direct.risk[0]![i]!)).toBeLessThanOrEqual(1e-12);
  });

  it('stops early when the validation loss stops improving', () => {
    const m = deepSurvRiskModel(F, { hidden: [8], learningRate: 0.05, maxEpochs: 400, patience: 5, seed: 2, grid: { timeUnit: 'years', step: 1 } }).fit(train);
    const d = m.details as { iterations: number; bestEpoch: number; converged: boolean };
    expect(d.converged).toBe(true);
    expect(d.iterations).toBeLessThan(400);
    expect(d.bestEpoch).toBe(d.iterations - 5);
  });

  it('validates its options', () => {
    expect(() => deepSurvSettings({ hidden: [0] })).toThrow(UsageError);
    expect(() => deepSurvSettings({ validationFraction: 0.95 })).toThrow(UsageError);
    expect(deepSurvSettings()).toMatchObject({ hidden: [16], activation: 'relu', maxEpochs: 300, patience: 20 });
  });
});

describe('deepSurv loss', () => {
  it('without hidden layers converges to the Breslow Cox fit (checks the partial likelihood, ties included)', async () => {
    await tf.setBackend('cpu');
    const { coxph } = await import('../../../../models/survival/cox/cox.js');
    const d = simulate(200, 21);
    const tied = { ...d, time: d.time!.map((t) => Math.ceil(t)) };
    const m = deepSurvRiskModel('Surv(time, status) ~ x1 + x3', {
      hidden: [],
      l2: 0,
      validationFraction: 0,
      learningRate: 0.1,
      maxEpochs: 150,
      patience: 150,
      tol: 0,
      grid: { timeUnit: 'years', step: 1 },
    }).fit(tied);
    const cf = coxph('Surv(time, status) ~ x1 + x3', tied, { ties: 'breslow' });
    const w = (m.predictor as { type: 'mlp'; layers: { weights: number[][] }[] }).layers[0]!.weights[0]!;
    [0, 1].forEach((j) => {
      const beta = w[j]! / m.scale[j]!;
      expect(Math.abs(beta - cf.coefficients[j]!)).toBeLessThan(2e-3);
    });
  });
});
