/**
 * The common trained-model interface (models/risk/model/types.ts) and the one
 * artifact entry point: every kind's trained model honours the TrainedModel
 * contract (training scores are what predictScore gives for the training
 * rows; survival and risk agree), the forest carries no proportional-hazards
 * fields, buildModelArtifact dispatches by kind (format 1 score / format 2
 * forest; buildRsfArtifact is the same builder restricted to forests),
 * validation needs nothing beyond the interface, and implementations the
 * builder does not know are refused by type. Small data (300 gbsg rows), a
 * 10-tree forest.
 */
import { describe, expect, it } from 'vitest';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { buildModelArtifact, buildRsfArtifact } from '../../../../models/risk/model/build-artifact.js';
import { coxRiskModel } from '../../../../models/risk/model/cox-risk-model.js';
import { coxnetRiskModel } from '../../../../models/risk/model/coxnet-risk-model.js';
import { rsfRiskModel } from '../../../../models/risk/model/rsf-risk-model.js';
import { TrainedScoreModel } from '../../../../models/risk/model/trained-model.js';
import { TrainedRsfModel } from '../../../../models/risk/model/trained-rsf-model.js';
import type { RiskModel, TrainedModel } from '../../../../models/risk/model/types.js';
import { tableRows, validateRiskModel } from '../../../../models/risk/model/validate.js';
import { saveModelArtifact } from '../../../../models/risk/artifact/load.js';
import type { ModelCard } from '../../../../models/risk/artifact/types.js';
import { DataValidationError, UsageError } from '../../../../util/errors.js';

const all = readCsvColumns('datasets/gbsg.csv');
const data = tableRows(all, Int32Array.from({ length: 300 }, (_, i) => i));
const F = 'Surv(rfstime, status) ~ age + size + factor(grade) + nodes + pgr';
const H = [365.25, 1095.75];
const card: ModelCard = { title: 't', intendedUse: 'tests', population: 'gbsg subset', horizon: '1 and 3 years', limitations: ['test'], authors: ['test'], version: '0.0.1' };
const opts = { id: 'x', card, horizons: H, createdAt: '2026-01-01T00:00:00Z' };

const coxSpec = coxRiskModel(F);
const rsfSpec = rsfRiskModel(F, { nTrees: 10, seed: 1, importance: 'none' });
const specs: [string, RiskModel][] = [
  ['cox', coxSpec],
  ['coxnet', coxnetRiskModel(F, { alpha: 0.5, lambda: 0.02 })],
  ['rsf', rsfSpec],
];
const cox = coxSpec.fit(data);
const rsf = rsfSpec.fit(data);

/** A TrainedModel that is not one of the module's classes: delegates every member to `m`. */
function wrap(m: TrainedModel): TrainedModel {
  return {
    kind: m.kind,
    formula: m.formula,
    spec: m.spec,
    timeUnit: m.timeUnit,
    baseline: m.baseline,
    training: m.training,
    details: m.details,
    warnings: m.warnings,
    predictScore: (rows) => m.predictScore(rows),
    predictSurvival: (rows, horizons) => m.predictSurvival(rows, horizons),
  };
}

describe('TrainedModel: one interface for every kind', () => {
  it.each(specs)('%s: training scores are predictScore of the training rows; risk = 1 - survival, rising with the horizon', (kind, spec) => {
    const m = spec.fit(data);
    expect(m.kind).toBe(kind);
    expect(m.formula).toBe(F);
    expect(m.timeUnit).toBe('days');
    expect(m.spec.covariates.map((c) => c.name)).toEqual(['age', 'size', 'grade', 'nodes', 'pgr']);
    const used = tableRows(data, m.training.rowIndex);
    expect(m.training.x).toHaveLength(m.spec.columns.length);
    expect(m.training.time.length + m.training.nDropped).toBe(300);
    expect(Array.from(m.predictScore(used))).toEqual(Array.from(m.training.score));
    const p = m.predictSurvival(used, H);
    expect(p.horizons).toEqual(H);
    for (let i = 0; i < used.age!.length; i += 7) {
      expect(p.risk[0]![i]).toBe(1 - p.survival[0]![i]!);
      expect(p.risk[1]![i]!).toBeGreaterThanOrEqual(p.risk[0]![i]!);
    }
    const gmax = m.baseline.grid[m.baseline.grid.length - 1]!;
    expect(() => m.predictSurvival(used, [gmax + 1])).toThrow(DataValidationError);
  });

  it('the forest carries no proportional-hazards fields; the score models do', () => {
    expect(rsf).toBeInstanceOf(TrainedRsfModel);
    for (const field of ['predictor', 'center', 'scale']) expect(field in rsf).toBe(false);
    expect(cox).toBeInstanceOf(TrainedScoreModel);
    expect(cox.predictor.type).toBe('linear');
    expect(cox.center).toHaveLength(cox.spec.columns.length);
  });
});

