import { describe, expect, it } from 'vitest';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { coxnetRiskModel } from '../../../../models/risk/model/coxnet-risk-model.js';
import { coxnetFormula } from '../../../../models/risk/coxnet-formula.js';
import { buildModelArtifact } from '../../../../models/risk/model/build-artifact.js';
import { validateRiskModel, tableRows } from '../../../../models/risk/model/validate.js';
import { loadModelArtifact, saveModelArtifact } from '../../../../models/risk/artifact/load.js';
import { predictRisk } from '../../../../models/risk/artifact/predict-risk.js';
import { harrellC } from '../../../../models/risk/metrics/harrell-c.js';

const gbsg = readCsvColumns('datasets/gbsg.csv');
const F = 'Surv(rfstime, status) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon';
const card = { title: 't', intendedUse: 'tests', population: 'gbsg', horizon: '5 years', limitations: ['x'], authors: ['t'], version: '2.0.0' };

describe('coxnetRiskModel', () => {
  it('deploys the coxnet coefficients at the given lambda and predicts through the artifact identically', () => {
    const m = coxnetRiskModel(F, { alpha: 0.5, lambda: 0.02 }).fit(gbsg);
    const ref = coxnetFormula(F, gbsg, { alpha: 0.5 }).fit.coefAt(0.02);
    expect((m.predictor as { coefficients: number[] }).coefficients).toEqual(Array.from(ref));
    expect(m.spec.columns.map((c) => c.name)).toContain('factor(grade)3');
    const shrunk = (m.predictor as { coefficients: number[] }).coefficients.filter((b) => b === 0).length;
    expect(shrunk).toBeGreaterThan(0);
    expect(harrellC(m.training.time, m.training.status, m.training.score).c).toBeGreaterThan(0.6);
    const art = loadModelArtifact(saveModelArtifact(buildModelArtifact(m, { id: 'gbsg-coxnet', card, horizons: [1826.25] })));
    expect(art.covariates.find((c) => c.name === 'grade')).toMatchObject({ type: 'categorical', levels: ['1', '2', '3'] });
    const rows = tableRows(gbsg, Int32Array.from([0, 5, 10]));
    const d = m.predictSurvival(rows, [1826.25]);
    const pts = [0, 1, 2].map((i) => ({
      age: (rows.age as Float64Array)[i]!, meno: (rows.meno as Float64Array)[i]!, size: (rows.size as Float64Array)[i]!,
      grade: String((rows.grade as Float64Array)[i]!), nodes: (rows.nodes as Float64Array)[i]!, pgr: (rows.pgr as Float64Array)[i]!,
      er: (rows.er as Float64Array)[i]!, hormon: (rows.hormon as Float64Array)[i]!,
    }));
    const r = predictRisk(art, pts);
    for (let i = 0; i < 3; i++) expect(Math.abs(r.predictions[i]!.risk[0]! - d.risk[0]![i]!)).toBeLessThanOrEqual(1e-12);
  });

  it('chooses lambda by seeded CV when none is given, and validates with a small bootstrap', () => {
    const spec = coxnetRiskModel('Surv(rfstime, status) ~ age + nodes + pgr + size', { alpha: 1, nfolds: 5, seed: 7 });
    const small = tableRows(gbsg, Int32Array.from({ length: 250 }, (_, i) => i));
    const m = spec.fit(small);
    expect(m.details.lambdaChosenBy).toContain('5-fold');
    expect(m.details.lambda).toBeGreaterThan(0);
    const v = validateRiskModel(spec, m, small, { horizons: [1095.75, 1826.25], bootstrap: 2, seed: 1 });
    expect(v.harrellC).toBeGreaterThan(0.55);
    expect(v.auc).toHaveLength(2);
    expect(v.optimismCorrectedC).not.toBeNull();
    expect(v.bootstrapReplicates).toBe(2);
  });
});
