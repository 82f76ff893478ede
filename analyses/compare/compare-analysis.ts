/**
 * The numbers of a comparison from its rows, before disclosure control: the
 * emulated trial of the chosen design (models/causal), the naive estimate it
 * corrects, E-values, negative-control outcomes with empirical calibration,
 * and the diagnostics. Pure (no database, no ledger): compare-therapies.ts
 * adds the session, the disclosure control and the ledger entry; benchmarks
 * and tests call it on in-memory records.
 */
import { analyseCloneCensorWeight, type CloneBalance, type MaybeEstimate } from '../../models/causal/clone-censor-weight-analysis.js';
import type { WeightSummary } from '../../models/causal/clone-censor-weight.js';
import { eValue, eValueHazardRatio, type EValue } from '../../models/causal/e-value.js';
import { calibrateEstimate, fitSystematicError, type CalibratedEstimate, type SystematicError } from '../../models/causal/empirical-calibration.js';
import { analyseNewUsers } from '../../models/causal/new-user-design.js';
import { analyseSequentialTrials } from '../../models/causal/sequential-trials.js';
import type { WeightedRiskCurve } from '../../models/causal/weighted-aalen-johansen.js';
import { MidiaError } from '../../util/errors.js';
import type { CompareDesign, ResolvedCompareOptions } from './compare-options.js';
import { trialProtocol, type ProtocolRow } from './protocol.js';
import { buildTrial, type CompareRecords, type TrialExclusions } from './trial-data.js';

/** A risk curve of one arm at its event times (before disclosure). */
export interface ArmCurve {
  time: Float64Array;
  risk: Float64Array;
  /** Unweighted rows at risk and outcome events at each time. */
  atRisk: Float64Array;
  events: Float64Array;
}

/** The diagnostics of a comparison. */
export interface CompareDiagnostics {
  exclusions: TrialExclusions;
  /** Patients who started the therapy within the grace period (clone-censor-weight), or per arm (new users). */
  started: number;
  artificiallyCensored: { treatment: number; control: number } | null;
  weights: { treatment: WeightSummary; control: WeightSummary; truncated: number } | null;
  positivity: { treatmentBelow001: number; controlBelow001: number; minProbability: number; maxProbability: number } | null;
  balance: CloneBalance[];
  /** The model of starting the therapy (censoring or propensity model). */
  startingModel: { terms: string[]; coefficients: number[]; se: number[]; rows: number; converged: boolean } | null;
  /** E-values of the hazard ratio (converted to a risk ratio when the outcome is common) and of the risk ratio. */
  eValues: { hazardRatio: EValue | null; riskRatio: EValue | null; commonOutcome: boolean };
}

/** One negative-control outcome's estimate. */
export interface NegativeControlEstimate {
  outcome: string;
  events: number;
  hazardRatio: MaybeEstimate;
  logEstimate: number | null;
  se: number | null;
}

/** The negative controls and the calibration they give. */
export interface NegativeControlResult {
  controls: NegativeControlEstimate[];
  systematicError: SystematicError | null;
  /** The hazard ratio calibrated with the systematic-error distribution. */
  calibrated: CalibratedEstimate | null;
}

/** A comparison's numbers before disclosure control. */
export interface CompareAnalysis {
  design: CompareDesign;
  protocol: ProtocolRow[];
  /** Pseudonyms of the eligible patients (the ledger records them; never disclosed). */
  pseudonyms: string[];
  /** Pseudonyms of the eligible patients with the outcome by the horizon (the release audit's events cell; never disclosed). */
  eventPseudonyms: string[];
  n: number;
  events: number;
  estimates: MaybeEstimate[];
  naive: MaybeEstimate;
  interval: 'robust' | 'percentile-bootstrap';
  bootstrap: { replicates: number; used: number; failed: number; seed: number } | null;
  risks: { horizonDays: number; treatment: number | null; control: number | null; treatmentSe: number | null; controlSe: number | null };
  curves: { treatment: ArmCurve; control: ArmCurve } | null;
  diagnostics: CompareDiagnostics;
  negativeControls: NegativeControlResult | null;
  warnings: string[];
}

