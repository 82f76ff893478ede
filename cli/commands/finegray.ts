import { fineGray, type FineGrayJSON, type FineGrayOptions } from '../../models/survival/fine-gray.js';
import { checkFlags, hasFlag, numberFlag, requiredFlag } from '../args.js';
import type { Command, CommandIO } from '../command.js';
import { discloseModel } from '../../engine/disclosure/disclose-model.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS } from '../io.js';
import { discloseMissingReport, discloseWarnings, missingDataLine, type MissingDataReport } from '../missing-report.js';
import { jsonText, textTable } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';

export const finegrayCommand: Command = {
  name: 'finegray',
  summary: 'Fine-Gray subdistribution hazards model for competing risks (as cmprsk crr)',
  help: `Usage: midia finegray --formula "Surv(time, event) ~ x1 + x2" --cause 1 (--data FILE | --db FILE --table T) [flags]

Subdistribution hazards regression with inverse-probability-of-censoring
weights, as cmprsk's crr() (its Newton iterations, stopping rule and sandwich
variance).

${DATA_FLAGS_HELP}
Flags:
  --formula F      Surv(time, event) ~ covariates
  --cause K        cause of interest (default 1)
  --cencode C      censoring code (default 0)
  --max-iter N     default 10 (as crr)
${REFERENCE_HELP}
  --json           {"terms":[{"term","coef","se","z","p","shr","lower95","upper95"}],"n","events","dropped","loglik","converged","warnings"}
Every output reports n (rows used), events of the cause of interest and the
rows dropped for missing values (text: "n = 225, events = 160 (3 observations
deleted due to missingness)"). With --db, counts below the study's minimum cell
count are null (a dropped count with "droppedNote").
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'cause', 'cencode', 'max-iter', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const options: FineGrayOptions = { cause: numberFlag(args, 'cause', 1) as number };
    const cencode = numberFlag(args, 'cencode');
    if (cencode !== undefined) options.cencode = cencode;
    const maxIter = numberFlag(args, 'max-iter');
    if (maxIter !== undefined) options.maxIter = maxIter;
    const { data, run } = await loadAnalysisData(args, io);
    const res = fineGray(formula, data, { ...options, factors: referenceFactors(args, formula) });
    const json = res.toJSON();
    if (run) {
      const threshold = run.disclosure.threshold;
      const d = discloseModel(json, run.disclosure);
      const report = discloseMissingReport({ n: d.n as number | null, events: d.events as number | null, dropped: res.nDropped }, threshold);
      const out = { ...d, ...report, warnings: discloseWarnings(json.warnings, report, threshold) };
      await run.record('finegray', args, { n: d.n, events: d.events, dropped: report.dropped, terms: (d.terms as { term: string; coef: number | null }[] | undefined)?.map((t) => ({ term: t.term, coef: t.coef })) ?? null });
      if (hasFlag(args, 'json') || d.disclosure.warnings.length) io.stdout.write(jsonText(out));
      else printFit(io, options.cause as number, { ...json, warnings: out.warnings }, report);
      return 0;
    }
    const report: MissingDataReport = { n: json.n, events: json.events, dropped: res.nDropped };
    if (hasFlag(args, 'json')) io.stdout.write(jsonText({ ...json, dropped: report.dropped }));
    else printFit(io, options.cause as number, json, report);
    return 0;
  },
};

/** The text output: header, the n/events/dropped line, the coefficient table, warnings. */
function printFit(io: CommandIO, cause: number, fit: FineGrayJSON, report: MissingDataReport): void {
  io.stdout.write(`Fine-Gray model for cause ${cause}: loglik = ${fit.loglik}\n${missingDataLine(report)}\n\n`);
  io.stdout.write(textTable(['', 'coef', 'exp(coef)', 'se(coef)', 'z', 'p', 'lower .95', 'upper .95'], fit.terms.map((t) => [t.term, t.coef, t.shr, t.se, t.z, t.p, t.lower95, t.upper95])));
  for (const w of fit.warnings) io.stdout.write(`Warning: ${w}\n`);
}
