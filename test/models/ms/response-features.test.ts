/** Therapy-response features on hand-built patient histories (expected values worked out by hand). */
import { describe, expect, it } from 'vitest';
import { ageAt, baselineCovariates, baselineEdss, countBetween, edssSlope, featureMatrix, responseFeatures, type PatientResponseInput } from '../../../models/ms/response-features.js';
import { UsageError } from '../../../util/errors.js';

const patient: PatientResponseInput = {
  id: 'p1',
  start: '2020-01-01',
  end: '2022-01-01', // 731 days
  edss: [
    { date: '2019-10-01', edss: 1.5 },
    { date: '2020-01-01', edss: 2 },
    { date: '2021-01-01', edss: 2.5 },
    { date: '2022-01-01', edss: 3 },
  ],
  relapses: ['2019-06-01', '2020-03-01', '2021-06-01'],
  mri: [
    { date: '2020-02-01', newT2: null, gdEnhancing: 0 },
    { date: '2020-12-01', newT2: 0, gdEnhancing: 0 },
    { date: '2021-09-01', newT2: 2, gdEnhancing: null },
  ],
  cdw: [{ date: '2021-06-15', confirmedDate: '2021-09-15' }],
  // on therapy from 2020-07-01 (day 182 of the window) to the end (ongoing)
  therapy: [{ start: '2020-07-01', stop: null }],
};

/** OLS slope of (0, 2), (366, 2.5), (731, 3) in EDSS per year of 365.25 days: sum (t - tbar)(y - ybar) / sum (t - tbar)^2. */
const SLOPE = (() => {
  const t = [0, 366, 731].map((d) => d / 365.25);
  const y = [2, 2.5, 3];
  const tb = (t[0]! + t[1]! + t[2]!) / 3;
  const yb = 2.5;
  return t.reduce((a, ti, i) => a + (ti - tb) * (y[i]! - yb), 0) / t.reduce((a, ti) => a + (ti - tb) ** 2, 0);
})();

describe('edssSlope, baselineEdss, countBetween, ageAt', () => {
  it('computes the OLS slope per year and NaN when undefined', () => {
    // days 0, 366, 731 with EDSS 2, 2.5, 3 (SLOPE above)
    expect(edssSlope(patient.edss.slice(1))).toBeCloseTo(SLOPE, 12);
    expect(edssSlope([{ date: '2020-01-01', edss: 2 }])).toBeNaN();
    expect(edssSlope([{ date: '2020-01-01', edss: 2 }, { date: '2020-01-01', edss: 3 }])).toBeNaN();
    expect(edssSlope(patient.edss, 5)).toBeNaN();
  });

  it('takes the latest EDSS before the reference date, else the first within 90 days after', () => {
    expect(baselineEdss(patient.edss, '2020-06-01')).toBe(2);
    expect(baselineEdss(patient.edss, '2019-12-31')).toBe(1.5);
    expect(baselineEdss([{ date: '2020-02-01', edss: 4 }], '2020-01-01')).toBe(4);
    expect(baselineEdss([{ date: '2020-06-01', edss: 4 }], '2020-01-01')).toBeNaN();
    expect(baselineEdss([{ date: '2018-01-01', edss: 4 }], '2020-01-01')).toBeNaN();
  });

  it('counts dates in half-open windows and ages from year and month of birth', () => {
    expect(countBetween(patient.relapses, '2019-06-01', '2020-03-01')).toBe(1);
    expect(ageAt(1990, 1, '2020-01-15')).toBeCloseTo(10957 / 365.25, 10);
    expect(ageAt(1990, null, '2020-07-01')).toBeCloseTo(10958 / 365.25, 10);
    expect(() => ageAt(1990, 13, '2020-01-01')).toThrow(UsageError);
  });
});

