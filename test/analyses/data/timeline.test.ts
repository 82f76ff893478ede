/** analyses/data/timeline.ts: refused for a plain table and under aggregate access; one patient's records under row-level, recorded with that patient only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { readTimeline, timeline } from '../../../analyses/data/timeline.js';
import { allPatients, openSession } from '../../../engine/access.js';
import { AccessDeniedError, UsageError } from '../../../util/errors.js';
import { ledger, survivalStudyStore, withStudy, type SurvivalStudyStore } from '../survival/study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

describe('timeline', () => {
  it('refuses a plain table, an aggregate study (nothing recorded) and an unknown pseudonym (nothing recorded)', async () => {
    const p = s.pseudonyms[0]!;
    await expect(timeline(tableSource({ x: Float64Array.of(1) }), { pseudonym: p })).rejects.toThrow(UsageError);
    const before = (await ledger(s.store)).length;
    await expect(withStudy(s.store, 'AGG', (src) => timeline(src, { pseudonym: p }))).rejects.toThrow(AccessDeniedError);
    await expect(withStudy(s.store, 'ROW', (src) => timeline(src, { pseudonym: 'NOBODY' }))).rejects.toThrow(/Unknown pseudonym/);
    await expect(timeline(tableSource({}), { pseudonym: '' })).rejects.toThrow(/timeline: invalid options: pseudonym/);
    expect((await ledger(s.store)).length).toBe(before);
  });

  it("returns one patient's records in date order under a row-level study, as read outside any study, and records only that patient", async () => {
    const p = s.pseudonyms[7]!;
    const r = await withStudy(s.store, 'ROW', (src) => timeline(src, { pseudonym: p }, { parameters: { flags: {}, positional: [p] } }));
    const session = await openSession(s.store, { policy: allPatients, unrestrictedReason: 'test oracle' });
    const oracle = await readTimeline(session, p).finally(() => session.close());
    expect(r.result).toEqual(oracle);
    expect(r.result.entries.length).toBeGreaterThan(0);
    const dates = r.result.entries.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
    const entry = (await ledger(s.store)).at(-1)!;
    expect(r.ledgerEntry).toEqual(entry);
    expect(entry).toMatchObject({ analysis: 'timeline', studyId: 'ROW', pseudonyms: [p], parameters: { flags: {}, positional: [p] } });
    expect(entry.resultSummary).toEqual({ entries: r.result.entries.length, rows: r.result.entries.length, access: 'row-level' });
  });
});
