/**
 * The Cox proportional-hazards model (R's `coxph`) as an analysis: Efron or
 * Breslow ties, strata, counting-process data, cluster() robust variance,
 * ns(), pspline(), tt().
 *
 * Disclosure for a study (docs/access-levels.md, docs/missing-data.md): the
 * exported model carries no rows or event times (engine/disclosure/
 * disclose-model.ts); a model on fewer events or rows than the study's minimum
 * cell count hides its estimates, tests and the concordance's standard error;
 * the dropped-row count is a cell of its own (null with a note below the
 * threshold, and then in no warning either).
 */
import { discloseModel, type DisclosedModel } from '../../engine/disclosure/disclose-model.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { CoxFit, CoxFitJson } from '../../models/survival/cox/cox.js';
import { discloseMissingReport, discloseWarnings, droppedText } from '../core/missing-data.js';
import { parseOptions } from '../core/options.js';
import { loadTable } from '../core/load.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { checkFactorVariables } from './factor-variables.js';
import type { CoxOptionsInput, CoxOptionsParsed } from './options.js';

export type { CoxOptionsInput, CoxOptionsParsed } from './options.js';

/**
 * Result of {@link cox}: the model's JSON (for a study: disclosed, with the
 * missing-data report first and `disclosure` saying what was removed), and a
 * print like R's `summary(coxph)`, null when disclosure control hid the
 * estimates (then only the JSON says what is left).
 */
export type CoxResult = { disclosed: false; model: CoxFitJson; printed: string } | { disclosed: true; model: DisclosedModel; printed: string | null };

/**
 * Fits the Cox model of the options (the numeric phase of {@link cox}).
 * @example fitCox(lung, { formula: 'Surv(time, status) ~ age', ties: 'efron', robust: false, confLevel: 0.95 })
 */
export async function fitCox(data: ColumnTable, o: CoxOptionsParsed): Promise<CoxFit> {
  const { coxph, NAMED_TT } = await import('../../models/survival/index.js');
  return coxph(o.formula, data, {
    ties: o.ties,
    confLevel: o.confLevel,
    ...(o.weights ? { weights: o.weights } : {}),
    ...(o.robust ? { robust: true } : {}),
    ...(o.maxIter !== undefined ? { control: { maxIter: o.maxIter } } : {}),
    ...(o.tt ? { tt: NAMED_TT[o.tt]! } : {}),
    ...(o.factors ? { factors: o.factors } : {}),
  });
}

const COX: AnalysisSpec<CoxOptionsParsed, ColumnTable, CoxFit, CoxResult> = {
  name: 'cox',
  load: (source, o) => loadTable(source, o.data),
  fit: (data, o) => fitCox(data, o),
  plain: (fit) => ({ disclosed: false, model: fit.toJSON(), printed: fit.summary() }),
  warnings: (fit) => fit.warnings,
  disclose(fit, { disclosure }) {
    const { tests, dropped, ...model } = fit.toJSON();
    const d = discloseModel(model, disclosure);
    const threshold = d.disclosure.threshold;
    const report = discloseMissingReport({ n: d.n as number | null, events: d.events as number | null, dropped }, threshold);
    const hidden = !('terms' in d);
    const warnings = discloseWarnings(fit.warnings, report, threshold);
    const { n: _n, events: _e, ...rest } = d;
    const out: DisclosedModel = { ...report, ...rest, warnings, ...(hidden ? {} : { tests }) };
    if (hidden) {
      delete out.concordanceSe;
      out.disclosure.removed.push('tests', 'concordanceSe');
    }
    const terms = d.terms as { term: string; coef: number | null; hr: number | null }[] | undefined;
    return {
      result: { disclosed: true, model: out, printed: d.disclosure.warnings.length ? null : fit.summary({ droppedText: droppedText(report), warnings }) },
      summary: { n: d.n, events: d.events, dropped: report.dropped, terms: terms?.map((t) => ({ term: t.term, coef: t.coef, hr: t.hr })) ?? null },
      hidden: hidden ? ['terms', 'tests'] : [],
      notes: [...d.disclosure.removed.map((r) => `removed: ${r}`), ...d.disclosure.warnings],
      warnings: [...warnings, ...d.disclosure.warnings],
    };
  },
};

/**
 * A Cox model of a data source (R's `coxph(formula, ties = 'efron')`);
 * disclosed for a study. Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options; FormulaError; ModelError for an unfittable model.
 * @example const r = await cox(tableSource(lung), { formula: 'Surv(time, status) ~ age + sex' }); r.result.model
 */
export async function cox(source: DataSource, options: CoxOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<CoxResult>> {
  const { CoxOptions } = await import('./options.js');
  return runCox(source, parseOptions('cox', CoxOptions, options), call);
}

/** {@link cox} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runCox(source: DataSource, options: CoxOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<CoxResult>> {
  checkFactorVariables(options.formula, options.factors);
  return runAnalysis(COX, source, options, call);
}
