/**
 * Synthetic patient-reported outcomes: EQ-5D-5L for every patient, and the
 * disease's own questionnaire (QLQ-C30 for breast cancer, EPIC-26 for
 * prostate cancer, MSIS-29 for MS), answered on a schedule and driven by the
 * patient's recorded course (model and parameters: pro-parameters.ts;
 * docs/pro.md "Synthetic reports"):
 * - breast cancer: burden higher in the year after a chemotherapy start, after
 *   a local or regional recurrence, and more after a distant metastasis;
 * - prostate cancer: urinary incontinence and sexual burden after radical
 *   prostatectomy (acute, then partly recovering), bowel and irritative burden
 *   after radiotherapy, sexual burden growing after radiotherapy, hormonal and
 *   sexual burden on androgen deprivation, general burden after biochemical
 *   recurrence and metastasis;
 * - MS: MSIS-29 physical impact rising with the EDSS recorded that day,
 *   psychological impact with EDSS and a recent relapse; EQ-5D mobility from EDSS.
 * The reports are a function of a generated cohort ({@link generateCohortReports}):
 * each patient's reports come from their own random stream, seeded by (seed,
 * 10 + disease stream, patient number), never from the streams of the clinical
 * records, so `generateCohort` and every clinical record it writes are exactly
 * as before reports existed, and tests that need no reports pay nothing for
 * them. Answers are scored by the engine's scoring (models/pro), so stored
 * scores and answers agree.
 */
import { EPIC_26_ITEMS } from '../../models/pro/epic-26.js';
import { scoreAnswers } from '../../models/pro/instruments.js';
import type { Answers, InstrumentId, Scores } from '../../models/pro/types.js';
import { normal, randomInt, seededRandom, type RandomSource } from '../../util/random.js';
import { daysFromIso, isoFromDays } from './dates.js';
import { PRO_PARAMETERS as PP } from './pro-parameters.js';
import { clip, streamSeed } from './sampling.js';
import type { PatientRecords, SyntheticCohort } from './types.js';

/** One synthetic report: the plain form with its patient and scores. */
export interface SyntheticReport {
  pseudonym: string;
  instrument: InstrumentId;
  /** ISO day. */
  date: string;
  answers: Answers;
  scores: Scores;
}

const DAYS_PER_MONTH = 30.4375;

/** The level of an item on `[min, max]` for a burden `b` (0 best, 1 worst) plus item noise; `worseUp`: higher answers are worse. */
function level(rand: RandomSource, b: number, min: number, max: number, worseUp: boolean): number {
  const x = clip(b + normal(rand, 0, PP.itemNoiseSd), 0, 1);
  const steps = Math.round(x * (max - min));
  return worseUp ? min + steps : max - steps;
}

/** Answers item by item, leaving each out with probability `missing` (the draw is made for every item, answered or not). */
function answer(rand: RandomSource, out: Record<string, number>, code: string, value: number, missing: number): void {
  if (rand() >= missing) out[code] = value;
}

function eq5d(rand: RandomSource, b: number, mobility: number = b): Record<string, number> {
  const w = PP.eq5d.weights;
  const out: Record<string, number> = {
    MO: level(rand, clip(w.MO * mobility, 0, 1), 1, 5, true),
    SC: level(rand, clip(w.SC * b, 0, 1), 1, 5, true),
    UA: level(rand, clip(w.UA * b, 0, 1), 1, 5, true),
    PD: level(rand, clip(w.PD * b, 0, 1), 1, 5, true),
    AD: level(rand, clip(w.AD * b, 0, 1), 1, 5, true),
  };
  const vas = Math.round(clip(100 * (1 - PP.eq5d.vasWeight * b) + normal(rand, 0, PP.eq5d.vasSd), 0, 100));
  answer(rand, out, 'VAS', vas, PP.vasMissing);
  return out;
}

/** Report days: the index day, then each anniversary of the schedule plus a jitter, up to the last day; `year` counts anniversaries. */
function yearlyDays(rand: RandomSource, indexDay: number, lastDay: number): { day: number; year: number }[] {
  const out: { day: number; year: number }[] = [{ day: indexDay, year: 0 }];
  for (let year = 1; ; year++) {
    const day = indexDay + Math.round(year * 365.25) + randomInt(rand, PP.schedule.jitterDays + 1);
    if (day > lastDay) break;
    if (isEq5dYear(year) || isSpecificYear(year)) out.push({ day, year });
  }
  return out;
}

