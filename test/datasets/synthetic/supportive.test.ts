// The synthetic supportive therapies: their own random stream (the cohort's records and files stay
// byte-identical), eligibility, timing, outcomes within follow-up, the documented truth, and
// interventions with common random numbers (for the true risks of bench/tte-recovery.ts).
import { describe, expect, it } from 'vitest';
import { generateCohort } from '../../../datasets/synthetic/generate-cohort.js';
import { SUPPORTIVE_PARAMETERS } from '../../../datasets/synthetic/supportive-parameters.js';
import { generateSupportiveTherapies, supportiveTruthToJson, withSupportiveTherapies } from '../../../datasets/synthetic/supportive.js';
import { cohortToCsv, truthToJson } from '../../../datasets/synthetic/write-cohort-csv.js';
import { recordSchema } from '../../../engine/schema.js';
import { daysFromIso } from '../../../util/dates.js';

const cohort = generateCohort({ seed: 11, breast: 400, prostate: 200, ms: 20 });
const s = generateSupportiveTherapies(cohort);
const patient = new Map(cohort.patients.map((p) => [p.pseudonym, p]));
const truth = new Map(cohort.truth.breast.map((t) => [t.pseudonym, t]));
const day = (p: string, iso: string) => daysFromIso(iso) - daysFromIso(patient.get(p)!.index_date);

describe('generateSupportiveTherapies', () => {
  it('leaves the cohort untouched: its files are a prefix of the supportive cohort\'s, truth.json identical', () => {
    const before = cohortToCsv(cohort);
    const w = withSupportiveTherapies(cohort);
    const after = cohortToCsv(w);
    for (const f of ['patients.csv', 'observations.csv', 'visits.csv'] as const) expect(after[f]).toBe(before[f]);
    for (const f of ['treatments.csv', 'events.csv'] as const) {
      expect(after[f].startsWith(before[f])).toBe(true);
      expect(after[f].length).toBeGreaterThan(before[f].length);
    }
    expect(truthToJson(w)).toBe(truthToJson(cohort));
    expect(cohortToCsv(cohort)).toEqual(before); // input not modified
  });

  it('is deterministic, and changes with the seed', () => {
    expect(supportiveTruthToJson(generateSupportiveTherapies(cohort).truth)).toBe(supportiveTruthToJson(s.truth));
    const other = generateSupportiveTherapies(generateCohort({ seed: 12, breast: 400, prostate: 200, ms: 20 }));
    expect(JSON.stringify(other.treatments.slice(0, 5))).not.toBe(JSON.stringify(s.treatments.slice(0, 5)));
  });

  it('writes valid canonical records', () => {
    for (const t of s.treatments) expect(recordSchema('treatments').safeParse(t).success).toBe(true);
    for (const e of s.events) expect(recordSchema('events').safeParse(e).success).toBe(true);
    expect(s.treatments.every((t) => t.intent === 'supportive')).toBe(true);
    expect(s.events.every((e) => e.type === 'other' && e.code_system === 'local')).toBe(true);
  });

  it('gives bisphosphonates only to women from 50, within 18 months, while followed', () => {
    const bp = s.treatments.filter((t) => t.substance === 'zoledronic_acid');
    expect(bp.length).toBeGreaterThan(50);
    for (const t of bp) {
      const p = patient.get(t.pseudonym)!;
      expect(p.sex).toBe('female');
      expect(truth.get(t.pseudonym)!.ageAtDiagnosis).toBeGreaterThanOrEqual(50);
      const d = day(t.pseudonym, t.start);
      expect(d).toBeGreaterThanOrEqual(1);
      expect(d).toBeLessThanOrEqual(SUPPORTIVE_PARAMETERS.therapies.bisphosphonate.windowDays + 1);
      expect(t.start <= p.last_contact!).toBe(true);
      expect(t.atc).toBe('M05BA08');
    }
  });

  it('starts more often with positive nodes (confounding by indication)', () => {
    const eligible = cohort.truth.breast.filter((t) => t.ageAtDiagnosis >= 50 && patient.get(t.pseudonym)!.sex === 'female');
    const started = new Set(s.treatments.filter((t) => t.substance === 'zoledronic_acid').map((t) => t.pseudonym));
    const share = (pos: boolean) => { const g = eligible.filter((t) => (t.positiveNodes >= 1) === pos); return g.filter((t) => started.has(t.pseudonym)).length / g.length; };
    expect(share(true)).toBeGreaterThan(share(false));
  });

  it('records outcomes only after the index date and by the end of follow-up (death competes)', () => {
    for (const e of s.events) {
      const p = patient.get(e.pseudonym)!;
      expect(e.date > p.index_date).toBe(true);
      expect(e.date <= p.last_contact!).toBe(true);
    }
    const codes = new Set(s.events.map((e) => e.code));
    for (const o of SUPPORTIVE_PARAMETERS.outcomes) expect(codes.has(o.code)).toBe(true);
    expect(s.events.filter((e) => e.code === 'lymphoedema').every((e) => patient.get(e.pseudonym)!.diagnosis === 'breast_cancer')).toBe(true);
  });

  it('documents the true effects, null ones included', () => {
    const eff = (therapy: string, outcome: string) => s.truth.trueEffects.find((e) => e.therapy === therapy && e.outcome === outcome)!.hazardRatio;
    expect(eff('bisphosphonate', 'fracture')).toBeCloseTo(0.6, 12);
    expect(eff('psychoOncology', 'depression')).toBeCloseTo(0.7, 12);
    expect(eff('lymphoedemaPhysiotherapy', 'lymphoedema')).toBeCloseTo(0.5, 12);
    expect(eff('prostateExercise', 'fracture')).toBeCloseTo(0.7, 12);
    expect(eff('exercise', 'depression')).toBe(1);
    expect(eff('bisphosphonate', 'distant_metastasis')).toBe(1);
    expect(eff('bisphosphonate', 'cataract')).toBe(1);
    expect(s.truth.trueEffects.filter((e) => e.negativeControl).every((e) => e.hazardRatio === 1)).toBe(true);
  });
});

