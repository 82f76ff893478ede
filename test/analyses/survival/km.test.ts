/** analyses/survival/km.ts: a plain table whole, a study disclosed and recorded (with the release register), options validated. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { km, runKm } from '../../../analyses/survival/km.js';
import { releasedCells } from '../../../engine/disclosure/release-register.js';
import { kaplanMeier } from '../../../models/survival/index.js';
import { UsageError } from '../../../util/errors.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { BC, LACKING, ledger, oracleTable, survivalStudyStore, withStudy, type SurvivalStudyStore } from './study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

const lung = readCsvColumns('datasets/lung.csv');

describe('km on a plain table', () => {
  it('returns the whole fit (as survfit), no disclosure, no ledger entry', async () => {
    const r = await km(tableSource(lung, 'lung'), { formula: 'Surv(time, status) ~ sex' });
    const fit = kaplanMeier('Surv(time, status) ~ sex', lung);
    expect(r.analysis).toBe('km');
    expect(r.disclosure).toBeNull();
    expect(r.ledgerEntry).toBeNull();
    if (r.result.kind !== 'curves' || r.result.disclosed) throw new Error('expected whole curves');
    expect(r.result.curves).toEqual(fit.toJSON());
    expect(r.result.report).toEqual({ n: 228, events: 165, dropped: 0 });
    expect(r.result.printed).toBe(fit.print());
  });

  it('validates its options (zod) and the factors against the formula', async () => {
    await expect(km(tableSource(lung), { formula: 'Surv(time, status) ~ sex', confLevel: 2 })).rejects.toThrow(/km: invalid options: confLevel/);
    await expect(km(tableSource(lung), { formula: 'Surv(time, status) ~ sex', confType: 'wide' as never })).rejects.toBeInstanceOf(UsageError);
    await expect(km(tableSource(lung), { formula: 'Surv(time, status) ~ sex', factors: { sx: { reference: '2' } } })).rejects.toThrow(/'sx' is not a variable of the formula/);
    // relevel through factors: the reference stratum comes first
    const r = await runKm(tableSource(lung), { formula: 'Surv(time, status) ~ sex', confType: 'log', confLevel: 0.95, factors: { sex: { reference: '2' } } });
    if (r.result.kind !== 'curves') throw new Error('curves expected');
    expect(r.result.curves.strata.map((x) => x.label)).toEqual(['sex=2', 'sex=1']);
  });
});

describe('km on a study', () => {
  it('discloses the curves, hides the small dropped count, records one ledger entry and the released strata', async () => {
    const before = (await ledger(s.store)).length;
    const r = await withStudy(s.store, 'AGG', (src) => km(src, { formula: 'Surv(time, status) ~ grade', data: BC }, { parameters: { flags: { formula: 'x' }, positional: [] } }));
    const entries = await ledger(s.store);
    expect(entries.length).toBe(before + 1);
    const entry = entries.at(-1)!;
    expect(r.ledgerEntry).toEqual(entry);
    expect(entry).toMatchObject({ analysis: 'km', studyId: 'AGG', parameters: { flags: { formula: 'x' }, positional: [], table: 'analysis-table' } });
    expect(entry.pseudonyms).toEqual(s.pseudonyms);
    expect(r.disclosure).toMatchObject({ threshold: 5, access: 'aggregate' });
    if (r.result.kind !== 'curves' || !r.result.disclosed) throw new Error('expected disclosed curves');
    // the 3 patients without a grade: dropped, and the count hidden (3 < 5) in the result, the warnings and the ledger
    expect(r.result.report.dropped).toBeNull();
    expect(r.result.report.droppedNote).toMatch(/fewer than 5/);
    expect(JSON.stringify(r.warnings)).not.toMatch(new RegExp(`\\b${LACKING} observations`));
    expect(entry.resultSummary).toMatchObject({ n: 120 - LACKING, dropped: null });
    // every step on the grid: no exact event time leaves
    const w = r.result.curves.gridWidth!;
    for (const st of r.result.curves.strata) for (const x of st.intervals) expect(Math.abs(x.to / w - Math.round(x.to / w))).toBeLessThan(1e-9);
    const released = await releasedCells(s.store, 'AGG');
    const latest = released.filter((c) => c.releaseId === released.at(-1)!.releaseId);
    expect(latest.every((c) => c.analysis === 'km')).toBe(true);
    const shown = r.result.curves.strata.filter((x) => !x.suppressed).map((x) => x.label);
    expect(shown.length).toBeGreaterThan(0);
    for (const label of shown) expect(latest.map((c) => c.cell)).toContain(label);
  });

  it("shows the dropped count at a study whose minimum cell count it reaches, and the survival of the oracle's fit at the times shown", async () => {
    const r = await withStudy(s.store, 'SHOW', (src) => km(src, { formula: 'Surv(time, status) ~ grade', data: BC, times: [12, 24] }));
    if (r.result.kind !== 'times') throw new Error('expected times');
    expect(r.result.report.dropped).toBe(LACKING);
    const oracle = kaplanMeier('Surv(time, status) ~ grade', await oracleTable(s.store)).summary({ times: [12, 24] });
    let compared = 0;
    for (const st of r.result.strata) {
      const o = oracle.find((x) => x.label === st.label)!;
      st.surv.forEach((v, i) => {
        if (v === null) return;
        expect(v).toBeCloseTo(o.table.surv[i]!, 12);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('hides every stratum where each is below the minimum cell count', async () => {
    const r = await withStudy(s.store, 'BIG', (src) => km(src, { formula: 'Surv(time, status) ~ grade', data: BC }));
    if (r.result.kind !== 'curves' || !r.result.disclosed) throw new Error('expected disclosed curves');
    expect(r.result.curves.strata.every((x) => x.suppressed && x.n === null)).toBe(true);
    expect(r.result.report.n).toBeNull();
    expect(r.disclosure?.hidden.length).toBe(r.result.curves.strata.length);
  });
});