const curveOf = (c: WeightedRiskCurve): ArmCurve => ({ time: c.time, risk: c.risk, atRisk: c.nRiskRows, events: c.nEvent1 });
const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The estimates of one design on one trial (shared shape of the three designs). */
interface DesignResult {
  n: number;
  events: number;
  estimates: MaybeEstimate[];
  naive: MaybeEstimate;
  interval: CompareAnalysis['interval'];
  bootstrap: CompareAnalysis['bootstrap'];
  riskTreatment: number | null;
  riskControl: number | null;
  seTreatment: number | null;
  seControl: number | null;
  curves: CompareAnalysis['curves'];
  diagnostics: Omit<CompareDiagnostics, 'exclusions' | 'eValues'>;
  warnings: string[];
}

function runDesign(records: CompareRecords, o: ResolvedCompareOptions, outcome: readonly string[], withBootstrap: boolean): DesignResult & { pseudonyms: string[]; eventPseudonyms: string[]; exclusions: TrialExclusions; buildWarnings: string[] } {
  const built = buildTrial(records, {
    outcome,
    horizonDays: o.horizonDays,
    covariates: o.covariates,
    eligibility: o.eligibility,
    timeUpdated: o.timeUpdated,
    allowedGapDays: o.allowedGapDays,
    therapies: o.design === 'new-user' ? ['treatment', 'control'] : ['treatment'],
  });
  // patients with the outcome by the horizon, from time zero (new users: from their first start)
  const p = built.patients;
  const eventPseudonyms = built.pseudonyms.filter((_, i) => {
    const t0 = o.design === 'new-user' ? Math.min(p.start[i]!, built.controlStart[i]!) : 0;
    return p.status[i] === 1 && t0 < p.exit[i]! && p.exit[i]! - t0 <= o.horizonDays;
  });
  const common = { pseudonyms: built.pseudonyms, eventPseudonyms, exclusions: built.exclusions, buildWarnings: built.warnings };
  const bootstrap = withBootstrap && o.bootstrap ? { replicates: o.bootstrap, seed: o.seed } : null;
  if (o.design === 'clone-censor-weight') {
    const a = analyseCloneCensorWeight(built.patients, {
      graceDays: o.graceDays!,
      horizonDays: o.horizonDays,
      intervalDays: o.intervalDays,
      strategy: o.strategy,
      intervalTerm: o.intervalTerm,
      truncate: o.truncate,
      maxWeight: o.maxWeight,
      confLevel: o.confLevel,
      bootstrap,
    });
    const c = a.ccw;
    return {
      ...common,
      n: a.patients,
      events: eventPseudonyms.length,
      estimates: a.estimates,
      naive: a.naive,
      interval: a.interval,
      bootstrap: a.bootstrap,
      riskTreatment: a.risks ? fin(a.risks.riskTreatment) : null,
      riskControl: a.risks ? fin(a.risks.riskControl) : null,
      seTreatment: a.risks ? fin(a.risks.seTreatment) : null,
      seControl: a.risks ? fin(a.risks.seControl) : null,
      curves: a.risks ? { treatment: curveOf(a.risks.curves.treatment), control: curveOf(a.risks.curves.control) } : null,
      diagnostics: {
        started: c?.startedInGrace ?? 0,
        artificiallyCensored: c?.artificiallyCensored ?? null,
        weights: c?.weights ?? null,
        positivity: c ? { treatmentBelow001: c.positivity.treatmentBelow001, controlBelow001: c.positivity.controlBelow001, minProbability: c.positivity.minHazard, maxProbability: c.positivity.maxHazard } : null,
        balance: a.balance,
        startingModel: c ? { terms: c.initiation.terms, coefficients: Array.from(c.initiation.coefficients), se: Array.from(c.initiation.se), rows: c.initiation.rows, converged: c.initiation.converged } : null,
      },
      warnings: a.warnings,
    };
  }
  const r = o.design === 'new-user'
    ? analyseNewUsers({ ...built.patients, controlStart: built.controlStart }, { horizonDays: o.horizonDays, confLevel: o.confLevel, truncate: o.truncate, bootstrap })
    : analyseSequentialTrials(built.patients, { horizonDays: o.horizonDays, trials: o.trials, intervalDays: o.intervalDays, confLevel: o.confLevel, truncate: o.truncate, bootstrap });
  return {
    ...common,
    n: r.patients,
    events: eventPseudonyms.length,
    estimates: r.estimates,
    naive: r.naive,
    interval: r.interval,
    bootstrap: r.bootstrap,
    riskTreatment: r.risks ? fin(r.risks.riskTreatment) : null,
    riskControl: r.risks ? fin(r.risks.riskControl) : null,
    seTreatment: r.risks ? fin(r.risks.seTreatment) : null,
    seControl: r.risks ? fin(r.risks.seControl) : null,
    curves: r.risks ? { treatment: curveOf(r.risks.curves.treatment), control: curveOf(r.risks.curves.control) } : null,
    diagnostics: {
      started: r.started,
      artificiallyCensored: null,
      weights: r.weights,
      positivity: r.positivity,
      balance: r.balance,
      startingModel: r.propensity,
      },
    warnings: r.warnings,
  };
}

