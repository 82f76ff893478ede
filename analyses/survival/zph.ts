/**
 * The proportional-hazards test of a Cox model (R survival 3.x's `cox.zph`),
 * per model term and global, as an analysis.
 *
 * Disclosure for a study (docs/access-levels.md): only the tests leave (no
 * residuals); a model on fewer events or rows than the study's minimum cell
 * count hides them; small counts and a small dropped count are hidden.
 */
import { discloseModel } from '../../engine/disclosure/disclose-model.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { CoxFit } from '../../models/survival/cox/cox.js';
import type { CoxZphResult } from '../../models/survival/cox/cox-zph.js';
import { discloseMissingReport, discloseWarnings, type MissingDataReport } from '../core/missing-data.js';
import { parseOptions } from '../core/options.js';
import { loadTable } from '../core/load.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { checkFactorVariables } from './factor-variables.js';
import type { ZphOptionsInput, ZphOptionsParsed } from './options.js';

export type { ZphOptionsInput, ZphOptionsParsed } from './options.js';

type ZphTests = ReturnType<CoxZphResult['toJSON']>;

/** Result of {@link zph}: the tests per term and global (null when hidden), and the missing-data report. */
export interface ZphResult {
  terms: ZphTests['terms'];
  global: ZphTests['global'];
  report: MissingDataReport;
}

/** The Cox fit and its test (the fit phase of {@link zph}; also what `figure zph` draws). */
export interface ZphFitted {
  fit: CoxFit;
  zph: CoxZphResult;
}

/** Fits the Cox model of the options and tests proportional hazards. */
export async function fitZph(data: ColumnTable, o: Pick<ZphOptionsParsed, 'formula' | 'ties' | 'transform' | 'factors'>): Promise<ZphFitted> {
  const { coxph, coxZph } = await import('../../models/survival/index.js');
  const fit = coxph(o.formula, data, { ties: o.ties, ...(o.factors ? { factors: o.factors } : {}) });
  return { fit, zph: coxZph(fit.internals, { transform: o.transform }) };
}

const ZPH: AnalysisSpec<ZphOptionsParsed, ColumnTable, ZphFitted, ZphResult> = {
  name: 'zph',
  load: (source, o) => loadTable(source, o.data),
  fit: (data, o) => fitZph(data, o),
  plain({ fit, zph }) {
    return { ...zph.toJSON(), report: { n: fit.n, events: fit.nEvent, dropped: fit.nDropped } };
  },
  warnings: ({ fit, zph }) => [...fit.warnings, ...zph.warnings],
  disclose({ fit, zph }, { disclosure }) {
    const json = zph.toJSON();
    // Only the tests leave (no residuals); too few events hide them.
    const d = discloseModel({ n: fit.n, events: fit.nEvent, terms: json.terms, global: json.global }, disclosure);
    const terms = (d.terms as ZphTests['terms'] | undefined) ?? [];
    const global = d.terms ? json.global : null;
    const report = discloseMissingReport({ n: d.n as number | null, events: d.events as number | null, dropped: fit.nDropped }, disclosure.threshold);
    return {
      result: { terms, global, report },
      summary: { n: fit.n, events: fit.nEvent, dropped: report.dropped, terms, global },
      hidden: d.terms ? [] : ['terms', 'global'],
      notes: d.disclosure.warnings,
      warnings: discloseWarnings([...fit.warnings, ...zph.warnings], report, disclosure.threshold),
    };
  },
};

/**
 * The proportional-hazards test of the Cox model of a data source (R's
 * `cox.zph(coxph(formula), transform = 'km')`); disclosed for a study.
 * Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options; FormulaError; ModelError (cox.zph refuses tt() and pspline() fits).
 * @example const r = await zph(tableSource(lung), { formula: 'Surv(time, status) ~ age + sex' }); r.result.global
 */
export async function zph(source: DataSource, options: ZphOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<ZphResult>> {
  const { ZphOptions } = await import('./options.js');
  return runZph(source, parseOptions('zph', ZphOptions, options), call);
}

/** {@link zph} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runZph(source: DataSource, options: ZphOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<ZphResult>> {
  checkFactorVariables(options.formula, options.factors);
  return runAnalysis(ZPH, source, options, call);
}
