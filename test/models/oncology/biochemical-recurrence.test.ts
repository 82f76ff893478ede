import { describe, expect, it } from 'vitest';
import {
  biochemicalRecurrenceAfterProstatectomy as aua,
  biochemicalRecurrenceAfterRadiotherapy as phoenix,
  biochemicalRecurrences,
  type PsaValue,
} from '../../../models/oncology/index.js';
import { UsageError } from '../../../util/errors.js';

const surgery = { surgeryDate: '2020-01-01' };
const s = (pairs: [string, number][]): PsaValue[] => pairs.map(([date, value]) => ({ date, value }));
const days = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 864e5;

describe('AUA biochemical recurrence after prostatectomy', () => {
  it('dates a confirmed rise at the first value; exactly 0.2 qualifies', () => {
    const psa = Object.freeze(s([['2020-03-01', 0.01], ['2021-01-01', 0.05], ['2021-06-01', 0.2], ['2021-07-13', 0.2], ['2021-10-01', 0.4]]));
    const r = aua(psa, surgery);
    expect(r).toMatchObject({ status: 1, date: '2021-06-01', confirmationDate: '2021-07-13', value: 0.2, time: days('2020-01-01', '2021-06-01') });
  });

  it('does not count 0.19 or an unconfirmed rise, and keeps searching after it', () => {
    expect(aua(s([['2020-06-01', 0.19], ['2020-09-01', 0.19]]), surgery).status).toBe(0);
    const r = aua(s([['2020-06-01', 0.25], ['2020-07-15', 0.15], ['2021-01-01', 0.21], ['2021-02-01', 0.3]]), surgery);
    expect(r).toMatchObject({ status: 1, date: '2021-01-01', unconfirmedRises: 1 });
    expect(r.warnings.join(' ')).toMatch(/not confirmed/);
  });

  it('censors a last value that awaits confirmation at the last follow-up', () => {
    const r = aua(s([['2020-06-01', 0.02], ['2021-06-01', 0.3]]), { ...surgery, lastFollowUp: '2021-08-01' });
    expect(r).toMatchObject({ status: 0, date: null, time: days('2020-01-01', '2021-08-01'), endDate: '2021-08-01' });
    expect(Number.isNaN(r.value)).toBe(true);
    expect(r.warnings.join(' ')).toMatch(/awaits confirmation/);
    // without lastFollowUp the censoring day is the last PSA date
    expect(aua(s([['2020-06-01', 0.02], ['2021-06-01', 0.03]]), surgery).time).toBe(days('2020-01-01', '2021-06-01'));
    // values after lastFollowUp are not read
    expect(aua(s([['2021-06-01', 0.3], ['2021-09-01', 0.4]]), { ...surgery, lastFollowUp: '2021-08-01' }).status).toBe(0);
  });

  it('ignores values on or before the surgery day and sorts the series', () => {
    const r = aua(s([['2021-02-01', 0.3], ['2019-12-01', 8.5], ['2020-01-01', 8.0], ['2021-01-01', 0.22]]), surgery);
    expect(r.date).toBe('2021-01-01');
  });

  it('honours the threshold options', () => {
    const psa = s([['2020-06-01', 0.1], ['2020-09-01', 0.15], ['2020-12-01', 0.25]]);
    expect(aua(psa, surgery).status).toBe(0);
    expect(aua(psa, { ...surgery, threshold: 0.1 }).date).toBe('2020-06-01');
    expect(aua(psa, { ...surgery, threshold: 0.1, confirmThreshold: 0.2 }).date).toBe('2020-09-01');
  });

  it('reports persistent PSA 4-8 weeks after surgery and counts it only when asked', () => {
    const psa = s([['2020-02-12', 0.12], ['2020-06-01', 0.08], ['2021-01-01', 0.3], ['2021-02-01', 0.35]]);
    const r = aua(psa, surgery);
    expect(r.persistentPsa).toBe(true);
    expect(r.date).toBe('2021-01-01');
    expect(aua(psa, { ...surgery, persistentAsRecurrence: true })).toMatchObject({ status: 1, date: '2020-02-12', value: 0.12 });
    expect(aua(s([['2020-02-12', 0.05]]), surgery).persistentPsa).toBe(false);
    expect(aua(s([['2020-04-12', 0.5]]), surgery).persistentPsa).toBeNull(); // no value in the window
  });

  it('averages values on the same day, with a warning', () => {
    const r = aua(s([['2020-06-01', 0.1], ['2020-06-01', 0.3], ['2020-08-01', 0.2]]), surgery);
    expect(r).toMatchObject({ status: 1, date: '2020-06-01' });
    expect(r.value).toBeCloseTo(0.2, 12);
    expect(r.warnings.join(' ')).toMatch(/mean/);
  });

  it('throws typed errors on bad input', () => {
    expect(() => aua(s([['2020-06-01', -1]]), surgery)).toThrow(UsageError);
    expect(() => aua(s([['2020-06-01', NaN]]), surgery)).toThrow(/psa\[0\]\.value/);
    expect(() => aua([], { surgeryDate: 'yesterday' })).toThrow(UsageError);
    expect(() => aua([], { ...surgery, threshold: 0 })).toThrow(/threshold/);
    expect(() => aua([], { ...surgery, lastFollowUp: '2019-01-01' })).toThrow(/before surgeryDate/);
  });
});

