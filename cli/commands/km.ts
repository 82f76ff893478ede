import { kaplanMeier, type KaplanMeierOptions } from '../../models/survival/index.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, numberListFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { POPULATION_CELL } from '../../engine/disclosure/kaplan-meier-cells.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS } from '../io.js';
import { discloseKaplanMeierRun, discloseSurvivalAtTimesRun } from '../km-release.js';
import { discloseMissingReport, hideSmallCount, missingDataLine, type MissingDataReport } from '../missing-report.js';
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
    const options: KaplanMeierOptions = { confType: choiceFlag(args, 'conf-type', ['log', 'log-log', 'plain', 'none'] as const, 'log') };
    const level = numberFlag(args, 'conf-level');
    if (level !== undefined) options.confLevel = level;
    const weights = stringFlag(args, 'weights');
    if (weights) options.weights = weights;
    const times = numberListFlag(args, 'times');
    const { data, run } = await loadAnalysisData(args, io);
    const fit = kaplanMeier(formula, data, { ...options, factors: referenceFactors(args, formula) });
    const json = fit.toJSON();
    const totalEvents = json.strata.reduce((a, s) => a + s.events, 0);
    if (run) {
      // --db: disclosure control (study threshold; strata audited against the study's
      // earlier releases, cli/km-release.ts), then the ledger entry and the release register, then output.
      if (times) {
        const threshold = run.disclosure.threshold;
        const { strata, release } = await discloseSurvivalAtTimesRun(run, 'km', fit, data, times, weights);
        // No stratum size is shown here, so the totals follow the plain small-count rule (and the release audit's choice for the population).
        const population = release.shows(POPULATION_CELL);
        const report = discloseMissingReport({ n: population ? hideSmallCount(fit.n, threshold) : null, events: population ? hideSmallCount(totalEvents, threshold) : null, dropped: fit.nDropped }, threshold);
        await run.record('km', args, { n: fit.n, dropped: report.dropped, times, strata: strata.map((s) => ({ label: s.label, nRisk: s.nRisk, surv: s.surv })) });
        await release.commit();
        if (hasFlag(args, 'json')) io.stdout.write(jsonText({ times, strata, ...report }));
        else {
          io.stdout.write(`${missingDataLine(report)}\n\n`);
          for (const s of strata) io.stdout.write(`${s.label}\n` + textTable(['time', 'n.risk', 'n.event', 'survival', 'std.err', 'lower', 'upper'], s.time.map((x, i) => [x, s.nRisk[i], s.nEvent[i], s.surv[i], s.stdErr[i], s.lower[i], s.upper[i]])) + '\n');
        }
        return 0;
      }
      const { disclosed: d, release } = await discloseKaplanMeierRun(run, 'km', fit, data, weights);
      const report = discloseMissingReport({ ...disclosedTotals(d.strata), dropped: fit.nDropped }, d.threshold);
      await run.record('km', args, { n: fit.n, dropped: report.dropped, strata: d.strata.map((s) => ({ label: s.label, n: s.n, events: s.events, median: s.median })) });
      await release.commit();
      if (hasFlag(args, 'json')) io.stdout.write(jsonText({ ...d, ...report }));
      else {
        io.stdout.write(`Kaplan-Meier (disclosure control: steps of at least ${d.threshold} events${d.gridWidth === null ? '' : `, times on a grid of ${d.gridWidth}`})\n`);
        io.stdout.write(`${missingDataLine(report)}\n`);
        for (const s of d.strata) {
          io.stdout.write(`\n${s.label}: n = ${s.n ?? 'hidden'}, events = ${s.events ?? 'hidden'}, median = ${s.median ?? 'NA'}\n`);
          io.stdout.write(textTable(['from', 'to', 'n.risk', 'n.event', 'n.censor', 'survival', 'lower', 'upper'], s.intervals.map((r) => [r.from, r.to, r.nRisk, r.nEvent, r.nCensor, r.surv, r.lower, r.upper])));
        }
        for (const w of d.warnings) io.stdout.write(`Warning: ${w}\n`);
      }
      return 0;
    }
    const report: MissingDataReport = { n: fit.n, events: totalEvents, dropped: fit.nDropped };
    if (times) {
      const tables = fit.summary({ times });
      if (hasFlag(args, 'json')) io.stdout.write(jsonText({ times, strata: tables.map((t) => ({ label: t.label, ...t.table })), ...report }));
      else {
        io.stdout.write(`${missingDataLine(report)}\n\n`);
        for (const t of tables) {
          io.stdout.write(`${t.label}\n`);
          const s = t.table;
          io.stdout.write(textTable(['time', 'n.risk', 'n.event', 'survival', 'std.err', 'lower', 'upper'], s.time.map((x, i) => [x, s.nRisk[i], s.nEvent[i], s.surv[i], s.stdErr[i], s.lower[i], s.upper[i]])) + '\n');
        }
      }
      return 0;
    }
    if (hasFlag(args, 'json')) io.stdout.write(jsonText({ ...json, ...report }));
    else {
      writeLine(io.stdout, fit.print());
      io.stdout.write(`${missingDataLine(report)}\n`);
      for (const s of json.strata) {
        io.stdout.write(`\n${s.label}\n`);
        io.stdout.write(textTable(['time', 'n.risk', 'n.event', 'survival', 'std.err', 'lower', 'upper'], s.time.map((x, i) => [x, s.nRisk[i], s.nEvent[i], s.surv[i], s.stdErr[i], s.lower[i], s.upper[i]])));
      }
    }
    return 0;
  },
};

/**
 * Totals of a disclosed KM output: shown only when every stratum's count is
 * shown (a total next to one hidden stratum would give that stratum away).
 */
function disclosedTotals(strata: readonly { n: number | null; events: number | null }[]): { n: number | null; events: number | null } {
  const sum = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x as number), 0));
  return { n: sum(strata.map((s) => s.n)), events: sum(strata.map((s) => s.events)) };
}
