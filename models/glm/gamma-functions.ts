/**
 * Digamma and trigamma functions (first and second derivatives of log Γ),
 * needed by the negative-binomial theta estimator ({@link thetaMl}).
 *
 * Method: the recurrence ψ(x) = ψ(x + 1) − 1/x (ψ'(x) = ψ'(x + 1) + 1/x²)
 * shifts x to at least 10, then the asymptotic (Stirling) series with
 * Bernoulli numbers B2..B12 (Abramowitz & Stegun 6.3.18, 6.4.12), whose error
 * there is below 1e-15 relative. Defined for x > 0 (all the counts use).
 */

/**
 * Digamma ψ(x) for x > 0 (NaN otherwise).
 * @example digamma(1) // => -0.5772156649015329 (minus Euler's constant)
 */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  // B2/2 x^-2 ... series: 1/12, 1/120, 1/252, 1/240, 1/132, 691/32760
  const series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760))))));
  return acc + Math.log(x) - 0.5 / x - series;
}

/**
 * Trigamma ψ'(x) for x > 0 (NaN otherwise).
 * @example trigamma(1) // => 1.6449340668482264 (π²/6)
 */
export function trigamma(x: number): number {
  if (!(x > 0)) return NaN;
  let acc = 0;
  while (x < 10) {
    acc += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  // 1/x + 1/(2x^2) + sum B_{2k} / x^{2k+1}: 1/6, -1/30, 1/42, -1/30, 5/66, -691/2730
  const series = (1 / x) * f * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - f * (5 / 66 - f * (691 / 2730))))));
  return acc + 1 / x + f / 2 + series;
}
