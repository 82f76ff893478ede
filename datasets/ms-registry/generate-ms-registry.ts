/**
 * Seeded synthetic multiple sclerosis registry with ground truth: visits every
 * 3-12 months over up to 15 years, EDSS courses from four latent response
 * classes, relapses and MRI activity whose rates depend on the current
 * therapy class, therapy starts and switches driven by disease activity
 * (confounding by indication: active patients get high-efficacy drugs), and
 * the truth written beside the data (classes, therapy effects as rate and
 * hazard ratios, dates of every true CDW-sized worsening step).
 *
 * Disease model (all rates in {@link MS_REGISTRY_PARAMETERS}):
 * - true disability moves only in CDW-sized steps (the band delta of
 *   models/ms with `deltaEdge` 5.5): relapse-independent steps arrive as a
 *   Poisson process with rate `class.piraRate x worseningHazardRatio[therapy]`
 *   (so the true worsening hazard ratio of a therapy class is exactly that
 *   ratio), and each relapse leaves a permanent step with `class.residualProbability`;
 * - relapses: Poisson process, rate `class.relapseRate x frailty x relapseRateRatio[therapy]`
 *   (gamma frailty, shape 2, mean 1: negative-binomial counts);
 * - recorded EDSS = true level + a transient relapse bump (+1.0 for 60 days)
 *   + rater noise (half a step with probability 0.12), on the EDSS grid;
 * - MRI about yearly: new/enlarging T2 and Gd+ counts, Poisson with the
 *   therapy's rate ratio.
 * Same seed, same registry, on every machine (util/random sfc32).
 */
import type { ClinicalEvent, Observation, Patient, Treatment, Visit } from '../../engine/schema.js';
import { UsageError } from '../../util/errors.js';
import { exponential, normal, poisson, randomInt, seededRandom, type RandomSource } from '../../util/random.js';
import { MS_REGISTRY_PARAMETERS as P, type ExposureClass, type LatentClassSpec } from './parameters.js';

/** Options of {@link generateMsRegistry}; every field has a default. */
export interface MsRegistryOptions {
  /** Seed (default 20240611). */
  seed?: number;
  /** Number of patients (default 500). */
  patients?: number;
  /** Earliest onset (index) date, ISO (default '2008-01-01'). */
  startDate?: string;
  /** Administrative end of follow-up, ISO (default '2025-12-31'). */
  endDate?: string;
  /**
   * The latent response classes (default `MS_REGISTRY_PARAMETERS.classes`:
   * four overlapping classes). Proportions must sum to 1. See
   * `MS_REGISTRY_SEPARATED_CLASSES` for well-separated classes.
   */
  classes?: readonly LatentClassSpec[];
}

/** One true worsening step of a patient. */
export interface TrueWorsening {
  /** Date the step happened (relapse onset for RAW). */
  date: string;
  kind: 'PIRA' | 'RAW';
  from: number;
  to: number;
}

/** Ground truth of one patient. */
export interface MsRegistryPatientTruth {
  pseudonym: string;
  latentClass: LatentClassName;
  frailty: number;
  /** True EDSS at onset (on the EDSS grid). */
  edssAtOnset: number;
  /** Relapses in the 2 years before the index date (recorded as relapse events). */
  priorRelapses: number;
  firstLine: ExposureClass;
  /** Every true CDW-sized step, in date order. Observed CDW may lag (visit schedule) or differ (noise). */
  worsening: TrueWorsening[];
  /** Therapy exposure intervals (end exclusive; null = to the end of follow-up). */
  exposure: { start: string; end: string | null; class: ExposureClass; substance: string | null }[];
  lastContact: string;
}

type LatentClassName = string;

