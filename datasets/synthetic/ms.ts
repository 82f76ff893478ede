/**
 * One synthetic patient with relapsing-remitting multiple sclerosis: onset
 * (index date), diagnosis, scheduled visits with EDSS, relapses from a Poisson
 * process whose rate depends on the current DMT class, annual MRI, and DMT
 * starts, switches and stops driven by disease activity (confounding by
 * indication). EDSS follows one of three latent classes. All rates:
 * MS_PARAMETERS.
 */
import type { ClinicalEvent, Observation, Patient, Treatment, Visit } from '../../engine/schema.js';
import { exponential, normal, poisson, randomInt, type RandomSource } from '../../util/random.js';
import { DAYS_PER_YEAR, yearsToDays } from './dates.js';
import { backgroundDeathDay, birthFromAge, censoringDay, drawIndexDay, finalizeRecords, iso } from './follow-up.js';
import { COMMON_PARAMETERS, MS_PARAMETERS as P } from './parameters.js';
import { bernoulli, categorical, clip, clippedNormal, gammaIntegerShape, roundTo } from './sampling.js';
import type { MsTruth, PatientContext, PatientRecords } from './types.js';

type DmtClass = 'dmt_moderate' | 'dmt_high';
type ExposureClass = 'untreated' | DmtClass;
type Dmt = (typeof P.dmts)[number];

/**
 * EDSS as recorded from a latent value: add noise, round to the 0.5 grid, map
 * 0.5 (not an EDSS step) to 0 or 1.0, clip to [0, 9.5].
 */
export function quantizeEdss(latent: number): number {
  const x = clip(latent, 0, 9.5);
  let q = Math.round(x * 2) / 2;
  if (q === 0.5) q = x >= 0.5 ? 1 : 0;
  return clip(q, 0, 9.5);
}

interface ActiveDrug {
  dmt: Dmt;
  start: number;
  record: Treatment;
  /** Day the drug's effect ends without a stop decision (cladribine), else Infinity. */
  effectEnd: number;
}

