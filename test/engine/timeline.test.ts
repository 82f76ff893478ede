import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPatients, openSession, type AnalysisSession } from '../../engine/access.js';
import type { CohortStore } from '../../engine/store.js';
import { patientTimeline } from '../../engine/timeline.js';
import { UsageError } from '../../util/errors.js';
import { miniStore } from '../helpers/mini-cohort.js';

let store: CohortStore;
let session: AnalysisSession;
beforeAll(async () => {
  store = await miniStore();
  session = await openSession(store, { policy: allPatients, unrestrictedReason: 'hand-built test cohort' });
});
afterAll(async () => {
  session.close();
  await store.close();
});

describe('patientTimeline', () => {
  it('lists every record of one patient in date order', async () => {
    const t = await patientTimeline(session, 'P-D');
    expect(t.patient.diagnosis).toBe('multiple_sclerosis');
    expect(t.entries.map((e) => [e.date, e.kind, e.label])).toEqual([
      ['2019-01-01', 'observation', 'EDSS'],
      ['2019-02-01', 'treatment', 'interferon beta-1a'],
      ['2019-03-01', 'event', 'mri'],
      ['2019-07-01', 'event', 'relapse'],
      ['2019-08-01', 'treatment', 'ocrelizumab'],
      ['2019-10-01', 'observation', 'EDSS'],
    ]);
    const ifn = t.entries[1];
    expect(ifn?.stop).toBe('2019-05-31');
    expect(ifn?.code).toBe('L03AB07');
    expect(ifn?.text).toBe('dmt_moderate');
    expect(t.entries[2]?.value).toBe(2);
    // no other patient's records leak in
    expect(t.entries.every((e) => e.source === null)).toBe(true);
  });

  it('refuses an unknown pseudonym', async () => {
    await expect(patientTimeline(session, 'P-X')).rejects.toBeInstanceOf(UsageError);
  });
});
