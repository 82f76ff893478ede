/**
 * Synthetic supportive therapies for the breast and prostate cancer patients
 * of a generated cohort (SUPPORTIVE_PARAMETERS, docs/target-trial.md
 * "Synthetic supportive therapies"): adjuvant bisphosphonates, structured
 * exercise, psycho-oncology and lymphoedema physiotherapy after breast cancer,
 * exercise after prostate cancer, started at varying times after the index
 * date with confounding by indication, and the outcomes they affect (fragility
 * fracture, depression, lymphoedema) or do not (six negative-control
 * outcomes), as treatments (intent `supportive`) and events of type `other`
 * with local codes.
 *
 * Each patient's supportive records come from a random stream of their own
 * (streamSeed(seed, 20 + disease stream, patient number)), drawn in a fixed
 * order: the cohort's existing records are not touched (byte-identical), and
 * an intervention (a forced strategy, for the true risks of a recovery study)
 * changes only the starts it forces, with the same random numbers otherwise
 * (common random numbers). A therapy is recorded only when it starts while the
 * patient is followed (alive, before last contact); an outcome only before the
 * end of follow-up, so death competes with every outcome.
 */
import type { ClinicalEvent, Patient, Treatment } from '../../engine/schema.js';
import { exponential, normal, seededRandom, type RandomSource } from '../../util/random.js';
import { daysFromIso, isoFromDays } from './dates.js';
import { streamSeed } from './sampling.js';
import { SUPPORTIVE_PARAMETERS as SP, type SupportiveTerms, type SupportiveTherapyName, type SupportiveTherapyParameters } from './supportive-parameters.js';
import type { SyntheticCohort } from './types.js';

const YEAR = 365.25;

/** Covariates of one patient as the hazards use them. */
interface PatientCovariates {
  age: number;
  sex: string;
  nodePositive: boolean;
  grade3: boolean;
  sizeMm: number;
  letrozole: boolean;
}

/** A forced strategy for one therapy (an intervention on the data-generating process). */
export interface SupportiveIntervention {
  therapy: SupportiveTherapyName;
  /**
   * 'treat': start within the grace period: the natural start when it comes before the
   * start of the grace period's last interval, otherwise a start in that last interval
   * drawn from the natural starting hazard conditional on starting in it (the strategy a
   * clone-censor-weight analysis with deviation-based weights emulates);
   * 'control': no start within the grace period (the natural hazard after it).
   * An eligible patient only; a patient no longer followed does not start.
   */
  strategy: 'treat' | 'control';
  graceDays: number;
  /** Interval length of the emulation (default 30.4375 days). */
  intervalDays?: number;
}

/** Options of {@link generateSupportiveTherapies}. */
export interface SupportiveOptions {
  intervention?: SupportiveIntervention | null;
}

/** Latent facts of one patient's supportive care. */
export interface SupportivePatientTruth {
  pseudonym: string;
  /** Latent health consciousness U (never recorded; drives the healthy-user bias). */
  latentHealth: number;
  /** Start day (ISO) of each therapy as recorded, or null. */
  starts: Partial<Record<SupportiveTherapyName, string | null>>;
}

/** The generating model of the supportive records. */
export interface SupportiveTruth {
  generator: { name: 'midia-synthetic-supportive'; version: number; seed: number; intervention: SupportiveIntervention | null };
  parameters: typeof SP;
  /** True hazard ratios of being on each therapy (from its start), per outcome; 1 = null. */
  trueEffects: { therapy: SupportiveTherapyName; substance: string; disease: string; outcome: string; hazardRatio: number; negativeControl: boolean }[];
  patients: SupportivePatientTruth[];
}

/** Supportive records of a cohort. */
export interface SupportiveRecords {
  treatments: Treatment[];
  events: ClinicalEvent[];
  truth: SupportiveTruth;
}

function lp(terms: SupportiveTerms, x: PatientCovariates, u: number): number {
  return (
    (terms.agePer10 ?? 0) * ((x.age - 60) / 10) +
    (terms.nodePositive ?? 0) * (x.nodePositive ? 1 : 0) +
    (terms.grade3 ?? 0) * (x.grade3 ? 1 : 0) +
    (terms.sizePer10mm ?? 0) * ((x.sizeMm - 20) / 10) +
    (terms.letrozole ?? 0) * (x.letrozole ? 1 : 0) +
    (terms.latentHealth ?? 0) * u
  );
}