describe('interventions (the true risks of a strategy)', () => {
  const grace = 180;
  const treat = generateSupportiveTherapies(cohort, { intervention: { therapy: 'bisphosphonate', strategy: 'treat', graceDays: grace } });
  const control = generateSupportiveTherapies(cohort, { intervention: { therapy: 'bisphosphonate', strategy: 'control', graceDays: grace } });
  const starts = (r: typeof s) => new Map(r.treatments.filter((t) => t.substance === 'zoledronic_acid').map((t) => [t.pseudonym, day(t.pseudonym, t.start)]));
  it('"treat" starts every eligible patient followed through the grace period within it', () => {
    const st = starts(treat);
    const eligible = cohort.truth.breast.filter((t) => t.ageAtDiagnosis >= 50 && patient.get(t.pseudonym)!.sex === 'female' && day(t.pseudonym, patient.get(t.pseudonym)!.last_contact!) > grace);
    for (const t of eligible) {
      expect(st.has(t.pseudonym)).toBe(true);
      expect(st.get(t.pseudonym)!).toBeLessThanOrEqual(grace);
    }
  });

  it('"control" starts nobody within the grace period', () => {
    for (const d of starts(control).values()) expect(d).toBeGreaterThan(grace);
  });

  it('changes nothing else: the other therapies and the outcomes of patients who never start are the same', () => {
    const other = (r: typeof s) => r.treatments.filter((t) => t.substance !== 'zoledronic_acid');
    expect(other(treat)).toEqual(other(s));
    const never = new Set(cohort.patients.map((p) => p.pseudonym).filter((p) => !starts(treat).has(p) && !starts(s).has(p)));
    const ev = (r: typeof s) => r.events.filter((e) => never.has(e.pseudonym));
    expect(ev(treat)).toEqual(ev(s));
  });
});
