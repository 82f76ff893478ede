/**
 * One synthetic prostate cancer patient: PSA, ISUP grade group and stage at
 * diagnosis, radical prostatectomy or primary radiotherapy, a post-treatment
 * PSA series and the events it implies. The latent recurrence time comes from a
 * Weibull PH model (PROSTATE_PARAMETERS.recurrence); from then on the PSA rises
 * exponentially with a known doubling time. The recorded biochemical recurrence
 * is dated by applying the AUA rule (after prostatectomy) or the Phoenix rule
 * (after radiotherapy) to the recorded series, so both rules recover it exactly.
 * Simplifications: no salvage therapy, no ADT with radiotherapy, no PSA bounce;
 * PSA is not measured after ADT for metastasis starts.
 */
import type { ClinicalEvent, Observation, Patient, Treatment, Visit } from '../../engine/schema.js';
import { exponential, normal, randomInt, type RandomSource } from '../../util/random.js';
import { yearsToDays } from './dates.js';
import { backgroundDeathDay, birthFromAge, censoringDay, drawIndexDay, finalizeRecords, iso } from './follow-up.js';
import { COMMON_PARAMETERS, PROSTATE_PARAMETERS as P } from './parameters.js';
import { bernoulli, categorical, clip, clippedNormal, logNormal, roundTo, weibullPhTime } from './sampling.js';
import type { PatientContext, PatientRecords, ProstateTruth } from './types.js';

const GLEASON: Record<number, readonly { text: string; sum: number; p: number }[]> = {
  1: [{ text: '3+3', sum: 6, p: 1 }],
  2: [{ text: '3+4', sum: 7, p: 1 }],
  3: [{ text: '4+3', sum: 7, p: 1 }],
  4: [{ text: '4+4', sum: 8, p: 1 }],
  5: [
    { text: '4+5', sum: 9, p: 0.6 },
    { text: '5+4', sum: 9, p: 0.3 },
    { text: '5+5', sum: 10, p: 0.1 },
  ],
};

/** Linear predictor of the latent recurrence model (see PROSTATE_PARAMETERS.recurrence). */
export function prostateLinearPredictor(x: {
  psa: number;
  gradeGroup: number;
  clinicalT3: boolean;
  positiveMargin: boolean;
  seminalVesicleInvasion: boolean;
  nodePositive: boolean;
  radiotherapy: boolean;
}): number {
  const b = P.recurrence.logHazardRatios;
  const gg = [0, 0, b.gradeGroup2, b.gradeGroup3, b.gradeGroup4, b.gradeGroup5][x.gradeGroup] as number;
  return (
    b.log2Psa * Math.log2(x.psa / 7.5) +
    gg +
    (x.clinicalT3 ? b.clinicalT3 : 0) +
    (x.positiveMargin ? b.positiveMargin : 0) +
    (x.seminalVesicleInvasion ? b.seminalVesicleInvasion : 0) +
    (x.nodePositive ? b.nodePositive : 0) +
    (x.radiotherapy ? b.radiotherapy : 0)
  );
}

function daysAfter(start: number, years: number): number {
  return start + Math.max(1, yearsToDays(Math.min(years, 200)));
}

