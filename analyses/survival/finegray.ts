/**
 * The Fine-Gray subdistribution hazards model for competing risks (cmprsk's
 * `crr`) as an analysis.
 *
 * Disclosure for a study (docs/access-levels.md, docs/missing-data.md): the
 * model JSON without per-row data (engine/disclosure/disclose-model.ts); a
 * model on fewer events of the cause or rows than the study's minimum cell
 * count hides its estimates; a small dropped count is hidden (also in the
 * warnings).
 */
import { discloseModel, type DisclosedModel } from '../../engine/disclosure/disclose-model.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { FineGrayJSON, FineGrayResult } from '../../models/survival/competing-risks/fine-gray.js';
import { discloseMissingReport, discloseWarnings, type MissingDataReport } from '../core/missing-data.js';
import { parseOptions } from '../core/options.js';
import { loadTable } from '../core/load.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { checkFactorVariables } from './factor-variables.js';
import type { FinegrayOptionsInput, FinegrayOptionsParsed } from './options.js';

export type { FinegrayOptionsInput, FinegrayOptionsParsed } from './options.js';
/** The fit's JSON document (the `midia finegray --json` contract), for surfaces that print it. */
export type { FineGrayJSON } from '../../models/survival/competing-risks/fine-gray.js';

/**
 * Result of {@link finegray}: the model JSON (whole with `dropped`, or
 * disclosed), the missing-data report, the cause, and the fit a print shows
 * (null when disclosure control hid the estimates: then only the JSON leaves).
 */
export type FinegrayResult =
  | { disclosed: false; cause: number; model: FineGrayJSON & { dropped: number }; report: MissingDataReport; printable: FineGrayJSON }
  | { disclosed: true; cause: number; model: DisclosedModel; report: MissingDataReport; printable: FineGrayJSON | null };

const FINEGRAY: AnalysisSpec<FinegrayOptionsParsed, ColumnTable, FineGrayResult, FinegrayResult> = {
  name: 'finegray',
  load: (source, o) => loadTable(source, o.data),
  async fit(data, o) {
    // fine-gray.js directly: a --data run loads only what it uses.
    const { fineGray } = await import('../../models/survival/competing-risks/fine-gray.js');
    return fineGray(o.formula, data, {
      cause: o.cause,
      ...(o.cencode !== undefined ? { cencode: o.cencode } : {}),
      ...(o.maxIter !== undefined ? { maxIter: o.maxIter } : {}),
      ...(o.factors ? { factors: o.factors } : {}),
    });
  },
  plain(res, o) {
    const json = res.toJSON();
    return { disclosed: false, cause: o.cause, model: { ...json, dropped: res.nDropped }, report: { n: json.n, events: json.events, dropped: res.nDropped }, printable: json };
  },
  warnings: (res) => res.warnings,
  disclose(res, { disclosure, options }) {
    const json = res.toJSON();
    const threshold = disclosure.threshold;
    const d = discloseModel(json, disclosure);
    const report = discloseMissingReport({ n: d.n as number | null, events: d.events as number | null, dropped: res.nDropped }, threshold);
    const warnings = discloseWarnings(json.warnings, report, threshold);
    const model: DisclosedModel = { ...d, ...report, warnings };
    const hidden = d.disclosure.warnings.length > 0;
    const terms = d.terms as { term: string; coef: number | null }[] | undefined;
    return {
      result: { disclosed: true, cause: options.cause, model, report, printable: hidden ? null : { ...json, warnings } },
      summary: { n: d.n, events: d.events, dropped: report.dropped, terms: terms?.map((t) => ({ term: t.term, coef: t.coef })) ?? null },
      hidden: hidden ? ['terms'] : [],
      notes: d.disclosure.warnings,
      warnings: [...warnings, ...d.disclosure.warnings],
    };
  },
};

/**
 * A Fine-Gray model of a data source (cmprsk's `crr(ftime, fstatus, cov1,
 * failcode = cause)`); disclosed for a study. Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options; FormulaError.
 * @example const r = await finegray(tableSource(pbc), { formula: 'Surv(time, status) ~ age', cause: 2 }); r.result.model
 */
export async function finegray(source: DataSource, options: FinegrayOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<FinegrayResult>> {
  const { FinegrayOptions } = await import('./options.js');
  return runFinegray(source, parseOptions('finegray', FinegrayOptions, options), call);
}

/** {@link finegray} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runFinegray(source: DataSource, options: FinegrayOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<FinegrayResult>> {
  checkFactorVariables(options.formula, options.factors);
  return runAnalysis(FINEGRAY, source, options, call);
}