/** Generate one MS patient. */
export function generateMsPatient(ctx: PatientContext, rand: RandomSource): { records: PatientRecords; truth: MsTruth } {
  const pseudonym = ctx.pseudonym;
  const source = COMMON_PARAMETERS.source;
  const female = bernoulli(rand, P.femaleProportion);
  const age = roundTo(clippedNormal(rand, P.onsetAge.mean, P.onsetAge.sd, P.onsetAge.min, P.onsetAge.max), 1);
  const indexDay = drawIndexDay(rand, ctx.recruitFrom, ctx.recruitTo);
  const cls = P.latentClasses[categorical(rand, P.latentClasses.map((c) => c.p))] as (typeof P.latentClasses)[number];
  const edss0 = roundTo(clippedNormal(rand, cls.edssMean, cls.edssSd, 0, 4), 3);
  const frailty = roundTo(gammaIntegerShape(rand, P.relapse.frailtyShape, P.relapse.frailtyScale), 4);
  const diagDay = indexDay + Math.max(14, yearsToDays(Math.min(5, exponential(rand, 1 / P.diagnosisDelayMeanYears))));
  const deathDay = backgroundDeathDay(rand, indexDay, age, P.mortalityHazardRatio * (female ? 1 : COMMON_PARAMETERS.gompertz.maleHazardRatio));
  const cens = censoringDay(rand, indexDay, ctx.endDay, P.lossToFollowUpRate);
  const died = deathDay <= cens.day;
  // censoringDay already caps follow-up at maxFollowUpYears, so death (if observed) is within it too.
  const maxDay = died ? deathDay : cens.day;

  const events: ClinicalEvent[] = [];
  const observations: Observation[] = [];
  const treatments: Treatment[] = [];
  const visits: Visit[] = [];
  const event = (day: number, type: ClinicalEvent['type'], codeSystem: string | null, code: string | null, value: number | null, detail: string | null): void => {
    events.push({ pseudonym, date: iso(day), type, code_system: codeSystem, code, value, detail, source });
  };

  // Simulation state.
  let now = indexDay;
  let progression = 0; // accumulated worsening (EDSS points)
  const relapses: { day: number; amp: number; residual: number }[] = [];
  let drug: ActiveDrug | null = null;
  let pending: { day: number; dmt: Dmt } | null = null;
  let lines = 0;
  let everModerate = false;
  let lesionIntensity = 0;
  let exposureClass: ExposureClass = 'untreated';
  const exposure: MsTruth['exposure'] = [{ start: iso(indexDay), end: null, class: 'untreated' }];

  const currentDrug = (): ActiveDrug | null => drug;
  const classNow = (): ExposureClass => (drug ? drug.dmt.class : 'untreated');
  const noteExposure = (): void => {
    const c = classNow();
    if (c === exposureClass) return;
    const last = exposure[exposure.length - 1] as MsTruth['exposure'][number];
    if (last.start === iso(now)) {
      last.class = c;
    } else {
      last.end = iso(now);
      exposure.push({ start: iso(now), end: null, class: c });
    }
    exposureClass = c;
  };
  const latentEdss = (day: number): number => {
    let d = edss0 + progression + (cls.slopePerYear * P.slopeMultiplier[classNow()] * (day - now)) / DAYS_PER_YEAR;
    for (const r of relapses) {
      if (r.day > day) break;
      d += r.residual + r.amp * Math.exp(-(day - r.day) / P.relapse.bumpDecayDays);
    }
    return d;
  };
  const recordEdss = (day: number): void => {
    observations.push({ pseudonym, date: iso(day), code: 'EDSS', code_system: 'local', value: quantizeEdss(latentEdss(day) + normal(rand, 0, P.edssNoiseSd)), value_text: null, unit: null, source });
  };
  const addRelapse = (day: number, onset: boolean): void => {
    const residual = bernoulli(rand, P.relapse.residualProbability) ? (bernoulli(rand, 0.5) ? 0.5 : 1) : 0;
    relapses.push({ day, amp: 0.5 + rand(), residual });
    event(day, 'relapse', null, null, null, onset ? 'onset' : null);
    if (!onset && day >= diagDay) {
      const vd = day + P.relapse.visitDelayDays[0] + randomInt(rand, P.relapse.visitDelayDays[1] - P.relapse.visitDelayDays[0] + 1);
      if (vd <= maxDay) {
        visits.push({ pseudonym, date: iso(vd), type: 'outpatient', provider: 'neurology', source });
        recordEdss(vd);
        if (bernoulli(rand, P.relapse.steroidProbability)) {
          treatments.push({ pseudonym, start: iso(vd), stop: iso(vd + 4), substance: 'methylprednisolone', atc: 'H02AB04', class: 'relapse_therapy', intent: 'symptomatic', line: null, stop_reason: 'completed', source });
        }
      }
    }
  };

  const startDrug = (dmt: Dmt): void => {
    lines += 1;
    if (dmt.class === 'dmt_moderate') everModerate = true;
    const record: Treatment = { pseudonym, start: iso(now), stop: null, substance: dmt.substance, atc: dmt.atc, class: dmt.class, intent: 'disease_modifying', line: lines, stop_reason: null, source };
    if (dmt.substance === 'cladribine') {
      record.stop = iso(now + yearsToDays(P.cladribineCourseYears) - 1);
      record.stop_reason = 'course_completed';
    }
    treatments.push(record);
    drug = { dmt, start: now, record, effectEnd: dmt.substance === 'cladribine' ? now + yearsToDays(P.cladribineEffectYears) : Infinity };
    noteExposure();
  };
  const stopDrug = (reason: string): void => {
    if (!drug) return;
    if (drug.record.stop == null || drug.record.stop > iso(now)) {
      drug.record.stop = iso(now);
      drug.record.stop_reason = reason;
    }
    drug = null;
    noteExposure();
  };

  /** Move the simulation to `to`: relapses, progression and lesion activity, splitting at therapy changes. */
  const advance = (to: number): void => {
    while (now < to) {
      let stopAt = to;
      if (pending && pending.day > now && pending.day < stopAt) stopAt = pending.day;
      if (drug && drug.effectEnd > now && drug.effectEnd < stopAt) stopAt = drug.effectEnd;
      const c = classNow();
      const years = (now - indexDay) / DAYS_PER_YEAR;
      const rate = P.relapse.untreatedRate * frailty * P.relapse.rateRatio[c] * Math.exp(-P.relapse.annualDecline * years);
      let t = now;
      for (;;) {
        t += exponential(rand, rate) * DAYS_PER_YEAR;
        if (t >= stopAt) break;
        const day = Math.floor(t);
        const prev = relapses[relapses.length - 1];
        if (day <= now || (prev && day - prev.day < P.relapse.minGapDays)) continue;
        // progression up to the relapse so the bump sits on the right level
        progression += (cls.slopePerYear * P.slopeMultiplier[c] * (day - now)) / DAYS_PER_YEAR;
        lesionIntensity += (P.mri.t2Rate * frailty * P.relapse.rateRatio[c] * (day - now)) / DAYS_PER_YEAR;
        now = day;
        addRelapse(day, false);
      }
      progression += (cls.slopePerYear * P.slopeMultiplier[c] * (stopAt - now)) / DAYS_PER_YEAR;
      progression = Math.min(progression, 9.5);
      lesionIntensity += (P.mri.t2Rate * frailty * P.relapse.rateRatio[c] * (stopAt - now)) / DAYS_PER_YEAR;
      now = stopAt;
      if (drug && drug.effectEnd === now) {
        drug = null;
        noteExposure();
      }
      if (pending && pending.day === now) {
        const dmt = pending.dmt;
        pending = null;
        startDrug(dmt);
      }
    }
  };

  const yearOf = (day: number): number => Number(iso(day).slice(0, 4));
  const choose = (klass: DmtClass, exclude: string | null, prefer?: readonly string[]): Dmt | null => {
    const year = yearOf(now);
    const avail = P.dmts.filter((d) => d.class === klass && d.fromYear <= year && d.substance !== exclude);
    const preferred = prefer ? avail.filter((d) => prefer.includes(d.substance)) : [];
    const pool = preferred.length ? preferred : avail;
    return pool.length ? (pool[randomInt(rand, pool.length)] as Dmt) : null;
  };
  const highFirstLineProbability = (): number => {
    const year = yearOf(now);
    let p = 0;
    for (const s of P.firstLine.highByYear) if (year >= s.fromYear) p = s.p;
    const earlyActivity = relapses.some((r) => r.day > indexDay && r.day <= diagDay);
    return p + (earlyActivity ? P.firstLine.activeBoost : 0);
  };
  const switchTo = (dmt: Dmt | null, reason: string): void => {
    stopDrug(reason);
    if (dmt) pending = { day: now + P.switching.washoutDays[0] + randomInt(rand, P.switching.washoutDays[1] - P.switching.washoutDays[0] + 1), dmt };
  };

  // Onset relapse at the index date, then follow-up.
  addRelapse(indexDay, true);
  let lastMriDay = -1;
  let lastT2New = 0;
  let lastChange = diagDay;
  let v = diagDay;
  let prevVisit = diagDay;
  if (diagDay <= maxDay) {
    advance(diagDay);
    event(diagDay, 'diagnosis', 'ICD-10-GM', P.icd10, null, 'relapsing-remitting multiple sclerosis');
  }
  while (v <= maxDay) {
    advance(v);
    visits.push({ pseudonym, date: iso(v), type: 'followup', provider: 'neurology', source });
    recordEdss(v);
    if (lastMriDay < 0 || v - lastMriDay >= 335) {
      const recent = relapses.some((r) => r.day <= v && v - r.day <= 90);
      const gd = poisson(rand, P.mri.gdRate * frailty * P.relapse.rateRatio[classNow()] * (recent ? P.mri.gdRelapseFactor : 1));
      if (lastMriDay < 0) {
        event(v, 'mri', 'local', 'T2_TOTAL', P.mri.baselineT2Total.min + randomInt(rand, P.mri.baselineT2Total.max - P.mri.baselineT2Total.min + 1), null);
        lastT2New = 0;
      } else {
        lastT2New = poisson(rand, lesionIntensity);
        event(v, 'mri', 'local', 'T2_NEW', lastT2New, null);
      }
      event(v, 'mri', 'local', 'GD_ENHANCING', gd, null);
      lesionIntensity = 0;
      lastMriDay = v;
    }
    // Therapy decision at this visit.
    const current = currentDrug();
    const graceFrom = current ? current.start + P.switching.graceDays : -Infinity;
    const relapseActive = relapses.some((r) => r.day <= v && v - r.day <= 365 && r.day >= graceFrom && r.day > indexDay);
    const mriActive = lastMriDay === v && lastT2New >= 2 && v >= graceFrom;
    const active = relapseActive || mriActive;
    const interval = Math.max(1, v - prevVisit);
    const perVisit = (ratePerYear: number): number => 1 - Math.exp(-(ratePerYear * interval) / DAYS_PER_YEAR);
    if (v === diagDay && !pending) {
      if (bernoulli(rand, P.firstLine.startProbability)) {
        const dmt = choose(bernoulli(rand, highFirstLineProbability()) ? 'dmt_high' : 'dmt_moderate', null);
        if (dmt) startDrug(dmt);
        lastChange = v;
      }
    } else if (!current && !pending) {
      if (active && bernoulli(rand, P.switching.startWhenActive)) {
        const klass: DmtClass = everModerate || bernoulli(rand, highFirstLineProbability()) ? 'dmt_high' : 'dmt_moderate';
        const dmt = choose(klass, null);
        if (dmt) startDrug(dmt);
        lastChange = v;
      }
    } else if (current) {
      if (current.dmt.class === 'dmt_moderate') {
        if (active && v >= graceFrom && bernoulli(rand, P.switching.escalate)) {
          switchTo(choose('dmt_high', null), 'lack_of_efficacy');
          lastChange = v;
        } else if (bernoulli(rand, perVisit(P.switching.adverseEventRate.dmt_moderate))) {
          switchTo(choose('dmt_moderate', current.dmt.substance), 'adverse_event');
          lastChange = v;
        } else if (bernoulli(rand, perVisit(P.switching.patientWishStopRate))) {
          switchTo(null, 'patient_wish');
          lastChange = v;
        }
      } else {
        const isNatalizumab = current.dmt.substance === 'natalizumab';
        if (isNatalizumab && v - current.start >= yearsToDays(2) && bernoulli(rand, P.switching.natalizumabPml)) {
          switchTo(choose('dmt_high', 'natalizumab', ['ocrelizumab', 'ofatumumab']), 'pml_risk');
          lastChange = v;
        } else if (active && v >= graceFrom && bernoulli(rand, P.switching.switchHigh)) {
          switchTo(choose('dmt_high', current.dmt.substance), 'lack_of_efficacy');
          lastChange = v;
        } else if (current.dmt.substance !== 'cladribine' && bernoulli(rand, perVisit(P.switching.adverseEventRate.dmt_high))) {
          switchTo(choose('dmt_high', current.dmt.substance), 'adverse_event');
          lastChange = v;
        } else if (current.dmt.substance !== 'cladribine' && bernoulli(rand, perVisit(P.switching.patientWishStopRate))) {
          switchTo(null, 'patient_wish');
          lastChange = v;
        }
      }
    }
    prevVisit = v;
    const early = v - diagDay < P.visits.earlyPeriodDays || v - lastChange < P.visits.earlyPeriodDays;
    v += early ? P.visits.earlyIntervalDays : P.visits.lateIntervalDays[0] + randomInt(rand, P.visits.lateIntervalDays[1] - P.visits.lateIntervalDays[0] + 1);
  }
  advance(maxDay);
  if (died) event(deathDay, 'death', null, null, null, 'other_cause');

  const birth = birthFromAge(indexDay, age);
  const patient: Patient = {
    pseudonym,
    birth_year: birth.birth_year,
    birth_month: birth.birth_month,
    sex: female ? 'female' : 'male',
    diagnosis: 'multiple_sclerosis',
    diagnosis_icd10: P.icd10,
    site: ctx.site,
    index_date: iso(indexDay),
    last_contact: iso(maxDay),
    source,
  };
  const records = finalizeRecords({ patient, events, observations, treatments, visits });
  const truth: MsTruth = {
    pseudonym,
    ageAtOnset: age,
    latentClass: cls.name,
    frailty,
    edssAtOnset: edss0,
    slopePerYear: cls.slopePerYear,
    diagnosisDate: iso(diagDay),
    exposure,
    relapses: records.events.filter((e) => e.type === 'relapse').length,
    deathDate: died ? iso(deathDay) : null,
    lastContact: iso(maxDay),
    followUpEnd: died ? 'death' : cens.reason,
  };
  return { records, truth };
}
