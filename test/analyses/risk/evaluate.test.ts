/**
 * analyses/risk/evaluate.ts: on gbsg, Harrell's C and its SE as R's
 * concordance(coxph) (golden); on a study, the same numbers as the pure metrics
 * on the oracle rows, with small counts hidden, a run on too few rows or
 * events refused with nothing recorded, and the attack of reading one
 * patient's value through a prediction warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { riskEvaluate, runRiskEvaluate } from '../../../analyses/risk/evaluate.js';
import type { ModelArtifact } from '../../../models/risk/artifact/types.js';
import { predictRisk } from '../../../models/risk/artifact/predict-risk.js';
import { harrellC } from '../../../models/risk/metrics/harrell-c.js';
import type { ColumnTable } from '../../../models/design/types.js';
import { AccessDeniedError, DataValidationError, UsageError } from '../../../util/errors.js';
import { BC, LACKING, ledger, oracleTable, survivalStudyStore, withStudy, type SurvivalStudyStore } from '../survival/study-fixture.js';
import { filterRows, FULL, gbsg, golden, rel, trainCox } from './risk-fixture.js';

const FORMULA = 'Surv(time, status) ~ age + grade';
let s: SurvivalStudyStore;
let oracle: ColumnTable;
let model: ModelArtifact;
beforeAll(async () => {
  s = await survivalStudyStore();
  oracle = await oracleTable(s.store);
  // trained on the study's analysis table as exported (months), validated at 1 and 2 years
  model = await trainCox(oracle, FORMULA, { timeUnit: 'months', horizons: [1, 2], id: 'bc' });
}, 120_000);
afterAll(() => s.store.close());

/** The oracle: complete rows, their scores and outcome, by the pure functions of models/. */
function oracleFit(a: ModelArtifact, table: ColumnTable) {
  const t = table.time as Float64Array;
  const st = table.status as Float64Array;
  const age = table.age as Float64Array;
  const grade = table.grade as Float64Array;
  const rows = [...t.keys()].filter((i) => [t[i], st[i], age[i], grade[i]].every((v) => Number.isFinite(v)));
  const pred = predictRisk(a, rows.map((i) => ({ age: age[i], grade: grade[i] })), undefined, { survivalCurve: false });
  const time = Float64Array.from(rows, (i) => t[i]!);
  const status = Float64Array.from(rows, (i) => (st[i] === 1 ? 1 : 0));
  return { rows, pred, time, status, events: status.reduce((x, y) => x + y, 0), c: harrellC(time, status, Float64Array.from(pred.predictions, (p) => p.score)) };
}

describe('riskEvaluate on a plain table', () => {
  it("gives R's concordance and SE on gbsg, AUC and Brier per horizon; no ledger", async () => {
    const full = await trainCox(gbsg, FULL, { id: 'gbsg-full' });
    const r = await riskEvaluate(tableSource(gbsg, 'gbsg.csv'), { model: full });
    const e = r.result;
    expect(e).toMatchObject({ n: golden.n, events: golden.events, dropped: 0, source: 'gbsg.csv', timeUnit: 'days', model: { id: 'gbsg-full', kind: 'cox' } });
    expect(rel(e.harrellC.c, golden.concordance)).toBeLessThan(1e-6);
    expect(rel(e.harrellC.se, golden.concordance_se)).toBeLessThan(1e-6);
    expect(e.harrellC.upper).toBeCloseTo(golden.concordance + 1.959963984540054 * golden.concordance_se, 6);
    expect(e.auc.map((x) => x.horizon)).toEqual([1095.75, 1826.25]);
    for (const b of e.brier) expect(b.brier!).toBeLessThan(b.brierNull!);
    expect(r.ledgerEntry).toBeNull();
    expect(r.disclosure).toBeNull();
    // horizons in another unit, a narrower interval
    const h = await riskEvaluate(tableSource(gbsg), { model: full, horizons: [2], horizonUnit: 'years', confLevel: 0.5 });
    expect(h.result.auc.map((x) => x.horizon)).toEqual([730.5]);
    expect(h.result.harrellC.upper - h.result.harrellC.lower).toBeLessThan(e.harrellC.upper - e.harrellC.lower);
  });

  it('refuses invalid options, missing columns and a table without complete rows', async () => {
    await expect(riskEvaluate(tableSource(gbsg), { model: { id: 'x' } as never })).rejects.toThrow(/risk evaluate: invalid options: model/);
    await expect(riskEvaluate(tableSource(gbsg), { model, confLevel: 1 })).rejects.toBeInstanceOf(UsageError);
    await expect(riskEvaluate(tableSource(gbsg), { model })).rejects.toThrow(/Column 'time' is not in table/);
    const empty = { ...oracle, grade: new Float64Array((oracle.time as Float64Array).length).fill(NaN) };
    await expect(riskEvaluate(tableSource(empty), { model })).rejects.toBeInstanceOf(DataValidationError);
  });
});

