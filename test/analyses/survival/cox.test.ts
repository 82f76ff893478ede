/** analyses/survival/cox.ts: a plain table whole, a study disclosed and recorded, estimates hidden under a large minimum cell count. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { cox, runCox } from '../../../analyses/survival/cox.js';
import { coxph } from '../../../models/survival/index.js';
import { UsageError } from '../../../util/errors.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { BC, LACKING, ledger, oracleTable, survivalStudyStore, withStudy, type SurvivalStudyStore } from './study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

const lung = readCsvColumns('datasets/lung.csv');
const FORMULA = 'Surv(time, status) ~ age + grade';

describe('cox on a plain table', () => {
  it("returns coxph's JSON and summary, no ledger entry", async () => {
    const r = await cox(tableSource(lung), { formula: 'Surv(time, status) ~ age + sex', ties: 'breslow' });
    const fit = coxph('Surv(time, status) ~ age + sex', lung, { ties: 'breslow' });
    if (r.result.disclosed) throw new Error('plain expected');
    expect(r.result.model).toEqual(fit.toJSON());
    expect(r.result.printed).toBe(fit.summary());
    expect(r.ledgerEntry).toBeNull();
    expect(r.disclosure).toBeNull();
  });

  it('passes tt, robust and the factors to the fit; refuses invalid options', async () => {
    const r = await runCox(tableSource(lung), { formula: 'Surv(time, status) ~ age + sex', ties: 'efron', confLevel: 0.9, robust: true, factors: { sex: { reference: '2' } } });
    if (r.result.disclosed) throw new Error('plain expected');
    expect(r.result.model.terms.map((t) => t.term)).toEqual(['age', 'sex1']);
    expect(r.result.model.terms[0]!.robustSe).toBeGreaterThan(0);
    const tt = await runCox(tableSource(lung), { formula: 'Surv(time, status) ~ tt(age)', ties: 'efron', confLevel: 0.95, robust: false, tt: 'log' });
    const byHand = coxph('Surv(time, status) ~ tt(age)', lung, { tt: (x, t) => x.map((v, i) => v * Math.log(t[i]!)) });
    if (tt.result.disclosed) throw new Error('plain expected');
    expect(tt.result.model.terms[0]!.coef).toBeCloseTo(byHand.terms[0]!.coef, 12);
    await expect(cox(tableSource(lung), { formula: 'Surv(time, status) ~ age', ties: 'exact' as never })).rejects.toThrow(/cox: invalid options: ties/);
    await expect(cox(tableSource(lung), { formula: 'Surv(time, status) ~ age', maxIter: 0 })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('cox on a study', () => {
  it('gives the oracle coefficients, hides the dropped 3, records the terms', async () => {
    const before = (await ledger(s.store)).length;
    const r = await withStudy(s.store, 'AGG', (src) => cox(src, { formula: FORMULA, data: BC }));
    const fit = coxph(FORMULA, await oracleTable(s.store));
    if (!r.result.disclosed) throw new Error('disclosed expected');
    const terms = r.result.model.terms as { term: string; coef: number }[];
    expect(terms.map((t) => t.term)).toEqual(fit.terms.map((t) => t.term));
    terms.forEach((t, i) => expect(t.coef).toBeCloseTo(fit.terms[i]!.coef, 8));
    expect(r.result.model).toMatchObject({ n: fit.n, dropped: null });
    expect(r.result.model.tests).toBeDefined();
    expect(r.result.printed).toContain('fewer than 5 observations deleted due to missingness');
    expect(r.result.printed).not.toMatch(new RegExp(`\\(${LACKING} observations`));
    expect((await ledger(s.store)).length).toBe(before + 1);
    expect(r.ledgerEntry).toMatchObject({ analysis: 'cox', studyId: 'AGG', resultSummary: { n: fit.n, events: fit.nEvent, dropped: null } });
    expect((r.ledgerEntry!.resultSummary as { terms: { term: string }[] }).terms.map((t) => t.term)).toEqual(['age', 'grade']);
    // without call parameters the ledger records the validated options and what was read
    expect(r.ledgerEntry!.parameters).toMatchObject({ options: { formula: FORMULA, ties: 'efron' }, table: 'analysis-table' });
  });

  it('hides estimates and tests of a model on fewer events than the minimum cell count, and records that', async () => {
    const r = await withStudy(s.store, 'BIG', (src) => cox(src, { formula: FORMULA, data: BC }));
    if (!r.result.disclosed) throw new Error('disclosed expected');
    expect(r.result.printed).toBeNull();
    expect(r.result.model.terms).toBeUndefined();
    expect(r.result.model.tests).toBeUndefined();
    expect(r.result.model.concordanceSe).toBeUndefined();
    expect(r.result.model.disclosure.removed).toEqual(expect.arrayContaining(['terms', 'tests', 'concordanceSe']));
    expect(r.disclosure?.hidden).toEqual(['terms', 'tests']);
    expect(r.ledgerEntry?.resultSummary).toMatchObject({ n: null, events: null, terms: null });
  });
});
