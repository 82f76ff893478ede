import { describe, expect, it } from 'vitest';
import { nedaByEpisode, nedaStatus, type NedaData } from '../../../models/ms/neda.js';
import { UsageError } from '../../../util/errors.js';

const quiet: NedaData = { relapses: [], mri: [{ date: '2020-12-01', newT2: 0, gdEnhancing: 0 }], cdw: [] };

describe('NEDA-3', () => {
  it('holds with a clean MRI and no clinical activity (censored at the window end)', () => {
    const r = nedaStatus(quiet, '2020-01-01', '2020-12-31');
    expect(r).toEqual({ neda: true, firstRelapse: null, firstMriActivity: null, firstCdw: null, lossDate: null, time: 365, event: 0, mriCount: 1 });
  });

  it('is unknown without an MRI in the window, unless clinical activity is seen', () => {
    expect(nedaStatus({ relapses: [], mri: [], cdw: [] }, '2020-01-01', '2020-12-31').neda).toBe(null);
    expect(nedaStatus({ relapses: [], mri: [], cdw: [] }, '2020-01-01', '2020-12-31', { requireMri: false }).neda).toBe(true);
    const r = nedaStatus({ relapses: ['2020-03-01'], mri: [], cdw: [] }, '2020-01-01', '2020-12-31');
    expect(r.neda).toBe(false);
    expect(r.lossDate).toBe('2020-03-01');
    expect(r.time).toBe(60);
    expect(r.event).toBe(1);
  });

  it('loss of NEDA is the earliest of relapse, MRI activity and CDW (onset or confirmation date)', () => {
    const data: NedaData = {
      relapses: ['2020-09-01', '2019-12-31'],
      mri: [
        { date: '2020-03-01', newT2: 0, gdEnhancing: 1 },
        { date: '2020-06-01', newT2: 2, gdEnhancing: null },
      ],
      cdw: [{ date: '2020-02-01', confirmedDate: '2020-05-01' }],
    };
    const r = nedaStatus(data, '2020-01-01', '2020-12-31');
    expect(r).toMatchObject({ neda: false, firstRelapse: '2020-09-01', firstMriActivity: '2020-03-01', firstCdw: '2020-02-01', lossDate: '2020-02-01', time: 31, event: 1 });
    expect(nedaStatus(data, '2020-01-01', '2020-12-31', { cdwDate: 'confirmation' }).lossDate).toBe('2020-03-01');
  });

  it('ignores MRI activity in the re-baseline period after a therapy start', () => {
    const data: NedaData = { relapses: [], mri: [{ date: '2020-02-01', newT2: 3, gdEnhancing: 2 }, { date: '2020-08-01', newT2: 0, gdEnhancing: 0 }], cdw: [] };
    expect(nedaStatus(data, '2020-01-01', '2020-12-31').neda).toBe(false);
    const r = nedaStatus(data, '2020-01-01', '2020-12-31', { rebaselineDays: 90 });
    expect(r.neda).toBe(true);
    expect(r.mriCount).toBe(1);
    expect(() => nedaStatus(data, '2020-01-01', '2020-12-31', { rebaselineDays: -1 })).toThrow(UsageError);
  });

  it('per therapy episode', () => {
    const data = new Map<string, NedaData>([['1', { relapses: ['2021-06-01'], mri: [{ date: '2020-06-01', newT2: 0, gdEnhancing: 0 }, { date: '2021-09-01', newT2: 0, gdEnhancing: 0 }], cdw: [] }]]);
    const r = nedaByEpisode(
      [
        { id: '1', label: 'dimethyl_fumarate', start: '2020-01-01', end: '2021-07-31' },
        { id: '1', label: 'ocrelizumab', start: '2021-08-01', end: '2022-07-31' },
        { id: '2', label: 'ocrelizumab', start: '2021-08-01', end: '2022-07-31' },
      ],
      data,
    );
    expect(r.map((x) => [x.label, x.neda, x.lossDate])).toEqual([
      ['dimethyl_fumarate', false, '2021-06-01'],
      ['ocrelizumab', true, null],
      ['ocrelizumab', null, null],
    ]);
    expect(() => nedaStatus(quiet, '2020-02-01', '2020-01-01')).toThrow(UsageError);
  });

  it('a hand-built cohort whose onset relapse falls on the index date: it does not cost NEDA-3', () => {
    // every patient's window starts on the index date, the day of the onset relapse
    const cohort: { id: string; data: NedaData }[] = [
      { id: 'onset only', data: { relapses: ['2020-01-01'], mri: [{ date: '2020-12-01', newT2: 0, gdEnhancing: 0 }], cdw: [] } },
      { id: 'onset + relapse', data: { relapses: ['2020-01-01', '2020-01-02'], mri: [{ date: '2020-12-01', newT2: 0, gdEnhancing: 0 }], cdw: [] } },
      { id: 'onset + prior', data: { relapses: ['2019-06-01', '2020-01-01'], mri: [], cdw: [] } },
      { id: 'relapse on the last day', data: { relapses: ['2020-01-01', '2020-12-31'], mri: [{ date: '2020-06-01', newT2: 0, gdEnhancing: 0 }], cdw: [] } },
    ];
    const r = cohort.map((p) => nedaStatus(p.data, '2020-01-01', '2020-12-31'));
    expect(r.map((x) => [x.neda, x.firstRelapse, x.event])).toEqual([
      [true, null, 0],
      [false, '2020-01-02', 1],
      [null, null, 0], // no MRI, no follow-up activity: unknown, not lost
      [false, '2020-12-31', 1],
    ]);
    expect(r[1]!.time).toBe(1);
    // counting the relapse on the index date (the bug: every patient lost NEDA-3 at time 0)
    const inc = cohort.map((p) => nedaStatus(p.data, '2020-01-01', '2020-12-31', { includeIndexRelapses: true }));
    expect(inc.map((x) => [x.neda, x.lossDate, x.time])).toEqual([
      [false, '2020-01-01', 0],
      [false, '2020-01-01', 0],
      [false, '2020-01-01', 0],
      [false, '2020-01-01', 0],
    ]);
  });

  it('relapseGraceDays ignores relapses less than that many days after the start', () => {
    const data: NedaData = { relapses: ['2020-01-20', '2020-01-31'], mri: [{ date: '2020-06-01', newT2: 0, gdEnhancing: 0 }], cdw: [] };
    expect(nedaStatus(data, '2020-01-01', '2020-12-31').firstRelapse).toBe('2020-01-20');
    expect(nedaStatus(data, '2020-01-01', '2020-12-31', { relapseGraceDays: 30 }).firstRelapse).toBe('2020-01-31');
    expect(nedaStatus(data, '2020-01-01', '2020-12-31', { relapseGraceDays: 31 }).neda).toBe(true);
  });
});
