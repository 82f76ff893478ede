import { missingDataLine, type MissingDataReport } from '../../analyses/core/missing-data.js';
import { runFinegray, type FineGrayJSON } from '../../analyses/survival/finegray.js';
import { checkFlags, hasFlag, numberFlag, requiredFlag } from '../args.js';
import type { Command, CommandIO } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, runParameters } from '../io.js';
import { jsonText, textTable } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';
import { withFlagSource } from '../source-flags.js';

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
    const cause = numberFlag(args, 'cause', 1) as number;
    const cencode = numberFlag(args, 'cencode');
    const maxIter = numberFlag(args, 'max-iter');
    const factors = referenceFactors(args, null);
    const options = { formula, cause, ...(cencode !== undefined ? { cencode } : {}), ...(maxIter !== undefined ? { maxIter } : {}), ...(factors ? { factors } : {}) };
    const { result: r } = await withFlagSource(args, io, ({ source, selection }) => runFinegray(source, { ...options, ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }));
    // Under a study, a model whose estimates disclosure control hid prints its JSON (what is left, and why).
    if (hasFlag(args, 'json') || r.printable === null) io.stdout.write(jsonText(r.model));
    else printFit(io, r.cause, r.printable, r.report);
    return 0;
  },
};

/** The text output: header, the n/events/dropped line, the coefficient table, warnings. */
function printFit(io: CommandIO, cause: number, fit: FineGrayJSON, report: MissingDataReport): void {
  io.stdout.write(`Fine-Gray model for cause ${cause}: loglik = ${fit.loglik}\n${missingDataLine(report)}\n\n`);
  io.stdout.write(textTable(['', 'coef', 'exp(coef)', 'se(coef)', 'z', 'p', 'lower .95', 'upper .95'], fit.terms.map((t) => [t.term, t.coef, t.shr, t.se, t.z, t.p, t.lower95, t.upper95])));
  for (const w of fit.warnings) io.stdout.write(`Warning: ${w}\n`);
}