describe('buildModelArtifact dispatches by kind', () => {
  it('writes format 1 for a score model and format 2 for the forest; buildRsfArtifact is the same builder', () => {
    const a = buildModelArtifact(cox, opts);
    expect(a).toMatchObject({ kind: 'cox', formatVersion: 1, predictor: { type: 'linear' } });
    expect(a.baselineHazard.estimator).toBe('Breslow');
    expect(a.preprocessing.columns.map((c) => c.center)).toEqual(Array.from(cox.center));
    const f = buildModelArtifact(rsf, opts);
    expect(f).toMatchObject({ kind: 'rsf', formatVersion: 2, predictor: { type: 'forest' } });
    expect(f.baselineHazard.estimator).toMatch(/^Nelson-Aalen of the training cohort/);
    expect(f.preprocessing.columns.every((c) => c.center === 0 && c.scale === 1)).toBe(true);
    // the forest's reference baseline is the cohort's Nelson-Aalen on the model's grid
    expect(f.baselineHazard.grid).toEqual(rsf.baseline.grid);
    expect(f.baselineHazard.cumulativeHazard).toEqual(rsf.baseline.cumulativeHazard);
    expect(saveModelArtifact(buildRsfArtifact(rsf, opts))).toBe(saveModelArtifact(f));
    expect(() => buildRsfArtifact(cox, opts)).toThrow(/buildRsfArtifact needs a model trained by rsfRiskModel, got kind 'cox'/);
  });

  it('applies the forest floors to forests only and does not modify the model', () => {
    const x0 = cox.training.x.map((c) => Float64Array.from(c));
    const score0 = Float64Array.from(rsf.training.score);
    const grid0 = [...rsf.baseline.grid];
    expect(buildModelArtifact(cox, { ...opts, minNodeSize: 1000 }).kind).toBe('cox');
    expect(() => buildModelArtifact(rsf, { ...opts, minNodeSize: 1000 })).toThrow(UsageError);
    buildModelArtifact(rsf, opts);
    expect(cox.training.x).toEqual(x0);
    expect(rsf.training.score).toEqual(score0);
    expect(rsf.baseline.grid).toEqual(grid0);
  });

  it('refuses implementations it has no format for, by type', () => {
    expect(() => buildModelArtifact(wrap(cox), opts)).toThrow(UsageError);
    expect(() => buildModelArtifact(wrap(cox), opts)).toThrow(/kind 'cox' must be trained by coxRiskModel, coxnetRiskModel or deepSurvRiskModel/);
    expect(() => buildModelArtifact(wrap(rsf), opts)).toThrow(/kind 'rsf' must be trained by rsfRiskModel/);
  });
});

describe('validateRiskModel needs only the interface', () => {
  it('gives the same summary for a model and a plain object delegating to it', () => {
    for (const [spec, m] of [
      [coxSpec, cox],
      [rsfSpec, rsf],
    ] as const) {
      const direct = validateRiskModel(spec, m, data, { horizons: H });
      expect(validateRiskModel(spec, wrap(m), data, { horizons: H })).toEqual(direct);
      expect(direct.harrellC).toBeGreaterThan(0.6);
    }
  });
});
