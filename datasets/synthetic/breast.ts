/**
 * One synthetic breast cancer patient: tumour characteristics at diagnosis,
 * adjuvant therapy, invasive events from a Weibull proportional-hazards model
 * with known log hazard ratios (BREAST_PARAMETERS.recurrence), death and a
 * guideline follow-up schedule. Time origin (index date) = diagnosis.
 */
import type { ClinicalEvent, Observation, Patient, Treatment, Visit } from '../../engine/schema.js';
import { exponential, randomInt, type RandomSource } from '../../util/random.js';
import { yearsToDays } from './dates.js';
import { backgroundDeathDay, birthFromAge, censoringDay, drawIndexDay, finalizeRecords, iso } from './follow-up.js';
import { BREAST_PARAMETERS as P, COMMON_PARAMETERS } from './parameters.js';
import { bernoulli, categorical, clip, clippedNormal, logNormal, roundTo, weibullPhTime } from './sampling.js';
import type { BreastTruth, PatientContext, PatientRecords } from './types.js';

const HER2_TEXT = ['0', '1+', '2+', '3+'] as const;
type RecurrenceType = NonNullable<BreastTruth['firstRecurrence']>['type'];
const MONTH = 30.4375;

/** Linear predictor of the recurrence model for the given covariates (see BREAST_PARAMETERS.recurrence). */
export function breastLinearPredictor(x: {
  age: number;
  sizeMm: number;
  positiveNodes: number;
  grade: 1 | 2 | 3;
  erPositive: boolean;
  ki67: number;
  her2Positive: boolean;
  trastuzumab: boolean;
}): number {
  const b = P.recurrence.logHazardRatios;
  return (
    b.agePer10Years * ((x.age - 60) / 10) +
    b.sizePer10mm * ((x.sizeMm - 20) / 10) +
    (x.positiveNodes >= 4 ? b.nodes4plus : x.positiveNodes >= 1 ? b.nodes1to3 : 0) +
    (x.grade === 2 ? b.grade2 : x.grade === 3 ? b.grade3 : 0) +
    (x.erPositive ? 0 : b.erNegative) +
    b.ki67Per10 * ((x.ki67 - 20) / 10) +
    (x.her2Positive && !x.trastuzumab ? b.her2PositiveUntreated : 0)
  );
}

function receptorPercent(rand: RandomSource, positive: boolean): number {
  if (!positive) return 0;
  if (bernoulli(rand, P.lowPositive)) return 1 + randomInt(rand, 9);
  return 10 + randomInt(rand, 91);
}

function yearsToDay(start: number, years: number): number {
  return start + Math.max(1, yearsToDays(Math.min(years, 200)));
}