const isSpecificYear = (year: number): boolean => PP.schedule.specificYears.includes(year);
const isEq5dYear = (year: number): boolean => PP.schedule.eq5dYears.includes(year);

interface Course {
  indexDay: number;
  lastDay: number;
  age: number;
  eventDays: (types: readonly string[]) => number[];
}

function courseOf(rec: PatientRecords): Course {
  const p = rec.patient;
  const indexDay = daysFromIso(p.index_date);
  const lastDay = daysFromIso(p.last_contact ?? p.index_date);
  return {
    indexDay,
    lastDay,
    age: Number(p.index_date.slice(0, 4)) - p.birth_year,
    eventDays: (types) => rec.events.filter((e) => types.includes(e.type)).map((e) => daysFromIso(e.date)),
  };
}

const firstOn = (days: readonly number[], day: number): boolean => days.some((d) => d <= day);

function breastReports(rec: PatientRecords, rand: RandomSource): { day: number; instrument: InstrumentId; answers: Record<string, number> }[] {
  const B = PP.breast;
  const c = courseOf(rec);
  const offset = normal(rand, 0, PP.patientSd);
  const chemoStarts = rec.treatments.filter((t) => t.class === 'chemotherapy').map((t) => daysFromIso(t.start));
  const localRegional = c.eventDays(['local_recurrence', 'regional_recurrence']);
  const distant = c.eventDays(['distant_metastasis']);
  const out: { day: number; instrument: InstrumentId; answers: Record<string, number> }[] = [];
  for (const { day, year } of yearlyDays(rand, c.indexDay, c.lastDay)) {
    let b = B.base + B.perYearOver60 * Math.max(0, c.age - 60) + offset + normal(rand, 0, PP.reportSd);
    if (chemoStarts.some((s) => day >= s && day - s <= 365)) b += B.chemotherapyFirstYear;
    if (firstOn(localRegional, day)) b += B.afterLocalRegionalRecurrence;
    if (firstOn(distant, day)) b += B.afterDistantMetastasis;
    b = clip(b, 0, 1);
    if (isEq5dYear(year)) out.push({ day, instrument: 'EQ-5D-5L', answers: eq5d(rand, b) });
    if (!isSpecificYear(year)) continue;
    const symptom = clip(B.symptomBase + B.symptomShare * b, 0, 1);
    const q: Record<string, number> = {};
    for (let i = 1; i <= 30; i++) {
      const functional = i <= 7 || (i >= 20 && i <= 27);
      const v = i >= 29 ? level(rand, b, 1, 7, false) : level(rand, functional ? b : symptom, 1, 4, true);
      answer(rand, q, `q${i}`, v, PP.itemMissing);
    }
    out.push({ day, instrument: 'QLQ-C30', answers: q });
  }
  return out;
}