function eValues(d: DesignResult): CompareDiagnostics['eValues'] {
  const common = Math.max(d.riskTreatment ?? 0, d.riskControl ?? 0) > 0.15;
  const hr = d.estimates.find((e) => e.measure === 'hazard-ratio');
  const rr = d.estimates.find((e) => e.measure === 'risk-ratio');
  const safe = (f: () => EValue): EValue | null => {
    try {
      return f();
    } catch (e) {
      if (e instanceof MidiaError) return null;
      throw e;
    }
  };
  return {
    commonOutcome: common,
    hazardRatio: hr && hr.estimate !== null ? safe(() => eValueHazardRatio(hr.estimate!, hr.lower ?? undefined, hr.upper ?? undefined, common)) : null,
    riskRatio: rr && rr.estimate !== null ? safe(() => eValue(rr.estimate!, rr.lower ?? undefined, rr.upper ?? undefined)) : null,
  };
}

/**
 * Analyses a comparison on its rows.
 * @param records rows of compare-records.ts (or built in memory); @param o resolved options.
 * @throws {UsageError} for covariates or eligibility criteria the rows cannot serve.
 * @example analyseComparison(records, resolveCompareOptions({ ... })).estimates
 */
export function analyseComparison(records: CompareRecords, o: ResolvedCompareOptions): CompareAnalysis {
  const main = runDesign(records, o, o.outcome, true);
  const warnings = [...main.buildWarnings, ...main.warnings];
  if (main.n === 0) warnings.push('no eligible patients: nothing to compare');
  if (o.covariates.length === 1 && o.covariates[0] === 'age') warnings.push('adjusted for age only (the default): name the confounders with --covariates');
  let negativeControls: NegativeControlResult | null = null;
  if (o.negativeControls.length > 0) {
    const controls: NegativeControlEstimate[] = o.negativeControls.map((nc) => {
      const r = runDesign(records, o, [nc], false);
      warnings.push(...r.warnings.filter((w) => w.startsWith('nobody') || w.startsWith('the treatment strategy')).map((w) => `negative control ${nc}: ${w}`));
      const hr = r.estimates.find((e) => e.measure === 'hazard-ratio')!;
      const log = hr.estimate !== null && hr.estimate > 0 ? Math.log(hr.estimate) : null;
      return { outcome: nc, events: r.events, hazardRatio: hr, logEstimate: log, se: hr.se };
    });
    const usable = controls.filter((c) => c.logEstimate !== null && c.se !== null && c.se > 0);
    let systematicError: SystematicError | null = null;
    let calibrated: CalibratedEstimate | null = null;
    if (usable.length >= 2) {
      systematicError = fitSystematicError(usable.map((c) => c.logEstimate!), usable.map((c) => c.se!));
      warnings.push(...systematicError.warnings);
      const hr = main.estimates.find((e) => e.measure === 'hazard-ratio');
      if (hr && hr.estimate !== null && hr.estimate > 0 && hr.se !== null && hr.se > 0) calibrated = calibrateEstimate(Math.log(hr.estimate), hr.se, systematicError, o.confLevel);
    } else warnings.push(`fewer than 2 negative controls gave an estimate: no empirical calibration`);
    if (usable.length < controls.length) warnings.push(`negative controls without an estimate (too few events in an arm): ${controls.filter((c) => !usable.includes(c)).map((c) => c.outcome).join(', ')}`);
    negativeControls = { controls, systematicError, calibrated };
  }
  return {
    design: o.design,
    protocol: trialProtocol(o),
    pseudonyms: main.pseudonyms,
    eventPseudonyms: main.eventPseudonyms,
    n: main.n,
    events: main.events,
    estimates: main.estimates,
    naive: main.naive,
    interval: main.interval,
    bootstrap: main.bootstrap,
    risks: { horizonDays: o.horizonDays, treatment: main.riskTreatment, control: main.riskControl, treatmentSe: main.seTreatment, controlSe: main.seControl },
    curves: main.curves,
    diagnostics: { ...main.diagnostics, exclusions: main.exclusions, eValues: eValues(main) },
    negativeControls,
    warnings: [...new Set(warnings)],
  };
}