describe('responseFeatures', () => {
  it('derives ARR (overall and on therapy), slope, MRI activity, CDW and NEDA over the window', () => {
    const frozen = JSON.stringify(patient);
    const f = responseFeatures(patient);
    expect(JSON.stringify(patient)).toBe(frozen);
    expect(f.years).toBeCloseTo(731 / 365.25, 12);
    expect(f.relapses).toBe(2); // 2019-06-01 is before the window
    expect(f.arr).toBeCloseTo(2 / (731 / 365.25), 12);
    // exposure 2020-07-01 .. 2022-01-01 = 549 days; relapse 2021-06-01 on therapy
    expect(f.onTherapyYears).toBeCloseTo(549 / 365.25, 12);
    expect(f.relapsesOnTherapy).toBe(1);
    expect(f.arrOnTherapy).toBeCloseTo(1 / (549 / 365.25), 12);
    expect(f.edssVisits).toBe(3);
    expect(f.edssSlope).toBeCloseTo(SLOPE, 12);
    expect(f.baselineEdss).toBe(2);
    // scans on therapy: 2020-12-01 (inactive), 2021-09-01 (2 new T2)
    expect(f.mriScansOnTherapy).toBe(2);
    expect(f.mriActivity).toBe(0.5);
    expect(f.cdw).toBe(true);
    // NEDA over 2 years from 2020-07-01: the 2021-06-01 relapse ends it
    expect(f.neda).toBe(false);
  });

  it('leaves therapy features undefined for an untreated patient and NEDA true when nothing happens', () => {
    const untreated = responseFeatures({ ...patient, therapy: [] });
    expect(untreated.arrOnTherapy).toBeNaN();
    expect(untreated.mriActivity).toBeNaN();
    expect(untreated.neda).toBeNull();
    const quiet = responseFeatures({ ...patient, relapses: [], cdw: [], mri: [{ date: '2021-01-01', newT2: 0, gdEnhancing: 0 }] });
    expect(quiet.neda).toBe(true);
    expect(quiet.arrOnTherapy).toBe(0);
    expect(quiet.cdw).toBe(false);
  });

  it('counts follow-up relapses only: not the onset relapse on the window start, nor one on the day therapy starts', () => {
    // onset relapse on the index date 2020-01-01 and a relapse on the therapy start 2020-07-01, besides 2020-03-01 and 2021-06-01
    const p = { ...patient, relapses: ['2020-01-01', '2020-03-01', '2020-07-01', '2021-06-01'] };
    const f = responseFeatures(p);
    expect(f.relapses).toBe(3);
    expect(f.relapsesOnTherapy).toBe(1); // 2021-06-01; 2020-07-01 happened before the drug could act
    // NEDA from the therapy start: the relapse on that day does not count, 2021-06-01 does
    expect(f.neda).toBe(false);
    expect(responseFeatures({ ...p, relapses: ['2020-07-01'], cdw: [], mri: [{ date: '2021-01-01', newT2: 0, gdEnhancing: 0 }] }).neda).toBe(true);
    const inc = responseFeatures(p, { includeIndexRelapses: true });
    expect([inc.relapses, inc.relapsesOnTherapy]).toEqual([4, 2]);
    expect(responseFeatures({ ...p, relapses: ['2020-07-01'], cdw: [], mri: [{ date: '2021-01-01', newT2: 0, gdEnhancing: 0 }] }, { includeIndexRelapses: true }).neda).toBe(false);
  });

  it('merges overlapping exposure and clips it to the window', () => {
    const f = responseFeatures({ ...patient, therapy: [{ start: '2019-01-01', stop: '2020-03-31' }, { start: '2020-03-01', stop: '2020-05-31' }] });
    // 2020-01-01 .. 2020-05-31 = 151 days; relapse 2020-03-01 inside
    expect(f.onTherapyYears).toBeCloseTo(151 / 365.25, 12);
    expect(f.relapsesOnTherapy).toBe(1);
  });

  it('rejects a window ending before it starts and bad options', () => {
    expect(() => responseFeatures({ ...patient, end: '2019-01-01' })).toThrow(UsageError);
    expect(() => responseFeatures(patient, { minSlopeVisits: 1 })).toThrow(/minSlopeVisits/);
    expect(() => responseFeatures(patient, { nedaYears: 0 })).toThrow(/nedaYears/);
  });
});

describe('featureMatrix and baselineCovariates', () => {
  it('keeps complete rows, lists dropped ids and standardises as scale()', () => {
    const a = responseFeatures(patient);
    const b = responseFeatures({ ...patient, id: 'p2', relapses: [] });
    const c = responseFeatures({ ...patient, id: 'p3', therapy: [] });
    const m = featureMatrix([a, b, c], ['arrOnTherapy', 'edssSlope']);
    expect(m.ids).toEqual(['p1', 'p2']);
    expect(m.dropped).toEqual(['p3']);
    // arrOnTherapy column: x and 0 -> z = +-1/sqrt(2); slope constant -> centred only
    expect(m.rows[0]?.[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(m.rows[1]?.[0]).toBeCloseTo(-Math.SQRT1_2, 12);
    expect(m.rows[0]?.[1]).toBe(0);
    expect(m.scale[1]).toBe(1);
    const raw = featureMatrix([a], ['neda'], false);
    expect(raw.rows).toEqual([[0]]);
    expect(() => featureMatrix([a], ['nope' as never])).toThrow(/Unknown response feature/);
    expect(() => featureMatrix([a], [])).toThrow(UsageError);
  });

  it('computes baseline covariates at a therapy start', () => {
    const b = baselineCovariates({ date: '2020-07-01', onset: '2019-07-01', birthYear: 1990, birthMonth: 6, sex: 'female', edss: patient.edss, relapses: patient.relapses, therapyStarts: ['2018-01-01', '2020-07-01'] });
    expect(b.duration).toBeCloseTo(366 / 365.25, 12);
    expect(b.female).toBe(1);
    expect(b.edss).toBe(2);
    expect(b.relapses1y).toBe(1); // 2020-03-01
    expect(b.relapses2y).toBe(2); // and 2019-06-01
    expect(b.priorTherapy).toBe(1);
    expect(b.age).toBeCloseTo(ageAt(1990, 6, '2020-07-01'), 12);
  });
});
