/** analyses/survival/logrank.ts: the test and the pairwise tests, plain and under a study (groups hidden with complements, ledger). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { logrank } from '../../../analyses/survival/logrank.js';
import { logRank, pairwiseLogRank } from '../../../models/survival/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { BC, LACKING, oracleTable, survivalStudyStore, withStudy, type SurvivalStudyStore } from './study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

const veteran = readCsvColumns('datasets/veteran.csv');

describe('logrank on a plain table', () => {
  it("returns survdiff's test and the pairwise tests whole", async () => {
    const r = await logrank(tableSource(veteran), { formula: 'Surv(time, status) ~ celltype', rho: 1 });
    const test = logRank('Surv(time, status) ~ celltype', veteran, { rho: 1 });
    if (r.result.kind !== 'test' || r.result.disclosed) throw new Error('plain test expected');
    expect(r.result.test).toEqual(test.toJSON());
    expect(r.result.printed).toBe(test.print());
    expect(r.ledgerEntry).toBeNull();
    const p = await logrank(tableSource(veteran), { formula: 'Surv(time, status) ~ celltype', pairwise: true, adjust: 'BH' });
    const { n, events, nDropped, ...pairs } = pairwiseLogRank('Surv(time, status) ~ celltype', veteran, { adjust: 'BH' });
    if (p.result.kind !== 'pairwise') throw new Error('pairwise expected');
    expect(p.result.pairwise).toEqual(pairs);
    expect(p.result.pairwise.pairs).toHaveLength(6);
    expect(p.result.report).toEqual({ n, events, dropped: nDropped });
    await expect(logrank(tableSource(veteran), { formula: 'Surv(time, status) ~ celltype', adjust: 'tukey' as never })).rejects.toThrow(/logrank: invalid options: adjust/);
  });
});

describe('logrank on a study', () => {
  it('gives the oracle statistic, withholds the variance, hides the dropped 3 and records the groups', async () => {
    const r = await withStudy(s.store, 'AGG', (src) => logrank(src, { formula: 'Surv(time, status) ~ grade', data: BC }));
    const oracle = logRank('Surv(time, status) ~ grade', await oracleTable(s.store));
    if (r.result.kind !== 'test' || !r.result.disclosed) throw new Error('disclosed test expected');
    expect(r.result.test.chisq).toBeCloseTo(oracle.chisq, 10);
    expect('variance' in r.result.test).toBe(false);
    expect(r.result.report.dropped).toBeNull();
    expect(r.ledgerEntry).toMatchObject({ analysis: 'logrank', studyId: 'AGG', resultSummary: { dropped: null } });
    const shown = await withStudy(s.store, 'SHOW', (src) => logrank(src, { formula: 'Surv(time, status) ~ grade', data: BC }));
    expect(shown.result.report.dropped).toBe(LACKING);
  });

  it('hides every group count under a large minimum cell count; pairwise totals too', async () => {
    const r = await withStudy(s.store, 'BIG', (src) => logrank(src, { formula: 'Surv(time, status) ~ grade', data: BC }));
    if (r.result.kind !== 'test' || !r.result.disclosed) throw new Error('disclosed test expected');
    expect(r.result.test.groups.every((g) => g.n === null && g.observed === null && g.expected === null)).toBe(true);
    expect(r.disclosure?.hidden).toEqual(r.result.test.groups.map((g) => g.label));
    const p = await withStudy(s.store, 'BIG', (src) => logrank(src, { formula: 'Surv(time, status) ~ grade', data: BC, pairwise: true }));
    if (p.result.kind !== 'pairwise') throw new Error('pairwise expected');
    expect(p.result.report).toMatchObject({ n: null, events: null, dropped: null });
    expect(p.ledgerEntry?.analysis).toBe('logrank');
  });
});
