import { afterEach, describe, expect, it } from 'vitest';
import type { CohortStore } from '../../../engine/store.js';
import { getStudy, listPublications, listStudies, publishResult, registerStudy, requireStudy } from '../../../engine/study/study-registry.js';
import { openStudySession } from '../../../engine/study/study-session.js';
import { AccessDeniedError, UsageError } from '../../../util/errors.js';
import { miniStore } from '../../helpers/mini-cohort.js';

const stores: CohortStore[] = [];
afterEach(() => {
  while (stores.length) stores.pop()!.close();
});
const base = { id: 'BC-1', title: 'RFS', question: 'Does Ki-67 predict recurrence?', responsible: 'Dr. A', purpose: 'research-general', approval: 'EC 2025-001' };

describe('study registry', () => {
  it('registers with documented defaults, lists, gets, and keeps input unmodified', async () => {
    const store = await miniStore();
    stores.push(store);
    const input = Object.freeze({ ...base });
    const s = await registerStudy(store, input, new Date('2025-01-02T03:04:05Z'));
    expect(s).toEqual({ ...base, minCellCount: 5, allowIndividualTimes: false, acceptsBroadConsent: false, access: 'aggregate', accessMigrated: false, registeredAt: '2025-01-02T03:04:05.000Z' });
    await registerStudy(store, { ...base, id: 'A-0', purpose: 'study:A-0', minCellCount: 10, allowIndividualTimes: true, acceptsBroadConsent: true });
    expect((await listStudies(store)).map((x) => [x.id, x.minCellCount, x.allowIndividualTimes, x.acceptsBroadConsent])).toEqual([
      ['A-0', 10, true, true],
      ['BC-1', 5, false, false],
    ]);
    expect(await getStudy(store, 'BC-1')).toEqual(s);
    expect(await getStudy(store, 'nope')).toBeNull();
    await expect(requireStudy(store, 'nope')).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it('refuses duplicates, empty fields, bad ids, treatment-sharing and unknown purposes', async () => {
    const store = await miniStore();
    stores.push(store);
    await registerStudy(store, base);
    await expect(registerStudy(store, base)).rejects.toThrow(/already registered/);
    await expect(registerStudy(store, { ...base, id: 'X', question: ' ' })).rejects.toThrow(/question/);
    await expect(registerStudy(store, { ...base, id: 'a b' })).rejects.toBeInstanceOf(UsageError);
    await expect(registerStudy(store, { ...base, id: 'X', purpose: 'treatment-sharing' })).rejects.toThrow(/treating providers/);
    await expect(registerStudy(store, { ...base, id: 'X', purpose: 'marketing' })).rejects.toThrow(/unknown consent purpose/);
    await expect(registerStudy(store, { ...base, id: 'X', minCellCount: 0 })).rejects.toThrow(/minCellCount/);
    await expect(registerStudy(store, { ...base, id: 'X', acceptsBroadConsent: true })).rejects.toThrow(/acceptsBroadConsent/);
  });

  it('publishes results (appended) and refuses unknown studies and bad dates', async () => {
    const store = await miniStore();
    stores.push(store);
    await registerStudy(store, base);
    await publishResult(store, 'BC-1', { title: 'Second', summary: 's2', publishedAt: '2025-09-01' });
    await publishResult(store, 'BC-1', { title: 'First', summary: 's1', url: 'https://example.org/x', publishedAt: '2025-03-01' });
    expect((await listPublications(store, 'BC-1')).map((p) => [p.title, p.url])).toEqual([
      ['First', 'https://example.org/x'],
      ['Second', null],
    ]);
    await expect(publishResult(store, 'nope', { title: 't', summary: 's', publishedAt: '2025-01-01' })).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(publishResult(store, 'BC-1', { title: 't', summary: 's', publishedAt: 'yesterday' })).rejects.toThrow(/publishedAt/);
  });

  it('opens a study session that follows the study: consent scope and disclosure settings', async () => {
    const store = await miniStore();
    stores.push(store);
    await registerStudy(store, { ...base, minCellCount: 7 });
    const s = await openStudySession(store, 'BC-1');
    try {
      expect(s.study).toBe('BC-1');
      expect(s.pseudonyms).toEqual([]); // nobody has consented yet
      expect(s.disclosure).toEqual({ threshold: 7, allowIndividualTimes: false, access: 'aggregate' });
      expect(s.policyName).toBe('consent:research-general');
    } finally {
      s.close();
    }
    await expect(openStudySession(store, 'unknown')).rejects.toBeInstanceOf(AccessDeniedError);
  });
});
