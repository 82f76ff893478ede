import { cumulativeIncidence, type CumulativeIncidenceOptions } from '../../models/survival/index.js';
import { checkFlags, hasFlag, numberFlag, numberListFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { discloseIncidenceCurves } from '../../engine/disclosure/disclose-summaries.js';
import { suppressSmallCounts1D } from '../../engine/disclosure/suppress-small-counts.js';
import { discloseMissingReport, discloseWarnings, missingDataLine, type MissingDataReport } from '../missing-report.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS } from '../io.js';
import { jsonText, textTable } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';

export const cifCommand: Command = {
  name: 'cif',
  summary: "Cumulative incidence per cause and group with Gray's test (as cmprsk cuminc)",
  help: `Usage: midia cif --formula "Surv(time, event) ~ group" (--data FILE | --db FILE --table T) [flags]

Aalen-Johansen cumulative incidence per group and cause with cmprsk's variance,
and Gray's test per cause. The event column codes 0 = censored (or --cencode),
1..k = causes.

${DATA_FLAGS_HELP}
Flags:
  --formula F      Surv(time, event) ~ group   (~ 1 for one group)
  --times T1,T2    estimates at these times (as cmprsk::timepoints)
  --cencode C      censoring code (default 0)
  --rho R          Gray's test weight exponent (default 0)
  --strata COL     stratify Gray's test
${REFERENCE_HELP}
  --json           {"curves":[{"group","cause","label","time","est","var"}],"tests":[{"cause","stat","df","p"}],"at":{...}|null,
                    "n","events","eventsByCause":{"1":k1,"2":k2},"dropped","nDropped","warnings"}
Every output reports n (rows used), events (of any cause; per cause in
eventsByCause) and the rows dropped for missing values (text: "n = 225,
events = 160 (3 observations deleted due to missingness)"). With --db, counts
below the study's minimum cell count are null (per-cause counts with
complementary suppression; a dropped count with "droppedNote").
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'times', 'cencode', 'rho', 'strata', REFERENCE_FLAG]);
    const formula = requiredFlag(args, 'formula');
    const options: CumulativeIncidenceOptions = {};
    const times = numberListFlag(args, 'times');
    if (times) options.times = times;
    const cencode = numberFlag(args, 'cencode');
    if (cencode !== undefined) options.cencode = cencode;
    const rho = numberFlag(args, 'rho');
    if (rho !== undefined) options.rho = rho;
    const strata = stringFlag(args, 'strata');
    if (strata) options.strata = strata;
    const { data, run } = await loadAnalysisData(args, io);
    const res = cumulativeIncidence(formula, data, { ...options, factors: referenceFactors(args, formula) });
    if (run) {
      // --db: curves read on a coarse time grid (no event times) unless the study allows them.
      const json = res.toJSON();
      const threshold = run.disclosure.threshold;
      const d = discloseIncidenceCurves(json.curves, run.disclosure);
      const small = json.n < threshold;
      // Events per cause with their total published: small cells hidden with a complement (a small total too).
      const causes = Object.keys(res.eventsByCause);
      const byCause = causes.length ? suppressSmallCounts1D(causes.map((c) => res.eventsByCause[c]!), { threshold }) : { counts: [], total: 0 };
      const report = discloseMissingReport({ n: small ? null : json.n, events: byCause.total, dropped: json.nDropped }, threshold);
      const out = {
        ...json,
        n: report.n,
        events: report.events,
        eventsByCause: Object.fromEntries(causes.map((c, i) => [c, byCause.counts[i] ?? null])),
        nDropped: report.dropped,
        dropped: report.dropped,
        ...(report.droppedNote ? { droppedNote: report.droppedNote } : {}),
        warnings: discloseWarnings(json.warnings, report, threshold),
        curves: small ? [] : d.curves,
        at: small ? null : json.at,
        gridWidth: d.gridWidth,
        disclosure: { threshold },
      };
      await run.record('cif', args, { n: out.n, events: out.events, dropped: out.dropped, tests: json.tests, at: out.at });
      if (hasFlag(args, 'json')) io.stdout.write(jsonText(out));
      else {
        io.stdout.write(`${missingDataLine(report)}\n\n`);
        if (json.tests.length) io.stdout.write("Gray's tests\n" + textTable(['cause', 'stat', 'df', 'p'], json.tests.map((t) => [t.cause, t.stat, t.df, t.p])) + '\n');
        for (const c of out.curves) io.stdout.write(`${c.label}\n` + textTable(['time', 'estimate', 'variance'], c.time.map((t, i) => [t, c.est[i], c.var[i]])) + '\n');
      }
      return 0;
    }
    const report: MissingDataReport = { n: res.n, events: res.events, dropped: res.nDropped };
    if (hasFlag(args, 'json')) {
      io.stdout.write(jsonText({ ...res.toJSON(), events: res.events, eventsByCause: res.eventsByCause, dropped: res.nDropped }));
      return 0;
    }
    io.stdout.write(`${missingDataLine(report)}\n\n`);
    if (res.tests.length) io.stdout.write("Gray's tests\n" + textTable(['cause', 'stat', 'df', 'p'], res.tests.map((t) => [t.cause, t.stat, t.df, t.p])) + '\n');
    const at = res.at ?? res.timepoints(defaultTimes(res.curves.flatMap((c) => Array.from(c.time))));
    const labels = Object.keys(at.est);
    io.stdout.write('Estimates\n' + textTable(['', ...at.times.map(String)], labels.map((l) => [l, ...(at.est[l] ?? [])])) + '\nVariances\n' + textTable(['', ...at.times.map(String)], labels.map((l) => [l, ...(at.var[l] ?? [])])));
    return 0;
  },
};

/** Four rounded time points spread over the observed range, for the default printout. */
function defaultTimes(times: number[]): number[] {
  const max = Math.max(...times.filter(Number.isFinite));
  if (!Number.isFinite(max) || max <= 0) return [0];
  const step = 10 ** Math.floor(Math.log10(max / 4));
  const base = Math.max(step, Math.floor(max / 4 / step) * step);
  return [1, 2, 3, 4].map((k) => k * base).filter((t) => t <= max);
}