describe('Phoenix biochemical failure after radiotherapy', () => {
  const rt = { treatmentEnd: '2020-01-31' };
  it('is met at nadir + 2 exactly, dated when met', () => {
    const r = phoenix(s([['2020-06-01', 3.0], ['2021-01-01', 0.8], ['2021-07-01', 2.0], ['2022-01-01', 2.8]]), rt);
    expect(r).toMatchObject({ status: 1, date: '2022-01-01', value: 2.8, nadir: 0.8, nadirDate: '2021-01-01', time: days('2020-01-31', '2022-01-01') });
    expect(phoenix(s([['2020-06-01', 3.0], ['2021-01-01', 0.8], ['2022-01-01', 2.79]]), rt).status).toBe(0);
  });

  it('updates the nadir as PSA falls: a rise above an earlier higher nadir is no failure', () => {
    // nadir 1.5, then bounce to 3.4 (< 3.5), then new nadir 0.3, then 2.2 (< 2.3), then 2.3
    const r = phoenix(s([['2020-03-01', 4.0], ['2020-06-01', 1.5], ['2020-09-01', 3.4], ['2021-01-01', 0.3], ['2021-06-01', 2.2], ['2021-12-01', 2.3]]), rt);
    expect(r).toMatchObject({ status: 1, date: '2021-12-01', nadir: 0.3, nadirDate: '2021-01-01' });
  });

  it('never fails at the first value; censors at last follow-up with the overall nadir', () => {
    const r = phoenix(s([['2020-03-01', 9.0]]), { ...rt, lastFollowUp: '2020-12-31' });
    expect(r).toMatchObject({ status: 0, nadir: 9, time: days('2020-01-31', '2020-12-31') });
    const empty = phoenix([], rt);
    expect(empty).toMatchObject({ status: 0, time: 0, nadirDate: null });
    expect(Number.isNaN(empty.nadir)).toBe(true);
  });

  it('ignores pre-treatment values and honours the increment option', () => {
    const psa = s([['2019-10-01', 12], ['2020-03-01', 1.0], ['2020-09-01', 0.5], ['2021-03-01', 1.6]]);
    expect(phoenix(psa, rt).status).toBe(0);
    expect(phoenix(psa, { ...rt, increment: 1 })).toMatchObject({ status: 1, date: '2021-03-01' });
    expect(() => phoenix(psa, { ...rt, increment: -2 })).toThrow(UsageError);
  });
});

describe('biochemicalRecurrences (vectorized)', () => {
  it('applies AUA or Phoenix per patient and skips other codes and missing values', () => {
    const obs = [
      { pseudonym: 'R', date: '2020-06-01', code: 'PSA', value: 1.0 },
      { pseudonym: 'S', date: '2020-06-01', code: 'PSA', value: 0.3 },
      { pseudonym: 'S', date: '2020-07-01', code: 'PSA', value: null },
      { pseudonym: 'S', date: '2020-08-01', code: 'PSA', value: 0.4 },
      { pseudonym: 'R', date: '2021-06-01', code: 'PSA', value: 3.0 },
      { pseudonym: 'R', date: '2021-07-01', code: 'GLEASON', value: 9 },
      { pseudonym: 'X', date: '2021-07-01', code: 'PSA', value: 9 },
    ];
    const r = biochemicalRecurrences(obs, [
      { pseudonym: 'S', treatment: 'prostatectomy', treatmentDate: '2020-01-01' },
      { pseudonym: 'R', treatment: 'radiotherapy', treatmentDate: '2020-02-01', lastFollowUp: '2022-01-01' },
    ]);
    expect(r.date).toEqual(['2020-06-01', '2021-06-01']);
    expect(r.rule).toEqual(['AUA', 'Phoenix']);
    expect(Array.from(r.time)).toEqual([days('2020-01-01', '2020-06-01'), days('2020-02-01', '2021-06-01')]);
    expect(r.warnings).toEqual(['1 PSA observation(s) without a value skipped']);
    const censored = biochemicalRecurrences(obs, [{ pseudonym: 'R', treatment: 'radiotherapy', treatmentDate: '2020-02-01' }], { radiotherapy: { increment: 2.5 } });
    expect(Array.from(censored.status)).toEqual([0]);
    expect(() => biochemicalRecurrences(obs, [{ pseudonym: 'S', treatment: 'hormones' as 'radiotherapy', treatmentDate: '2020-01-01' }])).toThrow(/patient S: treatment/);
    expect(() => biochemicalRecurrences(obs, [{ pseudonym: 'S', treatment: 'radiotherapy', treatmentDate: '2020-1-1' }])).toThrow(/patient S: treatmentEnd/);
  });
});
