/**
 * `midia ms compare`: which drug for whom (issue 6 item 4). A new-user,
 * active-comparator design on an MS cohort: each patient enters at the start
 * of the first DMT episode of the treatment (A) or the control (B) (a drug,
 * or an efficacy class), with baseline covariates at that start; a
 * propensity score (logistic regression, optionally ridge-penalized),
 * inverse-probability weights (stabilised ATE weights, truncated; or overlap
 * weights) or nearest-neighbour matching with a caliper; the balance table
 * (SMD before and after, love plot with --figure); the weighted effect with
 * robust variance (Cox hazard ratio for time to first relapse or CDW, or a
 * negative-binomial / Poisson relapse rate ratio); and effects within
 * subgroups or response clusters with the interaction (heterogeneity) test.
 * Output is aggregated only; counts below the disclosure threshold are
 * suppressed; the run is recorded in the data-use ledger.
 *
 * References: DOMAIN.md "Comparing therapies on registry data"; Rosenbaum &
 * Rubin 1983 (propensity score); Austin, Stat Med 2011;30:1292 (caliper 0.2 SD
 * of the logit); Cole & Hernán, Am J Epidemiol 2008;168:656 (stabilised,
 * truncated weights at the 1st/99th percentiles); Li, Morgan & Zaslavsky,
 * JASA 2018;113:390 (overlap weights); Austin, Stat Med 2009;28:3083 (SMD < 0.1);
 * Austin, Stat Med 2016;35:5642 (weighted Cox with robust variance).
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { loveFigure } from '../../charts/love-figure.js';
import { suppressSmallCounts1D } from '../../engine/disclosure/suppress-small-counts.js';
import { readDataFile } from '../../engine/read-file.js';
import { toColumnTable } from '../../engine/convert.js';
import { balanceTable, type BalanceTableRow } from '../../models/causal/balance.js';
import { ipWeights } from '../../models/causal/ip-weights.js';
import { propensityScore } from '../../models/causal/propensity-score.js';
import { matchNearest } from '../../models/causal/ps-matching.js';
import { subgroupEffects, weightedEffect, type EffectModel, type TreatmentEffect } from '../../models/causal/weighted-effects.js';
import type { Column, ColumnTable } from '../../models/design/types.js';
import { confirmedDisabilityEvents, type EdssVisitRow } from '../../models/ms/cdw.js';
import { toDayNumber } from '../../models/ms/day-number.js';
import { dmtClassOf, normalizeDrugName } from '../../models/ms/pathways/drug-classes.js';
import type { DmtEpisode } from '../../models/ms/pathways/dmt-episodes.js';
import { isFollowUpRelapse } from '../../models/ms/follow-up-relapse.js';
import { DAYS_PER_YEAR } from '../../models/ms/relapse-rate.js';
import { quantileSortedType7 } from '../../models/stats/quantile.js';
import { baselineCovariates, type BaselineCovariates } from '../../models/ms/response-features.js';
import { figureHtml } from '../../render/figure-html.js';
import { AccessDeniedError, DataValidationError, MidiaError, UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { CommandIO, ParsedArgs } from '../command.js';
import { recordRun } from '../io.js';
import { loadMsCohort, minCellFlag, smallCount, suppressTable, withMsSession, type MsPatient } from '../ms-data.js';
import { jsonText, textTable, writeLine } from '../output.js';

/** Flags of `ms compare`. */
export const COMPARE_FLAGS = ['db', 'study', 'purpose', 'treatment', 'control', 'by', 'outcome', 'method', 'weights', 'truncate', 'caliper', 'covariates', 'subgroup', 'by-cluster', 'figure', 'min-cell', 'ridge', 'enet', 'arr-model'] as const;

/** Baseline covariates available to the propensity score (names as in --covariates). */
export const COMPARE_COVARIATES = ['age', 'female', 'duration', 'edss', 'relapses1y', 'relapses2y', 'priorTherapy'] as const;
export type CompareCovariate = (typeof COMPARE_COVARIATES)[number];

/** Subgroup variables of --subgroup. */
export const COMPARE_SUBGROUPS = ['sex', 'priorTherapy', 'site', 'edssBand'] as const;

/**
 * Defaults of `ms compare`, each with its source: --by drug; --outcome relapse
 * (time to first relapse, DOMAIN.md); --method iptw; --weights stabilized
 * (ATE, Cole & Hernán 2008); --truncate 0.01 for stabilized weights (1st/99th
 * percentiles, Cole & Hernán 2008), none for ATT and overlap weights (bounded, Li 2018);
 * --caliper 0.2 SD of the logit PS (Austin 2011); covariates age, female,
 * duration, edss, relapses2y, priorTherapy (DOMAIN.md); ridge 0 (plain
 * logistic regression); --arr-model nb (negative binomial: overdispersed
 * relapse counts, DOMAIN.md).
 */
