import { cumulativeIncidence, type CumulativeIncidenceOptions } from '../../models/survival/index.js';
import { checkFlags, hasFlag, numberFlag, numberListFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { discloseIncidenceCurves } from '../../engine/disclosure/disclose-summaries.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS } from '../io.js';
import { jsonText, textTable } from '../output.js';

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
  --json           {"curves":[{"group","cause","label","time","est","var"}],"tests":[{"cause","stat","df","p"}],"at":{...}|null}
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'times', 'cencode', 'rho', 'strata']);
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
    const res = cumulativeIncidence(formula, data, options);
    if (run) {
      // --db: curves read on a coarse time grid (no event times) unless the study allows them.
      const json = res.toJSON();
      const d = discloseIncidenceCurves(json.curves, run.disclosure);
      const small = json.n < run.disclosure.threshold;
      const out = { ...json, n: small ? null : json.n, curves: small ? [] : d.curves, at: small ? null : json.at, gridWidth: d.gridWidth, disclosure: { threshold: run.disclosure.threshold } };
      await run.record('cif', args, { n: out.n, tests: json.tests, at: out.at });
      if (hasFlag(args, 'json')) io.stdout.write(jsonText(out));
      else {
        if (json.tests.length) io.stdout.write("Gray's tests\n" + textTable(['cause', 'stat', 'df', 'p'], json.tests.map((t) => [t.cause, t.stat, t.df, t.p])) + '\n');
        for (const c of out.curves) io.stdout.write(`${c.label}\n` + textTable(['time', 'estimate', 'variance'], c.time.map((t, i) => [t, c.est[i], c.var[i]])) + '\n');
      }
      return 0;
    }
    if (hasFlag(args, 'json')) {
      io.stdout.write(jsonText(res.toJSON()));
      return 0;
    }
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