function prostateReports(rec: PatientRecords, rand: RandomSource): { day: number; instrument: InstrumentId; answers: Record<string, number> }[] {
  const P = PP.prostate;
  const c = courseOf(rec);
  const offset = normal(rand, 0, PP.patientSd);
  const primary = rec.treatments.find((t) => t.substance === 'radical_prostatectomy' || t.substance === 'radiotherapy');
  const prostatectomy = primary?.substance === 'radical_prostatectomy';
  const treatStart = primary ? daysFromIso(primary.start) : Number.POSITIVE_INFINITY;
  const treatEnd = primary ? daysFromIso(primary.stop ?? primary.start) : Number.POSITIVE_INFINITY;
  const adt = rec.treatments.filter((t) => t.substance === 'leuprorelin').map((t) => ({ start: daysFromIso(t.start), stop: t.stop ? daysFromIso(t.stop) : Number.POSITIVE_INFINITY }));
  const bcr = c.eventDays(['biochemical_recurrence']);
  const distant = c.eventDays(['distant_metastasis']);
  const days = yearlyDays(rand, c.indexDay, c.lastDay).map((d) => ({ ...d, eq5d: isEq5dYear(d.year), specific: isSpecificYear(d.year) }));
  const post = treatEnd + P.postTreatmentReportDays;
  if (primary && post <= c.lastDay && !days.some((d) => d.day === post)) days.push({ day: post, year: -1, eq5d: true, specific: true });
  days.sort((a, b) => a.day - b.day);
  const out: { day: number; instrument: InstrumentId; answers: Record<string, number> }[] = [];
  for (const { day, eq5d: withEq5d, specific } of days) {
    const after = day >= treatStart;
    const months = Math.max(0, (day - treatEnd) / DAYS_PER_MONTH);
    const onAdt = adt.some((a) => day >= a.start && day <= a.stop);
    const noise = offset + normal(rand, 0, PP.reportSd);
    const rp = P.prostatectomy;
    const rt = P.radiotherapy;
    const acute = (recovery: number): number => Math.exp(-months / recovery);
    const domain: Record<string, number> = {
      urinary_incontinence: P.before.urinary_incontinence + (after ? (prostatectomy ? rp.incontinenceAcute * acute(rp.recoveryMonths) + rp.incontinenceLasting : rt.incontinence) : 0),
      urinary_irritative: P.before.urinary_irritative + (after ? (prostatectomy ? rp.irritative : rt.irritativeAcute * acute(rt.recoveryMonths) + rt.irritativeLasting) : 0),
      bowel: P.before.bowel + (after && !prostatectomy ? rt.bowelAcute * acute(rt.recoveryMonths) + rt.bowelLasting : 0),
      sexual:
        P.before.sexual +
        P.sexualPerYearOver60 * Math.max(0, c.age - 60) +
        (after ? (prostatectomy ? rp.sexualAcute * acute(rp.recoveryMonths) + rp.sexualLasting : Math.min(rt.sexualMax, (rt.sexualPerYear * months) / 12)) : 0) +
        (onAdt ? P.adtSexual : 0),
      hormonal: P.before.hormonal + (onAdt ? P.adtHormonal : 0),
    };
    for (const k of Object.keys(domain)) domain[k] = clip(domain[k]! + noise, 0, 1);
    let b = P.base + P.perYearOver60 * Math.max(0, c.age - 60) + noise + 0.25 * (domain.urinary_incontinence! - P.before.urinary_incontinence);
    if (firstOn(bcr, day)) b += P.afterBiochemicalRecurrence;
    if (firstOn(distant, day)) b += P.afterDistantMetastasis;
    if (withEq5d) out.push({ day, instrument: 'EQ-5D-5L', answers: eq5d(rand, clip(b, 0, 1)) });
    if (!specific) continue;
    const domainOf = (code: string): number => {
      if (['q1', 'q2', 'q3', 'q4a'].includes(code)) return domain.urinary_incontinence!;
      if (code.startsWith('q4') || code === 'q5') return code === 'q5' ? Math.max(domain.urinary_incontinence!, domain.urinary_irritative!) : domain.urinary_irritative!;
      if (code.startsWith('q6') || code === 'q7') return domain.bowel!;
      if (code.startsWith('q13')) return domain.hormonal!;
      return domain.sexual!;
    };
    const q: Record<string, number> = {};
    for (const it of EPIC_26_ITEMS) {
      const worseUp = it.values[0]! > it.values[it.values.length - 1]!;
      answer(rand, q, it.code, level(rand, domainOf(it.code), it.min, it.max, worseUp), PP.itemMissing);
    }
    out.push({ day, instrument: 'EPIC-26', answers: q });
  }
  return out;
}

