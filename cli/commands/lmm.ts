import { lmm, parseMixedFormula, type LmmJSON } from '../../models/mixed/index.js';
import { checkFlags, hasFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, loadAnalysisData } from '../io.js';
import { discloseMissingReport, discloseWarnings, droppedText, hideSmallCount, isSmallCount } from '../missing-report.js';
import { jsonText } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';

/** The one-observation warning of models/mixed (count first). */
const SINGLE_OBSERVATION = /^(\d+) (.+?) (?:value has|values have) one observation(.*)$/;

/**
 * The JSON of a fit under a study's disclosure control: no row-level data
 * (the fit's JSON has none: no BLUPs, fitted values or residuals), small
 * counts hidden, per-group visit counts (one patient's number of visits)
 * removed, and the estimates hidden when the model rests on fewer rows or
 * patients than the minimum cell count.
 */
function discloseLmm(json: LmmJSON, threshold: number): Record<string, unknown> {
  const report = discloseMissingReport({ n: json.n, events: null, dropped: json.dropped }, threshold);
  const removed: string[] = ['groups.minObs', 'groups.medianObs', 'groups.maxObs'];
  const notes: string[] = [];
  const warnings = discloseWarnings(json.warnings, report, threshold).map((w) => {
    const m = SINGLE_OBSERVATION.exec(w);
    if (m && isSmallCount(Number(m[1]), threshold)) return `fewer than ${threshold} ${m[2]} values have one observation${m[3]}`;
    return w;
  });
  const out: Record<string, unknown> = {
    fixef: json.fixef,
    varcorr: json.varcorr,
    loglik: json.loglik,
    reml: json.reml,
    criterion: json.criterion,
    n: report.n,
    dropped: report.dropped,
    ...(report.droppedNote ? { droppedNote: report.droppedNote } : {}),
    groups: { name: json.groups.name, count: json.groups.count, singleObservation: hideSmallCount(json.groups.singleObservation, threshold) },
    converged: json.converged,
    singular: json.singular,
    warnings,
  };
  if (isSmallCount(json.n, threshold) || isSmallCount(json.groups.count, threshold)) {
    out.n = null;
    (out.groups as Record<string, unknown>).count = null;
    for (const k of ['fixef', 'varcorr', 'loglik', 'criterion']) {
      delete out[k];
      removed.push(k);
    }
    notes.push(`model fitted on fewer than ${threshold} rows or ${json.groups.name} values: counts and estimates hidden`);
  }
  return { ...out, disclosure: { threshold, removed, warnings: notes } };
}

export const lmmCommand: Command = {
  name: 'lmm',
  summary: 'Linear mixed model for trajectories (as lme4 lmer): random intercept and slope per patient, REML or ML',
  help: `Usage: midia lmm --formula "y ~ x + time + (time | id)" (--data FILE | --db FILE --study ID --table T) [--ml] [flags]

Fits a linear mixed model as R's lme4::lmer(formula, REML = !ml) for marker and
reported-outcome trajectories (PSA, EDSS, PRO scores): fixed effects in R's
formula language (factor(), ns(time, df = 3), I(), interactions) and one
random-effects term with one grouping column: (1 | id) random intercept,
(time | id) correlated intercept and slope, (0 + time | id) slope only, or more
columns ((1 + time + I(time^2) | id)). The estimates are the converged optimum
of the profiled REML criterion or deviance (Bates et al. 2015), as lmer with
lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12)) gives them
(docs/mixed-models.md). Rows with a missing value are dropped and counted; a
missing grouping value is an error naming the row; when no patient has two
visits with different times the random slope is an error. Singular fits and
convergence problems are warnings.

${DATA_FLAGS_HELP}
Flags:
  --formula F      y ~ fixed terms + (terms | group)
  --ml             maximum likelihood (lmer's REML = FALSE); default REML
${REFERENCE_HELP}
  --json           {"fixef":[{"term","estimate","se"}],
                    "varcorr":{"<group>":{"sd":{"(Intercept)","time",...},"corr"},"residualSd"},
                    "loglik","reml",...} equal to lme4::lmer(..., REML = !ml): fixef, their
                   standard errors (vcov), VarCorr and logLik (the REML log-likelihood for
                   REML fits, as lme4). "corr" is a number for two random effects, the
                   matrix for more, null for one. Also "criterion" (REML criterion or
                   deviance), "n", "dropped", "groups" {"name","count","minObs","medianObs",
                   "maxObs","singleObservation"}, "converged", "singular", "warnings".
                   With --db: no per-patient values (no random effects, fitted values or
                   residuals), per-group visit counts removed, counts below the study's
                   minimum cell count hidden, and a model on fewer rows or patients than it
                   hides its estimates; the run is recorded in the data-use ledger.
Without --json a print like R's summary(lmer(...)).
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'ml', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const reml = !hasFlag(args, 'ml');
    const mixed = parseMixedFormula(formula);
    const factors = referenceFactors(args, mixed.fixedText);
    const { data, run, source } = await loadAnalysisData(args, io);
    const fit = lmm(formula, data, { reml, ...(factors ? { factors } : {}), file: source, nameRows: run === null });
    const json = fit.toJSON();
    if (run) {
      const threshold = run.disclosure.threshold;
      const d = discloseLmm(json, threshold);
      await run.record('lmm', args, {
        n: d.n,
        groups: (d.groups as { count: number | null }).count,
        reml,
        fixef: (d.fixef as LmmJSON['fixef'] | undefined)?.map((f) => ({ term: f.term, estimate: f.estimate })) ?? null,
        loglik: d.loglik ?? null,
      });
      const hidden = (d.disclosure as { warnings: string[] }).warnings.length > 0;
      if (hasFlag(args, 'json') || hidden) {
        io.stdout.write(jsonText(d));
        return 0;
      }
      const report = discloseMissingReport({ n: json.n, events: null, dropped: json.dropped }, threshold);
      io.stdout.write(fit.summary({ residuals: false, perGroupCounts: false, droppedText: droppedText(report), warnings: d.warnings as string[] }));
      return 0;
    }
    if (hasFlag(args, 'json')) io.stdout.write(jsonText(json));
    else io.stdout.write(fit.summary());
    return 0;
  },
};
