import { missingDataLine } from '../../analyses/core/missing-data.js';
import { runKm } from '../../analyses/survival/km.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, numberListFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { DATA_FLAGS_HELP, ANALYSIS_TABLE_FLAGS, runParameters } from '../io.js';
import { withFlagSource } from '../source-flags.js';
import { jsonText, textTable, writeLine } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';

export const kmCommand: Command = {
  name: 'km',
  summary: 'Kaplan-Meier survival curves with Greenwood intervals and medians (as R survfit)',
  help: `Usage: midia km --formula "Surv(time, status) ~ group" (--data FILE | --db FILE --table T) [flags]

Kaplan-Meier estimate per stratum, as R's survfit(): Greenwood variance,
confidence intervals on the log scale by default (as R), median survival with
its interval. Status 0/1 (or R's 1/2, or TRUE/FALSE); Surv(start, stop, event)
for counting-process data.

${DATA_FLAGS_HELP}
Flags:
  --formula F        Surv(time, status) ~ group [+ group2]   (~ 1 for one curve)
  --conf-type T      log (default, as R) | log-log | plain | none
  --conf-level L     default 0.95
  --weights COL      case weights column
  --times T1,T2      survival and number at risk at these times instead of every event time
${REFERENCE_HELP}
  --json             {"strata":[{"label","time","nRisk","nEvent","nCensor","surv","stdErr","lower","upper","median",...}],
                      "n","events","dropped"}
                     (one row per event time, as R's summary(fit, censored = FALSE);
                      stdErr is the standard error of the survival estimate; n rows used,
                      events, dropped = rows deleted for missing values)
Every output reports n, events and the rows dropped for missing values (text: a
line "n = 225, events = 160 (3 observations deleted due to missingness)"). With
--db, totals are shown only where every stratum's count is shown, and a dropped
count below the study's minimum cell count is null with "droppedNote".
With --db, a stratum is also hidden when, together with the other strata or
the tables the study released before, it would reveal a group smaller than the
minimum cell count by difference (km ~ site, then km ~ site + sex); each
release is kept in the study's release register (docs/access-levels.md).
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'conf-type', 'conf-level', 'weights', 'times', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const confType = choiceFlag(args, 'conf-type', ['log', 'log-log', 'plain', 'none'] as const, 'log');
    const confLevel = numberFlag(args, 'conf-level', 0.95) as number;
    const weights = stringFlag(args, 'weights');
    const times = numberListFlag(args, 'times');
    const factors = referenceFactors(args, null);
    const { result: r } = await withFlagSource(args, io, ({ source, selection }) =>
      runKm(source, { formula, confType, confLevel, ...(weights ? { weights } : {}), ...(times ? { times } : {}), ...(factors ? { factors } : {}), ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }),
    );
    if (r.kind === 'times') {
      if (hasFlag(args, 'json')) io.stdout.write(jsonText({ times: r.times, strata: r.strata, ...r.report }));
      else {
        io.stdout.write(`${missingDataLine(r.report)}\n\n`);
        for (const s of r.strata) io.stdout.write(`${s.label}\n` + textTable(['time', 'n.risk', 'n.event', 'survival', 'std.err', 'lower', 'upper'], s.time.map((x, i) => [x, s.nRisk[i], s.nEvent[i], s.surv[i], s.stdErr[i], s.lower[i], s.upper[i]])) + '\n');
      }
      return 0;
    }
    if (r.disclosed) {
      const d = r.curves;
      if (hasFlag(args, 'json')) io.stdout.write(jsonText({ ...d, ...r.report }));
      else {
        io.stdout.write(`Kaplan-Meier (disclosure control: steps of at least ${d.threshold} events${d.gridWidth === null ? '' : `, times on a grid of ${d.gridWidth}`})\n`);
        io.stdout.write(`${missingDataLine(r.report)}\n`);
        for (const s of d.strata) {
          io.stdout.write(`\n${s.label}: n = ${s.n ?? 'hidden'}, events = ${s.events ?? 'hidden'}, median = ${s.median ?? 'NA'}\n`);
          io.stdout.write(textTable(['from', 'to', 'n.risk', 'n.event', 'n.censor', 'survival', 'lower', 'upper'], s.intervals.map((x) => [x.from, x.to, x.nRisk, x.nEvent, x.nCensor, x.surv, x.lower, x.upper])));
        }
        for (const w of d.warnings) io.stdout.write(`Warning: ${w}\n`);
      }
      return 0;
    }
    if (hasFlag(args, 'json')) io.stdout.write(jsonText({ ...r.curves, ...r.report }));
    else {
      writeLine(io.stdout, r.printed);
      io.stdout.write(`${missingDataLine(r.report)}\n`);
      for (const s of r.curves.strata) {
        io.stdout.write(`\n${s.label}\n`);
        io.stdout.write(textTable(['time', 'n.risk', 'n.event', 'survival', 'std.err', 'lower', 'upper'], s.time.map((x, i) => [x, s.nRisk[i], s.nEvent[i], s.surv[i], s.stdErr[i], s.lower[i], s.upper[i]])));
      }
    }
    return 0;
  },
};
