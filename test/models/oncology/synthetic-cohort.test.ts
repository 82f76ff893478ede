/**
 * The oncology rules recover the ground truth of the synthetic cohort
 * (datasets/synthetic): the generator dates each biochemical recurrence by
 * AUA (prostatectomy) or Phoenix (radiotherapy) on the recorded PSA series,
 * and records breast cancer recurrences and deaths with their latent dates.
 */
import { describe, expect, it } from 'vitest';
import { generateCohort } from '../../../datasets/synthetic/generate-cohort.js';
import {
  biochemicalRecurrenceAfterProstatectomy,
  biochemicalRecurrenceAfterRadiotherapy,
  biochemicalRecurrences,
  psaDoublingTime,
  steepEndpoints,
  type PsaValue,
} from '../../../models/oncology/index.js';

const cohort = generateCohort({ seed: 20261128, breast: 250, prostate: 400, ms: 0 });
const days = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / 864e5;

function psaOf(pseudonym: string): PsaValue[] {
  return cohort.observations.filter((o) => o.pseudonym === pseudonym && o.code === 'PSA' && o.value != null).map((o) => ({ date: o.date, value: o.value as number }));
}

describe('oncology rules on the synthetic cohort', () => {
  it('recover every recorded biochemical recurrence (AUA after prostatectomy, Phoenix after radiotherapy)', () => {
    let aua = 0;
    let phoenix = 0;
    let censored = 0;
    for (const t of cohort.truth.prostate) {
      const psa = psaOf(t.pseudonym);
      const r =
        t.treatment === 'prostatectomy'
          ? biochemicalRecurrenceAfterProstatectomy(psa, { surgeryDate: t.treatmentEnd, lastFollowUp: t.lastContact })
          : biochemicalRecurrenceAfterRadiotherapy(psa, { treatmentEnd: t.treatmentEnd, lastFollowUp: t.lastContact });
      expect(r.date, t.pseudonym).toBe(t.biochemicalRecurrenceDate);
      if (r.status === 1) {
        expect(r.time).toBe(days(t.treatmentEnd, r.date as string));
        if (t.treatment === 'prostatectomy') aua++;
        else phoenix++;
      } else {
        expect(r.endDate).toBe(t.lastContact);
        censored++;
      }
    }
    expect(aua).toBeGreaterThan(20);
    expect(phoenix).toBeGreaterThan(3);
    expect(censored).toBeGreaterThan(100);
  });

  it('gives the same answer through the vectorized facade, in patient order', () => {
    const patients = cohort.truth.prostate.map((t) => ({ pseudonym: t.pseudonym, treatment: t.treatment, treatmentDate: t.treatmentEnd, lastFollowUp: t.lastContact }));
    const r = biochemicalRecurrences(cohort.observations, patients);
    expect(r.pseudonym).toEqual(patients.map((p) => p.pseudonym));
    expect(r.date).toEqual(cohort.truth.prostate.map((t) => t.biochemicalRecurrenceDate));
    expect(Array.from(r.status)).toEqual(cohort.truth.prostate.map((t) => (t.biochemicalRecurrenceDate === null ? 0 : 1)));
    cohort.truth.prostate.forEach((t, i) => {
      expect(r.time[i]).toBe(days(t.treatmentEnd, t.biochemicalRecurrenceDate ?? t.lastContact));
      expect(r.rule[i]).toBe(t.treatment === 'prostatectomy' ? 'AUA' : 'Phoenix');
    });
  });

  it('recovers the generator doubling time from the rising PSA after prostatectomy', () => {
    let checked = 0;
    for (const t of cohort.truth.prostate) {
      if (t.treatment !== 'prostatectomy' || t.biochemicalRecurrenceDate === null) continue;
      // above 0.5 ng/mL the generator's 2-decimal flooring moves ln PSA by < 2%
      const rising = psaOf(t.pseudonym).filter((p) => p.date >= t.biochemicalRecurrenceDate! && p.value >= 0.5);
      if (rising.length < 3) continue;
      const r = psaDoublingTime(rising, { unit: 'months' });
      expect(Math.abs(r.doublingTime - t.doublingTimeMonths) / t.doublingTimeMonths, t.pseudonym).toBeLessThan(0.05);
      expect(Math.abs(psaDoublingTime(rising, { unit: 'years' }).doublingTime * 12 - r.doublingTime)).toBeLessThan(1e-9);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('recover first recurrence and death of the breast cancer patients (RFS, OS, IDFS)', () => {
    const breast = cohort.patients.filter((p) => p.diagnosis === 'breast_cancer');
    const truth = new Map(cohort.truth.breast.map((t) => [t.pseudonym, t]));
    const frames = breast.map((p) => ({ pseudonym: p.pseudonym, origin: p.index_date, lastFollowUp: truth.get(p.pseudonym)!.lastContact }));
    expect(breast.every((p) => p.last_contact === truth.get(p.pseudonym)!.lastContact)).toBe(true);
    const rfs = steepEndpoints(cohort.events, frames, { endpoint: 'RFS' });
    const os = steepEndpoints(cohort.events, frames, { endpoint: 'OS' });
    const idfs = steepEndpoints(cohort.events, frames, { endpoint: 'IDFS' });
    let recurrences = 0;
    let deaths = 0;
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      const t = truth.get(f.pseudonym)!;
      // OS: death from any cause, else censored at last contact
      expect(os.status[i]).toBe(t.deathDate === null ? 0 : 1);
      expect(os.time[i]).toBe(days(f.origin, t.deathDate ?? t.lastContact));
      if (t.deathDate !== null) deaths++;
      // RFS: the first recorded recurrence, or death, whichever came first
      const first = t.firstRecurrence;
      if (first !== null && (t.deathDate === null || first.date <= t.deathDate)) {
        expect(rfs.eventDate[i], f.pseudonym).toBe(first.date);
        expect(rfs.eventType[i]).toBe(first.type); // a recurrence on the day of death is reported before the death
        recurrences++;
      } else {
        expect(rfs.eventDate[i]).toBe(t.deathDate);
      }
      // IDFS counts more events, so it can only end earlier
      expect(idfs.time[i]!).toBeLessThanOrEqual(rfs.time[i]!);
      expect(idfs.status[i]!).toBeGreaterThanOrEqual(rfs.status[i]!);
    }
    expect(recurrences).toBeGreaterThan(20);
    expect(deaths).toBeGreaterThan(5);
    expect(rfs.warnings).toContain(`${cohort.events.filter((e) => !truth.has(e.pseudonym)).length} event(s) of pseudonyms not in patients ignored`);
  });
});
