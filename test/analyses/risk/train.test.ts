/** analyses/risk/train.ts: an artifact whose coefficients are R's coxph, validation, card defaults, bad options, and a study source refused before anything is read. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { riskTrain, runRiskTrain, TRAIN_REFUSES_STUDY } from '../../../analyses/risk/train.js';
import { loadModelArtifact } from '../../../models/risk/artifact/load.js';
import { UsageError } from '../../../util/errors.js';
import { BC, ledger, survivalStudyStore, withStudy, type SurvivalStudyStore } from '../survival/study-fixture.js';
import { coxOptions, FULL, gbsg, golden, rel, SMALL } from './risk-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

describe('riskTrain on a plain table', () => {
  it("builds an artifact with coxph's coefficients (R golden), horizons 3 and 5 years in days, apparent validation; no ledger", async () => {
    const r = await riskTrain(tableSource(gbsg, 'data/gbsg.csv'), { formula: FULL, id: 'gbsg-full', createdAt: '2026-01-01T00:00:00Z' });
    const a = r.result.artifact;
    expect(a).toMatchObject({ id: 'gbsg-full', kind: 'cox', timeUnit: 'days', horizons: [1095.75, 1826.25], createdAt: '2026-01-01T00:00:00Z' });
    const coef = a.predictor.type === 'linear' ? a.predictor.coefficients : [];
    expect(coef).toHaveLength(golden.coef.length);
    coef.forEach((b, j) => expect(rel(b, golden.coef[j]!)).toBeLessThan(1e-6));
    expect(r.result.summary).toMatchObject({ n: golden.n, events: golden.events, nDropped: 0, coefficients: coef, forest: null, horizons: [1095.75, 1826.25] });
    expect(rel(r.result.summary.validation.harrellC, golden.concordance)).toBeLessThan(1e-6);
    // the card's defaults: the source's file name, the horizons as given
    expect(a.card.population).toBe('Patients like those in gbsg.csv (see trainingSummary)');
    expect(a.card.horizon).toBe('3 years and 5 years');
    expect(a.card.title).toBe(`Cox model ${FULL}`);
    // the text is the artifact, loadable
    expect(loadModelArtifact(r.result.text)).toEqual(a);
    expect(r.ledgerEntry).toBeNull();
    expect(r.disclosure).toBeNull();
    expect(r.analysis).toBe('risk train');
  });

  it('rsf: forest settings, the file size, the bootstrap progress reported', async () => {
    const steps: number[] = [];
    const r = await runRiskTrain(
      tableSource(gbsg, 'gbsg.csv'),
      coxOptions(SMALL, { kind: 'rsf', forest: { nTrees: 5, minNodeSize: 20, importance: 'none' }, seed: 3, bootstrap: 2, onProgress: (e) => steps.push(e.done) }),
    );
    const f = r.result.summary.forest!;
    expect(f.settings).toMatchObject({ nTrees: 5, minNodeSize: 20, seed: 3 });
    expect(f.bytes).toBe(Buffer.byteLength(r.result.text));
    expect(f.minLeafPatients).toBeGreaterThanOrEqual(5);
    expect(r.result.summary.validation.bootstrapReplicates).toBe(2);
    expect(steps.length).toBeGreaterThan(0);
  }, 60_000);

  it('refuses invalid options naming them, and a horizon beyond the baseline grid', async () => {
    await expect(riskTrain(tableSource(gbsg), { formula: SMALL, kind: 'glm' as never })).rejects.toThrow(/risk train: invalid options: kind/);
    await expect(riskTrain(tableSource(gbsg), { formula: SMALL, kind: 'cox', forest: { nTrees: 3 } })).rejects.toThrow(/forest: forest settings apply to kind rsf only/);
    await expect(riskTrain(tableSource(gbsg), { formula: SMALL, horizons: [0] })).rejects.toBeInstanceOf(UsageError);
    await expect(riskTrain(tableSource(gbsg), { formula: SMALL, id: 'Bad Id' })).rejects.toThrow(/id:/);
    await expect(riskTrain(tableSource(gbsg), { formula: SMALL, horizons: [50] })).rejects.toThrow(/outside the baseline grid/);
  });
});

describe('riskTrain on a study', () => {
  it('is refused before anything is read or recorded (an artifact carries study aggregates)', async () => {
    const before = (await ledger(s.store)).length;
    for (const study of ['AGG', 'ROW']) {
      const run = withStudy(s.store, study, (src) => riskTrain(src, { formula: 'Surv(time, status) ~ age', timeUnit: 'months', horizons: [1], data: BC } as never));
      await expect(run).rejects.toThrow(TRAIN_REFUSES_STUDY);
    }
    await expect(withStudy(s.store, 'AGG', (src) => runRiskTrain(src, coxOptions('Surv(time, status) ~ age')))).rejects.toBeInstanceOf(UsageError);
    expect((await ledger(s.store)).length).toBe(before);
  });
});
