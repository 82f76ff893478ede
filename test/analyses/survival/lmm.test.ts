/** analyses/survival/lmm.ts: lmer plain (rows named in errors) and under a study (no per-patient values, estimates hidden on too few patients). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { lmm } from '../../../analyses/survival/lmm.js';
import { lmm as lmmFit } from '../../../models/mixed/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { survivalStudyStore, withStudy, type SurvivalStudyStore } from './study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

const sleep = readCsvColumns('test/golden/lmm-sleepstudy.csv');
const OBS = { table: 'observations' } as const;
const FORMULA = 'value ~ code + (1 | pseudonym)';

describe('lmm', () => {
  it("returns lmer's fit and summary for a plain table; the table's label names the file in errors", async () => {
    const r = await lmm(tableSource(sleep, 'sleep.csv'), { formula: 'Reaction ~ Days + (Days | Subject)', reml: false });
    const fit = lmmFit('Reaction ~ Days + (Days | Subject)', sleep, { reml: false });
    if (r.result.disclosed) throw new Error('plain expected');
    expect(r.result.model).toEqual(fit.toJSON());
    expect(r.result.printed).toBe(fit.summary());
    const subject = Float64Array.from(sleep.Subject as Float64Array);
    subject[2] = NaN;
    const holes = { ...sleep, Subject: subject };
    await expect(lmm(tableSource(holes, 'holes.csv'), { formula: 'Reaction ~ Days + (1 | Subject)' })).rejects.toThrow(/holes\.csv, row 3, field 'Subject'/);
    await expect(lmm(tableSource(sleep), { formula: 'Reaction ~ Days + (1 | Subject)', factors: { Dayz: { reference: '1' } } })).rejects.toThrow(/'Dayz' is not a variable of the formula/);
  });

  it('under a study: no random effects or per-group visit counts, a ledger entry; estimates hidden under BIG', async () => {
    const r = await withStudy(s.store, 'AGG', (src) => lmm(src, { formula: FORMULA, data: OBS }));
    if (!r.result.disclosed) throw new Error('disclosed expected');
    expect(r.result.model.fixef?.length).toBeGreaterThan(1);
    expect(r.result.model.groups).not.toHaveProperty('maxObs');
    expect(r.result.printed).not.toBeNull();
    expect(r.result.printed).not.toMatch(/Scaled residuals/);
    for (const p of s.pseudonyms) expect(JSON.stringify(r.result) + (r.result.printed ?? '')).not.toContain(p);
    expect(r.ledgerEntry).toMatchObject({ analysis: 'lmm', studyId: 'AGG', parameters: { table: 'observations' }, resultSummary: { groups: 120, reml: true } });
    const big = await withStudy(s.store, 'BIG', (src) => lmm(src, { formula: FORMULA, data: OBS }));
    if (!big.result.disclosed) throw new Error('disclosed expected');
    expect(big.result.printed).toBeNull();
    expect(big.result.model.fixef).toBeUndefined();
    expect(big.result.model.groups.count).toBeNull();
    expect(big.ledgerEntry?.resultSummary).toMatchObject({ fixef: null, loglik: null });
  });
});
