/**
 * The one load -> disclose -> ledger -> release sequence of a Kaplan-Meier
 * result read from a cohort database (`midia km --db`, `midia figure km --db`):
 * the strata are audited against every cell the study released before
 * (engine/disclosure/release-audit.ts; hidden when they would reveal a small
 * group by difference), then disclosed (steps of at least the threshold of
 * events on a time grid, small strata hidden), and the caller records the run
 * in the ledger and commits the release before printing.
 */
import { discloseKaplanMeier, discloseSurvivalAtTimes, type DisclosedKaplanMeier, type DisclosedSurvivalAtTimes } from '../engine/disclosure/disclose-kaplan-meier.js';
import { kaplanMeierCells, POPULATION_CELL } from '../engine/disclosure/kaplan-meier-cells.js';
import type { ColumnTable } from '../models/design/types.js';
import type { KaplanMeierFit } from '../models/survival/kaplan-meier.js';
import type { RunRelease, StudyRun } from './io.js';

/** A Kaplan-Meier release decided for a --db run. */
export interface KaplanMeierRelease {
  /** Curve labels hidden by the release audit (with earlier releases or the other strata they would reveal a small group). */
  hidden: string[];
  release: RunRelease;
}

/**
 * Audits the strata of a fit against the study's earlier releases.
 * @param formula, data, weights as given to kaplanMeier (the data of `loadAnalysisData`)
 */
export async function planKaplanMeierRelease(run: StudyRun, analysis: string, formula: string, data: ColumnTable, weights?: string): Promise<KaplanMeierRelease> {
  const cells = kaplanMeierCells(formula, data, weights);
  const release = await run.planRelease(analysis, cells);
  const hidden = release.decisions.filter((d) => !d.released && d.label !== POPULATION_CELL).map((d) => d.label);
  return { hidden, release };
}

/** The disclosed fit of a --db run: {@link planKaplanMeierRelease}, then discloseKaplanMeier with the hidden strata. */
export async function discloseKaplanMeierRun(run: StudyRun, analysis: string, fit: KaplanMeierFit, data: ColumnTable, weights?: string): Promise<{ disclosed: DisclosedKaplanMeier; release: RunRelease }> {
  const { hidden, release } = await planKaplanMeierRelease(run, analysis, fit.formula, data, weights);
  return { disclosed: discloseKaplanMeier(fit.toJSON(), { ...run.disclosure, hiddenStrata: hidden }), release };
}

/** Survival at chosen times of a --db run: strata hidden by the release audit are all null. */
export async function discloseSurvivalAtTimesRun(
  run: StudyRun,
  analysis: string,
  fit: KaplanMeierFit,
  data: ColumnTable,
  times: readonly number[],
  weights?: string,
): Promise<{ strata: ({ label: string } & DisclosedSurvivalAtTimes)[]; release: RunRelease }> {
  const { hidden, release } = await planKaplanMeierRelease(run, analysis, fit.formula, data, weights);
  const strata = fit.summary({ times: [...times] }).map((t) => {
    const d = discloseSurvivalAtTimes(t.table, { threshold: run.disclosure.threshold });
    if (!hidden.includes(t.label)) return { label: t.label, ...d };
    const none = d.time.map(() => null);
    return { label: t.label, time: d.time, nRisk: none, nEvent: [...none], surv: [...none], stdErr: [...none], lower: [...none], upper: [...none] };
  });
  return { strata, release };
}
