/**
 * Forest plot of a Fine–Gray model's subdistribution hazard ratios
 * (`cmprsk::crr`), one row per coefficient, with the result's limits
 * (`exp(coef ± z se)`) and Wald p.
 */
import type { FineGrayResult } from '../models/survival/competing-risks/fine-gray.js';
import { forestPlot, type ForestPlotOptions, type ForestRow } from './forest-plot.js';
import type { FigureSpec } from './types.js';

/**
 * Forest rows of a Fine–Gray result: label = column name, SHR, limits, p.
 * @example fineGrayForestRows(fineGray('Surv(etime, event) ~ age + sex', mgus2, { cause: 1 }))
 */
export function fineGrayForestRows(res: Pick<FineGrayResult, 'terms'>): ForestRow[] {
  return res.terms.map((t) => ({ label: t.term, estimate: t.shr, lower: t.lower95, upper: t.upper95, p: t.p }));
}

/**
 * Forest plot of a Fine–Gray result: `estimateLabel` 'SHR', title
 * `Subdistribution hazard ratios (cause ${res.cause})`, `confLevel` 0.95 unless
 * given (the result does not record the level it was fitted with; pass the
 * same `confLevel` as to `fineGray`).
 * @param res a {@link FineGrayResult} (not modified).
 * @param options see {@link ForestPlotOptions}; `labels` renames rows by column name.
 * @example forestFromFineGray(fineGray('Surv(etime, event) ~ age + sex', mgus2, { cause: 1 }))
 */
export function forestFromFineGray(
  res: Pick<FineGrayResult, 'terms' | 'cause'>,
  options: ForestPlotOptions & { labels?: Readonly<Record<string, string>> } = {},
): FigureSpec {
  const { labels, ...rest } = options;
  const rows = fineGrayForestRows(res).map((r) => ({ ...r, label: labels?.[r.label] ?? r.label }));
  const spec = forestPlot(rows, { estimateLabel: 'SHR', title: `Subdistribution hazard ratios (cause ${res.cause})`, ...rest });
  return { ...spec, meta: { ...spec.meta!, kind: 'forest-fine-gray' } };
}
