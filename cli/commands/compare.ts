/**
 * `midia compare`: which therapy works, by target trial emulation
 * (docs/target-trial.md). A thin surface: parses the flags, opens the study
 * source, calls analyses/compare (compareTherapies), prints the contract JSON
 * or a text report, and writes the figures of the disclosed result.
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { CompareOptions, EligibilityCriterion } from '../../analyses/compare/compare-options.js';
import type { CompareResult } from '../../analyses/compare/disclose-compare.js';
import { AccessDeniedError, UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, CommandIO, ParsedArgs } from '../command.js';
import { openStoreFlag, runParameters, STUDY_REQUIRED } from '../io.js';
import { jsonText, progressBar, textTable, writeLine } from '../output.js';

const FLAGS = ['db', 'study', 'purpose', 'diagnosis', 'treatment', 'control', 'design', 'grace-days', 'outcome', 'horizon-days', 'covariates', 'bootstrap', 'seed', 'negative-controls', 'eligible', 'strategy', 'allowed-gap-days', 'interval-days', 'interval-term', 'truncate', 'max-weight', 'trials', 'time-updated', 'min-cell', 'figure', 'report'] as const;

const list = (text: string | undefined): string[] | undefined => (text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter((s) => s !== ''));

/** `--eligible "age>=50,sex=female"` as criteria. */
export function parseEligibility(text: string): EligibilityCriterion[] {
  return text.split(',').map((part) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(>=|<=|!=|=|>|<)\s*(.+?)\s*$/.exec(part);
    if (!m) throw new UsageError(`--eligible: '${part}' is not a criterion like age>=50 or sex=female`);
    const v = Number(m[3]);
    return { covariate: m[1]!, op: m[2] as EligibilityCriterion['op'], value: m[3]!.trim() !== '' && Number.isFinite(v) ? v : m[3]! };
  });
}

function integer(args: ParsedArgs, name: string): number | undefined {
  const v = numberFlag(args, name);
  if (v !== undefined && !Number.isInteger(v)) throw new UsageError(`--${name} must be a whole number, got ${v}`);
  return v;
}

/** The options of compareTherapies from the flags (validated there). */
export function compareOptionsFromFlags(args: ParsedArgs): CompareOptions {
  const o: CompareOptions = {
    diagnosis: requiredFlag(args, 'diagnosis') as CompareOptions['diagnosis'],
    treatment: requiredFlag(args, 'treatment'),
    control: stringFlag(args, 'control', 'none'),
    design: choiceFlag(args, 'design', ['clone-censor-weight', 'new-user', 'sequential'] as const, 'clone-censor-weight'),
    outcome: list(requiredFlag(args, 'outcome')) ?? [],
    horizonDays: integer(args, 'horizon-days') ?? (() => { throw new UsageError('--horizon-days H is required (the time of the risks, in days)'); })(),
  };
  const grace = integer(args, 'grace-days');
  if (grace !== undefined) o.graceDays = grace;
  const covariates = list(stringFlag(args, 'covariates'));
  if (covariates) o.covariates = covariates;
  const bootstrap = integer(args, 'bootstrap');
  if (bootstrap !== undefined) o.bootstrap = bootstrap;
  const seed = integer(args, 'seed');
  if (seed !== undefined) o.seed = seed;
  const nc = list(stringFlag(args, 'negative-controls'));
  if (nc) o.negativeControls = nc;
  const eligible = stringFlag(args, 'eligible');
  if (eligible !== undefined) o.eligibility = parseEligibility(eligible);
  const strategy = stringFlag(args, 'strategy');
  if (strategy !== undefined) o.strategy = choiceFlag(args, 'strategy', ['initiation', 'sustained'] as const, 'initiation');
  const gap = integer(args, 'allowed-gap-days');
  if (gap !== undefined) o.allowedGapDays = gap;
  const interval = numberFlag(args, 'interval-days');
  if (interval !== undefined) o.intervalDays = interval;
  const term = stringFlag(args, 'interval-term');
  if (term !== undefined) o.intervalTerm = choiceFlag(args, 'interval-term', ['factor', 'linear', 'quadratic'] as const, 'factor');
  const truncate = numberFlag(args, 'truncate');
  if (truncate !== undefined) {
    if (!(truncate > 0 && truncate < 0.5)) throw new UsageError(`--truncate q must be in (0, 0.5): weights truncated at the q and 1-q quantiles, got ${truncate}`);
    o.truncate = [truncate, 1 - truncate];
  }
  const maxWeight = numberFlag(args, 'max-weight');
  if (maxWeight !== undefined) o.maxWeight = maxWeight;
  const trials = integer(args, 'trials');
  if (trials !== undefined) o.trials = trials;
  const tu = list(stringFlag(args, 'time-updated'));
  if (tu) o.timeUpdated = tu;
  const minCell = integer(args, 'min-cell');
  if (minCell !== undefined) o.minCell = minCell;
  return o;
}

