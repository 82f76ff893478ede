/**
 * The seeded synthetic follow-up cohort: breast cancer, prostate cancer and
 * multiple sclerosis patients in the canonical schema, with the ground truth
 * that produced them.
 */
import type { RandomSource } from '../../util/random.js';
import { seededRandom } from '../../util/random.js';
import { UsageError } from '../../util/errors.js';
import { generateBreastPatient } from './breast.js';
import { daysFromCivil, daysFromIso } from './dates.js';
import { generateMsPatient } from './ms.js';
import { BREAST_PARAMETERS, COMMON_PARAMETERS, MS_PARAMETERS, PROSTATE_PARAMETERS } from './parameters.js';
import { generateProstatePatient } from './prostate.js';
import { categorical, hex10, streamSeed } from './sampling.js';
import type { CohortOptions, GroundTruth, PatientContext, PatientRecords, ResolvedCohortOptions, SyntheticCohort } from './types.js';

/** Version of the generator's model; bump it whenever the same seed would give different data. */
export const GENERATOR_VERSION = 1;

/** Defaults of {@link generateCohort} (documented on {@link CohortOptions}). */
export const DEFAULT_COHORT_OPTIONS: Readonly<ResolvedCohortOptions> = {
  seed: 20261128,
  breast: 600,
  prostate: 400,
  ms: 500,
  startYear: 2008,
  endDate: '2025-12-31',
};

/** Largest number of patients per disease the generator accepts. */
const MAX_PATIENTS = 1_000_000;

function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_PATIENTS) throw new UsageError(`Option ${name} must be an integer from 0 to ${MAX_PATIENTS}, got ${n}`);
}

/**
 * Fill in defaults and validate the options.
 * @throws {UsageError} naming the bad option and value.
 */
export function resolveCohortOptions(options: CohortOptions = {}): ResolvedCohortOptions {
  const o: ResolvedCohortOptions = {
    seed: options.seed ?? DEFAULT_COHORT_OPTIONS.seed,
    breast: options.breast ?? DEFAULT_COHORT_OPTIONS.breast,
    prostate: options.prostate ?? DEFAULT_COHORT_OPTIONS.prostate,
    ms: options.ms ?? DEFAULT_COHORT_OPTIONS.ms,
    startYear: options.startYear ?? DEFAULT_COHORT_OPTIONS.startYear,
    endDate: options.endDate ?? DEFAULT_COHORT_OPTIONS.endDate,
  };
  if (!Number.isSafeInteger(o.seed)) throw new UsageError(`Option seed must be an integer, got ${o.seed}`);
  checkCount('breast', o.breast);
  checkCount('prostate', o.prostate);
  checkCount('ms', o.ms);
  if (!Number.isInteger(o.startYear) || o.startYear < 1950 || o.startYear > 2100) throw new UsageError(`Option startYear must be an integer year from 1950 to 2100, got ${o.startYear}`);
  const end = daysFromIso(o.endDate);
  const from = daysFromCivil(o.startYear, 1, 1);
  if (end - COMMON_PARAMETERS.recruitmentEndsDaysBeforeEnd <= from) {
    throw new UsageError(`Option endDate (${o.endDate}) must be more than ${COMMON_PARAMETERS.recruitmentEndsDaysBeforeEnd} days after 1 January ${o.startYear}`);
  }
  if (end > daysFromCivil(2199, 12, 31)) throw new UsageError(`Option endDate must be before 2200, got ${o.endDate}`);
  return o;
}

type Generator = (ctx: PatientContext, rand: RandomSource) => { records: PatientRecords; truth: unknown };

/** Stream identifiers: each patient's random stream is seeded by (seed, disease, index). */
const STREAM = { pseudonymCollision: 0, breast: 1, prostate: 2, ms: 3 } as const;

/**
 * Generate a synthetic follow-up cohort. Each patient's records depend only on
 * (seed, disease, patient number), so the same seed gives byte-identical data on
 * every machine and changing one disease's count leaves the others unchanged.
 * Rates, probabilities and coefficients: parameters.ts (copied into `truth`).
 *
 * @param options seed (default 20261128), breast (600), prostate (400), ms (500),
 *   startYear (2008: recruitment from 1 January), endDate ('2025-12-31':
 *   administrative censoring; recruitment ends 365 days before it).
 * @throws {UsageError} for invalid options.
 * @example const cohort = generateCohort({ seed: 1, breast: 10, prostate: 0, ms: 0 }); cohort.patients.length // => 10
 */
export function generateCohort(options: CohortOptions = {}): SyntheticCohort {
  const opts = resolveCohortOptions(options);
  const endDay = daysFromIso(opts.endDate);
  const recruitFrom = daysFromCivil(opts.startYear, 1, 1);
  const recruitTo = endDay - COMMON_PARAMETERS.recruitmentEndsDaysBeforeEnd;
  const siteNames = COMMON_PARAMETERS.sites.map((s) => s.name);
  const siteWeights = COMMON_PARAMETERS.sites.map((s) => s.weight);
  const used = new Set<string>();
  const collision = seededRandom(streamSeed(opts.seed, STREAM.pseudonymCollision));

  const cohort: SyntheticCohort = {
    patients: [],
    events: [],
    observations: [],
    treatments: [],
    visits: [],
    truth: {
      generator: { name: 'midia-synthetic-cohort', version: GENERATOR_VERSION, options: opts },
      parameters: { common: COMMON_PARAMETERS, breast: BREAST_PARAMETERS, prostate: PROSTATE_PARAMETERS, ms: MS_PARAMETERS },
      breast: [],
      prostate: [],
      ms: [],
    },
  };

  const run = <T>(n: number, stream: number, generate: Generator, sink: T[]): void => {
    for (let i = 0; i < n; i++) {
      const rand = seededRandom(streamSeed(opts.seed, stream, i));
      let pseudonym = `P-${hex10(rand)}`;
      while (used.has(pseudonym)) pseudonym = `P-${hex10(collision)}`;
      used.add(pseudonym);
      const site = siteNames[categorical(rand, siteWeights)] as string;
      const { records, truth } = generate({ pseudonym, site, recruitFrom, recruitTo, endDay }, rand);
      cohort.patients.push(records.patient);
      for (const e of records.events) cohort.events.push(e);
      for (const o of records.observations) cohort.observations.push(o);
      for (const t of records.treatments) cohort.treatments.push(t);
      for (const v of records.visits) cohort.visits.push(v);
      sink.push(truth as T);
    }
  };
  const truth: GroundTruth = cohort.truth;
  run(opts.breast, STREAM.breast, generateBreastPatient, truth.breast);
  run(opts.prostate, STREAM.prostate, generateProstatePatient, truth.prostate);
  run(opts.ms, STREAM.ms, generateMsPatient, truth.ms);
  return cohort;
}
