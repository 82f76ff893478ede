/**
 * From the plain rows of a comparison (compare-records.ts) to the arrays of
 * one emulated trial (models/causal): eligibility, time zero, outcome and
 * competing death, the therapy's first start (and, for sustained strategies,
 * the end of its first episode), covariates at time zero dummy-coded as R
 * does (reference = first level in code-point order), and the patients left
 * out with the reason. Pure: no database; the same function serves the
 * session loader and in-memory records (benchmarks, tests).
 *
 * Rules (docs/target-trial.md "Protocol"):
 * - time zero: the index date; follow-up to the first outcome event after it,
 *   death (a competing event unless named as an outcome), or last follow-up;
 * - eligible: the diagnosis, every eligibility criterion met, no use of the
 *   therapy before time zero (new users), no outcome event on or before time
 *   zero, follow-up after time zero, every covariate known at time zero;
 * - an outcome name matches an event's type or its code, case-insensitively.
 */
import type { NamedColumn } from '../../models/causal/pooled-logistic.js';
import type { TimeUpdatedCovariate, TrialPatients } from '../../models/causal/clone-censor-weight.js';
import { UsageError } from '../../util/errors.js';
import type { EligibilityCriterion } from './compare-options.js';

/** One patient's baseline facts (days from the index date). */
export interface CompareRecordPatient {
  pseudonym: string;
  /** Last follow-up (days after the index date; engine/analysis-table.ts convention). */
  lastFollowUp: number;
  /** Covariates at time zero by name (numbers, texts, null = missing). */
  covariates: Record<string, number | string | null>;
}

/** The rows a comparison reads. */
export interface CompareRecords {
  patients: CompareRecordPatient[];
  /** Records of the treatment (and of the control therapy of a new-user design), days from the index date; stop null = ongoing. */
  therapies: { pseudonym: string; which: 'treatment' | 'control'; start: number; stop: number | null }[];
  /** Events of the outcomes, negative controls and deaths (days from the index date). */
  events: { pseudonym: string; day: number; type: string; code: string | null }[];
  /** Measurements of time-updated covariates (days from the index date). */
  measurements: { code: string; pseudonym: string; day: number; value: number }[];
}

/** What a trial is built from. */
export interface TrialSpec {
  outcome: readonly string[];
  horizonDays: number;
  covariates: readonly string[];
  eligibility: readonly EligibilityCriterion[];
  timeUpdated: readonly string[];
  allowedGapDays: number;
  /** Which therapy defines prior use and the start ('treatment'; new-user designs use both). */
  therapies: readonly ('treatment' | 'control')[];
}

/** Patients left out, by reason. */
export interface TrialExclusions {
  ineligible: number;
  priorUse: number;
  prevalentOutcome: number;
  noFollowUp: number;
  missingCovariates: number;
}

/** One built trial. */
export interface BuiltTrial {
  pseudonyms: string[];
  patients: TrialPatients;
  /** Start of the control therapy (new-user designs), Infinity = never. */
  controlStart: Float64Array;
  /** Design column names of the covariates. */
  covariateNames: string[];
  exclusions: TrialExclusions;
  warnings: string[];
}

/** True when an event matches one of the outcome names (type or code, case-insensitive). */
export function matchesOutcome(e: { type: string; code: string | null }, names: ReadonlySet<string>): boolean {
  return names.has(e.type.toLowerCase()) || (e.code !== null && names.has(e.code.toLowerCase()));
}

function meets(value: number | string | null, c: EligibilityCriterion): boolean {
  if (value === null) return false;
  if (typeof c.value === 'number') {
    const v = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(v)) return false;
    switch (c.op) {
      case '>=': return v >= c.value;
      case '<=': return v <= c.value;
      case '>': return v > c.value;
      case '<': return v < c.value;
      case '=': return v === c.value;
      case '!=': return v !== c.value;
    }
  }
  const s = String(value);
  if (c.op === '=') return s === c.value;
  if (c.op === '!=') return s !== c.value;
  throw new UsageError(`eligibility: ${c.covariate} ${c.op} '${c.value}' compares a text; use = or !=`);
}

/** End of the first episode from the first start: records joined while the next starts within `gap` days of the last stop. */
function episodeEnd(records: readonly { start: number; stop: number | null }[], gap: number): number {
  const sorted = [...records].sort((a, b) => a.start - b.start);
  let end = sorted[0]!.stop ?? Infinity;
  for (const r of sorted.slice(1)) {
    if (r.start > end + gap) break;
    end = Math.max(end, r.stop ?? Infinity);
  }
  return end;
}

/**
 * Builds the arrays of one emulated trial.
 * @param records the comparison's rows; @param spec outcome, horizon, covariates, eligibility, time-updated codes, gap, therapies.
 * @throws {UsageError} for a covariate no patient has or an eligibility criterion on a covariate not loaded.
 * @example buildTrial(records, { outcome: ['fracture'], horizonDays: 1826, covariates: ['age'], eligibility: [], timeUpdated: [], allowedGapDays: 30, therapies: ['treatment'] })
 */
