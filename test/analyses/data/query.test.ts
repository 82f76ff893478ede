/**
 * analyses/data/query.ts: the user's SQL under a row-level study (any
 * statement, recorded with its row count) and under an aggregate study
 * (checked aggregates only; small groups, rows and min/max refused; the
 * difference attack between two queries refused; nothing recorded on refusal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { resultRows } from '../../../analyses/data/rows.js';
import { query } from '../../../analyses/data/query.js';
import { releasedCells } from '../../../engine/disclosure/release-register.js';
import { AccessDeniedError, UsageError } from '../../../util/errors.js';
import { ledger, survivalStudyStore, withStudy, type SurvivalStudyStore } from '../survival/study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

describe('query', () => {
  it('refuses a plain table and an empty statement', async () => {
    await expect(query(tableSource({ x: Float64Array.of(1) }), { sql: 'SELECT 1' })).rejects.toThrow(UsageError);
    await expect(query(tableSource({}), { sql: '  ' })).rejects.toThrow(/query: invalid options: sql/);
  });

  it('answers any statement under a row-level study and records the row count', async () => {
    const r = await withStudy(s.store, 'ROW', (src) => query(src, { sql: 'SELECT pseudonym FROM patients ORDER BY 1' }, { parameters: { flags: {}, positional: ['SELECT ...'] } }));
    expect(r.result.access).toBe('row-level');
    expect((await resultRows(r.result.columns)).map((x) => x.pseudonym)).toEqual(s.pseudonyms);
    const entry = (await ledger(s.store)).at(-1)!;
    expect(r.ledgerEntry).toEqual(entry);
    expect(entry).toMatchObject({ analysis: 'query', studyId: 'ROW', parameters: { flags: {}, positional: ['SELECT ...'] } });
    expect(entry.resultSummary).toEqual({ rows: 120, columns: ['pseudonym'], access: 'row-level' });
  });

  it('answers a checked aggregate under an aggregate study, records it and registers its groups', async () => {
    const r = await withStudy(s.store, 'AGG', (src) => query(src, { sql: 'SELECT count(*) AS n FROM patients' }));
    expect(await resultRows(r.result.columns)).toEqual([{ n: 120 }]);
    expect(r.result).toMatchObject({ access: 'aggregate', groups: 1 });
    expect(r.ledgerEntry?.resultSummary).toEqual({ rows: 1, columns: ['n'], access: 'aggregate', groups: 1 });
    expect([...(r.ledgerEntry?.pseudonyms ?? [])].sort()).toEqual(s.pseudonyms);
    const released = await releasedCells(s.store, 'AGG');
    expect(released.some((c) => c.analysis === 'query')).toBe(true);
  });

  it('refuses rows, min/max and the difference attack under aggregate access, recording nothing', async () => {
    const before = (await ledger(s.store)).length;
    await expect(withStudy(s.store, 'AGG', (src) => query(src, { sql: 'SELECT pseudonym FROM patients' }))).rejects.toThrow(AccessDeniedError);
    await expect(withStudy(s.store, 'AGG', (src) => query(src, { sql: 'SELECT max(birth_year) FROM patients' }))).rejects.toThrow(AccessDeniedError);
    expect((await ledger(s.store)).length).toBe(before);
    const rows = await withStudy(s.store, 'ROW', async (src) => resultRows((await query(src, { sql: 'SELECT birth_year, count(*) AS n FROM patients GROUP BY 1 ORDER BY 1' })).result.columns));
    let cum = 0;
    let cut: number | null = null;
    for (const row of rows) {
      cum += Number(row.n);
      if (cum >= 1 && cum <= 4) cut = Number(row.birth_year);
      if (cum > 4) break;
    }
    if (cut === null) throw new Error('the fixture has no birth year with 1 to 4 patients at or below it');
    // a birth-year cut that leaves 1 to 4 patients at or below it: count(all) - count(above) would be that small group.
    // The population count is released first (again, if an earlier test did); the complement alone passes the group-size rule.
    await withStudy(s.store, 'AGG', (src) => query(src, { sql: 'SELECT count(*) AS n FROM patients' }));
    const mid = (await ledger(s.store)).length;
    await expect(withStudy(s.store, 'AGG', (src) => query(src, { sql: `SELECT count(*) AS n FROM patients WHERE birth_year > ${cut}` }))).rejects.toThrow(/reveal a group of fewer than 5 patients by difference/);
    expect((await ledger(s.store)).length).toBe(mid);
  });
});
