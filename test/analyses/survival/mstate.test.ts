/**
 * analyses/survival/mstate.ts: the Aalen-Johansen and multi-state Cox
 * analyses on a plain table (the whole fit, equal to models/) and on a study
 * (disclosed on a time grid, small curves and thin transitions hidden, the
 * ledger entry written; a figure that would show nothing refused before
 * anything is recorded). The numbers themselves are checked against R in
 * test/cli/mstate.test.ts and test/models.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource, type DataSelection } from '../../../analyses/core/index.js';
import { mstate, parseCommon } from '../../../analyses/survival/mstate.js';
import { allPatients, openSession } from '../../../engine/access.js';
import { countingProcessSql, type CountingProcessSpec } from '../../../engine/analysis-table.js';
import { aalenJohansen, multiStateCox, predictStateOccupation } from '../../../models/survival/multistate/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { ledger, survivalStudyStore, withStudy, type SurvivalStudyStore } from './study-fixture.js';

const ill = readCsvColumns('test/golden/mstate-illness-death.csv');
const SPEC: CountingProcessSpec = { diagnosis: 'breast_cancer', endpoint: { events: ['distant_metastasis'], competing: ['death'] }, timeUnit: 'months' };
const DATA: DataSelection = { analysisTable: SPEC, counting: true };
const AJ = { formula: 'Surv(start, stop, event) ~ 1', id: 'pseudonym', data: DATA };

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

describe('mstate on a plain table', () => {
  it('aj: the whole fit of models/, the printed table, no ledger and no disclosure', async () => {
    const r = await mstate(tableSource(ill, 'ill.csv'), { formula: 'Surv(start, stop, state) ~ group', id: 'id', times: [5, 10] });
    const fit = aalenJohansen('Surv(start, stop, state) ~ group', ill, { id: 'id' });
    if (r.result.model !== 'aj' || r.result.disclosed) throw new Error('plain aj expected');
    expect(r.result.json).toEqual(fit.toJSON());
    expect(r.result.printed).toBe(fit.print([5, 10]));
    expect(r.result.figure).toBeNull();
    expect(r.ledgerEntry).toBeNull();
    expect(r.disclosure).toBeNull();
  });

  it('cox: coefficients, shared coefficients from text, the prediction for a profile, a figure of it', async () => {
    const f = 'Surv(start, stop, state) ~ x + group';
    const r = await mstate(tableSource(ill), { formula: f, id: 'id', model: 'cox', common: '1:2+3:2~x', newdata: { x: 0.5, group: 'b' }, figure: { title: 'P' } });
    const fit = multiStateCox(f, ill, { id: 'id', common: [{ transitions: ['1:2', '3:2'], terms: ['x'] }] });
    if (r.result.model !== 'cox') throw new Error('cox expected');
    expect((r.result.json.terms as { coef: number }[]).map((t) => t.coef)).toEqual(fit.toJSON().terms.map((t) => t.coef));
    const p = predictStateOccupation(fit, { x: Float64Array.of(0.5), group: ['b'] })[0]!;
    expect(r.result.json.predicted).toEqual({ newdata: 'x=0.5,group=b', stype: 2, states: fit.states, time: p.time, pstate: p.pstate, p0: p.p0 });
    expect(r.result.figure).not.toBeNull();
    await expect(mstate(tableSource(ill), { formula: f, id: 'id', model: 'cox', figure: {} })).rejects.toThrow(/give --newdata/);
  });

  it('bad options and bad data are typed errors', async () => {
    await expect(mstate(tableSource(ill), { formula: 'Surv(start, stop, state) ~ 1', id: 'id', stype: 3 as never })).rejects.toMatchObject({ code: 'E_USAGE', message: expect.stringMatching(/mstate: invalid options: stype/) });
    await expect(mstate(tableSource(ill), { formula: 'Surv(start, stop, state) ~ 1', id: 'id', newdata: 'x=1' })).rejects.toThrow(/needs --model cox/);
    expect(() => parseCommon('1:2~x')).toThrow(/at least two transitions/);
    const bad = { id: ['P1', 'P1'], start: Float64Array.of(0, 3), stop: Float64Array.of(3, 8), state: ['death', 'recurrence'] };
    await expect(mstate(tableSource(bad, 'bad.csv'), { formula: 'Surv(start, stop, state) ~ 1', id: 'id' })).rejects.toThrow(/bad\.csv, row 2, field 'state'/);
  });
});

describe('mstate on a study', () => {
  it('aj: steps on a time grid equal to the fit of the same rows, the ledger entry', async () => {
    const before = (await ledger(s.store)).length;
    const r = await withStudy(s.store, 'AGG', (src) => mstate(src, AJ, { parameters: { flags: { study: 'AGG' } } }));
    if (r.result.model !== 'aj' || !r.result.disclosed) throw new Error('disclosed aj expected');
    const d = r.result.json;
    expect(d.disclosure.threshold).toBe(5);
    const w = d.disclosure.gridWidth!;
    expect(w).toBeGreaterThan(0);
    const curve = d.strata[0]!;
    expect(curve.time.length).toBeGreaterThan(1);
    for (const t of curve.time) expect(Math.abs(t / w - Math.round(t / w))).toBeLessThan(1e-9);
    const session = await openSession(s.store, { policy: allPatients, unrestrictedReason: 'test oracle' });
    const rows = await session.queryColumns(countingProcessSql(SPEC));
    session.close();
    const at = aalenJohansen(AJ.formula, rows, { id: 'pseudonym' }).at(curve.time)[0]!;
    curve.pstate.forEach((row, k) => row.forEach((v, j) => expect(v).toBeCloseTo(at.pstate[k]![j]!, 12)));
    expect(r.ledgerEntry).toMatchObject({ analysis: 'mstate', studyId: 'AGG', parameters: { flags: { study: 'AGG' }, table: 'analysis-table' }, resultSummary: { model: 'aj', curves: [{ label: 'all', hidden: false }] } });
    expect(r.disclosure).toMatchObject({ threshold: 5, access: 'aggregate', hidden: [] });
    expect((await ledger(s.store)).length).toBe(before + 1);
    expect(JSON.stringify(r.result)).not.toMatch(/"pseudonym":/);
    for (const p of s.pseudonyms) expect(JSON.stringify(r.result)).not.toContain(p);
  });

  it('a curve of fewer patients than the minimum cell count is hidden; its figure is refused with no ledger entry', async () => {
    const r = await withStudy(s.store, 'BIG', (src) => mstate(src, AJ));
    if (r.result.model !== 'aj' || !r.result.disclosed) throw new Error('disclosed aj expected');
    expect(r.result.json.strata[0]!.time).toEqual([]);
    expect(r.disclosure?.hidden).toEqual(['all']);
    const before = (await ledger(s.store)).length;
    await expect(withStudy(s.store, 'BIG', (src) => mstate(src, { ...AJ, figure: {} }))).rejects.toThrow(/every curve is hidden/);
    expect((await ledger(s.store)).length).toBe(before);
  });

  it('cox: estimates of thin transitions hidden and the prediction withheld; shown under a small threshold', async () => {
    const cox = { formula: 'Surv(start, stop, event) ~ 1 + age', id: 'pseudonym', model: 'cox' as const, data: DATA, newdata: { age: 60 } };
    const big = await withStudy(s.store, 'BIG', (src) => mstate(src, cox));
    if (big.result.model !== 'cox') throw new Error('cox expected');
    expect((big.result.json.terms as { coef: number | null }[]).every((t) => t.coef === null)).toBe(true);
    expect(big.result.json.n).toBeNull();
    expect(big.result.json.predicted).toBeNull();
    expect(big.disclosure?.hidden).toEqual(['transition 1:2', 'transition 1:3']);
    expect(big.ledgerEntry).toMatchObject({ analysis: 'mstate', studyId: 'BIG', resultSummary: { model: 'cox', n: null } });
    const agg = await withStudy(s.store, 'AGG', (src) => mstate(src, cox));
    if (agg.result.model !== 'cox') throw new Error('cox expected');
    expect((agg.result.json.terms as { coef: number | null }[]).every((t) => t.coef !== null)).toBe(true);
    const predicted = agg.result.json.predicted as { time: number[] };
    expect(predicted.time.length).toBeGreaterThan(1);
  });
});