export const COMPARE_DEFAULTS = Object.freeze({
  by: 'drug' as const,
  outcome: 'relapse' as const,
  method: 'iptw' as const,
  weights: 'stabilized' as const,
  truncate: 0.01,
  caliper: 0.2,
  covariates: ['age', 'female', 'duration', 'edss', 'relapses2y', 'priorTherapy'] as readonly CompareCovariate[],
  ridge: 0,
  arrModel: 'nb' as const,
});

interface CompareSettings {
  by: 'drug' | 'class';
  treatment: string;
  control: string;
  outcome: 'relapse' | 'cdw' | 'arr';
  method: 'iptw' | 'match';
  weights: 'stabilized' | 'att' | 'overlap';
  truncate: number;
  caliper: number | null;
  covariates: CompareCovariate[];
  subgroup: string | null;
  byCluster: string | null;
  figure: string | null;
  ridge: number;
  enet: { lambda: number; alpha: number } | null;
  arrModel: 'nb' | 'poisson';
}

/** Validates the flags of `ms compare` (UsageError naming the flag). */
export function compareSettings(args: ParsedArgs): CompareSettings {
  checkFlags(args, COMPARE_FLAGS);
  const by = choiceFlag(args, 'by', ['drug', 'class'] as const, COMPARE_DEFAULTS.by);
  const treatment = requiredFlag(args, 'treatment');
  const control = requiredFlag(args, 'control');
  if (by === 'class') {
    for (const f of ['treatment', 'control'] as const) {
      const v = f === 'treatment' ? treatment : control;
      if (v !== 'moderate' && v !== 'high') throw new UsageError(`--${f} with --by class must be moderate or high (DGN 2021 efficacy class), got '${v}'`);
    }
  }
  if (normalizeDrugName(treatment) === normalizeDrugName(control)) throw new UsageError(`--treatment and --control must differ, both are '${treatment}'`);
  const outcome = choiceFlag(args, 'outcome', ['relapse', 'cdw', 'arr'] as const, COMPARE_DEFAULTS.outcome);
  const method = choiceFlag(args, 'method', ['iptw', 'match'] as const, COMPARE_DEFAULTS.method);
  const weights = choiceFlag(args, 'weights', ['stabilized', 'att', 'overlap'] as const, COMPARE_DEFAULTS.weights);
  if (method === 'match' && args.flags.weights !== undefined) throw new UsageError('--weights applies to --method iptw, not match');
  if (method === 'iptw' && args.flags.caliper !== undefined) throw new UsageError('--caliper applies to --method match, not iptw');
  const tr = numberFlag(args, 'truncate');
  if (tr !== undefined && !(tr >= 0 && tr < 0.5)) throw new UsageError(`--truncate must be in [0, 0.5), got ${tr}`);
  const truncate = tr ?? (weights === 'stabilized' ? COMPARE_DEFAULTS.truncate : 0);
  const caliperText = stringFlag(args, 'caliper');
  let caliper: number | null = COMPARE_DEFAULTS.caliper;
  if (caliperText === 'none') caliper = null;
  else if (caliperText !== undefined) {
    caliper = Number(caliperText);
    if (!(caliper > 0)) throw new UsageError(`--caliper must be > 0 (SDs of the logit PS) or none, got '${caliperText}'`);
  }
  const covText = stringFlag(args, 'covariates');
  let covariates = [...COMPARE_DEFAULTS.covariates];
  if (covText !== undefined) {
    covariates = covText.split(',').map((s) => s.trim()) as CompareCovariate[];
    for (const c of covariates) if (!(COMPARE_COVARIATES as readonly string[]).includes(c)) throw new UsageError(`--covariates: unknown covariate '${c}' (one of ${COMPARE_COVARIATES.join(', ')})`);
    if (covariates.length === 0 || new Set(covariates).size !== covariates.length) throw new UsageError(`--covariates must name distinct covariates, got '${covText}'`);
  }
  const subgroup = stringFlag(args, 'subgroup') ?? null;
  const byCluster = stringFlag(args, 'by-cluster') ?? null;
  if (subgroup !== null && byCluster !== null) throw new UsageError('Give either --subgroup or --by-cluster, not both');
  if (subgroup !== null && !(COMPARE_SUBGROUPS as readonly string[]).includes(subgroup)) throw new UsageError(`--subgroup must be one of ${COMPARE_SUBGROUPS.join(', ')}, got '${subgroup}'`);
  const figure = stringFlag(args, 'figure') ?? null;
  if (figure !== null && extname(figure).toLowerCase() !== '.html') throw new UsageError(`--figure must end in .html, got ${figure}`);
  const ridge = numberFlag(args, 'ridge', COMPARE_DEFAULTS.ridge) as number;
  if (!(ridge >= 0)) throw new UsageError(`--ridge must be >= 0, got ${ridge}`);
  const enetText = stringFlag(args, 'enet');
  let enet: { lambda: number; alpha: number } | null = null;
  if (enetText !== undefined) {
    const [l, a] = enetText.split(',').map((x) => Number(x.trim()));
    enet = { lambda: l as number, alpha: a ?? 1 };
    if (!(enet.lambda >= 0) || !(enet.alpha >= 0 && enet.alpha <= 1) || enetText.split(',').length > 2) throw new UsageError(`--enet must be LAMBDA[,ALPHA] with lambda >= 0 and alpha in [0, 1], got '${enetText}'`);
    if (ridge > 0) throw new UsageError('Give either --ridge or --enet, not both');
  }
  const arrModel = choiceFlag(args, 'arr-model', ['nb', 'poisson'] as const, COMPARE_DEFAULTS.arrModel);
  return { by, treatment, control, outcome, method, weights, truncate, caliper, covariates, subgroup, byCluster, figure, ridge, enet, arrModel };
}

