/**
 * Linear mixed models for marker and reported-outcome trajectories (lme4's
 * `lmer`, REML or ML; one grouping factor with random intercept and slopes)
 * as an analysis (docs/mixed-models.md).
 *
 * Disclosure for a study (docs/access-levels.md, docs/missing-data.md): the
 * fit's JSON has no row-level data (no random effects, fitted values or
 * residuals); small counts are hidden, per-group visit counts (one patient's
 * number of visits) removed, and the estimates hidden when the model rests on
 * fewer rows or patients than the study's minimum cell count. Error messages
 * name rows only for a plain table (a study's row numbers would point at
 * patients).
 */
import type { ColumnTable } from '../../models/design/types.js';
import type { LmmJSON, LmmResult as LmmFit } from '../../models/mixed/lmm.js';
import { discloseMissingReport, discloseWarnings, droppedText, hideSmallCount, isSmallCount } from '../core/missing-data.js';
import { parseOptions } from '../core/options.js';
import { loadTable } from '../core/load.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { checkFactorVariables } from './factor-variables.js';
import type { LmmOptionsInput, LmmOptionsParsed } from './options.js';

export type { LmmOptionsInput, LmmOptionsParsed } from './options.js';

/** The JSON of a fit under disclosure control: counts null where hidden, the estimates absent when the model rests on too few rows or patients. */
export interface DisclosedLmmJSON {
  fixef?: LmmJSON['fixef'];
  varcorr?: LmmJSON['varcorr'];
  loglik?: number;
  reml: boolean;
  criterion?: number;
  n: number | null;
  dropped: number | null;
  droppedNote?: string;
  groups: { name: string; count: number | null; singleObservation: number | null };
  converged: boolean;
  singular: boolean;
  warnings: string[];
  disclosure: { threshold: number; removed: string[]; warnings: string[] };
}

/**
 * Result of {@link lmm}: the fit's JSON (whole, or disclosed) and a print like
 * R's `summary(lmer(...))` (under a study without residual quantiles and
 * per-group counts; null when the estimates are hidden).
 */
export type LmmResult = { disclosed: false; model: LmmJSON; printed: string } | { disclosed: true; model: DisclosedLmmJSON; printed: string | null };

/** The rows and how error messages name them: `file` (the data file, or `store:table`) and row numbers only for a plain table. */
interface LmmData {
  table: ColumnTable;
  file: string;
  nameRows: boolean;
}

/** The one-observation warning of models/mixed (count first). */
const SINGLE_OBSERVATION = /^(\d+) (.+?) (?:value has|values have) one observation(.*)$/;

/**
 * The JSON of a fit under a study's disclosure control.
 * @example discloseLmm(fit.toJSON(), 5).disclosure.removed // => ['groups.minObs', 'groups.medianObs', 'groups.maxObs']
 */
export function discloseLmm(json: LmmJSON, threshold: number): DisclosedLmmJSON {
  const report = discloseMissingReport({ n: json.n, events: null, dropped: json.dropped }, threshold);
  const removed: string[] = ['groups.minObs', 'groups.medianObs', 'groups.maxObs'];
  const notes: string[] = [];
  const warnings = discloseWarnings(json.warnings, report, threshold).map((w) => {
    const m = SINGLE_OBSERVATION.exec(w);
    if (m && isSmallCount(Number(m[1]), threshold)) return `fewer than ${threshold} ${m[2]} values have one observation${m[3]}`;
    return w;
  });
  const out: Omit<DisclosedLmmJSON, 'disclosure'> = {
    fixef: json.fixef,
    varcorr: json.varcorr,
    loglik: json.loglik,
    reml: json.reml,
    criterion: json.criterion,
    n: report.n,
    dropped: report.dropped,
    ...(report.droppedNote ? { droppedNote: report.droppedNote } : {}),
    groups: { name: json.groups.name, count: json.groups.count, singleObservation: hideSmallCount(json.groups.singleObservation, threshold) },
    converged: json.converged,
    singular: json.singular,
    warnings,
  };
  if (isSmallCount(json.n, threshold) || isSmallCount(json.groups.count, threshold)) {
    out.n = null;
    out.groups.count = null;
    for (const k of ['fixef', 'varcorr', 'loglik', 'criterion'] as const) {
      delete out[k];
      removed.push(k);
    }
    notes.push(`model fitted on fewer than ${threshold} rows or ${json.groups.name} values: counts and estimates hidden`);
  }
  return { ...out, disclosure: { threshold, removed, warnings: notes } };
}

const LMM: AnalysisSpec<LmmOptionsParsed, LmmData, LmmFit, LmmResult> = {
  name: 'lmm',
  async load(source, o) {
    const loaded = await loadTable(source, o.data);
    const file = source.kind === 'table' ? source.label : `${source.label}:${loaded.selection ?? 'table'}`;
    return { ...loaded, data: { table: loaded.data, file, nameRows: source.kind === 'table' } };
  },
  async fit({ table, file, nameRows }, o) {
    const { lmm: fit } = await import('../../models/mixed/index.js');
    return fit(o.formula, table, { reml: o.reml, ...(o.factors ? { factors: o.factors } : {}), file, nameRows });
  },
  plain: (fit) => ({ disclosed: false, model: fit.toJSON(), printed: fit.summary() }),
  warnings: (fit) => fit.warnings,
  disclose(fit, { disclosure: { threshold }, options }) {
    const json = fit.toJSON();
    const d = discloseLmm(json, threshold);
    const hidden = d.disclosure.warnings.length > 0;
    const report = discloseMissingReport({ n: json.n, events: null, dropped: json.dropped }, threshold);
    const printed = hidden ? null : fit.summary({ residuals: false, perGroupCounts: false, droppedText: droppedText(report), warnings: d.warnings });
    return {
      result: { disclosed: true, model: d, printed },
      summary: {
        n: d.n,
        groups: d.groups.count,
        reml: options.reml,
        fixef: d.fixef?.map((f) => ({ term: f.term, estimate: f.estimate })) ?? null,
        loglik: d.loglik ?? null,
      },
      hidden: hidden ? ['fixef', 'varcorr', 'loglik', 'criterion'] : [],
      notes: [...d.disclosure.removed.map((r) => `removed: ${r}`), ...d.disclosure.warnings],
      warnings: [...d.warnings, ...d.disclosure.warnings],
    };
  },
};

/**
 * A linear mixed model of a data source (lme4's `lmer(formula, REML = reml)`);
 * disclosed for a study. Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options; FormulaError (no or several random-effects terms); DataValidationError naming file, row and field (plain tables).
 * @example const r = await lmm(tableSource(sleepstudy), { formula: 'Reaction ~ Days + (Days | Subject)' }); r.result.model
 */
export async function lmm(source: DataSource, options: LmmOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<LmmResult>> {
  const { LmmOptions } = await import('./options.js');
  return runLmm(source, parseOptions('lmm', LmmOptions, options), call);
}

/** {@link lmm} with options in their parsed form (the CLI's validated flags): no zod load. `factors` name variables of the fixed part. */
export async function runLmm(source: DataSource, options: LmmOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<LmmResult>> {
  if (options.factors) {
    const { parseMixedFormula } = await import('../../models/mixed/index.js');
    checkFactorVariables(parseMixedFormula(options.formula).fixedText, options.factors);
  }
  return runAnalysis(LMM, source, options, call);
}