/** Generate one prostate cancer patient. */
export function generateProstatePatient(ctx: PatientContext, rand: RandomSource): { records: PatientRecords; truth: ProstateTruth } {
  const pseudonym = ctx.pseudonym;
  const source = COMMON_PARAMETERS.source;
  const age = roundTo(clippedNormal(rand, P.age.mean, P.age.sd, P.age.min, P.age.max), 1);
  const indexDay = drawIndexDay(rand, ctx.recruitFrom, ctx.recruitTo);
  const indexYear = Number(iso(indexDay).slice(0, 4));
  const psa0 = roundTo(clip(logNormal(rand, P.psaAtDiagnosis.median, P.psaAtDiagnosis.sdLog), P.psaAtDiagnosis.min, P.psaAtDiagnosis.max), 2);
  const gradeGroup = (1 + categorical(rand, P.gradeGroupProbabilities)) as ProstateTruth['gradeGroup'];
  const patterns = GLEASON[gradeGroup] as readonly { text: string; sum: number; p: number }[];
  const gleason = patterns[categorical(rand, patterns.map((g) => g.p))] as { text: string; sum: number };
  const clinicalT = (P.clinicalT[categorical(rand, P.clinicalT.map((t) => t.p))] as (typeof P.clinicalT)[number]).stage;
  const clinicalT3 = clinicalT.startsWith('cT3');
  const prostatectomy = bernoulli(rand, age < 70 ? P.prostatectomyProbability.under70 : P.prostatectomyProbability.from70);

  const d0 = iso(indexDay);
  const observations: Observation[] = [];
  const obsAt = (day: number, code: string, value: number | null, valueText: string | null, unit: string | null): void => {
    observations.push({ pseudonym, date: iso(day), code, code_system: 'local', value, value_text: valueText, unit, source });
  };
  obsAt(indexDay, 'PSA', psa0, null, 'ng/mL');
  obsAt(indexDay, 'ISUP', gradeGroup, `GG${gradeGroup}`, null);
  obsAt(indexDay, 'GLEASON', gleason.sum, gleason.text, null);
  obsAt(indexDay, 'TSTAGE', null, clinicalT, null);

  const treatments: Treatment[] = [];
  const treatDay = indexDay + P.treatmentDelayDays[0] + randomInt(rand, P.treatmentDelayDays[1] - P.treatmentDelayDays[0] + 1);
  let treatEnd = treatDay;
  let margin: boolean | null = null;
  let svi: boolean | null = null;
  let ece: boolean | null = null;
  let nodePos: boolean | null = null;
  if (prostatectomy) {
    const pa = P.pathology;
    const g = gradeGroup - 1;
    margin = bernoulli(rand, pa.positiveMargin.base + pa.positiveMargin.perGradeGroup * g);
    svi = bernoulli(rand, pa.seminalVesicleInvasion.base + pa.seminalVesicleInvasion.perGradeGroup * g + (clinicalT === 'cT3b' ? pa.seminalVesicleInvasion.cT3b : 0));
    ece = bernoulli(rand, pa.extracapsularExtension.base + pa.extracapsularExtension.perGradeGroup * g);
    nodePos = bernoulli(rand, pa.nodePositive.base + pa.nodePositive.perGradeGroup * g);
    const positiveCount = nodePos ? 1 + randomInt(rand, 3) : 0;
    treatments.push({ pseudonym, start: iso(treatDay), stop: iso(treatDay), substance: 'radical_prostatectomy', atc: null, class: 'surgery', intent: 'curative', line: 1, stop_reason: 'completed', source });
    obsAt(treatDay, 'PT_STAGE', null, svi ? 'pT3b' : ece ? 'pT3a' : 'pT2', null);
    obsAt(treatDay, 'MARGIN', margin ? 1 : 0, margin ? 'R1' : 'R0', null);
    obsAt(treatDay, 'SVI', svi ? 1 : 0, svi ? 'yes' : 'no', null);
    obsAt(treatDay, 'NODES', positiveCount, nodePos ? 'pN1' : 'pN0', null);
  } else {
    const days = indexYear >= 2016 ? 28 : 56;
    treatEnd = treatDay + days - 1;
    treatments.push({ pseudonym, start: iso(treatDay), stop: iso(treatEnd), substance: 'radiotherapy', atc: null, class: 'radiotherapy', intent: 'curative', line: 1, stop_reason: 'completed', source });
    obsAt(indexDay, 'NODES', 0, 'cN0', null);
  }

  const lp = prostateLinearPredictor({
    psa: psa0,
    gradeGroup,
    clinicalT3,
    positiveMargin: margin === true,
    seminalVesicleInvasion: svi === true,
    nodePositive: nodePos === true,
    radiotherapy: !prostatectomy,
  });
  const latentDay = daysAfter(treatEnd, weibullPhTime(rand, P.recurrence.lambda, P.recurrence.shape, lp));
  const dt = P.doublingTimeMonths;
  const dtMonths = roundTo(clip(logNormal(rand, dt.median * Math.exp(dt.perGradeGroup * (gradeGroup - 1)), dt.sdLog), dt.min, dt.max), 2);
  const dtDays = dtMonths * P.daysPerMonth;
  const base = prostatectomy ? P.auaThreshold : P.phoenixIncrement;
  const metLevel = clip(logNormal(rand, P.metastasisPsaLevel.median, P.metastasisPsaLevel.sdLog), P.metastasisPsaLevel.min, P.metastasisPsaLevel.max);
  const metDayLatent = latentDay + Math.max(1, Math.round(dtDays * Math.log2(metLevel / base)));
  const metSite = P.metastasisSites[categorical(rand, P.metastasisSites.map((s) => s.p))] as (typeof P.metastasisSites)[number];
  const otherDeathDay = backgroundDeathDay(rand, indexDay, age, COMMON_PARAMETERS.gompertz.maleHazardRatio);
  const cancerDeathDay = daysAfter(metDayLatent, exponential(rand, P.cancerDeathAfterMetastasisRate));
  const deathDayLatent = Math.min(otherDeathDay, cancerDeathDay);
  const cens = censoringDay(rand, indexDay, ctx.endDay, P.lossToFollowUpRate);
  const died = deathDayLatent <= cens.day;
  const lastDay = died ? deathDayLatent : cens.day;
  const metObserved = metDayLatent <= lastDay;

  // PSA series after treatment.
  const lowDetectable = prostatectomy && bernoulli(rand, P.lowDetectableProportion);
  const nadir = prostatectomy ? null : roundTo(clip(logNormal(rand, P.radiotherapyNadir.median, P.radiotherapyNadir.sdLog), P.radiotherapyNadir.min, P.radiotherapyNadir.max), 3);
  const rising = (day: number): number => base * Math.pow(2, (day - latentDay) / dtDays);
  const psaStop = metObserved ? metDayLatent : lastDay;
  const visits: Visit[] = [];
  let decay = Infinity;
  let runningNadir = Infinity;
  let hitDay = -1;
  let bcrDay = -1;
  let bcrValue = 0;
  let day = -1;
  let scheduleIndex = 0;
  for (;;) {
    let next: number;
    if (hitDay >= 0) {
      next = day === hitDay ? hitDay + P.confirmationDays : day + Math.round(P.risingEveryMonths * P.daysPerMonth);
    } else {
      if (scheduleIndex >= P.psaScheduleMonths.length) break;
      const m = P.psaScheduleMonths[scheduleIndex++] as number;
      next = treatEnd + Math.round(m * P.daysPerMonth) + randomInt(rand, 2 * P.psaJitterDays + 1) - P.psaJitterDays;
      if (next <= day) next = day + 1;
    }
    if (next > psaStop) break;
    day = next;
    let value: number;
    let text: string | null = null;
    if (prostatectomy) {
      const low = lowDetectable ? 0.01 + rand() * 0.04 : 0;
      const v = Math.max(low, rising(day));
      if (v < P.psaLowerLimit) {
        value = P.psaLowerLimit;
        text = `<${P.psaLowerLimit}`;
      } else value = Math.floor(v * 100) / 100;
    } else {
      const nominal = ((psa0 - (nadir as number)) * Math.exp(-(day - treatDay) / P.radiotherapyDeclineTauDays)) * Math.exp(normal(rand, 0, P.radiotherapyNoiseSdLog));
      decay = Math.min(decay, nominal); // the declining component never rises
      value = roundTo((nadir as number) + decay + rising(day), 2);
    }
    obsAt(day, 'PSA', value, text, 'ng/mL');
    visits.push({ pseudonym, date: iso(day), type: 'followup', provider: prostatectomy ? 'urology' : 'radiation_oncology', source });
    if (prostatectomy) {
      if (hitDay < 0 && value >= P.auaThreshold) {
        hitDay = day;
        bcrValue = value;
      } else if (hitDay >= 0 && bcrDay < 0 && value >= P.auaThreshold) bcrDay = hitDay; // confirmed by the next value
    } else {
      if (hitDay < 0 && runningNadir !== Infinity && value >= runningNadir + P.phoenixIncrement) {
        hitDay = day;
        bcrDay = day;
        bcrValue = value;
      }
      runningNadir = Math.min(runningNadir, value);
    }
  }

  const events: ClinicalEvent[] = [];
  const ev = (d: number, type: ClinicalEvent['type'], code: string | null, value: number | null, detail: string | null): void => {
    if (d > lastDay) return;
    events.push({ pseudonym, date: iso(d), type, code_system: code ? 'ICD-10-GM' : null, code, value, detail, source });
  };
  ev(indexDay, 'diagnosis', P.icd10, null, 'adenocarcinoma of the prostate');
  if (bcrDay >= 0) ev(bcrDay, 'biochemical_recurrence', null, bcrValue, prostatectomy ? 'AUA: PSA >= 0.2 ng/mL confirmed' : 'Phoenix: PSA >= nadir + 2 ng/mL');
  if (metObserved) {
    ev(metDayLatent, 'distant_metastasis', metSite.icd10, null, metSite.site);
    const adtStart = metDayLatent + 7 + randomInt(rand, 15);
    treatments.push({ pseudonym, start: iso(adtStart), stop: died ? iso(deathDayLatent) : null, substance: 'leuprorelin', atc: 'L02AE02', class: 'endocrine', intent: 'palliative', line: 1, stop_reason: died ? 'death' : null, source });
  }
  const deathCause: ProstateTruth['deathCause'] = died ? (cancerDeathDay < otherDeathDay ? 'prostate_cancer' : 'other_cause') : null;
  if (died) ev(deathDayLatent, 'death', deathCause === 'prostate_cancer' ? P.icd10 : null, null, deathCause);

  const birth = birthFromAge(indexDay, age);
  const patient: Patient = {
    pseudonym,
    birth_year: birth.birth_year,
    birth_month: birth.birth_month,
    sex: 'male',
    diagnosis: 'prostate_cancer',
    diagnosis_icd10: P.icd10,
    site: ctx.site,
    index_date: d0,
    last_contact: iso(lastDay),
    source,
  };
  const records = finalizeRecords({ patient, events, observations, treatments, visits });
  const truth: ProstateTruth = {
    pseudonym,
    ageAtDiagnosis: age,
    psaAtDiagnosis: psa0,
    gradeGroup,
    clinicalT,
    treatment: prostatectomy ? 'prostatectomy' : 'radiotherapy',
    treatmentEnd: iso(treatEnd),
    positiveMargin: margin,
    seminalVesicleInvasion: svi,
    extracapsularExtension: ece,
    nodePositive: nodePos,
    linearPredictor: roundTo(lp, 6),
    latentRecurrenceDate: iso(latentDay),
    doublingTimeMonths: dtMonths,
    biochemicalRecurrenceDate: bcrDay >= 0 && bcrDay <= lastDay ? iso(bcrDay) : null,
    radiotherapyNadir: nadir,
    metastasisDate: metObserved ? iso(metDayLatent) : null,
    deathDate: died ? iso(deathDayLatent) : null,
    deathCause,
    lastContact: iso(lastDay),
    followUpEnd: died ? 'death' : cens.reason,
  };
  return { records, truth };
}
