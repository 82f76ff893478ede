/**
 * Parametric accelerated failure time models (R's `survreg`: Weibull,
 * exponential, log-normal, log-logistic) as an analysis.
 *
 * Disclosure for a study (docs/access-levels.md, docs/missing-data.md): the
 * model JSON without per-row data (engine/disclosure/disclose-model.ts); a
 * model on fewer events or rows than the study's minimum cell count hides its
 * estimates; a small dropped count is hidden, under both of its keys
 * (`dropped`, and the model's own `nDropped`) and in the warnings.
 */
import { discloseModel, type DisclosedModel } from '../../engine/disclosure/disclose-model.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { SurvregJSON } from '../../models/survival/parametric/survreg.js';
import { discloseMissingReport, discloseWarnings, type MissingDataReport } from '../core/missing-data.js';
import { parseOptions } from '../core/options.js';
import { loadTable } from '../core/load.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { checkFactorVariables } from './factor-variables.js';
import type { AftOptionsInput, AftOptionsParsed } from './options.js';

export type { AftOptionsInput, AftOptionsParsed } from './options.js';

/**
 * Result of {@link aft}: the model JSON (whole with `dropped`, or disclosed),
 * the missing-data report, and the fit a print shows (null when disclosure
 * control hid the estimates: then only the JSON leaves).
 */
export type AftResult =
  | { disclosed: false; model: SurvregJSON & { dropped: number }; report: MissingDataReport; printable: SurvregJSON }
  | { disclosed: true; model: DisclosedModel; report: MissingDataReport; printable: SurvregJSON | null };

const AFT: AnalysisSpec<AftOptionsParsed, ColumnTable, SurvregJSON, AftResult> = {
  name: 'aft',
  load: (source, o) => loadTable(source, o.data),
  async fit(data, o) {
    const { survreg } = await import('../../models/survival/index.js');
    return survreg(o.formula, data, { dist: o.dist, ...(o.maxIter === undefined ? {} : { maxIter: o.maxIter }), ...(o.factors ? { factors: o.factors } : {}) }).toJSON();
  },
  plain(json) {
    return { disclosed: false, model: { ...json, dropped: json.nDropped }, report: { n: json.n, events: json.events, dropped: json.nDropped }, printable: json };
  },
  warnings: (json) => json.warnings,
  disclose(json, { disclosure }) {
    const threshold = disclosure.threshold;
    const d = discloseModel(json, disclosure);
    const report = discloseMissingReport({ n: d.n as number | null, events: d.events as number | null, dropped: json.nDropped }, threshold);
    const warnings = discloseWarnings(json.warnings, report, threshold);
    // nDropped is the model's own key for the same count: disclosed alike, as are the model frame's warnings.
    const model: DisclosedModel = { ...d, ...report, nDropped: report.dropped, warnings };
    const hidden = d.disclosure.warnings.length > 0;
    const terms = d.terms as { term: string; coef: number | null }[] | undefined;
    return {
      result: { disclosed: true, model, report, printable: hidden ? null : { ...json, warnings } },
      summary: { n: d.n, events: d.events, dropped: report.dropped, scale: d.scale ?? null, terms: terms?.map((t) => ({ term: t.term, coef: t.coef })) ?? null },
      hidden: hidden ? ['terms', 'scale'] : [],
      notes: d.disclosure.warnings,
      warnings: [...warnings, ...d.disclosure.warnings],
    };
  },
};

/**
 * A parametric AFT model of a data source (R's `survreg(formula, dist)`);
 * disclosed for a study. Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options; FormulaError.
 * @example const r = await aft(tableSource(lung), { formula: 'Surv(time, status) ~ age', dist: 'weibull' }); r.result.model
 */
export async function aft(source: DataSource, options: AftOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<AftResult>> {
  const { AftOptions } = await import('./options.js');
  return runAft(source, parseOptions('aft', AftOptions, options), call);
}

/** {@link aft} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runAft(source: DataSource, options: AftOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<AftResult>> {
  checkFactorVariables(options.formula, options.factors);
  return runAnalysis(AFT, source, options, call);
}
