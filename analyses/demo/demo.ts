/**
 * `midia demo` (npm start) as an analysis: the seeded synthetic cohort in an
 * in-process DuckDB store, its headline analyses, and the HTML report's content.
 *
 * The cohort is synthetic (no real patients), so the session has no study: it
 * is opened with the explicit all-patients policy and the reason
 * {@link DEMO_UNRESTRICTED_REASON}; no disclosure control applies and nothing
 * is recorded (the store is in memory and gone after the run). The analyses are
 * those the commands run: the cohort description and the patient timeline are
 * read by analyses/data (describeSession, readTimeline), the survival headline
 * (log-rank, Cox, PH test, RMST) and the cumulative incidence come from
 * analyses/survival on the analysis tables as plain table sources, and the MS
 * relapse rate from ./ms-relapse-rate.ts. The report's Kaplan-Meier, log-rank,
 * Cox, PH and RMST figures and R-style tables draw fitted model objects
 * (charts/ and render/ take fits, not the analyses' JSON), which ./report.ts
 * fits with the same formulas and the same defaults (models/survival) and
 * assembles; the cumulative-incidence figure draws the analysis result.
 */
import type { AnalysisSession } from '../../engine/access.js';
import type { PatientTableSpec } from '../../engine/analysis-table.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { Report } from '../../render/report.js';
import type { ProgressCallback } from '../../util/progress.js';
import { tableSource } from '../core/source.js';
import { describeSession, type CohortDescription } from '../data/describe.js';
import { readTimeline } from '../data/timeline.js';
import { cif } from '../survival/cif.js';
import { cox } from '../survival/cox.js';
import { logrank } from '../survival/logrank.js';
import { rmst } from '../survival/rmst.js';
import { zph } from '../survival/zph.js';
import { msRelapseSummary } from './ms-relapse-rate.js';
import { demoReport } from './report.js';

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

/** The headline numbers (the `--json` output's `headline`). */
export interface DemoHeadline {
  logRankErP: number;
  coxTerms: { term: string; hr: number; lower: number; upper: number; p: number }[];
  zphGlobalP: number | null;
  rmstDifferenceYears: number | null;
  msAnnualizedRelapseRate: number;
}

/** What the demo computed (the `--json` output, without the report). */
export interface DemoResult {
  description: CohortDescription;
  endpoints: EndpointSummary[];
  headline: DemoHeadline;
  report: Report;
}

