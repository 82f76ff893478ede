/** analyses/survival/finegray.ts: crr plain and under a study (estimates hidden on too few events). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { finegray } from '../../../analyses/survival/finegray.js';
import { fineGray } from '../../../models/survival/competing-risks/fine-gray.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { BC_COMPETING, BC_COMPETING_SPEC, LACKING, oracleTable, survivalStudyStore, withStudy, type SurvivalStudyStore } from './study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

const pbc = readCsvColumns('datasets/pbc.csv');

describe('finegray', () => {
  it("returns crr's model for a plain table", async () => {
    const r = await finegray(tableSource(pbc), { formula: 'Surv(time, status) ~ age + edema', cause: 2 });
    const res = fineGray('Surv(time, status) ~ age + edema', pbc, { cause: 2 });
    if (r.result.disclosed) throw new Error('plain expected');
    expect(r.result.model).toEqual({ ...res.toJSON(), dropped: res.nDropped });
    expect(r.result.cause).toBe(2);
    expect(r.ledgerEntry).toBeNull();
    await expect(finegray(tableSource(pbc), { formula: 'Surv(time, status) ~ age', maxIter: 1.5 })).rejects.toThrow(/finegray: invalid options: maxIter/);
  });

  it('under a study: the oracle coefficients, the dropped 3 hidden or shown by the threshold, estimates hidden under BIG', async () => {
    const f = 'Surv(time, status) ~ age + grade';
    const r = await withStudy(s.store, 'AGG', (src) => finegray(src, { formula: f, data: BC_COMPETING }));
    const oracle = fineGray(f, await oracleTable(s.store, BC_COMPETING_SPEC));
    if (!r.result.disclosed) throw new Error('disclosed expected');
    const terms = r.result.model.terms as { coef: number }[];
    terms.forEach((t, i) => expect(t.coef).toBeCloseTo(oracle.terms[i]!.coef, 8));
    expect(r.result.model.dropped).toBeNull();
    expect(r.result.printable?.warnings.join(' ') ?? '').not.toMatch(new RegExp(`^${LACKING} observations`));
    expect(r.ledgerEntry).toMatchObject({ analysis: 'finegray', studyId: 'AGG', resultSummary: { dropped: null } });
    const shown = await withStudy(s.store, 'SHOW', (src) => finegray(src, { formula: f, data: BC_COMPETING }));
    expect(shown.result.report.dropped).toBe(LACKING);
    const big = await withStudy(s.store, 'BIG', (src) => finegray(src, { formula: f, data: BC_COMPETING }));
    if (!big.result.disclosed) throw new Error('disclosed expected');
    expect(big.result.printable).toBeNull();
    expect(big.result.model.terms).toBeUndefined();
    expect(big.ledgerEntry?.resultSummary).toMatchObject({ terms: null });
  });
});