describe('riskEvaluate on a study', () => {
  it('AGG: the oracle numbers; the dropped 3 hidden; the ledger records counts and C, not the artifact', async () => {
    const o = oracleFit(model, oracle);
    const before = (await ledger(s.store)).length;
    const r = await withStudy(s.store, 'AGG', (src) => riskEvaluate(src, { model, data: BC }, { parameters: { flags: { model: 'bc.json' }, positional: [] } }));
    const e = r.result;
    expect(e.n).toBe(o.rows.length);
    expect(e.n).toBe((oracle.time as Float64Array).length - LACKING);
    expect(e.events).toBe(o.events);
    expect(e.harrellC.c).toBeCloseTo(o.c.c, 12);
    expect(e.harrellC.se).toBeCloseTo(o.c.se, 12);
    expect(e.source).toBe(':memory::analysis-table'); // the store (here in memory), then what was read
    expect(e.dropped).toBeNull();
    expect(e.warnings).toContain('fewer than 5 rows with a missing covariate or outcome left out');
    expect(JSON.stringify(e)).not.toMatch(/\b3 rows/);
    expect(r.disclosure).toMatchObject({ threshold: 5, access: 'aggregate' });
    expect(r.disclosure!.hidden).toContain('dropped');
    expect((await ledger(s.store)).length).toBe(before + 1);
    expect(r.ledgerEntry).toMatchObject({ analysis: 'risk evaluate', studyId: 'AGG', resultSummary: { n: e.n, events: e.events, harrellC: e.harrellC.c } });
    expect(r.ledgerEntry!.parameters).toEqual({ flags: { model: 'bc.json' }, positional: [], table: 'analysis-table' });
    // without call parameters: the options, the model by id and version only
    const plain = await withStudy(s.store, 'AGG', (src) => riskEvaluate(src, { model, data: BC }));
    expect(plain.ledgerEntry!.parameters).toMatchObject({ options: { model: { id: 'bc', version: '0.1.0', kind: 'cox' }, confLevel: 0.95 }, table: 'analysis-table' });
    expect(JSON.stringify(plain.ledgerEntry!.parameters)).not.toContain('baselineHazard');
  });

  it('SHOW (minimum 3): the dropped 3 shown', async () => {
    const r = await withStudy(s.store, 'SHOW', (src) => riskEvaluate(src, { model, data: BC }));
    expect(r.result.dropped).toBe(LACKING);
    expect(r.result.warnings).toContain(`${LACKING} rows with a missing covariate or outcome left out`);
  });

  it('an AUC resting on fewer cases than the minimum cell count is hidden with its count', async () => {
    const o = oracleFit(model, oracle);
    const times = [...o.time].filter((_, k) => o.status[k] === 1).sort((x, y) => x - y);
    const h = (times[1]! + times[2]!) / 2; // two cases by then
    const r = await withStudy(s.store, 'AGG', (src) => runRiskEvaluate(src, { model, horizons: [h, 24], confLevel: 0.95, data: BC }));
    const [early, late] = r.result.auc;
    expect(early).toEqual({ horizon: h, auc: null, cases: null, controls: expect.any(Number) });
    expect(late!.auc).not.toBeNull();
    expect(r.disclosure!.hidden).toContain(`auc@${h}`);
    const whole = await riskEvaluate(tableSource(filterRows(oracle, (i) => o.rows.includes(i))), { model, horizons: [h, 24] });
    expect(whole.result.auc[0]!.cases).toBe(2);
    expect(late).toEqual(whole.result.auc[1]);
  });

  it('BIG: refused (too few rows for the minimum cell count), nothing recorded', async () => {
    const before = (await ledger(s.store)).length;
    await expect(withStudy(s.store, 'BIG', (src) => riskEvaluate(src, { model, data: BC }))).rejects.toBeInstanceOf(AccessDeniedError);
    expect((await ledger(s.store)).length).toBe(before);
  });

  it("attack: a model trained on a narrow age range does not reveal a study patient's age through its warnings", async () => {
    const age = oracle.age as Float64Array;
    const sorted = [...age].filter(Number.isFinite).sort((x, y) => x - y);
    const oldest = sorted[sorted.length - 1]!;
    // trained without the oldest few: their ages fall outside the training range
    const cut = sorted[sorted.length - 3]!;
    const narrow = await trainCox(filterRows(oracle, (i) => age[i]! < cut), FORMULA, { timeUnit: 'months', horizons: [1], id: 'narrow' });
    const plainRun = await riskEvaluate(tableSource(oracle, 'export.csv'), { model: narrow });
    expect(plainRun.result.warnings.join('\n')).toContain(`age ${oldest} outside the training range`); // a plain table: the values, as before
    const outside = plainRun.result.warnings.filter((w) => / outside the training range/.test(w)).length;
    expect(outside).toBeGreaterThan(0);
    const range = narrow.covariates.find((c) => c.name === 'age')!.range!;
    const o = oracleFit(narrow, oracle);
    const k = o.rows.filter((i) => age[i]! > range[1]).length; // complete rows beyond the training range
    expect(k).toBeGreaterThanOrEqual(3);
    expect(k).toBeLessThan(5);
    for (const study of ['AGG', 'ROW', 'SHOW']) {
      const r = await withStudy(s.store, study, (src) => riskEvaluate(src, { model: narrow, data: BC }));
      const text = JSON.stringify(r.result) + JSON.stringify(r.ledgerEntry);
      expect(text).not.toContain(`age ${oldest}`);
      expect(text).not.toMatch(/age \d+(\.\d+)? outside/);
      const counted = r.result.warnings.filter((w) => w.includes('with age outside the training range'));
      expect(counted).toEqual([study === 'SHOW' ? `${k} rows with age outside the training range ${range[0]}-${range[1]}` : `fewer than 5 rows with age outside the training range ${range[0]}-${range[1]}`]);
    }
  });
});