/** The contract document of `--json`. */
export function contractJson(r: CompareResult, withNegativeControls: boolean): Record<string, unknown> {
  const doc: Record<string, unknown> = { design: r.design, n: r.n, events: r.events, estimates: r.estimates, naive: r.naive, warnings: r.warnings };
  if (withNegativeControls) doc.negativeControls = r.negativeControls;
  return doc;
}

async function writeFigures(file: string, r: CompareResult, o: CompareOptions): Promise<void> {
  const [{ riskCurvesFigure }, { trialDesignFigure }, { weightDistributionFigure }, { loveFigure }, { figureFragment, htmlDocument }] = await Promise.all([
    import('../../charts/risk-curves-figure.js'),
    import('../../charts/trial-design-figure.js'),
    import('../../charts/weight-distribution-figure.js'),
    import('../../charts/love-figure.js'),
    import('../../render/figure-html.js'),
  ]);
  const cw = o.design === 'clone-censor-weight';
  const labels = cw ? [`start ${o.treatment} within ${o.graceDays} days`, `no start within ${o.graceDays} days`] : o.design === 'new-user' ? [`start ${o.treatment}`, `start ${o.control}`] : [`start ${o.treatment} in the trial month`, 'no start in the trial month'];
  const specs = [trialDesignFigure({ design: r.design, graceDays: o.graceDays ?? null, horizonDays: o.horizonDays, treatment: labels[0]!, control: labels[1]!, ...(o.trials ? { trials: o.trials } : {}) })];
  if (r.curves) specs.push(riskCurvesFigure([{ label: labels[0]!, ...r.curves.treatment }, { label: labels[1]!, ...r.curves.control }], { graceEnd: cw ? (o.graceDays ?? null) : null, horizon: o.horizonDays }));
  const w = r.diagnostics.weights;
  if (w && w.treatment.count > 0 && w.control.count > 0 && w.treatment.min > 0 && w.control.min > 0) specs.push(weightDistributionFigure([{ ...w.treatment, arm: labels[0]! }, { ...w.control, arm: labels[1]! }]));
  const b = r.diagnostics.balance[0];
  const rows = b?.rows.filter((x) => x.smdBefore !== null && x.smdAfter !== null) ?? [];
  if (b && rows.length) specs.push(loveFigure(rows.map((x) => ({ covariate: x.covariate, smdBefore: x.smdBefore!, smdAfter: x.smdAfter! })), { title: `Balance at day ${Math.round(b.time)} (unweighted vs weighted)` }));
  await writeFile(file, htmlDocument(`midia compare: ${o.treatment}`, specs.map((s, k) => figureFragment(s, `compare-${k}`)).join('\n'), { plotly: true }), 'utf8');
}

