/** analyses/data/table.ts: refused for a plain table and under aggregate access (nothing read or recorded); exported and recorded under row-level. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { resultRows } from '../../../analyses/data/rows.js';
import { runTable, table, tableSql } from '../../../analyses/data/table.js';
import { AccessDeniedError, UsageError } from '../../../util/errors.js';
import { BC_SPEC, ledger, oracleTable, survivalStudyStore, withStudy, type SurvivalStudyStore } from '../survival/study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

describe('table', () => {
  it('refuses a plain table (there is no cohort to build from)', async () => {
    await expect(table(tableSource({ x: Float64Array.of(1) }), { spec: BC_SPEC })).rejects.toThrow(UsageError);
  });

  it('is refused under an aggregate study before anything is recorded', async () => {
    const before = (await ledger(s.store)).length;
    await expect(withStudy(s.store, 'AGG', (src) => table(src, { spec: BC_SPEC }))).rejects.toThrow(AccessDeniedError);
    await expect(withStudy(s.store, 'AGG', (src) => table(src, { spec: BC_SPEC }))).rejects.toThrow(/row-level output, refused for study AGG/);
    expect((await ledger(s.store)).length).toBe(before);
  });

  it('exports the rows of the oracle table under a row-level study and records the export with its row count and patients', async () => {
    const before = (await ledger(s.store)).length;
    const r = await withStudy(s.store, 'ROW', (src) => table(src, { spec: BC_SPEC }, { parameters: { flags: { endpoint: 'distant_metastasis,death' }, positional: [] } }));
    const entries = await ledger(s.store);
    expect(entries.length).toBe(before + 1);
    expect(r.ledgerEntry).toEqual(entries.at(-1));
    expect(r.ledgerEntry).toMatchObject({ analysis: 'table', studyId: 'ROW', parameters: { flags: { endpoint: 'distant_metastasis,death' }, positional: [] } });
    expect(r.ledgerEntry?.resultSummary).toMatchObject({ rows: 120, access: 'row-level' });
    expect([...(r.ledgerEntry?.pseudonyms ?? [])].sort()).toEqual(s.pseudonyms);
    expect(r.disclosure).toMatchObject({ threshold: 5, access: 'row-level', hidden: [] });
    const oracle = await oracleTable(s.store);
    const rows = await resultRows(r.result.columns);
    expect(r.result.rows).toBe(120);
    const byId = new Map(rows.map((x) => [String(x.pseudonym), x]));
    const ids = oracle.pseudonym as readonly string[];
    ids.forEach((id, i) => {
      expect(byId.get(id)?.time).toBeCloseTo((oracle.time as Float64Array)[i] as number, 10);
      expect(byId.get(id)?.status).toBe((oracle.status as Float64Array)[i]);
    });
  });

  it('builds counting-process rows with time-dependent covariates (split at each dated value)', async () => {
    const r = await withStudy(s.store, 'ROW', (src) =>
      runTable(src, { spec: { ...BC_SPEC, endpoint: { events: ['distant_metastasis', 'death'] } }, counting: true, timeDependent: { counts: [{ events: ['local_recurrence'] }] } }),
    );
    expect(r.result.rows).toBeGreaterThanOrEqual(120);
    expect(r.result.columns.names).toEqual(expect.arrayContaining(['pseudonym', 'start', 'stop']));
    expect(r.ledgerEntry?.resultSummary).toMatchObject({ rows: r.result.rows, access: 'row-level' });
  });

  it('checks its options: counting needs an endpoint, time-dependent covariates need counting, --sql has no time-dependent form', async () => {
    await expect(withStudy(s.store, 'ROW', (src) => runTable(src, { spec: { diagnosis: 'breast_cancer' }, counting: true }))).rejects.toThrow(/--counting needs --endpoint/);
    await expect(tableSql({ spec: BC_SPEC, counting: false, timeDependent: { tdc: [{ code: 'GRADE' }] } })).rejects.toThrow(UsageError);
    await expect(table(tableSource({}), { spec: { timeUnit: 'weeks' } } as never)).rejects.toThrow(/table: invalid options: spec/);
    expect(await tableSql({ spec: BC_SPEC, counting: false })).toMatch(/FROM/);
  });
});
