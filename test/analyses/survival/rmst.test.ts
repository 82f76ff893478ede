/** analyses/survival/rmst.ts: the RMST table plain and under a study (small groups hidden, then the contrast). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { rmst } from '../../../analyses/survival/rmst.js';
import { rmst as rmstFit } from '../../../models/survival/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { BC, oracleTable, survivalStudyStore, withStudy, type SurvivalStudyStore } from './study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

const lung = readCsvColumns('datasets/lung.csv');

describe('rmst', () => {
  it('returns the table of models/survival rmst for a plain table', async () => {
    const r = await rmst(tableSource(lung), { formula: 'Surv(time, status) ~ sex', tau: 365 });
    const { n, events, nDropped, ...table } = rmstFit('Surv(time, status) ~ sex', lung, { tau: 365 });
    expect(r.result).toEqual({ rmst: table, report: { n, events, dropped: nDropped } });
    expect(r.result.rmst.contrast?.compared).toBe('sex=2');
    expect(r.ledgerEntry).toBeNull();
    await expect(rmst(tableSource(lung), { formula: 'Surv(time, status) ~ sex', tau: -1 })).rejects.toThrow(/rmst: invalid options: tau/);
  });

  it('under a study: the oracle estimates when every group is large; groups and contrast hidden when not', async () => {
    const f = 'Surv(time, status) ~ sex';
    const r = await withStudy(s.store, 'AGG', (src) => rmst(src, { formula: 'Surv(time, status) ~ grade', data: BC, tau: 24 }));
    const oracle = rmstFit('Surv(time, status) ~ grade', await oracleTable(s.store), { tau: 24 });
    r.result.rmst.groups.forEach((g, i) => {
      if (g.rmst !== null) expect(g.rmst).toBeCloseTo(oracle.groups[i]!.rmst, 10);
    });
    expect(r.result.rmst.groups.some((g) => g.rmst !== null)).toBe(true);
    expect(r.result.report.dropped).toBeNull();
    expect(r.ledgerEntry).toMatchObject({ analysis: 'rmst', studyId: 'AGG', resultSummary: { tau: 24, dropped: null } });
    const big = await withStudy(s.store, 'BIG', (src) => rmst(src, { formula: f, data: BC }));
    expect(big.result.rmst.groups.every((g) => g.n === null && g.rmst === null)).toBe(true);
    expect(big.result.rmst.contrast).toBeNull();
    expect(big.warnings).toContain('groups with fewer than 1000 subjects hidden');
    expect(big.ledgerEntry?.resultSummary).toMatchObject({ contrast: null });
  });
});