/** Day (from the index date) at which a cumulative hazard with piecewise-constant rate (per year) reaches e; Infinity when never. */
function invertPiecewise(e: number, rate0: number, changes: readonly { day: number; factor: number }[]): number {
  const pts = [...changes].filter((c) => Number.isFinite(c.day)).sort((a, b) => a.day - b.day);
  let t = 0;
  let rate = rate0 / YEAR;
  let acc = 0;
  for (const c of pts) {
    const seg = (c.day - t) * rate;
    if (acc + seg >= e) return t + (e - acc) / rate;
    acc += seg;
    t = c.day;
    rate *= c.factor;
  }
  return rate > 0 ? t + (e - acc) / rate : Infinity;
}

/** The natural start day of a therapy (Infinity = none in its window), from one Exp(1) draw. */
function naturalStart(e: number, rate: number, window: number): number {
  const d = (e / rate) * YEAR;
  return d <= window ? d : Infinity;
}

function startDay(p: SupportiveTherapyParameters, x: PatientCovariates, u: number, draws: { e1: number; e2: number; uLast: number }, intervention: SupportiveIntervention | null, name: SupportiveTherapyName): number {
  if (x.age < p.minAge || !(p.sexes as readonly string[]).includes(x.sex)) return Infinity;
  const rate = p.startRatePerYear * Math.exp(lp(p.start, x, u)); // per year
  const natural = naturalStart(draws.e1, rate, p.windowDays);
  if (!intervention || intervention.therapy !== name) return natural;
  const G = intervention.graceDays;
  const d = intervention.intervalDays ?? 30.4375;
  const r = rate / YEAR;
  if (intervention.strategy === 'control') {
    if (natural > G) return natural;
    // natural hazard after the grace period (memoryless), within the window
    const after = G + draws.e2 / r;
    return after <= p.windowDays ? after : Infinity;
  }
  const lastStart = Math.floor((G - 1e-9) / d) * d; // start of the last grace interval
  if (natural <= lastStart) return natural;
  // start in (lastStart, G], truncated-exponential with the natural rate
  const len = G - lastStart;
  return lastStart + -Math.log(1 - draws.uLast * (1 - Math.exp(-r * len))) / r;
}

function covariatesOf(cohort: SyntheticCohort, disease: 'breast_cancer' | 'prostate_cancer', i: number, patient: Patient): PatientCovariates {
  if (disease === 'breast_cancer') {
    const t = cohort.truth.breast[i]!;
    return { age: t.ageAtDiagnosis, sex: patient.sex, nodePositive: t.positiveNodes >= 1, grade3: t.grade === 3, sizeMm: t.tumourSizeMm, letrozole: t.endocrine === 'letrozole' };
  }
  const t = cohort.truth.prostate[i]!;
  return { age: t.ageAtDiagnosis, sex: patient.sex, nodePositive: t.nodePositive === true, grade3: t.gradeGroup >= 4, sizeMm: 20, letrozole: false };
}

/**
 * Supportive therapies and their outcomes for the breast and prostate cancer patients of a cohort.
 * @param cohort a cohort of {@link generateCohort} (not modified).
 * @param options intervention (none: the natural course).
 * @returns the new treatments and events (in patient order) and their truth.
 * @example const s = generateSupportiveTherapies(generateCohort({ seed: 1 })); s.treatments.filter((t) => t.substance === 'zoledronic_acid').length
 */
