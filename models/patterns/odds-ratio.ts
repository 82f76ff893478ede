/**
 * The odds ratio of a 2 x 2 table with Woolf's (logit) confidence interval:
 * OR = (a d) / (b c) for a group with the pattern a, without b, against a
 * reference group with c, without d; se(log OR) = sqrt(1/a + 1/b + 1/c + 1/d);
 * CI exp(log OR -+ z se) with z the normal quantile of the level. When a cell
 * is zero, 0.5 is added to all four cells first (the Haldane-Anscombe
 * correction; Haldane 1956, Anscombe 1956), and the result says so; the
 * estimate is then finite but biased towards 1. This is the sample odds
 * ratio, not the conditional maximum-likelihood one R's `fisher.test`
 * reports.
 * Reference: Woolf B (1955) Ann Hum Genet 19:251-253.
 */
import { qnorm } from '../stats/distributions.js';

/** What {@link oddsRatio} returns. */
export interface OddsRatio {
  estimate: number;
  lower: number;
  upper: number;
  /** True when 0.5 was added to every cell (a zero cell). */
  haldane: boolean;
}

/**
 * Odds ratio with Woolf's confidence interval (file header).
 * @param level confidence level (default 0.95)
 * @example oddsRatio(10, 20, 20, 10).estimate // => 0.25
 */
export function oddsRatio(a: number, b: number, c: number, d: number, level = 0.95): OddsRatio {
  const haldane = a === 0 || b === 0 || c === 0 || d === 0;
  const [A, B, C, D] = haldane ? [a + 0.5, b + 0.5, c + 0.5, d + 0.5] : [a, b, c, d];
  const log = Math.log((A * D) / (B * C));
  const se = Math.sqrt(1 / A + 1 / B + 1 / C + 1 / D);
  const z = qnorm(1 - (1 - level) / 2);
  return { estimate: Math.exp(log), lower: Math.exp(log - z * se), upper: Math.exp(log + z * se), haldane };
}
