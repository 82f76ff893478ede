import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../engine/schema.js';
import { PROSTATE_PARAMETERS } from '../../../datasets/synthetic/parameters.js';
import { prostateLinearPredictor } from '../../../datasets/synthetic/prostate.js';
import { byPatient, defaultCohort } from './fixture.js';

const c = defaultCohort();
const prostate = c.truth.prostate;
const obs = byPatient(c.observations);
const events = byPatient(c.events);

/** AUA 2007, written independently of the generator: first PSA >= 0.2 confirmed by the next value >= 0.2; dated at the first. */
function auaDate(series: readonly Observation[]): string | null {
  for (let i = 0; i + 1 < series.length; i++) if (series[i]!.value! >= 0.2 && series[i + 1]!.value! >= 0.2) return series[i]!.date;
  return null;
}
/** Phoenix (Roach 2006): first PSA >= lowest earlier value + 2; dated when met. */
function phoenixDate(series: readonly Observation[]): string | null {
  let nadir = Infinity;
  for (const o of series) {
    if (o.value! >= nadir + 2) return o.date;
    nadir = Math.min(nadir, o.value!);
  }
  return null;
}

describe('synthetic prostate cancer', () => {
  it('lets the AUA and Phoenix rules recover exactly the recorded biochemical recurrences', () => {
    let aua = 0;
    let phoenix = 0;
    for (const t of prostate) {
      const psa = (obs.get(t.pseudonym) ?? []).filter((o) => o.code === 'PSA' && o.date > t.treatmentEnd);
      const rule = t.treatment === 'prostatectomy' ? auaDate(psa) : phoenixDate(psa);
      const ev = (events.get(t.pseudonym) ?? []).filter((e) => e.type === 'biochemical_recurrence');
      expect(rule, t.pseudonym).toBe(t.biochemicalRecurrenceDate);
      expect(ev.map((e) => e.date)).toEqual(rule === null ? [] : [rule]);
      if (rule !== null) {
        // never before the latent recurrence (up to the 2-decimal rounding of the Phoenix values)
        expect(Date.parse(rule) - Date.parse(t.latentRecurrenceDate)).toBeGreaterThanOrEqual(-15 * 864e5);
        if (t.treatment === 'prostatectomy') aua++;
        else phoenix++;
      }
    }
    expect(aua).toBeGreaterThan(30);
    expect(phoenix).toBeGreaterThan(3);
  });

  it('rises with the stated doubling time after recurrence', () => {
    let checked = 0;
    for (const t of prostate) {
      if (t.treatment !== 'prostatectomy' || t.biochemicalRecurrenceDate === null) continue;
      const psa = (obs.get(t.pseudonym) ?? []).filter((o) => o.code === 'PSA' && o.date >= t.biochemicalRecurrenceDate! && o.value! >= 0.5); // above 0.5 the 2-decimal flooring changes ln PSA by < 2%
      if (psa.length < 3) continue;
      // least-squares slope of ln PSA on time (months): DT = ln 2 / slope
      const x = psa.map((o) => Date.parse(o.date) / 864e5 / PROSTATE_PARAMETERS.daysPerMonth);
      const y = psa.map((o) => Math.log(o.value!));
      const mx = x.reduce((a, b) => a + b) / x.length;
      const my = y.reduce((a, b) => a + b) / y.length;
      let sxy = 0;
      let sxx = 0;
      for (let i = 0; i < x.length; i++) {
        sxy += (x[i]! - mx) * (y[i]! - my);
        sxx += (x[i]! - mx) ** 2;
      }
      const dt = Math.log(2) / (sxy / sxx);
      expect(Math.abs(dt - t.doublingTimeMonths) / t.doublingTimeMonths, t.pseudonym).toBeLessThan(0.05);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('keeps PSA undetectable or low after prostatectomy without recurrence', () => {
    for (const t of prostate) {
      if (t.treatment !== 'prostatectomy' || t.biochemicalRecurrenceDate !== null) continue;
      const latent = t.latentRecurrenceDate;
      for (const o of obs.get(t.pseudonym) ?? []) {
        if (o.code !== 'PSA' || o.date <= t.treatmentEnd) continue;
        if (o.date < latent) expect(o.value!).toBeLessThan(0.2);
        if (o.value_text === '<0.01') expect(o.value).toBe(0.01);
      }
    }
  });

  it('stores the stated linear predictor and shows higher recurrence with higher grade group', () => {
    for (const t of prostate) {
      const lp = prostateLinearPredictor({
        psa: t.psaAtDiagnosis,
        gradeGroup: t.gradeGroup,
        clinicalT3: t.clinicalT.startsWith('cT3'),
        positiveMargin: t.positiveMargin === true,
        seminalVesicleInvasion: t.seminalVesicleInvasion === true,
        nodePositive: t.nodePositive === true,
        radiotherapy: t.treatment === 'radiotherapy',
      });
      expect(t.linearPredictor).toBeCloseTo(lp, 6);
    }
    const rate = (f: (t: (typeof prostate)[number]) => boolean): number => {
      const g = prostate.filter(f);
      return g.filter((t) => t.biochemicalRecurrenceDate !== null).length / g.length;
    };
    expect(rate((t) => t.gradeGroup >= 4)).toBeGreaterThan(rate((t) => t.gradeGroup === 1));
  });

  it('records pathology only after prostatectomy and metastases only after recurrence, followed by ADT', () => {
    for (const t of prostate) {
      const codes = new Set((obs.get(t.pseudonym) ?? []).map((o) => o.code));
      expect(codes.has('MARGIN')).toBe(t.treatment === 'prostatectomy');
      expect(codes.has('ISUP') && codes.has('GLEASON') && codes.has('PSA')).toBe(true);
      if (t.metastasisDate !== null) {
        expect(t.latentRecurrenceDate < t.metastasisDate).toBe(true);
        const psaAfter = (obs.get(t.pseudonym) ?? []).filter((o) => o.code === 'PSA' && o.date > t.metastasisDate!);
        expect(psaAfter).toEqual([]);
      }
    }
  });
});
