/**
 * The cells of a Kaplan-Meier release: its population and each curve's
 * patients, as the release audit (release-audit.ts) compares them with the
 * study's earlier releases. Rows are assigned to curves exactly as
 * `kaplanMeier` does (models/survival survivalGroupFrame: rows with a missing
 * value in a used column are dropped, `strata()` crossed with the other
 * variables), so each cell's label is the curve's label.
 */
import type { ColumnTable } from '../../models/design/types.js';
import { survivalGroupFrame } from '../../models/survival/kaplan-meier/kaplan-meier.js';
import { AccessDeniedError } from '../../util/errors.js';
import type { CandidateCell } from './release-audit.js';

/** Label of the population cell (never a curve label: curve labels contain `=` or are `all`). */
export const POPULATION_CELL = '(population)';

/**
 * The population and the curves of `kaplanMeier(formula, data)` as cells of
 * patients (distinct pseudonyms), population first, then the curves from the
 * largest (ties by label).
 *
 * @param data an analysis table with a `pseudonym` column (every --db table has one)
 * @throws AccessDeniedError without a pseudonym column (the release could not be checked); formula errors as kaplanMeier.
 * @example kaplanMeierCells('Surv(time, status) ~ site', table)[0].label // => '(population)'
 */
export function kaplanMeierCells(formula: string, data: ColumnTable, weights?: string): CandidateCell[] {
  const ids = data.pseudonym;
  if (!Array.isArray(ids)) throw new AccessDeniedError('the analysis table has no pseudonym column, so its release cannot be checked against the study\'s earlier releases');
  const g = survivalGroupFrame(formula, data, weights);
  const fr = g.frame;
  const labels = fr.strata ? fr.strataLabels : ['all'];
  const byCurve = labels.map(() => new Set<string>());
  const population = new Set<string>();
  for (let i = 0; i < fr.n; i++) {
    const p = ids[fr.rowIndex[i]!];
    if (typeof p !== 'string') continue;
    population.add(p);
    byCurve[fr.strata ? fr.strata[i]! : 0]!.add(p);
  }
  const curves = labels
    .map((label, k) => ({ label, pseudonyms: [...byCurve[k]!] }))
    .filter((c) => c.pseudonyms.length > 0)
    .sort((a, b) => b.pseudonyms.length - a.pseudonyms.length || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return [{ label: POPULATION_CELL, pseudonyms: [...population] }, ...curves];
}
