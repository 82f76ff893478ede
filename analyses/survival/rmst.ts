/**
 * Restricted mean survival time per group up to tau (R's
 * `print(survfit, rmean = tau)`), and for two groups the difference and ratio
 * (as survRM2), as an analysis.
 *
 * Disclosure for a study (docs/access-levels.md, docs/missing-data.md): group
 * sizes below the study's minimum cell count are hidden with complements, the
 * estimates of such groups and then the contrast withheld; small totals and a
 * small dropped count hidden (also in the warnings).
 */
import { suppressRowCounts } from '../../engine/disclosure/disclose-summaries.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { RmstContrast, RmstGroup, RmstResult as RmstFit } from '../../models/survival/kaplan-meier/rmst.js';
import { discloseMissingReport, discloseWarnings, hideSmallCount, type MissingDataReport } from '../core/missing-data.js';
import { parseOptions } from '../core/options.js';
import { loadTable } from '../core/load.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { checkFactorVariables } from './factor-variables.js';
import type { RmstOptionsInput, RmstOptionsParsed } from './options.js';

export type { RmstOptionsInput, RmstOptionsParsed } from './options.js';

/** A group row; under a study its count and estimates may be null (hidden). */
export type RmstGroupRow = { [K in keyof RmstGroup]: K extends 'label' ? string : number | null };

/** The RMST table: tau, confidence level, groups, the two-group contrast (null otherwise or when hidden), warnings. */
export interface RmstTable {
  tau: number;
  confLevel: number;
  groups: RmstGroupRow[];
  contrast: RmstContrast | null;
  warnings: string[];
}

/** Result of {@link rmst}: the table and the missing-data report. */
export interface RmstResult {
  rmst: RmstTable;
  report: MissingDataReport;
}

const RMST: AnalysisSpec<RmstOptionsParsed, ColumnTable, RmstFit, RmstResult> = {
  name: 'rmst',
  load: (source, o) => loadTable(source, o.data),
  async fit(data, o) {
    const { rmst: fit } = await import('../../models/survival/index.js');
    return fit(o.formula, data, { confLevel: o.confLevel, ...(o.tau !== undefined ? { tau: o.tau } : {}), ...(o.factors ? { factors: o.factors } : {}) });
  },
  plain({ n, events, nDropped, ...table }) {
    return { rmst: table, report: { n, events, dropped: nDropped } };
  },
  warnings: (f) => f.warnings,
  disclose({ n, events, nDropped, ...table }, { disclosure: { threshold } }) {
    // Groups below the threshold hidden, and the contrast with them.
    const groups = suppressRowCounts(table.groups, { counts: ['n'], sizeField: 'n', estimates: ['rmst', 'stdErr', 'lower', 'upper'] }, { threshold }) as unknown as RmstGroupRow[];
    const small = table.groups.some((g) => g.n < threshold);
    // The group sizes' total is treated as published by suppressRowCounts; events are not shown per group.
    const report = discloseMissingReport({ n: hideSmallCount(n, threshold), events: hideSmallCount(events, threshold), dropped: nDropped }, threshold);
    const warnings = discloseWarnings(table.warnings, report, threshold);
    const shown: RmstTable = {
      ...table,
      groups,
      contrast: small ? null : table.contrast,
      warnings: small ? [...warnings, `groups with fewer than ${threshold} subjects hidden`] : warnings,
    };
    return {
      result: { rmst: shown, report },
      summary: {
        tau: shown.tau,
        n,
        dropped: report.dropped,
        groups: groups.map((g) => ({ label: g.label, n: g.n, rmst: g.rmst })),
        contrast: shown.contrast ? { difference: shown.contrast.difference, ratio: shown.contrast.ratio } : null,
      },
      hidden: groups.filter((g) => g.n === null || g.rmst === null).map((g) => g.label),
      notes: small ? ['contrast withheld: a group is below the minimum cell count'] : [],
      warnings: shown.warnings,
    };
  },
};

/**
 * Restricted mean survival time of a data source per group up to `tau`, and
 * the two-group contrast; disclosed for a study. Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options or a bad tau; FormulaError.
 * @example const r = await rmst(tableSource(lung), { formula: 'Surv(time, status) ~ sex', tau: 365 }); r.result.rmst.contrast
 */
export async function rmst(source: DataSource, options: RmstOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<RmstResult>> {
  const { RmstOptions } = await import('./options.js');
  return runRmst(source, parseOptions('rmst', RmstOptions, options), call);
}

/** {@link rmst} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runRmst(source: DataSource, options: RmstOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<RmstResult>> {
  checkFactorVariables(options.formula, options.factors);
  return runAnalysis(RMST, source, options, call);
}
