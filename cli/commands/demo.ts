import { join } from 'node:path';
import { allPatients, openSession, type AnalysisSession } from '../../engine/access.js';
import { patientTable } from '../../engine/analysis-table.js';
import { describeCohort, type CohortDescription } from '../../engine/describe.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { patientTimeline } from '../../engine/timeline.js';
import { generateCohort } from '../../datasets/index.js';
import { cumulativeIncidenceFigure } from '../../charts/cumulative-incidence-figure.js';
import { forestFromCox } from '../../charts/forest-from-cox.js';
import { kaplanMeierFigure } from '../../charts/kaplan-meier-figure.js';
import { patientTimelineFigure } from '../../charts/patient-timeline-figure.js';
import { schoenfeldFigure } from '../../charts/schoenfeld-figure.js';
import type { ColumnTable } from '../../models/design/types.js';
import { crudeAnnualizedRelapseRate, relapsesInWindows, type CrudeArr } from '../../models/ms/relapse-rate.js';
import { coxph, coxZph, cumulativeIncidence, kaplanMeier, logRank, rmst } from '../../models/survival/index.js';
import { fitTables } from '../../render/fit-tables.js';
import { timelineSummaryTable } from '../../render/timeline-table.js';
import { writeReport, type Report, type ReportBlock } from '../../render/report.js';
import type { ProgressCallback } from '../../util/progress.js';
import { checkFlags, hasFlag, numberFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { jsonText, progressBar, textTable } from '../output.js';
import { formatDescription } from './describe.js';

/** Why the demo's session has no study: the cohort is synthetic (recorded by the access gate). */
export const DEMO_UNRESTRICTED_REASON = 'synthetic demo cohort (no real patients)';

/** Receptor-positive cut-off of the synthetic cohort's ER/PR values (% stained nuclei), as recorded in its `value_text`. */
const RECEPTOR_TEXT = 'positive';

/** One line of the time-to-first-event summary. */
export interface EndpointSummary {
  endpoint: string;
  patients: number;
  events: number;
  personYears: number;
  ratePer100: number;
}

/** What the demo computed (the `--json` output, without the report). */
export interface DemoResult {
  description: CohortDescription;
  endpoints: EndpointSummary[];
  headline: {
    logRankErP: number;
    coxTerms: { term: string; hr: number; lower: number; upper: number; p: number }[];
    zphGlobalP: number | null;
    rmstDifferenceYears: number | null;
    msAnnualizedRelapseRate: number;
  };
  report: Report;
}

/** Time to first event of three endpoints (the demo's first table). */
async function endpointSummaries(session: AnalysisSession): Promise<EndpointSummary[]> {
  const endpoints = [
    { diagnosis: 'breast_cancer', label: 'breast cancer: recurrence or death', events: ['local_recurrence', 'regional_recurrence', 'distant_metastasis', 'death'] },
    { diagnosis: 'prostate_cancer', label: 'prostate cancer: biochemical recurrence', events: ['biochemical_recurrence'] },
    { diagnosis: 'multiple_sclerosis', label: 'MS: first relapse', events: ['relapse'] },
  ] as const;
  const out: EndpointSummary[] = [];
  for (const e of endpoints) {
    const t = await patientTable(session, { diagnosis: e.diagnosis, endpoint: { events: e.events }, timeUnit: 'years' });
    const time = t.time as Float64Array;
    const status = t.status as Float64Array;
    let events = 0;
    let years = 0;
    for (let i = 0; i < time.length; i++) {
      events += status[i] === 1 ? 1 : 0;
      years += time[i] as number;
    }
    out.push({ endpoint: e.label, patients: time.length, events, personYears: Math.round(years * 10) / 10, ratePer100: Math.round((events / years) * 1000) / 10 });
  }
  return out;
}

/** The demo's MS relapse rate: the crude ARR and the patients by number of follow-up relapses. */
export interface MsRelapseSummary {
  /** Crude ARR = follow-up relapses / person-years, with its exact Poisson 95% CI. */
  arr: CrudeArr;
  /** Patients, relapses and person-years by number of follow-up relapses (0, 1, 2-3, 4+), then all. */
  rows: { 'relapses during follow-up': string; patients: number; relapses: number; 'person-years': number }[];
}

/**
 * MS relapse rate of the demo: follow-up relapses (after the index date, up to
 * the last contact: the onset relapse on the index date is not one;
 * models/ms/follow-up-relapse.ts, docs/ms-outcomes.md) over the person-years
 * from the index date to the last contact (365.25-day years), per patient
 * with relapsesInWindows. Exported for tests (test/golden/demo-ms-arr.R).
 */
export async function msRelapseSummary(session: AnalysisSession): Promise<MsRelapseSummary> {
  const patients = await session.queryRows(
    `SELECT pseudonym, CAST(index_date AS VARCHAR) AS start, CAST(greatest(index_date, coalesce(last_contact, index_date)) AS VARCHAR) AS stop
       FROM patients WHERE diagnosis = 'multiple_sclerosis' ORDER BY pseudonym`,
  );
  const relapses = await session.queryRows(
    `SELECT e.pseudonym, CAST(e.date AS VARCHAR) AS date FROM events e JOIN patients p USING (pseudonym) WHERE e.type = 'relapse' AND p.diagnosis = 'multiple_sclerosis'`,
  );
  const windows = relapsesInWindows(
    patients.map((p) => ({ id: String(p.pseudonym), start: String(p.start), end: String(p.stop) })),
    relapses.map((r) => ({ id: String(r.pseudonym), date: String(r.date) })),
  );
  const bands = [
    { label: '0', has: (k: number) => k === 0 },
    { label: '1', has: (k: number) => k === 1 },
    { label: '2-3', has: (k: number) => k >= 2 && k <= 3 },
    { label: '4+', has: (k: number) => k >= 4 },
  ];
  const row = (label: string, w: typeof windows) => ({
    'relapses during follow-up': label,
    patients: w.length,
    relapses: w.reduce((a, x) => a + x.relapses, 0),
    'person-years': Math.round(w.reduce((a, x) => a + x.years, 0) * 10) / 10,
  });
  const rows = bands.map((b) => row(b.label, windows.filter((w) => b.has(w.relapses)))).filter((r) => r.patients > 0);
  rows.push(row('all', windows));
  return { arr: crudeAnnualizedRelapseRate(windows), rows };
}

/**
 * Adds string columns `er`, `pr` and `hr_status` ('negative'/'positive'; HR
 * positive = ER or PR positive) from the receptor text columns. 'negative'
 * sorts first, so it is the reference level of the Cox model and of the RMST difference.
 */
function withReceptorStatus(t: ColumnTable): ColumnTable {
  const er = t.er_text as readonly (string | null)[];
  const pr = t.pr_text as readonly (string | null)[];
  const status = (x: string | null): string | null => (x === null ? null : x === RECEPTOR_TEXT ? 'positive' : 'negative');
  const hrStatus = er.map((e, i) => (e === null || pr[i] === null ? null : e === RECEPTOR_TEXT || pr[i] === RECEPTOR_TEXT ? 'positive' : 'negative'));
  return { ...t, er: er.map(status), pr: pr.map(status), hr_status: hrStatus };
}

/** Display names of the KM strata. */
const STRATUM_LABELS: Readonly<Record<string, string>> = {
  'hr_status=positive': 'HR+ (ER+ or PR+)',
  'hr_status=negative': 'HR- (ER- and PR-)',
  'er=positive': 'ER+',
  'er=negative': 'ER-',
};

/** Display names of the Cox terms in the forest plot. */
const COX_LABELS: Readonly<Record<string, string>> = {
  erpositive: 'ER+ vs ER-',
  prpositive: 'PR+ vs PR-',
  'factor(grade)2': 'grade 2 vs 1',
  'factor(grade)3': 'grade 3 vs 1',
  nodes: 'positive nodes (per node)',
  size_mm: 'tumour size (per mm)',
};

/**
 * Runs the headline analyses on an open session and assembles the report.
 * Exported for tests; the command below adds the store, the output folder and printing.
 */
export async function runDemoAnalyses(session: AnalysisSession, seed: number | undefined, progress: ProgressCallback = () => {}): Promise<DemoResult> {
  const steps = 6;
  const step = (done: number, name: string): void => progress({ step: `demo: ${name}`, done, total: steps });
  const description = await describeCohort(session);
  const endpoints = await endpointSummaries(session);
  step(1, 'cohort');

  // Breast cancer: recurrence-free survival (local/regional/distant recurrence or death).
  const rfsEvents = ['local_recurrence', 'regional_recurrence', 'distant_metastasis', 'death'] as const;
  const breast = withReceptorStatus(
    await patientTable(session, {
      diagnosis: 'breast_cancer',
      endpoint: { events: rfsEvents },
      timeUnit: 'years',
      covariates: [
        { code: 'ER', name: 'er_text', text: true },
        { code: 'PR', name: 'pr_text', text: true },
        { code: 'GRADE', name: 'grade' },
        { code: 'NODES', name: 'nodes' },
        { code: 'TSIZE', name: 'size_mm' },
      ],
    }),
  );
  const km = kaplanMeier('Surv(time, status) ~ hr_status', breast);
  const lr = logRank('Surv(time, status) ~ hr_status', breast);
  const kmEr = kaplanMeier('Surv(time, status) ~ er', breast);
  const lrEr = logRank('Surv(time, status) ~ er', breast);
  step(2, 'Kaplan-Meier and log-rank');
  const cox = coxph('Surv(time, status) ~ er + pr + factor(grade) + nodes + size_mm', breast);
  const zph = coxZph(cox.internals);
  const rm = rmst('Surv(time, status) ~ hr_status', breast, { tau: 10 });
  // the one-column term with the smallest PH-test p value gets a residual plot
  const zphWorst = zph.tests.filter((t) => t.df === 1).reduce<(typeof zph.tests)[number] | null>((a, b) => (a === null || b.p < a.p ? b : a), null);
  step(3, 'Cox model and PH check');

  // Competing risks: first recurrence (cause 1) versus death without recurrence (cause 2).
  const cr = await patientTable(session, { diagnosis: 'breast_cancer', endpoint: { events: ['local_recurrence', 'regional_recurrence', 'distant_metastasis'], competing: ['death'] }, timeUnit: 'years' });
  const cif = cumulativeIncidence('Surv(time, status) ~ 1', cr);
  step(4, 'cumulative incidence');

  // MS: annualized relapse rate over follow-up (follow-up relapses / person-years from the index date to the last contact).
  const msRate = await msRelapseSummary(session);
  const arr = msRate.arr.rate;
  step(5, 'MS relapse rate');

  // A patient timeline: the MS patient with the most relapses (the first such pseudonym in sort order).
  const top = await session.queryColumns(
    `SELECT e.pseudonym FROM events e JOIN patients p USING (pseudonym) WHERE e.type = 'relapse' AND p.diagnosis = 'multiple_sclerosis' GROUP BY e.pseudonym ORDER BY count(*) DESC, e.pseudonym LIMIT 1`,
  );
  const pseudonym = (top.pseudonym as readonly (string | null)[])[0] ?? null;
  const timeline = pseudonym ? await patientTimeline(session, pseudonym) : null;
  // the report summarises the timeline: one row per kind and label, not one per entry (about 170 for a synthetic MS patient)
  const timelineTable = timeline ? timelineSummaryTable(timeline.pseudonym, timeline.entries) : null;
  step(6, 'patient timeline');

  const tablesOf = (fit: Parameters<typeof fitTables>[0]): ReportBlock[] => fitTables(fit).map((t) => ({ kind: 'table', table: t.rows, caption: t.caption }));
  const report: Report = {
    title: 'MIDIA Hub demo report: synthetic multi-source cohort',
    subtitle: `Seeded synthetic cohort (seed ${seed ?? 'default'}), analysed in an in-process DuckDB store. Synthetic data: no real patients. Generated ${new Date().toISOString()}.`,
    sections: [
      {
        heading: 'Cohort',
        blocks: [
          { kind: 'table', table: description.diagnoses.map((d) => ({ diagnosis: d.diagnosis, patients: d.patients })), caption: 'Patients by diagnosis' },
          { kind: 'table', table: description.eventTypes.map((e) => ({ event: e.type, events: e.events, patients: e.patients })), caption: 'Clinical events' },
          { kind: 'table', table: endpoints.map((e) => ({ endpoint: e.endpoint, patients: e.patients, events: e.events, 'person-years': e.personYears, 'rate/100 py': e.ratePer100 })), caption: 'Time to first event (censored at last follow-up)' },
        ],
      },
      {
        heading: 'Breast cancer: recurrence-free survival by hormone receptor status',
        blocks: [
          {
            kind: 'text',
            text: `Recurrence-free survival: time from diagnosis to the first local, regional or distant recurrence or death, censored at last follow-up. Hormone receptor positive (HR+) = oestrogen (ER) or progesterone (PR) receptor positive as recorded at diagnosis (the synthetic cohort's cut-off of ${'≥'}1% stained nuclei). Kaplan-Meier estimates with log-scale 95% confidence intervals (as R survfit).`,
          },
          { kind: 'figure', figure: kaplanMeierFigure(km, { timeUnit: 'years', labels: STRATUM_LABELS, title: 'Recurrence-free survival by hormone receptor status', disclosure: { threshold: session.disclosure.threshold } }) },
          ...tablesOf(km),
          ...tablesOf(lr),
          { kind: 'figure', figure: kaplanMeierFigure(kmEr, { timeUnit: 'years', labels: STRATUM_LABELS, title: 'Recurrence-free survival by ER status', disclosure: { threshold: session.disclosure.threshold } }) },
          ...tablesOf(lrEr),
          ...rmstTableBlocks(rm),
        ],
      },
      {
        heading: 'Cox model with hormone receptors',
        blocks: [
          { kind: 'text', text: 'Cox proportional-hazards model (Efron ties, as R coxph) of recurrence-free survival on ER and PR status, grade, positive lymph nodes and tumour size. The proportional-hazards assumption is checked with the scaled Schoenfeld residual test (R cox.zph, KM time transform).' },
          { kind: 'figure', figure: forestFromCox(cox, { title: 'Recurrence or death: hazard ratios (95% CI)', labels: COX_LABELS }) },
          ...tablesOf(cox),
          ...tablesOf(zph),
          ...(zphWorst ? [{ kind: 'figure', figure: schoenfeldFigure(zph, zphWorst.term, { timeUnit: 'years', title: `Scaled Schoenfeld residuals: ${zphWorst.term} (PH test p = ${zphWorst.p.toFixed(3)})` }) } as ReportBlock] : []),
        ],
      },
      {
        heading: 'Competing risks: recurrence versus death without recurrence',
        blocks: [
          { kind: 'text', text: 'Cumulative incidence (Aalen-Johansen, as cmprsk cuminc) of the first recurrence, with death before any recurrence as the competing event.' },
          { kind: 'figure', figure: cumulativeIncidenceFigure(cif, { timeUnit: 'years', title: 'Cumulative incidence of recurrence and of death without recurrence', causeLabels: { 1: 'recurrence', 2: 'death without recurrence' } }) },
        ],
      },
      {
        heading: 'Multiple sclerosis: relapse rate',
        blocks: [
          {
            kind: 'text',
            text: `Annualized relapse rate over follow-up: ${msRate.arr.events} relapses after the index date / ${msRate.arr.years.toFixed(1)} person-years from the index date to the last contact = ${arr.toFixed(3)} relapses per patient-year (exact Poisson 95% CI ${msRate.arr.lower.toFixed(3)}-${msRate.arr.upper.toFixed(3)}). The onset relapse on the index date starts follow-up and is not counted.`,
          },
          { kind: 'table', table: msRate.rows, caption: 'MS patients by number of relapses during follow-up' },
        ],
      },
      {
        heading: 'Patient timeline',
        blocks: timeline && timelineTable
          ? [
              { kind: 'text', text: `The overall clinical picture of one synthetic MS patient (pseudonym ${timeline.pseudonym}): every event, observation, therapy and visit in date order.` },
              { kind: 'figure', figure: patientTimelineFigure(timeline) },
              { kind: 'table', table: timelineTable.rows, caption: timelineTable.caption, digits: 3 },
            ]
          : [{ kind: 'text', text: 'No MS patient with relapses in this cohort.' }],
      },
    ],
  };
  const coxTerms = cox.terms.map((t) => ({ term: t.term, hr: t.hr, lower: t.lower, upper: t.upper, p: t.p }));
  return {
    description,
    endpoints,
    headline: { logRankErP: lrEr.p, coxTerms, zphGlobalP: zph.global?.p ?? null, rmstDifferenceYears: rm.contrast?.difference ?? null, msAnnualizedRelapseRate: arr },
    report,
  };
}

function rmstTableBlocks(rm: ReturnType<typeof rmst>): ReportBlock[] {
  return fitTables(rm).map((t) => ({ kind: 'table', table: t.rows, caption: `${t.caption} (years)` }));
}

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
    const progress = progressBar(io.stderr, io.showProgress);
    const t0 = performance.now();
    const cohort = generateCohort(seed === undefined ? {} : { seed });
    const store = await CohortStore.open(':memory:');
    let result: DemoResult;
    try {
      for (const [i, table] of CANONICAL_TABLES.entries()) {
        await store.importRecords(table, cohort[table] as never[], { source: 'synthetic' });
        progress({ step: 'import synthetic cohort', done: i + 1, total: CANONICAL_TABLES.length });
      }
      const session = await openSession(store, { policy: allPatients, unrestrictedReason: DEMO_UNRESTRICTED_REASON, onProgress: progress });
      try {
        result = await runDemoAnalyses(session, seed, progress);
      } finally {
        session.close();
      }
    } finally {
      await store.close();
    }
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
