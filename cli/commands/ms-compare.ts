/**
 * `midia ms compare`: parses the flags, calls the analysis (analyses/ms/compare.ts:
 * new users of A vs B, propensity score, IP weights or matching, balance,
 * weighted effects, subgroups), writes the love plot when asked, prints text
 * or JSON.
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { runMsCompare } from '../../analyses/ms/compare.js';
import { COMPARE_COVARIATES, COMPARE_DEFAULTS, COMPARE_SUBGROUPS, normalizeDrugName, type CompareCovariate, type CompareSettings, type CompareSubgroup } from '../../analyses/ms/compare-settings.js';
import { loveFigure } from '../../charts/love-figure.js';
import { figureHtml } from '../../render/figure-html.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { CommandIO, ParsedArgs } from '../command.js';
import { runParameters } from '../io.js';
import { minCellFlag, withMsSource } from '../ms-data.js';
import { jsonText, textTable, writeLine } from '../output.js';

export { COMPARE_COVARIATES, COMPARE_DEFAULTS, COMPARE_SUBGROUPS, type CompareCovariate } from '../../analyses/ms/compare-settings.js';

/** Flags of `ms compare`. */
export const COMPARE_FLAGS = ['db', 'study', 'purpose', 'treatment', 'control', 'by', 'outcome', 'method', 'weights', 'truncate', 'caliper', 'covariates', 'subgroup', 'by-cluster', 'figure', 'min-cell', 'ridge', 'enet', 'arr-model'] as const;

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
  const subgroupText = stringFlag(args, 'subgroup') ?? null;
  const byCluster = stringFlag(args, 'by-cluster') ?? null;
  if (subgroupText !== null && byCluster !== null) throw new UsageError('Give either --subgroup or --by-cluster, not both');
  if (subgroupText !== null && !(COMPARE_SUBGROUPS as readonly string[]).includes(subgroupText)) throw new UsageError(`--subgroup must be one of ${COMPARE_SUBGROUPS.join(', ')}, got '${subgroupText}'`);
  const subgroup = subgroupText as CompareSubgroup | null;
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

/** Runs `midia ms compare`. */
export async function runMsCompareCommand(args: ParsedArgs, io: CommandIO): Promise<number> {
  const s = compareSettings(args);
  const { result: r } = await withMsSource(args, io, (source) => {
    const minCell = minCellFlag(args, source.session.disclosure.threshold);
    return runMsCompare(source, { ...s, ...(minCell !== undefined ? { minCell } : {}) }, { parameters: runParameters(args) });
  });
  if (s.figure !== null) {
    const spec = loveFigure(r.balance.map((b) => ({ covariate: b.covariate, smdBefore: b.smdBefore, smdAfter: b.smdAfter })), { title: `Covariate balance: ${s.treatment} vs ${s.control} (${s.method === 'iptw' ? `${s.weights} weights` : 'matched'})` });
    await writeFile(s.figure, figureHtml(spec), 'utf8');
  }
  if (hasFlag(args, 'json')) {
    io.stdout.write(jsonText(r));
    return 0;
  }
  for (const x of r.warnings) writeLine(io.stderr, `warning: ${x}`);
  const c = (v: number | null): string | number => v ?? 'suppressed';
  io.stdout.write(`${s.treatment} (${c(r.patients.treated)}) vs ${s.control} (${c(r.patients.control)}), new users by ${s.by}; ${s.method === 'iptw' ? `${s.weights} IP weights` : `1:1 nearest-neighbour matching, caliper ${s.caliper ?? 'none'}`}\n\n`);
  io.stdout.write(textTable(['covariate', 'smdBefore', 'smdAfter'], r.balance.map((b) => [b.covariate, b.smdBefore, b.smdAfter])));
  const e = r.effect;
  io.stdout.write(`\nmax |SMD| ${r.maxAbsSmd.before.toFixed(3)} before, ${r.maxAbsSmd.after.toFixed(3)} after\n`);
  io.stdout.write(`${e.measure} (${s.outcome}, weighted ${e.model}, robust SE) ${e.ratio.toFixed(3)} (95% CI ${e.lower.toFixed(3)}-${e.upper.toFixed(3)}), p = ${e.p.toPrecision(3)}\n`);
  const sg = r.subgroups;
  if (sg) {
    io.stdout.write('\n' + textTable(['subgroup', 'treated', 'control', 'ratio', 'lower', 'upper'], sg.levels.map((l) => [l.level, c(l.treated), c(l.control), l.effect?.ratio ?? null, l.effect?.lower ?? null, l.effect?.upper ?? null])));
    io.stdout.write(sg.interaction ? `interaction p = ${sg.interaction.p.toPrecision(3)}\n` : 'no interaction test (too few patients per level and arm)\n');
  }
  if (s.figure) io.stdout.write(`love plot written to ${s.figure}\n`);
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
  priorTherapy (default set: all but relapses1y; docs/ms-outcomes.md). Patients missing one are
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
