/**
 * The demo's HTML report content (render/report.ts draws it): the cohort, the
 * breast cancer survival analyses with their figures and R-style tables, the
 * competing risks, the MS relapse rate and one patient's timeline.
 *
 * The figures and tables of Kaplan-Meier, log-rank, Cox, the PH test and RMST
 * draw fitted model objects (charts/ and render/fit-tables.ts take fits), so
 * they are fitted here from the demo's analysis table with the formulas and
 * defaults of the analyses (./demo.ts DEMO_FORMULAS; R's defaults: log
 * intervals, Efron ties, the KM transform of cox.zph). The cumulative
 * incidence is drawn from the `cif` analysis' result.
 */
import { cumulativeIncidenceFigure } from '../../charts/cumulative-incidence-figure.js';
import { forestFromCox } from '../../charts/forest-from-cox.js';
import { kaplanMeierFigure } from '../../charts/kaplan-meier-figure.js';
import { patientTimelineFigure } from '../../charts/patient-timeline-figure.js';
import { schoenfeldFigure } from '../../charts/schoenfeld-figure.js';
import type { CohortDescription } from '../../engine/describe.js';
import type { PatientTimeline } from '../../engine/timeline.js';
import type { ColumnTable } from '../../models/design/types.js';
import { coxph, coxZph, kaplanMeier, logRank, rmst } from '../../models/survival/index.js';
import { fitTables } from '../../render/fit-tables.js';
import type { Report, ReportBlock } from '../../render/report.js';
import { timelineSummaryTable } from '../../render/timeline-table.js';
import type { CifTable } from '../survival/cif.js';
import type { MsRelapseSummary } from './ms-relapse-rate.js';

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

/** What the report shows. */
export interface DemoReportParts {
  seed: number | undefined;
  /** Minimum cell count shown in the figures' at-risk tables. */
  threshold: number;
  description: CohortDescription;
  endpoints: readonly { endpoint: string; patients: number; events: number; personYears: number; ratePer100: number }[];
  /** The breast cancer analysis table with receptor status (./demo.ts withReceptorStatus). */
  breast: ColumnTable;
  formulas: { kmHr: string; kmEr: string; cox: string };
  /** RMST horizon (years). */
  rmstTau: number;
  /** The `cif` analysis' whole result (recurrence vs death without recurrence). */
  cif: CifTable;
  msRate: MsRelapseSummary;
  timeline: PatientTimeline | null;
}

/** The cif result's curves as the figure draws them. */
function cifCurves(t: CifTable): Parameters<typeof cumulativeIncidenceFigure>[0] {
  return { curves: t.curves.map((c) => ({ ...c, time: Float64Array.from(c.time), est: Float64Array.from(c.est), var: Float64Array.from(c.var) })), tests: t.tests, confLevel: t.confLevel };
}

function rmstTableBlocks(rm: ReturnType<typeof rmst>): ReportBlock[] {
  return fitTables(rm).map((t) => ({ kind: 'table', table: t.rows, caption: `${t.caption} (years)` }));
}

/**
 * The demo report: sections with text, figures and tables.
 * @example const report = await demoReport(parts); await writeReport('out/demo', report)
 */