function printText(io: CommandIO, r: CompareResult): void {
  const f = (v: number | null | undefined): string => (v === null || v === undefined ? 'NA' : Number.isInteger(v) ? String(v) : v.toPrecision(4));
  io.stdout.write(`Target trial emulation (${r.design})\n\n`);
  io.stdout.write(textTable(['component', 'specification'], r.protocol.map((p) => [p.component, p.specification])));
  io.stdout.write(`\nn = ${f(r.n)} patients, events = ${f(r.events)} (counts below ${r.threshold} hidden)\n`);
  io.stdout.write(`risks at ${r.risks.horizonDays} days: treatment ${f(r.risks.treatment)}, control ${f(r.risks.control)}\n\n`);
  io.stdout.write(textTable(['measure', 'estimate', 'lower', 'upper'], [...r.estimates, { ...r.naive, measure: 'naive hazard-ratio' }].map((e) => [e.measure, e.estimate, e.lower, e.upper])));
  io.stdout.write(`(${r.interval === 'robust' ? '95% intervals from the robust variance clustered by patient' : `percentile bootstrap intervals, ${r.bootstrap?.used ?? 0} resamples`}; naive: ever vs never started, from time zero)\n`);
  const e = r.eValues;
  if (e.hazardRatio) io.stdout.write(`E-value of the hazard ratio: ${f(e.hazardRatio.point)} (interval limit ${f(e.hazardRatio.limit)})${e.commonOutcome ? ', converted for a common outcome' : ''}\n`);
  const nc = r.negativeControls;
  if (nc) {
    io.stdout.write('\nnegative controls\n' + textTable(['outcome', 'events', 'hazard ratio', 'lower', 'upper'], nc.controls.map((c) => [c.outcome, c.events, c.estimate, c.lower, c.upper])));
    if (nc.systematicError && nc.calibrated) io.stdout.write(`systematic error N(${f(nc.systematicError.mu)}, ${f(nc.systematicError.tau)}^2); calibrated hazard ratio ${f(nc.calibrated.estimate)} (${f(nc.calibrated.lower)}-${f(nc.calibrated.upper)}), calibrated p = ${f(nc.calibrated.calibratedP)}\n`);
  }
  for (const w of r.warnings) writeLine(io.stderr, `warning: ${w}`);
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'Compare therapies by target trial emulation: clone-censor-weight with a grace period, new users, sequential trials',
  help: `Usage: midia compare --db FILE --study ID --diagnosis D --treatment SUBSTANCE --control none
                     --design clone-censor-weight --grace-days G --outcome EVENT[,EVENT] --horizon-days H
                     [--covariates C[,C]] [--bootstrap B] [--seed S] [--negative-controls EVENT[,EVENT]] [--json]

Which therapy works? An observational comparison designed as the trial one
would have run (target trial emulation, Hernan & Robins 2016; docs/target-trial.md),
for any diagnosis, on the patients of a registered study (only those whose
consent is in force; the run is recorded in the data-use ledger; aggregates only).

Designs (--design):
  clone-censor-weight  (default) "start SUBSTANCE within G days of the index date" vs
                       "do not start it within G days", follow-up from the index date:
                       every patient is cloned into both strategies, a clone is censored
                       when it deviates, and the deviations are weighted away with
                       inverse-probability-of-censoring weights from pooled logistic
                       models on monthly intervals (Cain et al. 2010; Maringe et al. 2020)
  new-user             --control SUBSTANCE: new users of the treatment vs new users of an
                       active comparator, from the first start, stabilised IP weights
  sequential           a trial at each of the first --trials months: who starts that month
                       vs who does not (intention to treat), pooled (Hernan et al. 2008)

Flags:
  --diagnosis D          breast_cancer, prostate_cancer, multiple_sclerosis or other
  --treatment SUBSTANCE  treatments.substance (case-insensitive) or an ATC code or prefix (M05BA)
  --control none|SUBST   none (clone-censor-weight, sequential) or the comparator (new-user)
  --grace-days G         grace period (clone-censor-weight; required there)
  --outcome EVENT[,...]  event types or event codes (first of them); death competes unless named
  --horizon-days H       time of the risks; follow-up ends there
  --covariates C[,...]   confounders at time zero: age, sex, site, diagnosis_icd10, or observation
                         codes (last value 365 days before to 30 days after; texts dummy-coded)
                         (default: age only, with a warning)
  --eligible X[,...]     eligibility criteria on covariates: age>=50, sex=female, NODES>0
  --negative-controls E  outcomes the therapy cannot cause: each is analysed the same way, the
                         systematic error N(mu, tau^2) fitted to their log hazard ratios, and the
                         hazard ratio calibrated (Schuemie et al. 2014/2018)
  --bootstrap B          percentile intervals from B resamples of patients (weights refitted)
  --seed S               seed of the bootstrap (default 1)
  --strategy S           initiation (default) or sustained (also censored at stopping; gaps up to
                         --allowed-gap-days, default 30, join records into one episode)
  --interval-days D      interval length of the censoring models (default 30.4375, a month)
  --interval-term T      factor (default), linear or quadratic time terms of those models
  --time-updated C[,...] observation codes carried forward over follow-up into those models
  --truncate q           truncate the weights at the q and 1-q quantiles (default none)
  --max-weight W         cap the weights at W (default none)
  --trials T             number of monthly trials (sequential; default 12)
  --min-cell N           disclosure threshold; may only raise the study's
  --figure FILE.html     design diagram, risk curves, weight distribution and balance
  --report FILE.json     the whole disclosed result: protocol, risks, curves, diagnostics
                         (weights, positivity, balance, starting model), E-values, negative controls
  --json                 {"design":"clone-censor-weight","n":...,"events":...,
                          "estimates":[{"measure":"risk-difference"|"risk-ratio"|"hazard-ratio",
                          "estimate","lower","upper"}],"naive":{"measure":"hazard-ratio",...},
                          "warnings":[...]} (+ "negativeControls" with --negative-controls)
                         risks at the horizon, treatment minus control; the hazard ratio from the
                         weighted Cox model (cause-specific when death competes); naive: the "ever
                         started vs never started" Cox model from the index date with the same
                         covariates; n and events count patients, not clones; 95 % intervals from
                         the robust variance clustered by patient, or percentile bootstrap ones.
                         An estimate that cannot be made (a strategy nobody follows, no eligible
                         patients) is null, with a warning saying why.
Counts below the study's minimum cell count are hidden (null); fewer eligible
patients than that is refused (exit 2); the population and the outcome events are
audited against the study's earlier releases (docs/access-levels.md).
`,
  async run(args, io) {
    checkFlags(args, FLAGS);
    const options = compareOptionsFromFlags(args);
    const figure = stringFlag(args, 'figure');
    if (figure !== undefined && extname(figure).toLowerCase() !== '.html') throw new UsageError(`--figure must end in .html, got ${figure}`);
    const report = stringFlag(args, 'report');
    if (report !== undefined && extname(report).toLowerCase() !== '.json') throw new UsageError(`--report must end in .json, got ${report}`);
    const { resolveCompareOptions } = await import('../../analyses/compare/compare-options.js');
    resolveCompareOptions(options); // fail on bad flags before the database is opened
    const study = stringFlag(args, 'study');
    if (study === undefined) throw new AccessDeniedError(STUDY_REQUIRED);
    const store = await openStoreFlag(args);
    const [{ openStudySource }, { compareTherapies }] = await Promise.all([import('../../analyses/core/source.js'), import('../../analyses/compare/compare-therapies.js')]);
    let source;
    try {
      source = await openStudySource(store, study, { onProgress: progressBar(io.stderr, io.showProgress) });
    } finally {
      store.close();
    }
    try {
      const purpose = stringFlag(args, 'purpose');
      if (purpose !== undefined && purpose !== source.session.purpose) throw new AccessDeniedError(`--purpose ${purpose} does not match study ${study}, registered for purpose ${source.session.purpose}`);
      const { result } = await compareTherapies(source, options, { parameters: runParameters(args) });
      if (figure !== undefined) await writeFigures(figure, result, options);
      if (report !== undefined) await writeFile(report, jsonText(result), 'utf8');
      if (hasFlag(args, 'json')) io.stdout.write(jsonText(contractJson(result, (options.negativeControls ?? []).length > 0)));
      else printText(io, result);
    } finally {
      source.session.close();
    }
    return 0;
  },
};
