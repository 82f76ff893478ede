/**
 * Disclosure control of a comparison (docs/target-trial.md "Disclosure"),
 * as every other analysis: aggregates only (estimates, intervals, risks,
 * standardised differences, weight quantiles, model coefficients); the
 * population and the patients with the outcome audited against the study's
 * earlier releases (the difference attack) and hidden when small; every other
 * count hidden when `0 < count < threshold`; risk curves only at grid points
 * (unless the study allows individual times), each reported step carrying at
 * least `threshold` outcome events of its arm and starting with at least
 * `threshold` patients at risk (engine/disclosure/disclose-kaplan-meier.ts
 * does the same for Kaplan-Meier curves); fewer eligible patients than the
 * threshold: refused.
 */
import { niceWidth } from '../../engine/disclosure/time-grid.js';
import type { MaybeEstimate } from '../../models/causal/clone-censor-weight-analysis.js';
import type { EValue } from '../../models/causal/e-value.js';
import { AccessDeniedError } from '../../util/errors.js';
import { hideSmallCount } from '../core/missing-data.js';
import type { ArmCurve, CompareAnalysis } from './compare-analysis.js';
import type { CompareDesign } from './compare-options.js';
import type { ProtocolRow } from './protocol.js';

/** An estimate as the contract of `midia compare` prints it. */
export interface ContractEstimate {
  measure: MaybeEstimate['measure'];
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

/** A disclosed risk curve: (time, risk) points. */
export interface DisclosedCurve {
  time: number[];
  risk: number[];
  /** Patients at risk at the start of each reported step (the first point: time 0). */
  atRisk: (number | null)[];
}

/** The disclosed result of a comparison. */
export interface CompareResult {
  design: CompareDesign;
  protocol: ProtocolRow[];
  /** Eligible patients and patients with the outcome by the horizon (patients, not clones); null when hidden. */
  n: number | null;
  events: number | null;
  estimates: ContractEstimate[];
  naive: ContractEstimate;
  /** Standard errors of the estimates (difference; log ratios), robust or bootstrap. */
  standardErrors: Record<MaybeEstimate['measure'], number | null>;
  interval: 'robust' | 'percentile-bootstrap';
  bootstrap: CompareAnalysis['bootstrap'];
  risks: CompareAnalysis['risks'];
  curves: { treatment: DisclosedCurve; control: DisclosedCurve; gridWidth: number | null } | null;
  eValues: { hazardRatio: EValue | null; riskRatio: EValue | null; commonOutcome: boolean };
  diagnostics: {
    exclusions: Record<string, number | null>;
    started: number | null;
    artificiallyCensored: { treatment: number | null; control: number | null } | null;
    weights: CompareAnalysis['diagnostics']['weights'];
    positivity: { treatmentBelow001: number | null; controlBelow001: number | null; minProbability: number; maxProbability: number } | null;
    balance: { time: number; atRisk: { treatment: number | null; control: number | null }; rows: { covariate: string; binary: boolean; smdBefore: number | null; smdAfter: number | null }[] }[];
    startingModel: CompareAnalysis['diagnostics']['startingModel'];
  };
  negativeControls: {
    controls: { outcome: string; events: number | null; estimate: number | null; lower: number | null; upper: number | null }[];
    systematicError: { mu: number; tau: number; controls: number } | null;
    calibrated: { estimate: number; lower: number; upper: number; uncalibrated: number; p: number; calibratedP: number } | null;
  } | null;
  threshold: number;
  warnings: string[];
}

const contract = (e: MaybeEstimate): ContractEstimate => ({ measure: e.measure, estimate: e.estimate, lower: e.lower, upper: e.upper });
const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * A risk curve on the disclosure grid: steps of at least `threshold` events, each starting with at least `threshold` at risk.
 * @param width grid width (null: individual times allowed, steps at event times).
 */
export function discloseCurve(c: ArmCurve, threshold: number, width: number | null): DisclosedCurve {
  const out: DisclosedCurve = { time: [0], risk: [0], atRisk: [null] };
  let acc = 0;
  let stepAtRisk: number | null = null;
  let lastPoint = -1;
  for (let i = 0; i < c.time.length; i++) {
    if (stepAtRisk === null) stepAtRisk = c.atRisk[i]!;
    acc += c.events[i]!;
    const t = width === null ? c.time[i]! : Math.ceil(c.time[i]! / width - 1e-9) * width;
    const endOfCell = width === null || i + 1 === c.time.length || Math.ceil(c.time[i + 1]! / width - 1e-9) * width !== t;
    if (endOfCell && acc >= threshold && stepAtRisk >= threshold) {
      out.time.push(t);
      out.risk.push(c.risk[i]!);
      out.atRisk.push(stepAtRisk);
      lastPoint = i;
      acc = 0;
      stepAtRisk = null;
    }
  }
  // a remainder of fewer than threshold events joins the last step
  if (acc > 0 && out.time.length > 1 && lastPoint < c.time.length - 1) {
    const i = c.time.length - 1;
    out.time[out.time.length - 1] = width === null ? c.time[i]! : Math.ceil(c.time[i]! / width - 1e-9) * width;
    out.risk[out.risk.length - 1] = c.risk[i]!;
  }
  out.atRisk[0] = out.time.length > 1 ? out.atRisk[1]! : null;
  return out.time.length > 1 ? out : { time: [], risk: [], atRisk: [] };
}

/** Inputs of {@link discloseComparison} besides the analysis. */
export interface CompareDisclosureContext {
  threshold: number;
  allowIndividualTimes: boolean;
  /** Whether the release audit lets the population and the events be shown. */
  showsPopulation: boolean;
  showsEvents: boolean;
}

/**
 * The disclosed result of a comparison.
 * @throws {AccessDeniedError} when 0 < eligible patients < threshold.
 */
export function discloseComparison(a: CompareAnalysis, ctx: CompareDisclosureContext): CompareResult {
  const t = ctx.threshold;
  if (a.n > 0 && a.n < t) throw new AccessDeniedError(`too few eligible patients to compare: fewer than the disclosure threshold ${t}`);
  const small = (x: number): number | null => hideSmallCount(x, t);
  const width = ctx.allowIndividualTimes ? null : niceWidth(a.risks.horizonDays, 20);
  const d = a.diagnostics;
  const se = (m: MaybeEstimate['measure']): number | null => a.estimates.find((e) => e.measure === m)?.se ?? null;
  return {
    design: a.design,
    protocol: a.protocol,
    n: ctx.showsPopulation ? small(a.n) : null,
    events: ctx.showsPopulation && ctx.showsEvents ? small(a.events) : null,
    estimates: a.estimates.map(contract),
    naive: contract(a.naive),
    standardErrors: { 'risk-difference': se('risk-difference'), 'risk-ratio': se('risk-ratio'), 'hazard-ratio': se('hazard-ratio') },
    interval: a.interval,
    bootstrap: a.bootstrap,
    risks: a.risks,
    curves: a.curves ? { treatment: discloseCurve(a.curves.treatment, t, width), control: discloseCurve(a.curves.control, t, width), gridWidth: width } : null,
    eValues: d.eValues,
    diagnostics: {
      exclusions: Object.fromEntries(Object.entries(d.exclusions).map(([k, v]) => [k, small(v)])),
      started: small(d.started),
      artificiallyCensored: d.artificiallyCensored ? { treatment: small(d.artificiallyCensored.treatment), control: small(d.artificiallyCensored.control) } : null,
      weights: d.weights,
      positivity: d.positivity ? { treatmentBelow001: small(d.positivity.treatmentBelow001), controlBelow001: small(d.positivity.controlBelow001), minProbability: d.positivity.minProbability, maxProbability: d.positivity.maxProbability } : null,
      balance: d.balance.map((b) => ({
        time: b.time,
        atRisk: { treatment: small(b.atRisk.treatment), control: small(b.atRisk.control) },
        rows: b.rows.map((r) => ({ covariate: r.covariate, binary: r.binary, smdBefore: fin(r.smdBefore), smdAfter: fin(r.smdAfter) })),
      })),
      startingModel: d.startingModel,
    },
    negativeControls: a.negativeControls
      ? {
          controls: a.negativeControls.controls.map((c) => ({ outcome: c.outcome, events: small(c.events), estimate: c.hazardRatio.estimate, lower: c.hazardRatio.lower, upper: c.hazardRatio.upper })),
          systematicError: a.negativeControls.systematicError ? { mu: a.negativeControls.systematicError.mu, tau: a.negativeControls.systematicError.tau, controls: a.negativeControls.systematicError.controls } : null,
          calibrated: a.negativeControls.calibrated,
        }
      : null,
    threshold: t,
    warnings: a.warnings,
  };
}