export async function demoReport(p: DemoReportParts): Promise<Report> {
  const breast = p.breast;
  const km = kaplanMeier(p.formulas.kmHr, breast);
  const lr = logRank(p.formulas.kmHr, breast);
  const kmEr = kaplanMeier(p.formulas.kmEr, breast);
  const lrEr = logRank(p.formulas.kmEr, breast);
  const cox = coxph(p.formulas.cox, breast);
  const zph = coxZph(cox.internals);
  const rm = rmst(p.formulas.kmHr, breast, { tau: p.rmstTau });
  // the one-column term with the smallest PH-test p value gets a residual plot
  const zphWorst = zph.tests.filter((t) => t.df === 1).reduce<(typeof zph.tests)[number] | null>((a, b) => (a === null || b.p < a.p ? b : a), null);
  // the report summarises the timeline: one row per kind and label, not one per entry (about 170 for a synthetic MS patient)
  const timelineTable = p.timeline ? timelineSummaryTable(p.timeline.pseudonym, p.timeline.entries) : null;
  const tablesOf = (fit: Parameters<typeof fitTables>[0]): ReportBlock[] => fitTables(fit).map((t) => ({ kind: 'table', table: t.rows, caption: t.caption }));
  const report: Report = {
    title: 'MIDIA Hub demo report: synthetic multi-source cohort',
    subtitle: `Seeded synthetic cohort (seed ${p.seed ?? 'default'}), analysed in an in-process DuckDB store. Synthetic data: no real patients. Generated ${new Date().toISOString()}.`,
    sections: [
      {
        heading: 'Cohort',
        blocks: [
          { kind: 'table', table: p.description.diagnoses.map((d) => ({ diagnosis: d.diagnosis, patients: d.patients })), caption: 'Patients by diagnosis' },
          { kind: 'table', table: p.description.eventTypes.map((e) => ({ event: e.type, events: e.events, patients: e.patients })), caption: 'Clinical events' },
          { kind: 'table', table: p.endpoints.map((e) => ({ endpoint: e.endpoint, patients: e.patients, events: e.events, 'person-years': e.personYears, 'rate/100 py': e.ratePer100 })), caption: 'Time to first event (censored at last follow-up)' },
        ],
      },
      {
        heading: 'Breast cancer: recurrence-free survival by hormone receptor status',
        blocks: [
          {
            kind: 'text',
            text: `Recurrence-free survival: time from diagnosis to the first local, regional or distant recurrence or death, censored at last follow-up. Hormone receptor positive (HR+) = oestrogen (ER) or progesterone (PR) receptor positive as recorded at diagnosis (the synthetic cohort's cut-off of ${'≥'}1% stained nuclei). Kaplan-Meier estimates with log-scale 95% confidence intervals (as R survfit).`,
          },
          { kind: 'figure', figure: kaplanMeierFigure(km, { timeUnit: 'years', labels: STRATUM_LABELS, title: 'Recurrence-free survival by hormone receptor status', disclosure: { threshold: p.threshold } }) },
          ...tablesOf(km),
          ...tablesOf(lr),
          { kind: 'figure', figure: kaplanMeierFigure(kmEr, { timeUnit: 'years', labels: STRATUM_LABELS, title: 'Recurrence-free survival by ER status', disclosure: { threshold: p.threshold } }) },
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
          { kind: 'figure', figure: cumulativeIncidenceFigure(cifCurves(p.cif), { timeUnit: 'years', title: 'Cumulative incidence of recurrence and of death without recurrence', causeLabels: { 1: 'recurrence', 2: 'death without recurrence' } }) },
        ],
      },
      {
        heading: 'Multiple sclerosis: relapse rate',
        blocks: [
          {
            kind: 'text',
            text: `Annualized relapse rate over follow-up: ${p.msRate.arr.events} relapses after the index date / ${p.msRate.arr.years.toFixed(1)} person-years from the index date to the last contact = ${p.msRate.arr.rate.toFixed(3)} relapses per patient-year (exact Poisson 95% CI ${p.msRate.arr.lower.toFixed(3)}-${p.msRate.arr.upper.toFixed(3)}). The onset relapse on the index date starts follow-up and is not counted.`,
          },
          { kind: 'table', table: p.msRate.rows, caption: 'MS patients by number of relapses during follow-up' },
        ],
      },
      {
        heading: 'Patient timeline',
        blocks: p.timeline && timelineTable
          ? [
              { kind: 'text', text: `The overall clinical picture of one synthetic MS patient (pseudonym ${p.timeline.pseudonym}): every event, observation, therapy and visit in date order.` },
              { kind: 'figure', figure: patientTimelineFigure(p.timeline) },
              { kind: 'table', table: timelineTable.rows, caption: timelineTable.caption, digits: 3 },
            ]
          : [{ kind: 'text', text: 'No MS patient with relapses in this cohort.' }],
      },
    ],
  };
  return report;
}
