/**
 * `midia demo` (npm start): parses its flags, runs the demo analysis
 * (analyses/demo: synthetic cohort in-process, headline analyses, report
 * content), writes the HTML report (render/) and prints the summary.
 */
import { join } from 'node:path';
import { checkFlags, hasFlag, numberFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { jsonText, progressBar, textTable } from '../output.js';
import { formatDescription } from './describe.js';

export type { DemoResult, EndpointSummary } from '../../analyses/demo/demo.js';
/** The demo's MS relapse rate (checked against R: test/golden/demo-ms-arr.R). */
export { msRelapseSummary, type MsRelapseSummary } from '../../analyses/demo/ms-relapse-rate.js';

/** Default output folder: ./out/report-<timestamp> (UTC, filesystem-safe). */
export function defaultReportDir(now: Date = new Date()): string {
  return join('out', `report-${now.toISOString().replace(/[:.]/g, '-')}`);
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'The main job on the embedded default: synthetic cohort in-process, headline analyses, HTML report',
  help: `Usage: midia demo [--seed N] [--out DIR] [--no-report] [--json]

Generates the seeded synthetic cohort (breast cancer, prostate cancer and MS
patients), imports it into an in-process DuckDB store (no server, no file),
runs the headline analyses (Kaplan-Meier of recurrence-free survival by
hormone receptor status, log-rank, Cox with hormone receptors and its
proportional-hazards check, RMST, cumulative incidence of recurrence vs
death, MS relapse rate, a patient timeline) and writes an HTML report
(figures and tables; plotly.js inlined, opens offline) whose path it prints.
This is what 'npm start' runs.

Flags:
  --seed N        seed of the synthetic cohort (default: the generator's, 20261128)
  --out DIR       report folder (default ./out/report-<timestamp>); the report is DIR/index.html
  --no-report     print the summary only, write no files
  --json          print {"description","endpoints","headline","reportPath","seconds"} as JSON
`,
  async run(args, io) {
    checkFlags(args, ['seed', 'out', 'no-report']);
    const seed = numberFlag(args, 'seed');
    const outDir = stringFlag(args, 'out') ?? defaultReportDir();
    const writeFiles = !hasFlag(args, 'no-report');
    const t0 = performance.now();
    const [{ runDemo }, { writeReport }] = await Promise.all([import('../../analyses/demo/demo.js'), import('../../render/report.js')]);
    const result = await runDemo({ ...(seed === undefined ? {} : { seed }), onProgress: progressBar(io.stderr, io.showProgress) });
    const reportPath = writeFiles ? await writeReport(outDir, result.report) : null;
    const seconds = (performance.now() - t0) / 1000;
    if (hasFlag(args, 'json')) io.stdout.write(jsonText({ description: result.description, endpoints: result.endpoints, headline: result.headline, reportPath, seconds }));
    else {
      io.stdout.write(`MIDIA Hub demo: synthetic cohort (seed ${seed ?? 'default'}) in an in-process DuckDB store\n\n`);
      io.stdout.write(formatDescription(result.description));
      io.stdout.write('\nTime to first event (censored at last follow-up)\n');
      io.stdout.write(textTable(['endpoint', 'patients', 'events', 'person-years', 'rate/100 py'], result.endpoints.map((s) => [s.endpoint, s.patients, s.events, s.personYears, s.ratePer100])));
      io.stdout.write('\nBreast cancer, recurrence-free survival: Cox model\n');
      io.stdout.write(textTable(['term', 'HR', 'lower 95%', 'upper 95%', 'p'], result.headline.coxTerms.map((t) => [t.term, t.hr, t.lower, t.upper, t.p])));
      io.stdout.write(`\nMS annualized relapse rate: ${result.headline.msAnnualizedRelapseRate.toFixed(3)}\n`);
      if (reportPath) io.stdout.write(`\nReport: ${reportPath}\n`);
      io.stdout.write(`\nDone in ${seconds.toFixed(1)} s.\n`);
    }
    return 0;
  },
};
