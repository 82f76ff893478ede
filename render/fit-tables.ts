/**
 * Readable summary tables of fitted models (rows of records), for reports and
 * notebooks: the numbers R's `summary()` prints, one table per read-out.
 */
import { CoxFit, KaplanMeierFit, LogRankTest } from '../models/survival/index.js';
import type { CoxZphResult, RmstResult } from '../models/survival/index.js';
import type { TableCell } from './table-html.js';

/** A captioned table of rows. */
export interface CaptionedTable {
  caption: string;
  rows: Record<string, TableCell>[];
}

/** A fit {@link fitTables} knows how to summarize. */
export type SummarizableFit = CoxFit | KaplanMeierFit | LogRankTest | CoxZphResult | RmstResult;

const pct = (level: number): string => `${Math.round(level * 1000) / 10}%`;

/**
 * Cox model: one row per coefficient with coef, HR = exp(coef), its
 * confidence interval, se(coef), z and p (R's `summary(coxph)`), then the
 * overall tests in the caption.
 */
export function coxTable(fit: CoxFit): CaptionedTable {
  const lvl = pct(fit.confLevel);
  const rows = fit.terms.map((t) => ({
    term: t.term,
    coef: t.coef,
    HR: t.hr,
    [`lower ${lvl}`]: t.lower,
    [`upper ${lvl}`]: t.upper,
    'se(coef)': t.robustSe ?? t.se,
    z: t.z,
    p: t.p,
  }));
  const lr = fit.likelihoodRatioTest;
  const c = fit.concordance.concordance;
  return {
    caption: `Cox model ${fit.formula}: n = ${fit.n}, events = ${fit.nEvent}; likelihood ratio test ${lr.chisq.toFixed(2)} on ${lr.df} df, ${pText(lr.p)}; concordance ${Number.isFinite(c) ? c.toFixed(3) : 'NA'}`,
    rows,
  };
}

/** Kaplan-Meier: one row per stratum with n, events, the median and its confidence interval (R's `print(survfit)`). */
export function kaplanMeierTable(fit: KaplanMeierFit): CaptionedTable {
  const json = fit.toJSON();
  const lvl = pct(fit.confLevel);
  return {
    caption: `Kaplan-Meier ${fit.formula} (${fit.confType} confidence intervals)`,
    rows: json.strata.map((s) => ({ stratum: s.label, n: s.n, events: s.events, median: s.median, [`median lower ${lvl}`]: s.medianLower, [`median upper ${lvl}`]: s.medianUpper })),
  };
}

/** Log-rank (G-rho) test: observed and expected events per group, the chi-square in the caption (R's `print(survdiff)`). */
export function logRankTable(test: LogRankTest): CaptionedTable {
  return {
    caption: `Log-rank test ${test.formula}: chisq = ${test.chisq.toFixed(2)} on ${test.df} df, ${pText(test.p)}`,
    rows: test.groups.map((g) => ({ group: g.label, n: g.n, observed: g.observed, expected: g.expected, '(O-E)^2/E': g.oeOverE, '(O-E)^2/V': g.oeOverV })),
  };
}

/** Proportional-hazards test (R's `cox.zph`): one row per term and GLOBAL. */
export function zphTable(zph: CoxZphResult): CaptionedTable {
  const rows: Record<string, TableCell>[] = zph.tests.map((t) => ({ term: t.term, chisq: t.chisq, df: t.df, p: t.p }));
  if (zph.global) rows.push({ term: 'GLOBAL', chisq: zph.global.chisq, df: zph.global.df, p: zph.global.p });
  return { caption: `Proportional-hazards test (scaled Schoenfeld residuals, ${zph.transform} time transform)`, rows };
}

/** Restricted mean survival time per group and, for two groups, their difference. */
export function rmstTable(result: RmstResult): CaptionedTable[] {
  const lvl = pct(result.confLevel);
  const tables: CaptionedTable[] = [
    {
      caption: `Restricted mean survival time up to tau = ${result.tau}`,
      rows: result.groups.map((g) => ({ group: g.label, n: g.n, RMST: g.rmst, 'std.err': g.stdErr, [`lower ${lvl}`]: g.lower, [`upper ${lvl}`]: g.upper })),
    },
  ];
  const c = result.contrast;
  if (c)
    tables.push({
      caption: `RMST difference (${c.compared} minus ${c.reference})`,
      rows: [{ contrast: `${c.compared} - ${c.reference}`, difference: c.difference, 'std.err': c.differenceStdErr, [`lower ${lvl}`]: c.differenceLower, [`upper ${lvl}`]: c.differenceUpper, p: c.differenceP }],
    });
  return tables;
}

function isZph(x: SummarizableFit): x is CoxZphResult {
  return 'tests' in x && 'transform' in x;
}

/**
 * The summary tables of any supported fit (Cox, Kaplan-Meier, log-rank,
 * cox.zph, RMST), each with a caption.
 * @example fitTables(coxph('Surv(t, s) ~ x', data))[0].rows[0].HR
 */
export function fitTables(fit: SummarizableFit): CaptionedTable[] {
  if (fit instanceof CoxFit) return [coxTable(fit)];
  if (fit instanceof KaplanMeierFit) return [kaplanMeierTable(fit)];
  if (fit instanceof LogRankTest) return [logRankTable(fit)];
  if (isZph(fit)) return [zphTable(fit)];
  return rmstTable(fit);
}

/** 'p = 0.0123' or 'p < 1e-16'. */
export function pText(p: number): string {
  const f = formatP(p);
  return f.startsWith('<') ? `p ${f}` : `p = ${f}`;
}

/** A p-value as text: 4 significant digits, or '< 1e-16' below that (R's `format.pval` cut-off at machine epsilon). */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return 'NA';
  if (p < 1e-16) return '< 1e-16';
  return p < 1e-4 ? p.toExponential(2) : String(Number(p.toPrecision(4)));
}
