import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPatients, openSession, type AnalysisSession } from '../../engine/access.js';
import { countingProcessSql, countingProcessTable, patientTable, patientTableSql } from '../../engine/analysis-table.js';
import { isoToDays } from '../../engine/convert.js';
import type { CohortStore } from '../../engine/store.js';
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

const d = (a: string, b: string) => isoToDays(b) - isoToDays(a);

describe('patientTable', () => {
  it('computes time to first event with censoring at last follow-up', async () => {
    const t = await patientTable(session, {
      diagnosis: 'breast_cancer',
      endpoint: { events: ['local_recurrence', 'regional_recurrence', 'distant_metastasis', 'death'] },
    });
    expect(t.pseudonym).toEqual(['P-A', 'P-B', 'P-C']);
    // A: local recurrence on 2020-04-10; B: censored at its last record (visit 2020-12-31); C: death 2020-03-01
    expect(Array.from(t.time as Float64Array)).toEqual([d('2020-01-01', '2020-04-10'), d('2020-03-01', '2020-12-31'), d('2020-01-01', '2020-03-01')]);
    expect(Array.from(t.status as Float64Array)).toEqual([1, 0, 1]);
    // last follow-up never after death
    expect(Array.from(t.last_followup as Float64Array)).toEqual([isoToDays('2021-02-04'), isoToDays('2020-12-31'), isoToDays('2020-03-01')]);
    // age in completed years at the index date (birth on the 15th; 1 July when the month is unknown)
    expect(Array.from(t.age as Float64Array)).toEqual([59, 49, 69]);
  });

  it('codes competing events 2 and converts units', async () => {
    const t = await patientTable(session, {
      diagnosis: ['breast_cancer'],
      endpoint: { events: ['distant_metastasis'], competing: ['death'] },
      timeUnit: 'months',
    });
    expect(Array.from(t.status as Float64Array)).toEqual([1, 0, 2]);
    expect((t.time as Float64Array)[0]).toBeCloseTo(d('2020-01-01', '2020-11-26') / 30.4375, 12);
  });

  it('takes baseline covariates from the window around the index date', async () => {
    const t = await patientTable(session, {
      diagnosis: 'breast_cancer',
      covariates: [{ code: 'ER' }, { code: 'KI67', name: 'ki67' }, { code: 'ER', name: 'er_first', pick: 'first', daysBefore: 400 }],
    });
    // A: ER 80 on 2019-12-20 is closest; B: ER 0; C: none. KI67 of B on 2020-06-01 is outside +30 days.
    expect(Array.from(t.er as Float64Array)).toEqual([80, 0, NaN]);
    expect(Array.from(t.ki67 as Float64Array)).toEqual([25, NaN, NaN]);
    expect(Array.from(t.er_first as Float64Array)).toEqual([10, 0, NaN]);
  });

  it('rejects unknown event types, diagnoses and duplicate names without touching the database', () => {
    expect(() => patientTableSql({ endpoint: { events: ['relapse', 'nonsense' as never] } })).toThrow(UsageError);
    expect(() => patientTableSql({ diagnosis: 'flu' as never })).toThrow(/Unknown diagnosis: flu/);
    expect(() => patientTableSql({ covariates: [{ code: 'ER' }, { code: 'er' }] })).toThrow(/Duplicate column name: er/);
    expect(() => patientTableSql({ covariates: [{ code: 'ER', name: 'x; DROP TABLE patients' }] })).toThrow(/Invalid column name/);
  });
});

describe('countingProcessTable', () => {
  it('splits follow-up at therapy changes with the current therapy class', async () => {
    const t = await countingProcessTable(session, {
      diagnosis: 'multiple_sclerosis',
      endpoint: { events: ['relapse'] },
    });
    // index 2019-01-01; IFN 2019-02-01..2019-05-31 (cut at day after stop); relapse 2019-07-01 ends follow-up
    const cut1 = d('2019-01-01', '2019-02-01');
    const cut2 = d('2019-01-01', '2019-06-01');
    const end = d('2019-01-01', '2019-07-01');
    expect(Array.from(t.start as Float64Array)).toEqual([0, cut1, cut2]);
    expect(Array.from(t.stop as Float64Array)).toEqual([cut1, cut2, end]);
    expect(Array.from(t.event as Float64Array)).toEqual([0, 0, 1]);
    expect(t.therapy).toEqual(['none', 'dmt_moderate', 'none']);
  });

  it('uses substances when asked and keeps the SQL inspectable', async () => {
    const sql = countingProcessSql({ diagnosis: 'breast_cancer', endpoint: { events: ['death'] }, therapy: { by: 'substance', column: 'rx' } });
    expect(sql).toContain('string_agg');
    const t = await session.queryColumns(sql);
    const rows = (t.pseudonym as string[]).map((p, i) => [p, (t.start as Float64Array)[i], (t.stop as Float64Array)[i], (t.rx as string[])[i], (t.event as Float64Array)[i]]);
    const a = rows.filter((r) => r[0] === 'P-A');
    // surgery on 2020-01-15 (one day), tamoxifen from 2020-02-01 on
    expect(a.map((r) => r[3])).toEqual(['none', 'surgery', 'none', 'tamoxifen']);
    expect(a[a.length - 1]?.[2]).toBe(d('2020-01-01', '2021-02-04'));
    const c = rows.filter((r) => r[0] === 'P-C');
    expect(c).toEqual([['P-C', 0, d('2020-01-01', '2020-03-01'), 'none', 1]]);
  });
});

describe('events on the index date', () => {
  it('do not count by default (they define the origin), and count with includeIndexDate', async () => {
    const { CohortStore } = await import('../../engine/store.js');
    const { allPatients } = await import('../../engine/access.js');
    const s = await CohortStore.open(':memory:');
    try {
      await s.importRecords('patients', [{ pseudonym: 'M-1', birth_year: 1990, sex: 'female', diagnosis: 'multiple_sclerosis', index_date: '2020-01-01', last_contact: '2021-01-01' }]);
      await s.importRecords('events', [
        { pseudonym: 'M-1', date: '2020-01-01', type: 'relapse' },
        { pseudonym: 'M-1', date: '2020-03-01', type: 'relapse' },
      ]);
      const ses = await openSession(s, { policy: allPatients, unrestrictedReason: 'test data' });
      try {
        const a = await patientTable(ses, { endpoint: { events: ['relapse'] } });
        expect(Array.from(a.time as Float64Array)).toEqual([d('2020-01-01', '2020-03-01')]);
        const b = await patientTable(ses, { endpoint: { events: ['relapse'], includeIndexDate: true } });
        expect(Array.from(b.time as Float64Array)).toEqual([0]);
        expect(Array.from(b.status as Float64Array)).toEqual([1]);
      } finally {
        ses.close();
      }
    } finally {
      s.close();
    }
  });
});
