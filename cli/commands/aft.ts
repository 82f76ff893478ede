import { survreg, type SurvregDistribution } from '../../models/survival/index.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { discloseModel } from '../../engine/disclosure/disclose-model.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS } from '../io.js';
import { discloseMissingReport, discloseWarnings, missingDataLine, type MissingDataReport } from '../missing-report.js';
import { jsonText, textTable } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';

export const aftCommand: Command = {
  name: 'aft',
  summary: 'Parametric accelerated failure time model (as R survreg): Weibull, exponential, log-normal, log-logistic',
  help: `Usage: midia aft --formula "Surv(time, status) ~ x" [--dist weibull] (--data FILE | --db FILE --table T) [flags]

Maximum-likelihood AFT regression with R survreg's parametrisation (intercept,
log(scale) as a parameter). Right-censored data.

${DATA_FLAGS_HELP}
Flags:
  --formula F      Surv(time, status) ~ covariates
  --dist D         weibull (default, as R) | exponential | lognormal | loglogistic
  --max-iter N     default 30 (as survreg.control)
${REFERENCE_HELP}
  --json           {"terms":[{"term","coef","se","z","p","lower","upper"}],"scale","loglik","loglikNull","chisq","df","chisqP",
                    "n","events","dropped","nDropped",...}
Every output reports n (rows used), events and the rows dropped for missing
values (text: "n = 225, events = 160 (3 observations deleted due to missingness)";
JSON "dropped", also as "nDropped"). With --db, counts below the study's minimum
cell count are null (a dropped count with "droppedNote").
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'dist', 'max-iter', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const dist = choiceFlag(args, 'dist', ['weibull', 'exponential', 'lognormal', 'loglogistic'] as const, 'weibull') as SurvregDistribution;
    const maxIter = numberFlag(args, 'max-iter');
    const { data, run } = await loadAnalysisData(args, io);
    const res = survreg(formula, data, { dist, ...(maxIter === undefined ? {} : { maxIter }), factors: referenceFactors(args, formula) });
    const json = res.toJSON();
    let report: MissingDataReport = { n: json.n, events: json.events, dropped: json.nDropped };
    if (run) {
      const threshold = run.disclosure.threshold;
      const d = discloseModel(json, run.disclosure);
      report = discloseMissingReport({ n: d.n as number | null, events: d.events as number | null, dropped: json.nDropped }, threshold);
      // nDropped is the model's own key for the same count: disclosed alike, as are the model frame's warnings.
      const out = { ...d, ...report, nDropped: report.dropped, warnings: discloseWarnings(json.warnings, report, threshold) };
      await run.record('aft', args, { n: d.n, events: d.events, dropped: report.dropped, scale: d.scale ?? null, terms: (d.terms as { term: string; coef: number | null }[] | undefined)?.map((t) => ({ term: t.term, coef: t.coef })) ?? null });
      if (hasFlag(args, 'json') || d.disclosure.warnings.length) {
        io.stdout.write(jsonText(out));
        return 0;
      }
      json.warnings = out.warnings;
    }
    if (hasFlag(args, 'json')) io.stdout.write(jsonText({ ...json, dropped: report.dropped }));
    else {
      io.stdout.write(`survreg (${dist}): ${missingDataLine(report)}\n\n`);
      io.stdout.write(textTable(['', 'Value', 'Std. Error', 'z', 'p'], json.terms.map((t) => [t.term, t.coef, t.se, t.z, t.p])));
      io.stdout.write(`\nScale = ${json.scale}\nLoglik(model) = ${json.loglik}   Loglik(intercept only) = ${json.loglikNull}\nChisq = ${json.chisq} on ${json.df} degrees of freedom, p = ${json.chisqP}\n`);
      for (const w of json.warnings) io.stdout.write(`Warning: ${w}\n`);
    }
    return 0;
  },
};