/** The group of an episode: 1 treatment, 0 control, null neither. */
function armOf(e: DmtEpisode, s: CompareSettings): 0 | 1 | null {
  if (s.by === 'drug') {
    const d = normalizeDrugName(e.drug);
    return d === normalizeDrugName(s.treatment) ? 1 : d === normalizeDrugName(s.control) ? 0 : null;
  }
  const eff = e.efficacy ?? dmtClassOf(e.drug)?.efficacy ?? null;
  return eff === s.treatment ? 1 : eff === s.control ? 0 : null;
}

/** One analysed patient: entry episode, arm, baseline and outcome. */
interface Entry {
  patient: MsPatient;
  arm: 0 | 1;
  start: string;
  /** Last day of exposure: the episode stop, or the end of follow-up while ongoing (as-treated). */
  stop: string;
  baseline: BaselineCovariates;
}

function entries(patients: readonly MsPatient[], s: CompareSettings): { entries: Entry[]; noFollowUp: number } {
  const out: Entry[] = [];
  let noFollowUp = 0;
  for (const p of patients) {
    const e = [...p.episodes].sort((a, b) => a.start.localeCompare(b.start)).find((x) => armOf(x, s) !== null);
    if (!e) continue;
    const end = toDayNumber(p.end);
    const stopDay = Math.min(end, e.stop === null ? end : toDayNumber(e.stop));
    if (!(stopDay > toDayNumber(e.start))) {
      noFollowUp++;
      continue;
    }
    const baseline = baselineCovariates({ date: e.start, onset: p.onset, birthYear: p.birthYear, birthMonth: p.birthMonth, sex: p.sex, edss: p.edss, relapses: p.relapses, therapyStarts: p.episodes.map((x) => x.start) });
    out.push({ patient: p, arm: armOf(e, s) as 0 | 1, start: e.start, stop: new Date(stopDay * 86400000).toISOString().slice(0, 10), baseline });
  }
  return { entries: out, noFollowUp };
}

/** Date of the baseline EDSS visit at `start` (latest in [start - 365, start], else first in (start, start + 90]); null when none. */
function baselineVisitDay(p: MsPatient, start: number): number | null {
  let before: number | null = null;
  let after: number | null = null;
  for (const v of p.edss) {
    const d = toDayNumber(v.date);
    if (d <= start && d >= start - 365 && (before === null || d > before)) before = d;
    if (d > start && d <= start + 90 && (after === null || d < after)) after = d;
  }
  return before ?? after;
}

