/**
 * analyses/risk/compare.ts: on gbsg, model 2's C is R's concordance (golden)
 * and the difference is C2 - C1 with a reproducible paired bootstrap; on a
 * study, the oracle numbers with the dropped count hidden, recorded, and
 * refused with nothing recorded on too few rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { riskCompare, runRiskCompare } from '../../../analyses/risk/compare.js';
import type { ModelArtifact } from '../../../models/risk/artifact/types.js';
import { predictRisk } from '../../../models/risk/artifact/predict-risk.js';
import { compareConcordance } from '../../../models/risk/metrics/compare.js';
import type { ColumnTable } from '../../../models/design/types.js';
import { AccessDeniedError, UsageError } from '../../../util/errors.js';
import { BC, LACKING, ledger, oracleTable, survivalStudyStore, withStudy, type SurvivalStudyStore } from '../survival/study-fixture.js';
import { FULL, gbsg, golden, rel, SMALL, trainCox } from './risk-fixture.js';

let s: SurvivalStudyStore;
let oracle: ColumnTable;
let m1: ModelArtifact;
let m2: ModelArtifact;
beforeAll(async () => {
  s = await survivalStudyStore();
  oracle = await oracleTable(s.store);
  m1 = await trainCox(oracle, 'Surv(time, status) ~ age', { timeUnit: 'months', horizons: [1], id: 'age' });
  m2 = await trainCox(oracle, 'Surv(time, status) ~ age + grade', { timeUnit: 'months', horizons: [1], id: 'age-grade' });
}, 120_000);
afterAll(() => s.store.close());

describe('riskCompare on a plain table', () => {
  it("model 2's C is R's, the difference C2 - C1 with a paired bootstrap interval, reproducible by seed", async () => {
    const small = await trainCox(gbsg, SMALL, { id: 'small' });
    const full = await trainCox(gbsg, FULL, { id: 'full' });
    const r = await riskCompare(tableSource(gbsg, 'gbsg.csv'), { models: [small, full], bootstrap: 100, seed: 7 });
    const c = r.result;
    expect(c).toMatchObject({ model1: { id: 'small' }, model2: { id: 'full' }, n: golden.n, events: golden.events, dropped: 0, bootstrap: 100, seed: 7, confLevel: 0.95, source: 'gbsg.csv' });
    expect(rel(c.model2.c, golden.concordance)).toBeLessThan(1e-6);
    expect(c.difference).toBeCloseTo(c.model2.c - c.model1.c, 14);
    expect(c.lower).toBeLessThan(c.difference);
    expect(c.upper).toBeGreaterThan(c.difference);
    const again = await riskCompare(tableSource(gbsg, 'gbsg.csv'), { models: [small, full], bootstrap: 100, seed: 7 });
    expect(again.result).toEqual(c);
    expect(r.ledgerEntry).toBeNull();
  });

  it('refuses one model, too few replicates, different outcomes', async () => {
    await expect(riskCompare(tableSource(gbsg), { models: [m1] as never })).rejects.toThrow(/risk compare: invalid options: models/);
    await expect(riskCompare(tableSource(gbsg), { models: [m1, m2], bootstrap: 5 })).rejects.toThrow(/bootstrap/);
    const other = await trainCox(gbsg, SMALL, { id: 'gbsg' });
    await expect(riskCompare(tableSource(oracle), { models: [m1, other] })).rejects.toThrow(UsageError);
  });
});

describe('riskCompare on a study', () => {
  it('AGG: the numbers of the pure comparison on the oracle rows; the dropped 3 hidden; recorded', async () => {
    const before = (await ledger(s.store)).length;
    const r = await withStudy(s.store, 'AGG', (src) => runRiskCompare(src, { models: [m1, m2], bootstrap: 50, seed: 3, confLevel: 0.9, data: BC }));
    // the oracle: rows complete for both, scores by predictRisk, compareConcordance
    const t = oracle.time as Float64Array;
    const st = oracle.status as Float64Array;
    const age = oracle.age as Float64Array;
    const grade = oracle.grade as Float64Array;
    const rows = [...t.keys()].filter((i) => [t[i], st[i], age[i], grade[i]].every((v) => Number.isFinite(v)));
    const score = (m: ModelArtifact) => Float64Array.from(predictRisk(m, rows.map((i) => ({ age: age[i], grade: grade[i] })), undefined, { survivalCurve: false }).predictions, (p) => p.score);
    const want = compareConcordance(Float64Array.from(rows, (i) => t[i]!), Float64Array.from(rows, (i) => st[i]!), score(m1), score(m2), { B: 50, seed: 3, confLevel: 0.9 });
    expect(r.result).toMatchObject({ n: rows.length, dropped: null, difference: want.difference, lower: want.lower, upper: want.upper, pValue: want.pValue });
    expect(rows.length).toBe(t.length - LACKING);
    expect(r.disclosure).toMatchObject({ threshold: 5, hidden: ['dropped'] });
    expect((await ledger(s.store)).length).toBe(before + 1);
    expect(r.ledgerEntry).toMatchObject({ analysis: 'risk compare', studyId: 'AGG', resultSummary: { n: rows.length, events: r.result.events, difference: want.difference } });
    expect(r.ledgerEntry!.parameters).toMatchObject({ options: { models: [{ id: 'age' }, { id: 'age-grade' }], bootstrap: 50 }, table: 'analysis-table' });
    const shown = await withStudy(s.store, 'SHOW', (src) => runRiskCompare(src, { models: [m1, m2], bootstrap: 50, seed: 3, confLevel: 0.9, data: BC }));
    expect(shown.result.dropped).toBe(LACKING);
  });

  it('BIG: refused (fewer rows than the minimum cell count), nothing recorded', async () => {
    const before = (await ledger(s.store)).length;
    await expect(withStudy(s.store, 'BIG', (src) => riskCompare(src, { models: [m1, m2], bootstrap: 10, data: BC }))).rejects.toBeInstanceOf(AccessDeniedError);
    expect((await ledger(s.store)).length).toBe(before);
  });
});
