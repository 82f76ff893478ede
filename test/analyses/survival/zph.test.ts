/** analyses/survival/zph.ts: cox.zph tests plain and under a study (hidden when the model rests on too few events). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { zph } from '../../../analyses/survival/zph.js';
import { coxph, coxZph } from '../../../models/survival/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { BC, oracleTable, survivalStudyStore, withStudy, type SurvivalStudyStore } from './study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

const lung = readCsvColumns('datasets/lung.csv');

describe('zph', () => {
  it("returns cox.zph's tests for a plain table", async () => {
    const r = await zph(tableSource(lung), { formula: 'Surv(time, status) ~ age + sex', transform: 'rank' });
    const fit = coxph('Surv(time, status) ~ age + sex', lung);
    expect({ terms: r.result.terms, global: r.result.global }).toEqual(coxZph(fit.internals, { transform: 'rank' }).toJSON());
    expect(r.result.report).toEqual({ n: fit.n, events: fit.nEvent, dropped: fit.nDropped });
    await expect(zph(tableSource(lung), { formula: 'Surv(time, status) ~ age', transform: 'loglog' as never })).rejects.toThrow(/zph: invalid options: transform/);
  });

  it('under a study: the oracle tests and a ledger entry; nothing but a note when too few events', async () => {
    const f = 'Surv(time, status) ~ age + grade';
    const r = await withStudy(s.store, 'AGG', (src) => zph(src, { formula: f, data: BC }));
    const oracle = coxZph(coxph(f, await oracleTable(s.store)).internals).toJSON();
    expect(r.result.global?.chisq).toBeCloseTo(oracle.global!.chisq, 8);
    expect(r.result.report.dropped).toBeNull();
    expect(r.ledgerEntry).toMatchObject({ analysis: 'zph', studyId: 'AGG' });
    const big = await withStudy(s.store, 'BIG', (src) => zph(src, { formula: f, data: BC }));
    expect(big.result.terms).toEqual([]);
    expect(big.result.global).toBeNull();
    expect(big.result.report).toMatchObject({ n: null, events: null });
    expect(big.disclosure?.notes.join(' ')).toMatch(/fewer than 1000/);
    expect(big.ledgerEntry?.resultSummary).toMatchObject({ terms: [], global: null });
  });
});