/** Generate one breast cancer patient. */
export function generateBreastPatient(ctx: PatientContext, rand: RandomSource): { records: PatientRecords; truth: BreastTruth } {
  const pseudonym = ctx.pseudonym;
  const source = COMMON_PARAMETERS.source;
  const sex = bernoulli(rand, P.maleProportion) ? 'male' : 'female';
  const age = roundTo(clippedNormal(rand, P.age.mean, P.age.sd, P.age.min, P.age.max), 1);
  const indexDay = drawIndexDay(rand, ctx.recruitFrom, ctx.recruitTo);
  const indexYear = Number(iso(indexDay).slice(0, 4));

  // Tumour at diagnosis.
  const sizeMm = Math.round(clip(logNormal(rand, P.tumourSizeMm.median, P.tumourSizeMm.sdLog), P.tumourSizeMm.min, P.tumourSizeMm.max));
  const pNode = 1 / (1 + Math.exp(-(P.nodePositive.intercept + P.nodePositive.per10mm * ((sizeMm - 20) / 10))));
  let positiveNodes = 0;
  if (bernoulli(rand, pNode)) {
    positiveNodes = bernoulli(rand, P.nodes4PlusGivenPositive) ? 4 + Math.floor(exponential(rand, 1 / 4)) : 1 + randomInt(rand, 3);
  }
  const grade = (1 + categorical(rand, P.gradeProbabilities)) as 1 | 2 | 3;
  const erPositive = bernoulli(rand, P.erPositiveByGrade[grade - 1] as number);
  const prPositive = bernoulli(rand, erPositive ? P.prPositive.erPositive : P.prPositive.erNegative);
  const er = receptorPercent(rand, erPositive);
  const pr = receptorPercent(rand, prPositive);
  const her2Score = categorical(rand, P.her2Probabilities);
  const ishAmplified = her2Score === 2 ? bernoulli(rand, P.ish2PlusAmplified) : null;
  const her2Positive = her2Score === 3 || ishAmplified === true;
  const ki67 = Math.round(clip(logNormal(rand, P.ki67MedianByGrade[grade - 1] as number, P.ki67SdLog), 1, 95));

  const observations: Observation[] = [];
  const d0 = iso(indexDay);
  const obs = (code: string, value: number | null, valueText: string | null, unit: string | null): void => {
    observations.push({ pseudonym, date: d0, code, code_system: 'local', value, value_text: valueText, unit, source });
  };
  obs('ER', er, er >= P.receptorPositiveThresholdPercent ? 'positive' : 'negative', '%');
  obs('PR', pr, pr >= P.receptorPositiveThresholdPercent ? 'positive' : 'negative', '%');
  obs('HER2', her2Score, HER2_TEXT[her2Score] as string, null);
  if (ishAmplified !== null) obs('HER2_ISH', ishAmplified ? 1 : 0, ishAmplified ? 'amplified' : 'not amplified', null);
  obs('KI67', ki67, null, '%');
  obs('GRADE', grade, `G${grade}`, null);
  obs('TSIZE', sizeMm, null, 'mm');
  obs('NODES', positiveNodes, positiveNodes === 0 ? '0' : positiveNodes <= 3 ? '1-3' : '4+', null);

  // Adjuvant therapy.
  const T = P.therapy;
  const treatments: Treatment[] = [];
  const surgeryDay = indexDay + T.surgeryDelayDays[0] + randomInt(rand, T.surgeryDelayDays[1] - T.surgeryDelayDays[0] + 1);
  const bcs = bernoulli(rand, sizeMm <= 30 ? T.breastConservingProbability.small : T.breastConservingProbability.large);
  treatments.push({ pseudonym, start: iso(surgeryDay), stop: iso(surgeryDay), substance: bcs ? 'breast_conserving_surgery' : 'mastectomy', atc: null, class: 'surgery', intent: 'curative', line: null, stop_reason: 'completed', source });
  const chemoIndicated = positiveNodes >= 4 || grade === 3 || !erPositive || her2Positive || (positiveNodes >= 1 && ki67 >= 30);
  const chemotherapy = bernoulli(rand, chemoIndicated ? (age >= 75 ? T.chemotherapy.indicatedOver75 : T.chemotherapy.indicated) : T.chemotherapy.notIndicated);
  let nextStart = surgeryDay + 28 + randomInt(rand, 15);
  let taxaneStart = -1;
  if (chemotherapy) {
    const c0 = nextStart;
    const ecEnd = c0 + 83;
    taxaneStart = ecEnd + 1;
    const end = taxaneStart + 83;
    treatments.push({ pseudonym, start: iso(c0), stop: iso(ecEnd), substance: 'epirubicin', atc: 'L01DB03', class: 'chemotherapy', intent: 'adjuvant', line: 1, stop_reason: 'completed', source });
    treatments.push({ pseudonym, start: iso(c0), stop: iso(ecEnd), substance: 'cyclophosphamide', atc: 'L01AA01', class: 'chemotherapy', intent: 'adjuvant', line: 1, stop_reason: 'completed', source });
    treatments.push({ pseudonym, start: iso(taxaneStart), stop: iso(end), substance: 'paclitaxel', atc: 'L01CD01', class: 'chemotherapy', intent: 'adjuvant', line: 1, stop_reason: 'completed', source });
    nextStart = end + 21 + randomInt(rand, 15);
  }
  const trastuzumab = her2Positive && bernoulli(rand, T.trastuzumab);
  if (trastuzumab) {
    const start = chemotherapy ? taxaneStart : surgeryDay + 42;
    treatments.push({ pseudonym, start: iso(start), stop: iso(start + T.trastuzumabDays - 1), substance: 'trastuzumab', atc: 'L01FD01', class: 'anti_her2', intent: 'adjuvant', line: 1, stop_reason: 'completed', source });
  }
  const rtIndicated = bcs ? T.radiotherapy.afterBcs : positiveNodes >= 4 || sizeMm > 50 ? T.radiotherapy.afterMastectomyIndicated : 0;
  if (bernoulli(rand, rtIndicated)) {
    const start = nextStart;
    const days = indexYear >= 2016 ? 21 : 42;
    treatments.push({ pseudonym, start: iso(start), stop: iso(start + days - 1), substance: 'radiotherapy', atc: null, class: 'radiotherapy', intent: 'adjuvant', line: null, stop_reason: 'completed', source });
    nextStart = start + days + 14 + randomInt(rand, 15);
  }
  const hrPositive = erPositive || prPositive;
  const endocrineDrug: 'tamoxifen' | 'letrozole' | null = hrPositive && bernoulli(rand, T.endocrine.probability) ? (age < T.endocrine.premenopausalAgeBelow ? 'tamoxifen' : 'letrozole') : null;

  // Outcomes (latent times in days).
  const lp = breastLinearPredictor({ age, sizeMm, positiveNodes, grade, erPositive, ki67, her2Positive, trastuzumab });
  const R = P.recurrence;
  const recurrenceDay = yearsToDay(indexDay, weibullPhTime(rand, R.lambda, R.shape, lp));
  const firstSite = categorical(rand, R.firstSiteProbabilities);
  const distantDay = firstSite === 2 ? recurrenceDay : yearsToDay(recurrenceDay, exponential(rand, R.distantAfterLocoregionalRate));
  const metSite = P.metastasisSites[categorical(rand, P.metastasisSites.map((s) => s.p))] as (typeof P.metastasisSites)[number];
  const contralateralDay = yearsToDay(indexDay, exponential(rand, P.contralateralRate));
  const secondPrimaryDay = yearsToDay(indexDay, exponential(rand, P.secondPrimaryRate));
  const secondPrimaryCode = P.secondPrimaryCodes[randomInt(rand, P.secondPrimaryCodes.length)] as string;
  const otherDeathDay = backgroundDeathDay(rand, indexDay, age, sex === 'male' ? COMMON_PARAMETERS.gompertz.maleHazardRatio : 1);
  const cancerDeathDay = yearsToDay(distantDay, exponential(rand, P.cancerDeathAfterMetastasisRate));
  const deathDayLatent = Math.min(otherDeathDay, cancerDeathDay);
  const cens = censoringDay(rand, indexDay, ctx.endDay, P.lossToFollowUpRate);
  const died = deathDayLatent <= cens.day;
  const lastDay = died ? deathDayLatent : cens.day;
  const deathCause: BreastTruth['deathCause'] = died ? (cancerDeathDay < otherDeathDay ? 'breast_cancer' : 'other_cause') : null;
  const endocrineAeDay = yearsToDay(indexDay, exponential(rand, T.endocrine.adverseEventStopRate));

  // Events.
  const events: ClinicalEvent[] = [];
  const ev = (day: number, type: ClinicalEvent['type'], code: string | null, detail: string | null): void => {
    if (day > lastDay) return;
    events.push({ pseudonym, date: iso(day), type, code_system: code ? 'ICD-10-GM' : null, code, value: null, detail, source });
  };
  ev(indexDay, 'diagnosis', P.icd10, 'primary breast cancer');
  if (firstSite === 0) ev(recurrenceDay, 'local_recurrence', P.icd10, bernoulli(rand, 0.7) ? 'ipsilateral breast' : 'chest wall');
  if (firstSite === 1) ev(recurrenceDay, 'regional_recurrence', 'C77.3', 'ipsilateral axillary nodes');
  ev(distantDay, 'distant_metastasis', metSite.icd10, metSite.site);
  ev(contralateralDay, 'contralateral_cancer', P.icd10, 'contralateral breast');
  ev(secondPrimaryDay, 'second_primary', secondPrimaryCode, null);
  if (died) ev(deathDayLatent, 'death', deathCause === 'breast_cancer' ? P.icd10 : null, deathCause);

  // Endocrine therapy: planned 5 years, stopped early by adverse events, recurrence or death.
  if (endocrineDrug) {
    const start = nextStart;
    const planned = start + yearsToDays(T.endocrine.plannedYears) - 1;
    const firstInvasive = Math.min(recurrenceDay, contralateralDay);
    let stop = planned;
    let reason = 'completed';
    if (endocrineAeDay < stop && endocrineAeDay > start) {
      stop = endocrineAeDay;
      reason = 'adverse_event';
    }
    if (firstInvasive < stop && firstInvasive > start) {
      stop = firstInvasive;
      reason = 'recurrence';
    }
    if (died && deathDayLatent < stop) {
      stop = deathDayLatent;
      reason = 'death';
    }
    treatments.push({ pseudonym, start: iso(start), stop: iso(stop), substance: endocrineDrug, atc: endocrineDrug === 'tamoxifen' ? 'L02BA01' : 'L02BG04', class: 'endocrine', intent: 'adjuvant', line: 1, stop_reason: reason, source });
  }

  // Follow-up visits from surgery (S3 guideline schedule), jittered.
  const visits: Visit[] = [];
  let month = 0;
  schedule: for (const phase of P.visitSchedule) {
    while (month + phase.everyMonths <= phase.untilMonths) {
      month += phase.everyMonths;
      const day = surgeryDay + Math.round(month * MONTH) + randomInt(rand, 2 * P.visitJitterDays + 1) - P.visitJitterDays;
      if (day > lastDay) break schedule;
      visits.push({ pseudonym, date: iso(day), type: 'followup', provider: 'breast_centre', source });
    }
  }

  const birth = birthFromAge(indexDay, age);
  const patient: Patient = {
    pseudonym,
    birth_year: birth.birth_year,
    birth_month: birth.birth_month,
    sex,
    diagnosis: 'breast_cancer',
    diagnosis_icd10: P.icd10,
    site: ctx.site,
    index_date: iso(indexDay),
    last_contact: iso(lastDay),
    source,
  };
  const records = finalizeRecords({ patient, events, observations, treatments, visits });
  const firstRecorded = records.events.find((e) => e.type === 'local_recurrence' || e.type === 'regional_recurrence' || e.type === 'distant_metastasis');
  const truth: BreastTruth = {
    pseudonym,
    ageAtDiagnosis: age,
    tumourSizeMm: sizeMm,
    positiveNodes,
    nodesCategory: positiveNodes === 0 ? '0' : positiveNodes <= 3 ? '1-3' : '4+',
    grade,
    erPositive,
    her2Positive,
    ki67,
    chemotherapy,
    trastuzumab,
    endocrine: endocrineDrug,
    linearPredictor: roundTo(lp, 6),
    latentRecurrenceDate: iso(Math.min(recurrenceDay, indexDay + 200 * 365)),
    firstRecurrence: firstRecorded ? { type: firstRecorded.type as RecurrenceType, date: firstRecorded.date } : null,
    deathDate: died ? iso(deathDayLatent) : null,
    deathCause,
    lastContact: iso(lastDay),
    followUpEnd: died ? 'death' : cens.reason,
  };
  return { records, truth };
}