/** Ground truth of the registry. */
export interface MsRegistryTruth {
  generator: 'ms-registry';
  version: number;
  options: Required<Omit<MsRegistryOptions, 'classes'>>;
  /** True relapse rate ratios (vs untreated) and high vs moderate. */
  relapseRateRatio: Record<ExposureClass, number> & { highVsModerate: number };
  /** True hazard ratios of relapse-independent worsening (vs untreated) and high vs moderate. */
  worseningHazardRatio: Record<ExposureClass, number> & { highVsModerate: number };
  classes: readonly LatentClassSpec[];
  patients: MsRegistryPatientTruth[];
}

/** Records in the canonical schema (engine/schema.ts). */
export interface MsRegistryRecords {
  patients: Patient[];
  events: ClinicalEvent[];
  observations: Observation[];
  treatments: Treatment[];
  visits: Visit[];
}

/** The generated registry and its truth. */
export interface MsRegistry {
  records: MsRegistryRecords;
  truth: MsRegistryTruth;
}

/** Version of the generator: bump when the same seed gives different output. */
export const MS_REGISTRY_VERSION = 1;

const DAYS_PER_YEAR = 365.25;

function dayFromIso(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new UsageError(`Not an ISO date (YYYY-MM-DD): ${text}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = t / 86400000;
  if (isoFromDay(day) !== text) throw new UsageError(`Not a valid calendar date: ${text}`);
  return day;
}
function isoFromDay(day: number): string {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

/** Band delta (deltaEdge 5.5), the size of one true worsening step. */
function stepFrom(level: number): number {
  if (level < 1) return 1.5;
  if (level <= 5.5) return 1.0;
  return 0.5;
}

/** Round to the EDSS grid (0, 1.0, 1.5, ..., 9.5): 0.5 does not exist. */
function toEdssGrid(x: number): number {
  let q = Math.round(Math.min(9.5, Math.max(0, x)) * 2) / 2;
  if (q === 0.5) q = x >= 0.5 ? 1 : 0;
  return q;
}

function categorical(rand: RandomSource, p: readonly number[]): number {
  let u = rand();
  for (let i = 0; i < p.length; i++) {
    u -= p[i] as number;
    if (u < 0) return i;
  }
  return p.length - 1;
}

function resolveClasses(classes: readonly LatentClassSpec[] | undefined): readonly LatentClassSpec[] {
  if (classes === undefined) return P.classes;
  if (classes.length === 0) throw new UsageError('classes must not be empty');
  const total = classes.reduce((s, c) => s + c.p, 0);
  if (Math.abs(total - 1) > 1e-9) throw new UsageError(`class proportions must sum to 1, got ${total}`);
  for (const c of classes) {
    for (const [field, v] of Object.entries(c)) if (field !== 'name' && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) throw new UsageError(`class ${c.name}: ${field} must be a finite number >= 0, got ${String(v)}`);
    if (c.residualProbability > 1) throw new UsageError(`class ${c.name}: residualProbability must be <= 1, got ${c.residualProbability}`);
  }
  return classes;
}

/**
 * Largest registry the generator accepts: 1,000,000 patients (about 30 records
 * each, some 3.5 s per 10,000 patients), as the cohort generator's per-disease maximum.
 */
export const MS_REGISTRY_MAX_PATIENTS = 1_000_000;

function resolveOptions(o: MsRegistryOptions): Required<Omit<MsRegistryOptions, 'classes'>> {
  const r = { seed: o.seed ?? 20240611, patients: o.patients ?? 500, startDate: o.startDate ?? '2008-01-01', endDate: o.endDate ?? '2025-12-31' };
  if (!(Number.isInteger(r.patients) && r.patients >= 0 && r.patients <= MS_REGISTRY_MAX_PATIENTS)) {
    throw new UsageError(`patients must be an integer from 0 to ${MS_REGISTRY_MAX_PATIENTS}, got ${r.patients}`);
  }
  if (!Number.isInteger(r.seed)) throw new UsageError(`seed must be an integer, got ${r.seed}`);
  if (dayFromIso(r.endDate) - dayFromIso(r.startDate) < 3 * DAYS_PER_YEAR) throw new UsageError('endDate must be at least 3 years after startDate');
  return r;
}

/**
 * Generate the registry.
 * @param options seed (20240611), patients (500), startDate ('2008-01-01'), endDate ('2025-12-31').
 * @throws {UsageError} on invalid options.
 * @example const { records, truth } = generateMsRegistry({ seed: 1, patients: 200 });
 */
export function generateMsRegistry(options: MsRegistryOptions = {}): MsRegistry {
  const o = resolveOptions(options);
  const classes = resolveClasses(options.classes);
  const rand = seededRandom(o.seed);
  const records: MsRegistryRecords = { patients: [], events: [], observations: [], treatments: [], visits: [] };
  const patients: MsRegistryPatientTruth[] = [];
  const first = dayFromIso(o.startDate);
  const end = dayFromIso(o.endDate);
  const width = String(Math.max(1, o.patients)).length;
  for (let k = 0; k < o.patients; k++) {
    const pseudonym = `MSR${String(k + 1).padStart(width, '0')}`;
    patients.push(generatePatient(pseudonym, rand, first, end, classes, records));
  }
  const rr = P.relapseRateRatio;
  const hr = P.worseningHazardRatio;
  return {
    records,
    truth: {
      generator: 'ms-registry',
      version: MS_REGISTRY_VERSION,
      options: o,
      relapseRateRatio: { ...rr, highVsModerate: rr.dmt_high / rr.dmt_moderate },
      worseningHazardRatio: { ...hr, highVsModerate: hr.dmt_high / hr.dmt_moderate },
      classes,
      patients,
    },
  };
}

function generatePatient(pseudonym: string, rand: RandomSource, first: number, end: number, classes: readonly LatentClassSpec[], out: MsRegistryRecords): MsRegistryPatientTruth {
  const source = 'synthetic-ms-registry';
  const cls = classes[categorical(rand, classes.map((c) => c.p))] as LatentClassSpec;
  const index = first + randomInt(rand, Math.max(1, Math.floor(end - first - 2 * DAYS_PER_YEAR)));
  const years = P.followUpYears[0] + rand() * (P.followUpYears[1] - P.followUpYears[0]);
  const last = Math.min(end, index + Math.floor(years * DAYS_PER_YEAR));
  const frailty = (exponential(rand, 1) + exponential(rand, 1)) / P.frailtyShape;
  const female = rand() < 0.72;
  const age = Math.min(60, Math.max(16, normal(rand, 32, 9)));
  let level = toEdssGrid(normal(rand, cls.edssMean, cls.edssSd));
  const edssAtOnset = level;
  const worsening: TrueWorsening[] = [];
  const relapses: number[] = [];
  const event = (day: number, type: ClinicalEvent['type'], code: string | null, value: number | null, detail: string | null): void => {
    out.events.push({ pseudonym, date: isoFromDay(day), type, code_system: code ? 'local' : null, code, value, detail, source });
  };

  // Prior relapses in the 2 years before onset/diagnosis (the index date is the first visit).
  const priorRelapses = poisson(rand, cls.relapseRate * frailty * 2);
  const prior: number[] = [];
  for (let i = 0; i < priorRelapses; i++) prior.push(index - 1 - randomInt(rand, 730));
  prior.sort((a, b) => a - b);
  for (const d of prior) if (!relapses.some((r) => Math.abs(r - d) < 30)) relapses.push(d);
  for (const d of relapses) event(d, 'relapse', null, null, 'prior');
  event(index, 'diagnosis', null, null, 'relapsing-remitting multiple sclerosis');

  // Therapy state.
  let therapy: ExposureClass = 'untreated';
  let substance: string | null = null;
  let current: Treatment | null = null;
  let pendingStart: { day: number; klass: Exclude<ExposureClass, 'untreated'>; exclude: string | null } | null = null;
  let lastChange = index;
  const exposure: MsRegistryPatientTruth['exposure'] = [];
  const setExposure = (day: number): void => {
    const prev = exposure[exposure.length - 1];
    if (prev && prev.start === isoFromDay(day)) exposure.pop();
    else if (prev) prev.end = isoFromDay(day);
    exposure.push({ start: isoFromDay(day), end: null, class: therapy, substance });
  };
  const startDrug = (day: number, klass: Exclude<ExposureClass, 'untreated'>, exclude: string | null, line: number): void => {
    const all: readonly { substance: string; atc: string }[] = P.drugs[klass];
    const pool = all.filter((d) => d.substance !== exclude);
    const drug = pool[randomInt(rand, pool.length)] as { substance: string; atc: string };
    therapy = klass;
    substance = drug.substance;
    current = { pseudonym, start: isoFromDay(day), stop: null, substance: drug.substance, atc: drug.atc, class: klass, intent: 'disease_modifying', line, stop_reason: null, source };
    out.treatments.push(current);
    lastChange = day;
    setExposure(day);
  };
  const stopDrug = (day: number, reason: string): void => {
    if (current) {
      current.stop = isoFromDay(day);
      current.stop_reason = reason;
    }
    current = null;
    therapy = 'untreated';
    substance = null;
    lastChange = day;
    setExposure(day);
  };
  let lines = 0;
  setExposure(index);
  const firstLine: ExposureClass = rand() < P.firstLine.startProbability
    ? rand() < (P.firstLine.highProbabilityByPriorRelapses[Math.min(2, priorRelapses)] as number) ? 'dmt_high' : 'dmt_moderate'
    : 'untreated';
  if (firstLine !== 'untreated') startDrug(index, firstLine, null, ++lines);

  // Observation helpers.
  const recorded = (day: number): number => {
    let x = level;
    if (relapses.some((r) => day >= r && day - r <= P.relapseBumpDays)) x += P.relapseBump;
    if (rand() < P.edssNoiseProbability) x += rand() < 0.5 ? -0.5 : 0.5;
    return toEdssGrid(x);
  };
  const visit = (day: number, type: string): void => {
    out.visits.push({ pseudonym, date: isoFromDay(day), type, provider: 'neurology', source });
    out.observations.push({ pseudonym, date: isoFromDay(day), code: 'EDSS', code_system: 'local', value: recorded(day), value_text: null, unit: null, source });
  };
  const step = (day: number, kind: 'PIRA' | 'RAW'): void => {
    if (level >= 9.5) return;
    const to = Math.min(9.5, level + stepFrom(level));
    worsening.push({ date: isoFromDay(day), kind, from: level, to });
    level = to;
  };

  // Follow-up, interval by interval (therapy constant within an interval).
  let lastMri = -Infinity;
  let t2Since = 0;
  let day = index;
  visit(day, 'followup');
  while (day < last) {
    const next = Math.min(last, day + P.visitIntervalDays[0] + randomInt(rand, P.visitIntervalDays[1] - P.visitIntervalDays[0] + 1));
    // a pending start after a washout splits the interval
    let t = day;
    while (t < next) {
      const segEnd = pendingStart && pendingStart.day > t && pendingStart.day < next ? pendingStart.day : next;
      const rr = P.relapseRateRatio[therapy];
      const relapseRate = cls.relapseRate * frailty * rr;
      const piraRate = cls.piraRate * P.worseningHazardRatio[therapy];
      // merge two Poisson processes on [t, segEnd)
      const arrivals: { d: number; kind: 'relapse' | 'pira' }[] = [];
      for (let s = t + exponential(rand, relapseRate / DAYS_PER_YEAR); s < segEnd; s += exponential(rand, relapseRate / DAYS_PER_YEAR)) arrivals.push({ d: Math.floor(s), kind: 'relapse' });
      for (let s = t + exponential(rand, piraRate / DAYS_PER_YEAR); s < segEnd; s += exponential(rand, piraRate / DAYS_PER_YEAR)) arrivals.push({ d: Math.floor(s), kind: 'pira' });
      arrivals.sort((a, b) => a.d - b.d || (a.kind < b.kind ? -1 : 1));
      for (const a of arrivals) {
        if (a.d <= day) continue; // not on the visit day itself
        if (a.kind === 'pira') {
          step(a.d, 'PIRA');
          continue;
        }
        // No 30-day merging of close relapses here: onsets are a pure Poisson process so that the
        // true rate ratios hold exactly for the generated data (apply the clinical rule downstream).
        relapses.push(a.d);
        event(a.d, 'relapse', null, null, null);
        if (rand() < cls.residualProbability) step(a.d, 'RAW');
        if (rand() < P.relapseVisitProbability) {
          const vd = a.d + 7 + randomInt(rand, 24);
          if (vd < next && vd < last) visit(vd, 'outpatient');
        }
      }
      t2Since += (P.mri.t2PerYear * frailty * rr * (segEnd - t)) / DAYS_PER_YEAR;
      t = segEnd;
      if (pendingStart && pendingStart.day === t) {
        const ps = pendingStart;
        pendingStart = null;
        startDrug(t, ps.klass, ps.exclude, ++lines);
      }
    }
    day = next;
    if (day >= last && day !== last) break;
    visit(day, 'followup');
    let newT2 = 0;
    if (day - lastMri >= P.mri.intervalDays) {
      newT2 = lastMri === -Infinity ? 0 : poisson(rand, t2Since);
      const recent = relapses.some((r) => day >= r && day - r <= 90);
      const gd = poisson(rand, P.mri.gdPerScan * frailty * P.relapseRateRatio[therapy] * (recent ? P.mri.gdRecentRelapseFactor : 1));
      if (lastMri === -Infinity) event(day, 'mri', 'T2_TOTAL', 3 + randomInt(rand, 20), null);
      else event(day, 'mri', 'T2_NEW', newT2, null);
      event(day, 'mri', 'GD_ENHANCING', gd, null);
      lastMri = day;
      t2Since = 0;
      if (gd > 0) newT2 += gd;
    }
    if (day >= last || pendingStart) continue;
    // Therapy decisions (confounding by indication).
    const active = relapses.some((r) => r > Math.max(lastChange, day - 365) && r <= day) || newT2 > 0;
    const interval = 1 / 2; // about half a year between visits on average
    if (therapy === 'untreated') {
      if (active && rand() < P.startOnActivity) {
        const klass = lines > 0 || rand() < 0.4 ? 'dmt_high' : 'dmt_moderate';
        pendingStart = { day: day + 1, klass, exclude: null };
      }
    } else if (active && day - lastChange >= 180 && rand() < P.switchOnActivity) {
      const from = substance;
      stopDrug(day, 'lack_of_efficacy');
      pendingStart = { day: day + P.washoutDays, klass: 'dmt_high', exclude: from };
    } else if (therapy === 'dmt_moderate' && rand() < 1 - Math.exp(-P.adverseEventRate * interval)) {
      const from = substance;
      stopDrug(day, 'adverse_event');
      pendingStart = { day: day + P.washoutDays, klass: 'dmt_moderate', exclude: from };
    }
  }
  const birthYear = Number(isoFromDay(index).slice(0, 4)) - Math.round(age);
  out.patients.push({
    pseudonym,
    birth_year: birthYear,
    birth_month: 1 + randomInt(rand, 12),
    sex: female ? 'female' : 'male',
    diagnosis: 'multiple_sclerosis',
    diagnosis_icd10: 'G35',
    site: `site${1 + randomInt(rand, 4)}`,
    index_date: isoFromDay(index),
    last_contact: isoFromDay(last),
    source,
  });
  return { pseudonym, latentClass: cls.name, frailty, edssAtOnset, priorRelapses, firstLine, worsening, exposure, lastContact: isoFromDay(last) };
}
