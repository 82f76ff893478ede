/**
 * Text summary of a Cox fit in the layout of R's `print(summary(coxph))`:
 * coefficient table, hazard ratios with confidence limits, concordance and
 * the likelihood-ratio, Wald and score tests. Numbers use 4 significant
 * digits (R's `digits = max(getOption("digits") - 3, 3)`); the text is
 * not byte-identical to R.
 *
 * Reference: survival 3.5-3 `R/print.summary.coxph.R`.
 */
import { pchisq } from '../../stats/distributions.js';
import type { CoxSummarySource } from './cox-types.js';

const sig = (x: number, d = 4): string => {
  if (Number.isNaN(x)) return 'NA';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e15) return String(Number(x.toPrecision(d)));
  return x.toExponential(d - 1).replace(/e([+-])(\d)$/, 'e$10$2');
};
const pval = (p: number): string => (Number.isNaN(p) ? 'NA' : p < 2e-16 ? '<2e-16' : sig(p, 3));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((s, c) => (c === 0 ? s.padEnd(widths[c]!) : s.padStart(widths[c]!))).join(' ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Options of {@link formatCoxSummary}: replacements for what a disclosure-controlled output must not show. */
export interface CoxSummaryOptions {
  /** Text of the missing-data line instead of "3 observations deleted due to missingness" (printed in parentheses). */
  droppedText?: string;
  /** Warnings to print instead of the fit's own. */
  warnings?: readonly string[];
}

/**
 * Format the summary of a Cox fit (a `CoxFit` of cox.ts).
 * @param fit the fitted model.
 * @param options replacement texts for the missing-data line and the warnings (default: the fit's).
 * @returns multi-line text.
 */
export function formatCoxSummary(fit: CoxSummarySource, options: CoxSummaryOptions = {}): string {
  const out: string[] = [];
  out.push(`Call:\ncoxph(formula = ${fit.formula})`, '');
  out.push(`  n= ${fit.n}, number of events= ${fit.nEvent} `);
  if (options.droppedText !== undefined) out.push(`   (${options.droppedText})`);
  else if (fit.nDropped > 0) out.push(`   (${fit.nDropped} observation${fit.nDropped > 1 ? 's' : ''} deleted due to missingness)`);
  out.push('');
  if (fit.penalized) {
    out.push(penalizedTable(fit), '');
  }
  const robust = fit.robust;
  const head = robust
    ? ['', 'coef', 'exp(coef)', 'se(coef)', 'robust se', 'z', 'Pr(>|z|)']
    : ['', 'coef', 'exp(coef)', 'se(coef)', 'z', 'Pr(>|z|)'];
  const rows = fit.terms.map((t) => {
    const r = [t.term, sig(t.coef), sig(t.hr), sig(t.se)];
    if (robust) r.push(sig(t.robustSe ?? NaN));
    r.push(sig(t.z, 3), pval(t.p));
    return r;
  });
  if (!fit.penalized) out.push(table(head, rows), '');
  const lv = Math.round(fit.confLevel * 100);
  out.push(
    table(
      ['', 'exp(coef)', 'exp(-coef)', `lower .${lv}`, `upper .${lv}`],
      fit.terms.map((t) => [t.term, sig(t.hr), sig(1 / t.hr), sig(t.lower), sig(t.upper)]),
    ),
    '',
  );
  const c = fit.concordance;
  out.push(`Concordance= ${sig(c.concordance, 3)}  (se = ${sig(c.std, 3)} )`);
  const test = (name: string, t: { chisq: number; df: number; p: number }) =>
    `${name}= ${sig(t.chisq)}  on ${t.df} df,   p=${pval(t.p)}`;
  if (fit.penalized) {
    // As R's summary of a penalized fit: the likelihood-ratio test on the summed df only.
    const pen = fit.penalized;
    out.splice(out.length - 1, 0, `Iterations: ${pen.iterations[0]} outer, ${pen.iterations[1]} Newton-Raphson`, ...pen.terms.map((t) => `     Theta= ${sig(t.theta, 3)} `), `Degrees of freedom for terms= ${pen.dfByTerm.map((d) => d.df.toFixed(1)).join(' ')} `);
    out.push(test('Likelihood ratio test', { ...fit.likelihoodRatioTest, df: Number(fit.likelihoodRatioTest.df.toPrecision(3)) }));
  } else {
    out.push(test('Likelihood ratio test', fit.likelihoodRatioTest));
    out.push(test('Wald test            ', fit.waldTest));
    out.push(test('Score (logrank) test ', fit.scoreTest));
  }
  if (fit.robustScoreTest) out.push(test('Robust               ', fit.robustScoreTest) + '\n\n  (Note: the likelihood ratio and score tests assume independence of\n     observations within a cluster, the Wald and robust score tests do not).');
  const warnings = options.warnings ?? fit.warnings;
  if (warnings.length) out.push('', 'Warnings:', ...warnings.map((w) => `  ${w}`));
  return out.join('\n');
}

/** R's print(coxph) table of a penalized fit: unpenalized columns, then each pspline term's linear and nonlinear rows. */
function penalizedTable(fit: CoxSummarySource): string {
  const pen = fit.penalized!;
  const p = fit.columnNames.length;
  const v = fit.internals.var;
  const penalizedColumns = new Set(fit.frame.psplines?.flatMap((t) => t.columns) ?? []);
  const rows: string[][] = [];
  fit.columnNames.forEach((name, j) => {
    if (penalizedColumns.has(j)) return;
    const b = fit.coefficients[j]!;
    const vj = v[j * p + j]!;
    rows.push([name, sig(b, 5), sig(Math.sqrt(vj), 5), sig(Math.sqrt(pen.var2[j * p + j]!), 5), sig((b * b) / vj, 5), '1.00', pval(pchisq((b * b) / vj, 1))]);
  });
  for (const t of pen.terms) {
    rows.push([`${t.label}, linear`, sig(t.linear.coef, 5), sig(t.linear.se, 5), sig(t.linear.se2, 5), sig(t.linear.chisq, 5), '1.00', pval(t.linear.p)]);
    rows.push([`${t.label}, nonlin`, '', '', '', sig(t.nonlinear.chisq, 5), t.nonlinear.df.toFixed(2), pval(t.nonlinear.p)]);
  }
  return table(['', 'coef', 'se(coef)', 'se2', 'Chisq', 'DF', 'p'], rows);
}