/** Outcome columns: time (years) and status for relapse/CDW, relapses and log years for ARR. */
function outcomes(list: readonly Entry[], s: CompareSettings): { time: Float64Array; status: Float64Array; relapses: Float64Array; logYears: Float64Array } {
  const n = list.length;
  const time = new Float64Array(n);
  const status = new Float64Array(n);
  const relapses = new Float64Array(n);
  const logYears = new Float64Array(n);
  let cdwFirst: Map<string, number> | null = null;
  if (s.outcome === 'cdw') {
    // CDW from the baseline visit at entry on (fixed baseline, first event, msprog defaults with band edge 5.5)
    const visits: EdssVisitRow[] = [];
    const rel: { id: string; date: string }[] = [];
    for (const e of list) {
      const b = baselineVisitDay(e.patient, toDayNumber(e.start));
      if (b === null) continue;
      for (const v of e.patient.edss) if (toDayNumber(v.date) >= b) visits.push({ id: e.patient.id, date: String(v.date), edss: v.edss });
      for (const r of e.patient.relapses) rel.push({ id: e.patient.id, date: r });
    }
    const ev = confirmedDisabilityEvents(visits, rel);
    cdwFirst = new Map();
    for (const x of ev.events) if (x.type === 'CDW' && !cdwFirst.has(x.id)) cdwFirst.set(x.id, toDayNumber(x.date));
  }
  list.forEach((e, i) => {
    const a = toDayNumber(e.start);
    const b = toDayNumber(e.stop);
    // follow-up relapses of the entry window (after the therapy start, up to the stop): the one rule of models/ms/follow-up-relapse.ts
    const rel = e.patient.relapses.map((r) => toDayNumber(r)).filter((d) => isFollowUpRelapse(d, a, b)).sort((x, y) => x - y);
    relapses[i] = rel.length;
    logYears[i] = Math.log((b - a) / DAYS_PER_YEAR);
    const eventDay = s.outcome === 'relapse' ? (rel[0] ?? null) : s.outcome === 'cdw' ? (cdwFirst?.get(e.patient.id) ?? null) : null;
    const hit = eventDay !== null && eventDay > a && eventDay <= b;
    status[i] = hit ? 1 : 0;
    time[i] = ((hit ? (eventDay as number) : b) - a) / DAYS_PER_YEAR;
  });
  return { time, status, relapses, logYears };
}

