/**
 * analyses/risk/predict.ts: the rows of a table and patients given as JSON
 * predict as predictRisk does on the artifact; bad input names its field; a
 * study source is refused before anything is read or recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { PREDICT_REFUSES_STUDY, riskPredict, riskPredictPatients, runRiskPredict } from '../../../analyses/risk/predict.js';
import type { ModelArtifact } from '../../../models/risk/artifact/types.js';
import { predictRisk } from '../../../models/risk/artifact/predict-risk.js';
import { DataValidationError, UsageError } from '../../../util/errors.js';
import { ledger, survivalStudyStore, withStudy, type SurvivalStudyStore } from '../survival/study-fixture.js';
import { FULL, gbsg, trainCox } from './risk-fixture.js';

const PATIENT = { age: 52, meno: 1, size: 25, grade: '2', nodes: 3, pgr: 40, er: 60, hormon: 0 };
let s: SurvivalStudyStore;
let full: ModelArtifact;
beforeAll(async () => {
  s = await survivalStudyStore();
  full = await trainCox(gbsg, FULL, { id: 'gbsg-full' });
}, 120_000);
afterAll(() => s.store.close());

describe('riskPredict on a plain table', () => {
  it('predicts every complete row as predictRisk does, rows 1-based, incomplete rows counted', async () => {
    const size = Float64Array.from(gbsg.size as Float64Array);
    size[1] = NaN;
    size[4] = NaN;
    const table = { ...gbsg, size };
    const r = await riskPredict(tableSource(table, 'gbsg.csv'), { model: full, horizons: [1], horizonUnit: 'years' });
    expect(r.result.dropped).toBe(2);
    expect(r.result.rows.slice(0, 4)).toEqual([1, 3, 4, 6]);
    expect(r.result.horizons).toEqual([365.25]);
    const grade = gbsg.grade as Float64Array;
    const num = (c: string, i: number) => (gbsg[c] as Float64Array)[i]!;
    const p3 = { age: num('age', 2), meno: num('meno', 2), size: num('size', 2), grade: String(grade[2]), nodes: num('nodes', 2), pgr: num('pgr', 2), er: num('er', 2), hormon: num('hormon', 2) };
    expect(r.result.predictions[1]).toEqual(predictRisk(full, p3, [365.25], { survivalCurve: false }).predictions[0]);
    expect(r.result.predictions[0]!.survival).toEqual([]);
    expect(r.ledgerEntry).toBeNull();
  });

  it('a study source is refused before anything is read or recorded (one row per patient)', async () => {
    const before = (await ledger(s.store)).length;
    for (const study of ['AGG', 'ROW']) await expect(withStudy(s.store, study, (src) => riskPredict(src, { model: full }))).rejects.toThrow(PREDICT_REFUSES_STUDY);
    await expect(withStudy(s.store, 'ROW', (src) => runRiskPredict(src, { model: full, survival: false }))).rejects.toBeInstanceOf(UsageError);
    expect((await ledger(s.store)).length).toBe(before);
  });
});

describe('riskPredictPatients', () => {
  it('one patient and a batch as predictRisk; the survival curve on request; extrapolation warned', async () => {
    const one = await riskPredictPatients({ model: full, patients: PATIENT });
    expect(one.result).toEqual(predictRisk(full, PATIENT, undefined, { survivalCurve: false }));
    const batch = await riskPredictPatients({ model: full, patients: [PATIENT, { ...PATIENT, age: 99 }], survival: true, horizons: [2], horizonUnit: 'years' });
    expect(batch.result).toEqual(predictRisk(full, [PATIENT, { ...PATIENT, age: 99 }], [730.5], { survivalCurve: true }));
    expect(batch.warnings.join()).toMatch(/age 99 outside the training range/);
    expect(batch.ledgerEntry).toBeNull();
  });

  it('bad input names each field (DataValidationError), bad options a UsageError', async () => {
    const bad = riskPredictPatients({ model: full, patients: { ...PATIENT, grade: '7', size: 'big' } });
    await expect(bad).rejects.toBeInstanceOf(DataValidationError);
    const e = (await bad.catch((x: unknown) => x)) as DataValidationError;
    expect(e.issues.map((i) => i.field).sort()).toEqual(['grade', 'size']);
    await expect(riskPredictPatients({ model: full, patients: PATIENT, horizons: [-1] })).rejects.toThrow(/risk predict: invalid options: horizons/);
    await expect(riskPredictPatients({ model: full, patients: PATIENT, survival: 'yes' as never })).rejects.toBeInstanceOf(UsageError);
  });
});