export function generateSupportiveTherapies(cohort: SyntheticCohort, options: SupportiveOptions = {}): SupportiveRecords {
  const seed = cohort.truth.generator.options.seed;
  const intervention = options.intervention ?? null;
  const byPseudonym = new Map(cohort.patients.map((p) => [p.pseudonym, p]));
  const names = Object.keys(SP.therapies) as SupportiveTherapyName[];
  const treatments: Treatment[] = [];
  const events: ClinicalEvent[] = [];
  const patients: SupportivePatientTruth[] = [];
  const source = 'synthetic';
  for (const disease of ['breast_cancer', 'prostate_cancer'] as const) {
    const truthList = disease === 'breast_cancer' ? cohort.truth.breast : cohort.truth.prostate;
    for (let i = 0; i < truthList.length; i++) {
      const pseudonym = truthList[i]!.pseudonym;
      const patient = byPseudonym.get(pseudonym);
      if (!patient) continue;
      const rand: RandomSource = seededRandom(streamSeed(seed, SP.streamBase + SP.diseaseStreams[disease]!, i));
      const x = covariatesOf(cohort, disease, i, patient);
      const u = normal(rand);
      const index = daysFromIso(patient.index_date);
      const last = daysFromIso(patient.last_contact ?? patient.index_date) - index;
      const starts: Partial<Record<SupportiveTherapyName, string | null>> = {};
      const onset = new Map<SupportiveTherapyName, number>();
      for (const name of names) {
        const p = SP.therapies[name];
        // the same draws in the same order for every therapy, eligible or not
        const draws = { e1: exponential(rand, 1), e2: exponential(rand, 1), uLast: rand() };
        const eStop = exponential(rand, 1);
        if (p.disease !== disease) continue;
        const s = startDay(p, x, u, draws, intervention, name);
        const day = Number.isFinite(s) ? Math.max(1, Math.ceil(s)) : Infinity;
        if (!(day <= last)) {
          starts[name] = null;
          continue;
        }
        onset.set(name, day);
        starts[name] = isoFromDays(index + day);
        const early = day + Math.max(1, Math.ceil((eStop / p.stopRatePerYear) * YEAR));
        const planned = day + p.durationDays - 1;
        const stop = Math.min(early, planned);
        const ongoing = stop > last;
        treatments.push({
          pseudonym,
          start: isoFromDays(index + day),
          stop: ongoing ? null : isoFromDays(index + stop),
          substance: p.substance,
          atc: p.atc,
          class: p.class,
          intent: 'supportive',
          line: null,
          stop_reason: ongoing ? null : early < planned ? 'patient_wish' : 'completed',
          source,
        });
      }
      for (const o of SP.outcomes) {
        const e = exponential(rand, 1);
        const rate = o.ratePerYear[disease];
        if (rate === undefined) continue;
        const changes = Object.entries(o.effects).map(([t, b]) => ({ day: onset.get(t as SupportiveTherapyName) ?? Infinity, factor: Math.exp(b as number) }));
        const day = Math.max(1, Math.ceil(invertPiecewise(e, rate * Math.exp(lp(o.terms, x, u)), changes)));
        if (day <= last) events.push({ pseudonym, date: isoFromDays(index + day), type: 'other', code_system: 'local', code: o.code, value: null, detail: o.detail, source });
      }
      patients.push({ pseudonym, latentHealth: Math.round(u * 1e6) / 1e6, starts });
    }
  }
  const trueEffects: SupportiveTruth['trueEffects'] = [];
  for (const name of names) {
    const p = SP.therapies[name];
    for (const o of SP.outcomes) {
      if (o.ratePerYear[p.disease] === undefined) continue;
      trueEffects.push({ therapy: name, substance: p.substance, disease: p.disease, outcome: o.code, hazardRatio: Math.exp(o.effects[name] ?? 0), negativeControl: o.negativeControl });
    }
    for (const existing of p.disease === 'breast_cancer' ? ['local_recurrence', 'regional_recurrence', 'distant_metastasis', 'death'] : ['biochemical_recurrence', 'distant_metastasis', 'death']) {
      trueEffects.push({ therapy: name, substance: p.substance, disease: p.disease, outcome: existing, hazardRatio: 1, negativeControl: false });
    }
  }
  return { treatments, events, truth: { generator: { name: 'midia-synthetic-supportive', version: SP.version, seed, intervention }, parameters: SP, trueEffects, patients } };
}

/**
 * The cohort with its supportive records appended after the existing ones (which stay unchanged).
 * @example const c = withSupportiveTherapies(generateCohort()); c.supportive.trueEffects
 */
export function withSupportiveTherapies(cohort: SyntheticCohort, options: SupportiveOptions = {}): SyntheticCohort & { supportive: SupportiveTruth } {
  const s = generateSupportiveTherapies(cohort, options);
  return { ...cohort, treatments: [...cohort.treatments, ...s.treatments], events: [...cohort.events, ...s.events], supportive: s.truth };
}

/** `supportive-truth.json` text (two-space indentation, trailing newline). */
export function supportiveTruthToJson(truth: SupportiveTruth): string {
  return JSON.stringify(truth, null, 2) + '\n';
}
