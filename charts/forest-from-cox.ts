/**
 * Forest plot of a Cox model's hazard ratios (as `survminer::ggforest(coxph)`),
 * one row per coefficient in the model's column order, with the fit's
 * confidence limits (`exp(coef ± z se)`, robust SE when robust) and Wald p.
 */
import type { CoxFit } from '../models/survival/cox/cox.js';
import { forestPlot, type ForestPlotOptions, type ForestRow } from './forest-plot.js';
import type { FigureSpec } from './types.js';

/**
 * Forest rows of a Cox fit: label = R's column name (`age`, `sexmale`), HR, limits, p.
 * Coefficients dropped as collinear (NaN) give rows without estimate.
 * @example coxForestRows(coxph('Surv(time, status) ~ age + sex', lung))[0].estimate // => exp(coef of age)
 */
export function coxForestRows(fit: Pick<CoxFit, 'terms'>): ForestRow[] {
  return fit.terms.map((t) => ({ label: t.term, estimate: t.hr, lower: t.lower, upper: t.upper, p: t.p }));
}

/**
 * Forest plot of a Cox fit: `estimateLabel` 'HR', the fit's confidence level,
 * title 'Hazard ratios' (each overridable through `options`).
 * @param fit a {@link CoxFit} (not modified).
 * @param options see {@link ForestPlotOptions}; `labels` renames rows by column name.
 * @example forestFromCox(coxph('Surv(time, status) ~ age + sex + ph.ecog', lung), { labels: { sex: 'Female' } })
 */
export function forestFromCox(
  fit: Pick<CoxFit, 'terms' | 'confLevel'>,
  options: ForestPlotOptions & { labels?: Readonly<Record<string, string>> } = {},
): FigureSpec {
  const { labels, ...rest } = options;
  const rows = coxForestRows(fit).map((r) => ({ ...r, label: labels?.[r.label] ?? r.label }));
  const spec = forestPlot(rows, { estimateLabel: 'HR', confLevel: fit.confLevel, title: 'Hazard ratios', ...rest });
  return { ...spec, meta: { ...spec.meta!, kind: 'forest-cox' } };
}
