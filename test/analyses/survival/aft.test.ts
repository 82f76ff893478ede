/** analyses/survival/aft.ts: survreg plain and under a study (dropped hidden under both keys, estimates hidden on too few events). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { aft } from '../../../analyses/survival/aft.js';
import { survreg } from '../../../models/survival/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { BC, LACKING, oracleTable, survivalStudyStore, withStudy, type SurvivalStudyStore } from './study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

const lung = readCsvColumns('datasets/lung.csv');

describe('aft', () => {
  it("returns survreg's model for a plain table", async () => {
    const r = await aft(tableSource(lung), { formula: 'Surv(time, status) ~ age + sex', dist: 'lognormal' });
    const json = survreg('Surv(time, status) ~ age + sex', lung, { dist: 'lognormal' }).toJSON();
    if (r.result.disclosed) throw new Error('plain expected');
    expect(r.result.model).toEqual({ ...json, dropped: json.nDropped });
    await expect(aft(tableSource(lung), { formula: 'Surv(time, status) ~ age', dist: 'gamma' as never })).rejects.toThrow(/aft: invalid options: dist/);
  });

  it('under a study: the oracle coefficients; dropped and nDropped hidden alike; estimates hidden under BIG', async () => {
    const f = 'Surv(time, status) ~ age + grade';
    const r = await withStudy(s.store, 'AGG', (src) => aft(src, { formula: f, data: BC }));
    const oracle = survreg(f, await oracleTable(s.store)).toJSON();
    if (!r.result.disclosed) throw new Error('disclosed expected');
    (r.result.model.terms as { coef: number }[]).forEach((t, i) => expect(t.coef).toBeCloseTo(oracle.terms[i]!.coef, 6));
    expect(r.result.model).toMatchObject({ dropped: null, nDropped: null });
    expect(JSON.stringify(r.result.model)).not.toMatch(new RegExp(`"${LACKING} observations`));
    expect(r.ledgerEntry).toMatchObject({ analysis: 'aft', studyId: 'AGG' });
    const big = await withStudy(s.store, 'BIG', (src) => aft(src, { formula: f, data: BC }));
    if (!big.result.disclosed) throw new Error('disclosed expected');
    expect(big.result.printable).toBeNull();
    expect(big.result.model.terms).toBeUndefined();
    expect(big.result.model.scale).toBeUndefined();
    expect(big.ledgerEntry?.resultSummary).toMatchObject({ scale: null, terms: null });
  });
});
