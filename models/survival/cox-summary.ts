/**
 * Text summary of a Cox fit in the layout of R's `print(summary(coxph))`:
 * coefficient table, hazard ratios with confidence limits, concordance and
 * the likelihood-ratio, Wald and score tests. Numbers use 4 significant
 * digits (R's `digits = max(getOption("digits") - 3, 3)`); the text is
 * not byte-identical to R.
 *
 * Reference: survival 3.5-3 `R/print.summary.coxph.R`.
 */
import type { CoxFit } from './cox.js';

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
 * Format the summary of a {@link CoxFit}.
 * @param fit the fitted model.
 * @param options replacement texts for the missing-data line and the warnings (default: the fit's).
 * @returns multi-line text.
 */
export function formatCoxSummary(fit: CoxFit, options: CoxSummaryOptions = {}): string {
  const out: string[] = [];
  out.push(`Call:\ncoxph(formula = ${fit.formula})`, '');
  out.push(`  n= ${fit.n}, number of events= ${fit.nEvent} `);
  if (options.droppedText !== undefined) out.push(`   (${options.droppedText})`);
  else if (fit.nDropped > 0) out.push(`   (${fit.nDropped} observation${fit.nDropped > 1 ? 's' : ''} deleted due to missingness)`);
  out.push('');
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
  out.push(table(head, rows), '');
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
  out.push(test('Likelihood ratio test', fit.likelihoodRatioTest));
  out.push(test('Wald test            ', fit.waldTest));
  out.push(test('Score (logrank) test ', fit.scoreTest));
  if (fit.robustScoreTest) out.push(test('Robust               ', fit.robustScoreTest) + '\n\n  (Note: the likelihood ratio and score tests assume independence of\n     observations within a cluster, the Wald and robust score tests do not).');
  const warnings = options.warnings ?? fit.warnings;
  if (warnings.length) out.push('', 'Warnings:', ...warnings.map((w) => `  ${w}`));
  return out.join('\n');
}