export function buildTrial(records: CompareRecords, spec: TrialSpec): BuiltTrial {
  const names = new Set(spec.outcome.map((x) => x.toLowerCase()));
  const deathIsOutcome = names.has('death');
  const warnings: string[] = [];
  const byPatient = <T extends { pseudonym: string }>(rows: readonly T[]): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const l = m.get(r.pseudonym);
      if (l) l.push(r);
      else m.set(r.pseudonym, [r]);
    }
    return m;
  };
  const therapies = byPatient(records.therapies);
  const events = byPatient(records.events);
  const ex: TrialExclusions = { ineligible: 0, priorUse: 0, prevalentOutcome: 0, noFollowUp: 0, missingCovariates: 0 };
  for (const c of spec.eligibility) if (records.patients.length && !(c.covariate in records.patients[0]!.covariates)) throw new UsageError(`eligibility criterion on '${c.covariate}': not a loaded covariate`);
  interface Row { p: CompareRecordPatient; exit: number; status: number; start: number; stop: number; controlStart: number }
  const kept: Row[] = [];
  for (const p of records.patients) {
    if (!spec.eligibility.every((c) => meets(p.covariates[c.covariate] ?? null, c))) { ex.ineligible++; continue; }
    const tr = therapies.get(p.pseudonym) ?? [];
    const mine = (w: 'treatment' | 'control') => tr.filter((t) => t.which === w);
    if (spec.therapies.some((w) => mine(w).some((t) => t.start < 0))) { ex.priorUse++; continue; }
    const ev = events.get(p.pseudonym) ?? [];
    if (ev.some((e) => e.day <= 0 && matchesOutcome(e, names))) { ex.prevalentOutcome++; continue; }
    let outcomeDay = Infinity;
    let deathDay = Infinity;
    for (const e of ev) {
      if (e.day <= 0 || e.day > p.lastFollowUp) continue;
      if (matchesOutcome(e, names)) outcomeDay = Math.min(outcomeDay, e.day);
      if (e.type.toLowerCase() === 'death') deathDay = Math.min(deathDay, e.day);
    }
    const exit = Math.min(outcomeDay, deathDay, p.lastFollowUp);
    if (!(exit > 0)) { ex.noFollowUp++; continue; }
    const status = outcomeDay === exit ? 1 : deathDay === exit && !deathIsOutcome ? 2 : 0;
    if (spec.covariates.some((c) => p.covariates[c] === null || p.covariates[c] === undefined || (typeof p.covariates[c] === 'number' && !Number.isFinite(p.covariates[c] as number)))) { ex.missingCovariates++; continue; }
    const t = mine('treatment');
    const start = t.length ? Math.min(...t.map((x) => x.start)) : Infinity;
    const stop = t.length ? episodeEnd(t, spec.allowedGapDays) + spec.allowedGapDays : Infinity;
    const c = mine('control');
    const controlStart = c.length ? Math.min(...c.map((x) => x.start)) : Infinity;
    kept.push({ p, exit, status, start, stop, controlStart });
  }
  if (ex.missingCovariates > 0) warnings.push(`patients with a covariate missing at time zero were left out (complete cases)`);
  // Covariates: numbers as they are, texts dummy-coded (reference = first level in code-point order).
  const baseline: NamedColumn[] = [];
  for (const c of spec.covariates) {
    const values = kept.map((r) => r.p.covariates[c]!);
    if (values.every((v) => typeof v === 'number')) {
      const x = Float64Array.from(values as number[]);
      if (new Set(x).size <= 1) warnings.push(`covariate ${c} does not vary among the eligible patients and was left out`);
      else baseline.push({ name: c, values: x });
      continue;
    }
    const levels = [...new Set(values.map(String))].sort();
    if (levels.length <= 1) { warnings.push(`covariate ${c} does not vary among the eligible patients and was left out`); continue; }
    const stem = c.replace(/:text$/i, '');
    for (const lev of levels.slice(1)) baseline.push({ name: `${stem}${lev}`, values: Float64Array.from(values, (v) => (String(v) === lev ? 1 : 0)) });
  }
  const index = new Map(kept.map((r, i) => [r.p.pseudonym, i]));
  const timeUpdated: TimeUpdatedCovariate[] = [];
  for (const code of spec.timeUpdated) {
    const rows = records.measurements.filter((m) => m.code === code && index.has(m.pseudonym) && Number.isFinite(m.value)).map((m) => ({ i: index.get(m.pseudonym)!, day: m.day, value: m.value }));
    rows.sort((a, b) => a.i - b.i || a.day - b.day);
    const has = new Set(rows.map((r) => r.i));
    if (has.size < kept.length) throw new UsageError(`time-updated covariate ${code}: some eligible patients have no value (name it in the covariates too, so that patients without a baseline value are left out)`);
    timeUpdated.push({ name: `${code}(t)`, patient: Int32Array.from(rows, (r) => r.i), time: Float64Array.from(rows, (r) => r.day), value: Float64Array.from(rows, (r) => r.value) });
  }
  return {
    pseudonyms: kept.map((r) => r.p.pseudonym),
    patients: {
      exit: Float64Array.from(kept, (r) => r.exit),
      status: Float64Array.from(kept, (r) => r.status),
      start: Float64Array.from(kept, (r) => r.start),
      stop: Float64Array.from(kept, (r) => r.stop),
      baseline,
      ...(timeUpdated.length ? { timeUpdated } : {}),
    },
    controlStart: Float64Array.from(kept, (r) => r.controlStart),
    covariateNames: baseline.map((b) => b.name),
    exclusions: ex,
    warnings,
  };
}