/** Reads `pseudonym,cluster` rows as written by `ms cluster --assignments`. */
async function readAssignments(file: string): Promise<Map<string, string>> {
  let t: ColumnTable;
  try {
    t = toColumnTable(await readDataFile(file));
  } catch (err) {
    if (err instanceof MidiaError) throw err;
    throw new UsageError(`--by-cluster: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const ids = t.pseudonym;
  const cl = t.cluster;
  if (!ids || !cl) throw new DataValidationError([{ file, row: 0, field: !ids ? 'pseudonym' : 'cluster', message: 'the --by-cluster file needs columns pseudonym and cluster' }]);
  const m = new Map<string, string>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const c = cl[i];
    if (id === null || id === undefined || c === null || c === undefined || (typeof c === 'number' && Number.isNaN(c))) continue;
    m.set(String(id), String(c));
  }
  return m;
}

/** An effect after disclosure control. */
interface DisclosedEffect {
  measure: 'hazard ratio' | 'rate ratio';
  ratio: number;
  lower: number;
  upper: number;
  p: number;
  /** Log ratio and its robust standard error. */
  estimate: number;
  se: number;
}

function disclosedEffect(e: TreatmentEffect | null, measure: DisclosedEffect['measure']): DisclosedEffect | null {
  return e ? { measure, ratio: e.ratio, lower: e.lower, upper: e.upper, p: e.p, estimate: e.estimate, se: e.se } : null;
}

/** Balance rows with arm means of binary covariates withheld when a category count in an arm is small. */
function disclosedBalance(rows: readonly BalanceTableRow[], cov: Record<string, Float64Array>, treat: Float64Array, threshold: number) {
  return rows.map((r) => {
    let hide = false;
    if (r.binary) {
      const x = cov[r.covariate]!;
      for (const arm of [0, 1]) {
        let ones = 0;
        let all = 0;
        for (let i = 0; i < x.length; i++) if (treat[i] === arm) {
          all++;
          ones += x[i]!;
        }
        if ((ones > 0 && ones < threshold) || (all - ones > 0 && all - ones < threshold)) hide = true;
      }
    }
    const m = (v: number): number | null => (hide || !Number.isFinite(v) ? null : v);
    return {
      covariate: r.covariate,
      binary: r.binary,
      smdBefore: r.smdBefore,
      smdAfter: r.smdAfter,
      meanTreatedBefore: m(r.meanTreatedBefore),
      meanControlBefore: m(r.meanControlBefore),
      meanTreatedAfter: r.meanTreatedAfter,
      meanControlAfter: r.meanControlAfter,
      varianceRatioBefore: Number.isFinite(r.varianceRatioBefore) ? r.varianceRatioBefore : null,
      varianceRatioAfter: Number.isFinite(r.varianceRatioAfter) ? r.varianceRatioAfter : null,
    };
  });
}

function subset(table: Record<string, Column>, rows: readonly number[]): Record<string, Column> {
  const out: Record<string, Column> = {};
  for (const [k, c] of Object.entries(table)) out[k] = c instanceof Float64Array ? Float64Array.from(rows, (i) => c[i]!) : rows.map((i) => c[i] ?? null);
  return out;
}

/**
 * Positivity (overlap) of the propensity score: per arm the 5th, 50th and 95th
 * percentiles (type 7) and the patients with a score outside [0.05, 0.95]
 * (a common trimming bound, Crump et al., Biometrika 2009;96:187, use 0.1),
 * counted with small counts suppressed.
 */
function positivity(ps: Float64Array, treat: Float64Array, threshold: number) {
  const arm = (a: number) => {
    const x = Float64Array.from(Array.from(ps).filter((_, i) => treat[i] === a)).sort();
    const outside = x.filter((v) => v < 0.05 || v > 0.95).length;
    return { q05: quantileSortedType7(x, 0.05), median: quantileSortedType7(x, 0.5), q95: quantileSortedType7(x, 0.95), outside };
  };
  const t = arm(1);
  const c = arm(0);
  const [o1, o0] = suppressSmallCounts1D([t.outside, c.outside], { threshold }).counts;
  return { treated: { ...t, outside: o1 ?? null }, control: { ...c, outside: o0 ?? null }, bounds: [0.05, 0.95] };
}

/** Runs `midia ms compare`. */
export async function runMsCompare(args: ParsedArgs, io: CommandIO): Promise<number> {
  const s = compareSettings(args);
  const clusters = s.byCluster !== null ? await readAssignments(s.byCluster) : null;
  await withMsSession(args, io, async (session) => {
    const threshold = minCellFlag(args, session.disclosure.threshold);
    const cohort = await loadMsCohort(session);
    const warnings = [...cohort.warnings];
    const { entries: all, noFollowUp } = entries(cohort.patients, s);
    if (noFollowUp > 0) warnings.push(`${smallCount(noFollowUp, threshold) ?? `fewer than ${threshold}`} new user(s) without follow-up after the start left out`);
    // covariate table (complete cases are chosen by the propensity model)
    const cov: Record<string, Float64Array> = {};
    const covariates: CompareCovariate[] = [];
    for (const c of s.covariates) {
      const x = Float64Array.from(all, (e) => e.baseline[c]);
      const seen = new Set(Array.from(x).filter(Number.isFinite));
      if (seen.size <= 1) {
        warnings.push(`covariate ${c} is constant among the new users and was left out of the propensity score`);
        continue;
      }
      cov[c] = x;
      covariates.push(c);
    }
    if (covariates.length === 0) throw new UsageError('no --covariates vary among the new users: nothing to build a propensity score from');
    const treatAll = Float64Array.from(all, (e) => e.arm);
    const n1all = all.filter((e) => e.arm === 1).length;
    const n0all = all.length - n1all;
    if (n1all < threshold || n0all < threshold) {
      throw new AccessDeniedError(`too few new users to compare: ${s.treatment} ${smallCount(n1all, threshold) ?? `fewer than ${threshold}`}, ${s.control} ${smallCount(n0all, threshold) ?? `fewer than ${threshold}`} (each arm needs at least the disclosure threshold ${threshold})`);
    }
    const ps = propensityScore(`treat ~ ${covariates.join(' + ')}`, { treat: treatAll, ...cov }, s.enet ? { elasticNet: s.enet } : { ridge: s.ridge });
    warnings.push(...ps.warnings);
    const used = Array.from(ps.rowIndex);
    const list = used.map((i) => all[i]!);
    const dropped = all.length - list.length;
    const treat = ps.treatment;
    const n1ps = treat.reduce((a, v) => a + v, 0);
    if (n1ps < threshold || treat.length - n1ps < threshold) throw new AccessDeniedError(`too few new users with complete covariates: each arm needs at least the disclosure threshold ${threshold}`);
    const covUsed: Record<string, Float64Array> = {};
    for (const c of covariates) covUsed[c] = Float64Array.from(used, (i) => cov[c]![i]!);
    let weights: Float64Array;
    let matchedSet: Float64Array | null = null;
    let adjustment: Record<string, unknown>;
    if (s.method === 'iptw') {
      const w = ipWeights(treat, ps.ps, { estimand: s.weights === 'overlap' ? 'ATO' : s.weights === 'att' ? 'ATT' : 'ATE', stabilize: s.weights === 'stabilized', truncate: s.truncate > 0 ? [s.truncate, 1 - s.truncate] : null });
      warnings.push(...w.warnings);
      weights = w.weights;
      adjustment = { kind: 'iptw', weights: s.weights, estimand: w.estimand, truncate: s.truncate > 0 ? [s.truncate, 1 - s.truncate] : null, truncatedWeights: smallCount(w.nTruncated, threshold), effectiveSampleSize: w.effectiveSampleSize };
    } else {
      const m = matchNearest(treat, ps.logitPs, { caliper: s.caliper });
      warnings.push(...m.warnings);
      weights = m.weights;
      matchedSet = Float64Array.from(m.matchedSet);
      const [mt, ut] = suppressSmallCounts1D([m.nMatchedTreated, m.nUnmatchedTreated], { threshold }).counts;
      adjustment = { kind: 'match', estimand: 'ATT', ratio: 1, caliper: s.caliper, caliperWidth: Number.isFinite(m.caliperWidth) ? m.caliperWidth : null, matchedTreated: mt ?? null, unmatchedTreated: ut ?? null, matchedControls: smallCount(m.nMatchedControls, threshold) };
      if (m.nMatchedTreated < threshold) throw new AccessDeniedError(`too few matched pairs (fewer than the disclosure threshold ${threshold}); try a wider --caliper`);
    }
    const balanceRows = balanceTable(covariates.map((c) => ({ name: c, values: covUsed[c]! })), treat, weights);
    const balance = disclosedBalance(balanceRows, covUsed, treat, threshold);
    const maxAbs = (k: 'smdBefore' | 'smdAfter'): number => Math.max(...balanceRows.map((r) => Math.abs(r[k])).filter(Number.isFinite));
    // outcome model on rows with positive weight
    const o = outcomes(list, s);
    const keep = used.map((_, i) => i).filter((i) => weights[i]! > 0);
    const subgroupCol: (string | null)[] | null =
      s.subgroup === 'sex' ? list.map((e) => e.patient.sex)
      : s.subgroup === 'priorTherapy' ? list.map((e) => (e.baseline.priorTherapy === 1 ? 'yes' : 'no'))
      : s.subgroup === 'site' ? list.map((e) => e.patient.site)
      : s.subgroup === 'edssBand' ? list.map((e) => (Number.isFinite(e.baseline.edss) ? (e.baseline.edss < 3 ? '0-2.5' : e.baseline.edss < 6 ? '3-5.5' : '6+') : null))
      : clusters ? list.map((e) => clusters.get(e.patient.id) ?? null)
      : null;
    const table: Record<string, Column> = { time: o.time, status: o.status, relapses: o.relapses, logYears: o.logYears, treat, ...(subgroupCol ? { subgroup: subgroupCol } : {}), ...(matchedSet ? { pair: matchedSet } : {}) };
    const data = subset(table, keep);
    const w = Float64Array.from(keep, (i) => weights[i]!);
    const model: EffectModel = s.outcome === 'arr' ? (s.arrModel === 'nb' ? 'negative.binomial' : 'poisson') : 'cox';
    // matched samples: robust variance clustered on the matched pair (Austin, Stat Med 2014;33:1242)
    const formula = (model === 'cox' ? 'Surv(time, status) ~ treat' : 'relapses ~ treat + offset(logYears)') + (matchedSet ? ' + cluster(pair)' : '');
    const measure = model === 'cox' ? 'hazard ratio' : 'rate ratio';
    const fit = weightedEffect(formula, data, w, { treatment: 'treat', model });
    warnings.push(...fit.warnings);
    const tr = data.treat as Float64Array;
    const st = data.status as Float64Array;
    const rl = data.relapses as Float64Array;
    const ly = data.logYears as Float64Array;
    const sumBy = (x: Float64Array, arm: number): number => x.reduce((a, v, i) => a + (tr[i] === arm ? v : 0), 0);
    const events = s.outcome === 'arr' ? [sumBy(rl, 1), sumBy(rl, 0)] : [sumBy(st, 1), sumBy(st, 0)];
    const years = [1, 0].map((arm) => ly.reduce((a, v, i) => a + (tr[i] === arm ? Math.exp(v) : 0), 0));
    let subgroups: Record<string, unknown> | null = null;
    if (subgroupCol) {
      const sgCol = data.subgroup as (string | null)[];
      const levels = [...new Set(sgCol.filter((v): v is string => v !== null))].sort();
      const armCounts = (pred: (v: string | null) => boolean): number[] => {
        let a = 0;
        let b = 0;
        sgCol.forEach((v, i) => {
          if (pred(v)) (tr[i] === 1 ? a++ : b++);
        });
        return [a, b];
      };
      const counts = levels.map((l) => armCounts((v) => v === l));
      const missing = armCounts((v) => v === null);
      // levels x arms with the arm totals public: complementary suppression across levels (and the missing row)
      const shown = suppressTable(missing[0]! + missing[1]! > 0 ? [...counts, missing] : counts, threshold);
      // effects and the interaction test only on levels where both arms reach the threshold
      const eligible = new Set(levels.filter((_, r) => counts[r]![0]! >= threshold && counts[r]![1]! >= threshold));
      let effects = new Map<string, TreatmentEffect | null>();
      let interaction: Record<string, unknown> | null = null;
      if (eligible.size >= 2) {
        const sg = subgroupEffects(formula, { ...data, subgroup: sgCol.map((v) => (v !== null && eligible.has(v) ? v : null)) }, w, 'subgroup', { treatment: 'treat', model });
        warnings.push(...sg.warnings);
        effects = new Map(sg.subgroups.map((g) => [g.level, g.effect]));
        interaction = { statistic: sg.interaction.statistic, df: sg.interaction.df, p: sg.interaction.p, levels: [...eligible], test: 'Wald test of the treatment x subgroup terms (robust variance)' };
      } else warnings.push(`fewer than 2 subgroup levels with at least ${threshold} patients in each arm: no subgroup effects or interaction test`);
      if (eligible.size < levels.length && eligible.size >= 2) warnings.push(`subgroup levels with fewer than ${threshold} patients in an arm are left out of the subgroup effects and the interaction test`);
      subgroups = {
        variable: s.subgroup ?? 'cluster',
        levels: levels.map((level, r) => ({ level, treated: shown[r]![0] ?? null, control: shown[r]![1] ?? null, effect: eligible.has(level) ? disclosedEffect(effects.get(level) ?? null, measure) : null })),
        interaction,
      };
    }
    const n1 = treat.reduce((a, v) => a + v, 0);
    const [shownTreated, shownControl] = suppressSmallCounts1D([n1, treat.length - n1], { threshold }).counts;
    const result = {
      design: 'new users: each patient enters at the start of the first episode of the treatment or the control; follow-up to the episode stop or the end of follow-up (as-treated)',
      comparison: { by: s.by, treatment: s.treatment, control: s.control },
      outcome: s.outcome,
      patients: { treated: shownTreated ?? null, control: shownControl ?? null, missingCovariates: smallCount(dropped, threshold) },
      propensity: {
        formula: `treat ~ ${covariates.join(' + ')}`,
        ridge: s.ridge,
        elasticNet: s.enet,
        converged: ps.converged,
        positivity: positivity(ps.ps, treat, threshold),
        coefficients: ps.coefficients.map((c) => ({ term: c.term, estimate: c.estimate, se: c.se, p: c.p })),
      },
      adjustment,
      balance,
      maxAbsSmd: { before: maxAbs('smdBefore'), after: maxAbs('smdAfter') },
      effect: {
        model,
        formula,
        variance: matchedSet ? 'robust (sandwich), clustered on matched pairs' : 'robust (sandwich)',
        ...disclosedEffect(fit.effect, measure)!,
        events: { treated: smallCount(events[0]!, threshold), control: smallCount(events[1]!, threshold) },
        ...(s.outcome === 'arr' ? { years: { treated: years[0], control: years[1] } } : {}),
      },
      subgroups,
      figure: s.figure,
      threshold,
      warnings: [...new Set(warnings)],
    };
    if (s.figure !== null) {
      const spec = loveFigure(balanceRows.map((r) => ({ covariate: r.covariate, smdBefore: r.smdBefore, smdAfter: r.smdAfter })), { title: `Covariate balance: ${s.treatment} vs ${s.control} (${s.method === 'iptw' ? `${s.weights} weights` : 'matched'})` });
      await writeFile(s.figure, figureHtml(spec), 'utf8');
    }
    await recordRun(session, 'ms compare', args, { treated: n1, control: treat.length - n1, outcome: s.outcome, method: s.method, ratio: fit.effect.ratio, maxAbsSmdAfter: result.maxAbsSmd.after }, list.map((e) => e.patient.id));
    if (hasFlag(args, 'json')) io.stdout.write(jsonText(result));
    else {
      for (const x of result.warnings) writeLine(io.stderr, `warning: ${x}`);
      const c = (v: number | null): string | number => v ?? 'suppressed';
      io.stdout.write(`${s.treatment} (${c(result.patients.treated)}) vs ${s.control} (${c(result.patients.control)}), new users by ${s.by}; ${s.method === 'iptw' ? `${s.weights} IP weights` : `1:1 nearest-neighbour matching, caliper ${s.caliper ?? 'none'}`}\n\n`);
      io.stdout.write(textTable(['covariate', 'smdBefore', 'smdAfter'], balance.map((b) => [b.covariate, b.smdBefore, b.smdAfter])));
      const e = result.effect;
      io.stdout.write(`\nmax |SMD| ${result.maxAbsSmd.before.toFixed(3)} before, ${result.maxAbsSmd.after.toFixed(3)} after\n`);
      io.stdout.write(`${measure} (${s.outcome}, weighted ${model}, robust SE) ${e.ratio.toFixed(3)} (95% CI ${e.lower.toFixed(3)}-${e.upper.toFixed(3)}), p = ${e.p.toPrecision(3)}\n`);
      if (subgroups) {
        const sg = subgroups as { levels: { level: string; treated: number | null; control: number | null; effect: DisclosedEffect | null }[]; interaction: { p: number } | null };
        io.stdout.write('\n' + textTable(['subgroup', 'treated', 'control', 'ratio', 'lower', 'upper'], sg.levels.map((l) => [l.level, c(l.treated), c(l.control), l.effect?.ratio ?? null, l.effect?.lower ?? null, l.effect?.upper ?? null])));
        io.stdout.write(sg.interaction ? `interaction p = ${sg.interaction.p.toPrecision(3)}\n` : 'no interaction test (too few patients per level and arm)\n');
      }
      if (s.figure) io.stdout.write(`love plot written to ${s.figure}\n`);
    }
  });
  return 0;
}

/** Help of `ms compare` (included in `midia ms --help`). */
export const MS_COMPARE_HELP = `compare: which drug for whom, on registry data (new users of A vs B).
  midia ms compare --db FILE --study ID --treatment A --control B [--by drug|class]
                   [--outcome relapse|cdw|arr] [--method iptw|match] [--weights stabilized|att|overlap]
                   [--truncate 0.01] [--caliper 0.2] [--covariates age,female,duration,edss,relapses2y,priorTherapy]
                   [--ridge 0 | --enet LAMBDA[,ALPHA]] [--arr-model nb|poisson] [--subgroup sex|priorTherapy|site|edssBand | --by-cluster FILE]
                   [--min-cell N] [--figure FILE.html] [--json]
  Each patient enters at the start of the first DMT episode of A or B (--by drug, default:
  drug names; --by class: efficacy class moderate or high, DGN 2021), with baseline
  covariates at that start: age, female, duration (years since the index date), edss
  (latest within a year before, else within 90 days after), relapses1y, relapses2y,
  priorTherapy (default set: all but relapses1y; DOMAIN.md). Patients missing one are
  left out. Follow-up runs to the episode stop or the end of follow-up (as-treated).
  --outcome      relapse (default): time to first relapse; cdw: time to first confirmed
                 disability worsening from the baseline EDSS at entry (fixed baseline,
                 msprog defaults); arr: relapse rate ratio (offset log years)
  --method       iptw (default) or match (1:1 nearest neighbour on the logit PS, largest
                 PS first, without replacement, as MatchIt; ATT)
  --weights      stabilized (default: ATE weights times P(arm), Cole & Hernan 2008), att
                 (treated 1, controls e/(1-e)) or overlap (ATO, Li, Morgan & Zaslavsky 2018)
  --truncate q   weights below the q / above the 1-q quantile set to it (default 0.01 for
                 stabilized weights, Cole & Hernan 2008; none for att and overlap; 0 = none)
  --caliper c    matching caliper in SDs of the logit PS (default 0.2, Austin 2011; none)
  --ridge L      ridge penalty of the logistic PS model (default 0: plain glm)
  --enet L[,A]   elastic-net PS instead (glmnet scale, alpha default 1 = lasso; no SEs)
  --arr-model    nb (default: negative binomial, overdispersed relapse counts) or poisson
  --subgroup V / --by-cluster FILE  effects within levels of V (or of the clusters in a
                 'ms cluster --assignments' file) and the Wald test of the interaction
  --figure F     love plot (|SMD| before/after, line at 0.1, Austin 2009) as HTML
  --min-cell N   disclosure threshold; may only raise the study's (default: the study's)
  The effect is from a weighted model with robust (sandwich) variance (clustered on the
  matched pairs after matching, Austin 2014): Cox for time to event (Austin 2016),
  negative-binomial or Poisson with log-years offset for ARR. Relapses on the start day
  do not count.
  Output is aggregated only; counts below the threshold are suppressed, arm means of a
  binary covariate withheld when a category is small in an arm, subgroup effects given
  only when both arms reach the threshold (other levels are left out of the interaction
  test). Each arm needs at least the threshold.
  --json prints {design, comparison, outcome, patients{treated,control,missingCovariates},
  propensity{formula,ridge,elasticNet,converged,positivity,coefficients}, adjustment, balance[{covariate,binary,
  smdBefore,smdAfter,...}], maxAbsSmd{before,after}, effect{model,measure,ratio,lower,upper,
  p,estimate,se,events}, subgroups{variable,levels,interaction}|null, figure, threshold, warnings}.
`;