/** The analysis table of a session (engine/analysis-table.ts). */
async function analysisTable(session: AnalysisSession, spec: PatientTableSpec): Promise<ColumnTable> {
  const { patientTable } = await import('../../engine/analysis-table.js');
  return patientTable(session, spec);
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
    const t = await analysisTable(session, { diagnosis: e.diagnosis, endpoint: { events: e.events }, timeUnit: 'years' });
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

/**
 * Adds string columns `er`, `pr` and `hr_status` ('negative'/'positive'; HR
 * positive = ER or PR positive) from the receptor text columns. 'negative'
 * sorts first, so it is the reference level of the Cox model and of the RMST difference.
 */
export function withReceptorStatus(t: ColumnTable): ColumnTable {
  const er = t.er_text as readonly (string | null)[];
  const pr = t.pr_text as readonly (string | null)[];
  const status = (x: string | null): string | null => (x === null ? null : x === RECEPTOR_TEXT ? 'positive' : 'negative');
  const hrStatus = er.map((e, i) => (e === null || pr[i] === null ? null : e === RECEPTOR_TEXT || pr[i] === RECEPTOR_TEXT ? 'positive' : 'negative'));
  return { ...t, er: er.map(status), pr: pr.map(status), hr_status: hrStatus };
}

/** The demo's formulas (years since diagnosis). */
export const DEMO_FORMULAS = {
  kmHr: 'Surv(time, status) ~ hr_status',
  kmEr: 'Surv(time, status) ~ er',
  cox: 'Surv(time, status) ~ er + pr + factor(grade) + nodes + size_mm',
  cif: 'Surv(time, status) ~ 1',
} as const;

/** RMST horizon of the demo (years). */
const RMST_TAU = 10;

/** A number of a plain result (NaN for null: R's NA). */
const num = (x: number | null | undefined): number => (x === null || x === undefined ? Number.NaN : x);

/**
 * Runs the headline analyses on an open session (unrestricted: synthetic
 * data) and assembles the report.
 * @example const r = await runDemoAnalyses(session, undefined); r.headline.msAnnualizedRelapseRate // => 0.220... (default seed)
 */
export async function runDemoAnalyses(session: AnalysisSession, seed: number | undefined, progress: ProgressCallback = () => {}): Promise<DemoResult> {
  const steps = 6;
  const step = (done: number, name: string): void => progress({ step: `demo: ${name}`, done, total: steps });
  const description = await describeSession(session);
  const endpoints = await endpointSummaries(session);
  step(1, 'cohort');

  // Breast cancer: recurrence-free survival (local/regional/distant recurrence or death).
  const rfsEvents = ['local_recurrence', 'regional_recurrence', 'distant_metastasis', 'death'] as const;
  const breast = withReceptorStatus(
    await analysisTable(session, {
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
  const rfs = tableSource(breast, 'demo: breast cancer recurrence-free survival');
  const lrEr = await logrank(rfs, { formula: DEMO_FORMULAS.kmEr });
  step(2, 'Kaplan-Meier and log-rank');
  const coxR = await cox(rfs, { formula: DEMO_FORMULAS.cox });
  const zphR = await zph(rfs, { formula: DEMO_FORMULAS.cox });
  const rmR = await rmst(rfs, { formula: DEMO_FORMULAS.kmHr, tau: RMST_TAU });
  step(3, 'Cox model and PH check');

  // Competing risks: first recurrence (cause 1) versus death without recurrence (cause 2).
  const competing = await analysisTable(session, { diagnosis: 'breast_cancer', endpoint: { events: ['local_recurrence', 'regional_recurrence', 'distant_metastasis'], competing: ['death'] }, timeUnit: 'years' });
  const cifR = await cif(tableSource(competing, 'demo: breast cancer recurrence vs death'), { formula: DEMO_FORMULAS.cif });
  step(4, 'cumulative incidence');

  // MS: annualized relapse rate over follow-up (follow-up relapses / person-years from the index date to the last contact).
  const msRate = await msRelapseSummary(session);
  step(5, 'MS relapse rate');

  // A patient timeline: the MS patient with the most relapses (the first such pseudonym in sort order).
  const top = await session.queryColumns(
    `SELECT e.pseudonym FROM events e JOIN patients p USING (pseudonym) WHERE e.type = 'relapse' AND p.diagnosis = 'multiple_sclerosis' GROUP BY e.pseudonym ORDER BY count(*) DESC, e.pseudonym LIMIT 1`,
  );
  const pseudonym = (top.pseudonym as readonly (string | null)[])[0] ?? null;
  const timeline = pseudonym ? await readTimeline(session, pseudonym) : null;
  step(6, 'patient timeline');

  if (lrEr.result.kind !== 'test' || coxR.result.disclosed || cifR.result.disclosed) {
    throw new TypeError('demo: expected whole results of plain tables');
  }
  const headline: DemoHeadline = {
    logRankErP: num(lrEr.result.test.p),
    coxTerms: coxR.result.model.terms.map((t) => ({ term: t.term, hr: num(t.hr), lower: num(t.lower95), upper: num(t.upper95), p: num(t.p) })),
    zphGlobalP: zphR.result.global?.p ?? null,
    rmstDifferenceYears: rmR.result.rmst.contrast?.difference ?? null,
    msAnnualizedRelapseRate: msRate.arr.rate,
  };
  const report = await demoReport({
    seed,
    threshold: session.disclosure.threshold,
    description,
    endpoints,
    breast,
    formulas: DEMO_FORMULAS,
    rmstTau: RMST_TAU,
    cif: cifR.result.table,
    msRate,
    timeline,
  });
  return { description, endpoints, headline, report };
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Seed of the synthetic cohort (default: the generator's, 20261128). */
  seed?: number;
  onProgress?: ProgressCallback;
}

/**
 * The demo: generates the seeded synthetic cohort, imports it into an
 * in-process DuckDB store, opens the unrestricted session of synthetic data,
 * runs {@link runDemoAnalyses}, and closes everything.
 * @example const r = await runDemo({ seed: 1 }); r.report.sections.length
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const progress = options.onProgress ?? (() => {});
  const [{ generateCohort }, { CANONICAL_TABLES }, { CohortStore }, { allPatients, openSession }] = await Promise.all([
    import('../../datasets/index.js'),
    import('../../engine/schema.js'),
    import('../../engine/store.js'),
    import('../../engine/access.js'),
  ]);
  const cohort = generateCohort(options.seed === undefined ? {} : { seed: options.seed });
  const store = await CohortStore.open(':memory:');
  try {
    for (const [i, table] of CANONICAL_TABLES.entries()) {
      await store.importRecords(table, cohort[table] as never[], { source: 'synthetic' });
      progress({ step: 'import synthetic cohort', done: i + 1, total: CANONICAL_TABLES.length });
    }
    const session = await openSession(store, { policy: allPatients, unrestrictedReason: DEMO_UNRESTRICTED_REASON, onProgress: progress });
    try {
      return await runDemoAnalyses(session, options.seed, progress);
    } finally {
      session.close();
    }
  } finally {
    await store.close();
  }
}