function msReports(rec: PatientRecords, rand: RandomSource): { day: number; instrument: InstrumentId; answers: Record<string, number> }[] {
  const M = PP.ms;
  const c = courseOf(rec);
  const offset = normal(rand, 0, PP.patientSd);
  const relapses = c.eventDays(['relapse']);
  const edss = rec.observations
    .filter((o) => o.code === 'EDSS' && o.value !== null && o.value !== undefined)
    .map((o) => ({ day: daysFromIso(o.date), value: o.value as number }))
    .sort((a, b) => a.day - b.day);
  const out: { day: number; instrument: InstrumentId; answers: Record<string, number> }[] = [];
  // One report day per year of follow-up: the first EDSS visit of that year.
  let year = -1;
  for (const e of edss) {
    if (e.day < c.indexDay || e.day > c.lastDay) continue;
    const y = Math.floor((e.day - c.indexDay) / 365.25);
    if (y === year) continue;
    year = y;
    const noise = offset + normal(rand, 0, PP.reportSd);
    const recentRelapse = relapses.some((r) => r <= e.day && e.day - r <= M.relapseWindowDays);
    const physical = clip(M.physicalBase + M.physicalPerEdss * e.value + noise, 0, 1);
    const psychological = clip(M.psychologicalBase + M.psychologicalPerEdss * e.value + noise + (recentRelapse ? M.relapseEffect : 0), 0, 1);
    const b = clip(M.physicalShare * physical + M.psychologicalShare * psychological, 0, 1);
    const mobility = clip(e.value / M.mobilityEdssScale + noise, 0, 1);
    if (!isEq5dYear(y) && !isSpecificYear(y)) continue;
    if (isEq5dYear(y)) {
      const eq = eq5d(rand, b, mobility);
      eq.AD = level(rand, clip(PP.eq5d.weights.AD * psychological, 0, 1), 1, 5, true);
      out.push({ day: e.day, instrument: 'EQ-5D-5L', answers: eq });
    }
    if (!isSpecificYear(y)) continue;
    const q: Record<string, number> = {};
    for (let i = 1; i <= 29; i++) answer(rand, q, `q${i}`, level(rand, i <= 20 ? physical : psychological, 1, 5, true), PP.itemMissing);
    out.push({ day: e.day, instrument: 'MSIS-29', answers: q });
  }
  return out;
}

/**
 * The reports of one generated patient (see the module documentation), in date
 * order, each scored; a report no score can be computed for is left out.
 *
 * @param records the patient's finished clinical records
 * @param rand the patient's report stream (never the stream of the records)
 * @example generatePatientReports(records, seededRandom(streamSeed(seed, 11, i)))
 */
export function generatePatientReports(records: PatientRecords, rand: RandomSource): SyntheticReport[] {
  const d = records.patient.diagnosis;
  const raw = d === 'breast_cancer' ? breastReports(records, rand) : d === 'prostate_cancer' ? prostateReports(records, rand) : d === 'multiple_sclerosis' ? msReports(records, rand) : [];
  const out: SyntheticReport[] = [];
  for (const r of raw) {
    const scores = scoreAnswers(r.instrument, r.answers);
    if (Object.values(scores).every((s) => s === null)) continue;
    out.push({ pseudonym: records.patient.pseudonym, instrument: r.instrument, date: isoFromDays(r.day), answers: r.answers, scores });
  }
  return out;
}

/**
 * The reports of a generated cohort: every patient's, in the cohort's patient
 * order, each from the patient's own report stream (see the module
 * documentation). The same cohort (same seed and counts) always gives the
 * same reports, and one disease's reports do not change when another
 * disease's count does.
 *
 * @example const cohort = generateCohort({ seed: 1, breast: 10, prostate: 0, ms: 0 }); generateCohortReports(cohort).filter((r) => r.instrument === 'QLQ-C30').length
 */
export function generateCohortReports(cohort: SyntheticCohort): SyntheticReport[] {
  const seed = cohort.truth.generator.options.seed;
  const byPatient = new Map<string, PatientRecords>();
  for (const patient of cohort.patients) byPatient.set(patient.pseudonym, { patient, events: [], observations: [], treatments: [], visits: [] });
  for (const e of cohort.events) byPatient.get(e.pseudonym)?.events.push(e);
  for (const o of cohort.observations) byPatient.get(o.pseudonym)?.observations.push(o);
  for (const t of cohort.treatments) byPatient.get(t.pseudonym)?.treatments.push(t);
  for (const v of cohort.visits) byPatient.get(v.pseudonym)?.visits.push(v);
  const numberWithin = new Map<string, number>();
  const out: SyntheticReport[] = [];
  for (const records of byPatient.values()) {
    const d = records.patient.diagnosis;
    const stream = PP.diseaseStreams[d];
    if (stream === undefined) continue;
    const i = numberWithin.get(d) ?? 0;
    numberWithin.set(d, i + 1);
    for (const r of generatePatientReports(records, seededRandom(streamSeed(seed, PP.reportStreamBase + stream, i)))) out.push(r);
  }
  return out;
}
