/** analyses/survival/cif.ts: cuminc plain, and under a study on a grid with per-cause events hidden with complements. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { cif } from '../../../analyses/survival/cif.js';
import { cumulativeIncidence } from '../../../models/survival/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { BC_COMPETING, BC_COMPETING_SPEC, oracleTable, survivalStudyStore, withStudy, type SurvivalStudyStore } from './study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

const pbc = readCsvColumns('datasets/pbc.csv');

describe('cif', () => {
  it('returns the whole cuminc result and the printed estimates for a plain table', async () => {
    const r = await cif(tableSource(pbc), { formula: 'Surv(time, status) ~ edema', times: [1000, 2000] });
    const res = cumulativeIncidence('Surv(time, status) ~ edema', pbc, { times: [1000, 2000] });
    if (r.result.disclosed) throw new Error('plain expected');
    expect(r.result.table).toEqual({ ...res.toJSON(), events: res.events, eventsByCause: res.eventsByCause, dropped: res.nDropped });
    expect(r.result.estimates).toEqual(res.at);
    // without times the print uses four rounded times over the observed range
    const d = await cif(tableSource(pbc), { formula: 'Surv(time, status) ~ 1' });
    if (d.result.disclosed) throw new Error('plain expected');
    expect(d.result.estimates.times).toEqual([1000, 2000, 3000, 4000]);
    await expect(cif(tableSource(pbc), { formula: 'Surv(time, status) ~ edema', times: [] })).rejects.toThrow(/cif: invalid options: times/);
  });

  it('under a study: curves on the grid, the oracle tests, the ledger entry; nothing under a large minimum cell count', async () => {
    const f = 'Surv(time, status) ~ grade';
    const r = await withStudy(s.store, 'AGG', (src) => cif(src, { formula: f, data: BC_COMPETING }));
    const oracle = cumulativeIncidence(f, await oracleTable(s.store, BC_COMPETING_SPEC));
    if (!r.result.disclosed) throw new Error('disclosed expected');
    const t = r.result.table;
    expect(t.tests.map((x) => x.stat)).toEqual(oracle.tests.map((x) => x.stat).map((v) => expect.closeTo(v, 8)));
    expect(t.gridWidth).toBeGreaterThan(0);
    for (const c of t.curves) for (const x of c.time) expect(Math.abs(x / t.gridWidth! - Math.round(x / t.gridWidth!))).toBeLessThan(1e-9);
    expect(t.dropped).toBeNull();
    expect(t.nDropped).toBeNull();
    expect(r.ledgerEntry).toMatchObject({ analysis: 'cif', studyId: 'AGG', resultSummary: { dropped: null } });
    const big = await withStudy(s.store, 'BIG', (src) => cif(src, { formula: f, data: BC_COMPETING }));
    if (!big.result.disclosed) throw new Error('disclosed expected');
    expect(big.result.table.curves).toEqual([]);
    expect(big.result.table.n).toBeNull();
    expect(Object.values(big.result.table.eventsByCause).every((v) => v === null)).toBe(true);
    expect(big.disclosure?.hidden).toEqual(expect.arrayContaining(['curves', 'at']));
  });
});
