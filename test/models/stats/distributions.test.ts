/**
 * Distribution functions against R 4.2.2. The reference values in
 * distributions-r-values.ts were printed by this R script (sprintf('%.17g')):
 *
 *   f <- function(x) sprintf("%.17g", x)
 *   for (x in c(-37.5, -30, -20, -10, -5, -1.96, -1, -0.5, -1e-3, 0, 0.3, 1, 2.5, 8))
 *     cat(f(x), f(pnorm(x)), f(pnorm(x, lower.tail=FALSE)), "\n")
 *   for (p in c(1e-300, 1e-100, 1e-20, 1e-8, 0.001, 0.025, 0.05, 0.2, 0.5, 0.7, 0.975, 0.999, 1-1e-12))
 *     cat(f(p), f(qnorm(p)), f(qnorm(p, lower.tail=FALSE)), "\n")
 *   for (df in c(1,2,3,5,10,30,100,1000)) for (q in c(0.001, 0.5, 1, 3.84, 10, 50, 200, 700, 1300, 1380))
 *     cat(f(q), df, f(pchisq(q, df, lower.tail=FALSE)), f(pchisq(q, df)), "\n")
 *   for (df in c(1,2,3,4,7,20,100)) for (p in c(1e-10, 0.001, 0.05, 0.5, 0.95, 0.99, 0.999999))
 *     cat(f(p), df, f(qchisq(p, df)), f(qchisq(p, df, lower.tail=FALSE)), "\n")
 *
 * Tolerances (relative): pnorm 1e-14, qnorm 1e-14, qchisq 1e-12; pchisq 1e-13
 * against R and 5e-14 against 50-digit mpmath values. In the far tail the
 * error grows like |log p| * 2.2e-16 (the exponent itself is ~ -700 there);
 * worst seen vs mpmath: 2.6e-14 (df = 1000); R's own error there is up to 6e-14.
 */
import { describe, expect, it } from 'vitest';
import { dchisq, dnorm, lgamma, pchisq, pnorm, qchisq, qnorm, regularizedGamma } from '../../../models/stats/distributions.js';
import { UsageError } from '../../../util/errors.js';
import { PCHISQ, PNORM, QCHISQ, QNORM } from './distributions-r-values.js';

function relErr(got: number, want: number): number {
  if (got === want) return 0;
  if (want === 0) return Math.abs(got);
  return Math.abs(got - want) / Math.abs(want);
}

describe('pnorm', () => {
  it('matches R in both tails to 1e-14 relative, down to 1e-307', () => {
    let worst = 0;
    for (const [x, lo, up] of PNORM) {
      worst = Math.max(worst, relErr(pnorm(x), lo), relErr(pnorm(x, false), up));
    }
    expect(worst).toBeLessThan(1e-14);
  });
  it('handles infinities and NaN', () => {
    expect(pnorm(-Infinity)).toBe(0);
    expect(pnorm(Infinity)).toBe(1);
    expect(pnorm(Infinity, false)).toBe(0);
    expect(Number.isNaN(pnorm(NaN))).toBe(true);
  });
  it('dnorm(0) = 1/sqrt(2 pi)', () => {
    expect(dnorm(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
    expect(relErr(dnorm(3), Math.exp(-4.5) / Math.sqrt(2 * Math.PI))).toBeLessThan(1e-15);
  });
});

describe('qnorm', () => {
  it('matches R to 1e-14 relative', () => {
    let worst = 0;
    for (const [p, lo, up] of QNORM) {
      worst = Math.max(worst, relErr(qnorm(p), lo), relErr(qnorm(p, false), up));
    }
    expect(worst).toBeLessThan(1e-14);
  });
  it('is the inverse of pnorm', () => {
    for (const x of [-30, -8, -2, -0.1, 0.4, 3, 7]) {
      expect(relErr(qnorm(pnorm(x)), x)).toBeLessThan(x > 6 ? 1e-6 : 1e-13);
    }
  });
  it('edge cases and errors', () => {
    expect(qnorm(0)).toBe(-Infinity);
    expect(qnorm(1)).toBe(Infinity);
    expect(qnorm(0.5)).toBe(0);
    expect(() => qnorm(1.2)).toThrow(UsageError);
    expect(() => qnorm(-0.1)).toThrow(UsageError);
  });
});

describe('pchisq', () => {
  it('defaults to the upper tail and matches R to 1e-13 relative down to 1e-300', () => {
    let worstUp = 0;
    let worstLo = 0;
    for (const [q, df, up, lo] of PCHISQ) {
      if (up > 1e-300) worstUp = Math.max(worstUp, relErr(pchisq(q, df), up));
      worstLo = Math.max(worstLo, relErr(pchisq(q, df, true), lo));
    }
    expect(worstUp).toBeLessThan(1e-13);
    expect(worstLo).toBeLessThan(1e-13);
  });
  it('matches 50-digit references (Python mpmath.gammainc) to 5e-14 relative, beyond R itself in the far tail', () => {
    // [a, x, Q(a, x), P(a, x)] from mpmath (mp.dps = 50), printed to 20 digits.
    // R 4.2.2 gives pchisq(1380, 3, lower.tail = FALSE) = 6.441714254785019e-299, off by 6e-14.
    const ref: ReadonlyArray<readonly [number, number, number, number]> = [
      [1.5, 690, 6.4417142547846233684e-299, 1.0],
      [0.5, 690, 4.6611584556739128813e-302, 1.0],
      [500, 650, 3.8897364994868524768e-10, 0.99999999961102635005],
      [500, 690, 1.2223227079027554825e-14, 0.99999999999998777677],
      [500, 100, 1.0, 3.8087542289264636202e-178],
      [50, 40, 0.92966493334060504556, 0.070335066659394954437],
      [15, 300, 2.9622798013317592009e-107, 1.0],
      [2.5, 0.25, 0.99212329323262959221, 0.0078767067673704077947],
      [30, 5, 0.99999999999997182482, 2.8175176155779225599e-14],
    ];
    for (const [a, x, q, p] of ref) {
      expect(relErr(pchisq(2 * x, 2 * a), q)).toBeLessThan(5e-14);
      expect(relErr(pchisq(2 * x, 2 * a, true), p)).toBeLessThan(1e-13); // lower tail: not a p-value
    }
  });
  it('closed forms: df = 2 is exp(-q/2); df = 1 is 2 * pnorm(-sqrt(q))', () => {
    for (const q of [0.01, 1, 10, 100, 1000]) {
      expect(relErr(pchisq(q, 2), Math.exp(-q / 2))).toBeLessThan(1e-14);
      expect(relErr(pchisq(q, 1), 2 * pnorm(-Math.sqrt(q)))).toBeLessThan(1e-13);
    }
  });
  it('edges and errors', () => {
    expect(pchisq(0, 3)).toBe(1);
    expect(pchisq(-1, 3)).toBe(1);
    expect(pchisq(Infinity, 3)).toBe(0);
    expect(() => pchisq(1, 0)).toThrow(UsageError);
    expect(Number.isNaN(pchisq(NaN, 1))).toBe(true);
  });
  it('regularizedGamma P + Q = 1 and dchisq is the derivative', () => {
    for (const [a, x] of [[0.5, 0.2], [3, 2.5], [10, 14], [50, 40]] as const) {
      const r = regularizedGamma(a, x);
      expect(r.lower + r.upper).toBeCloseTo(1, 14);
    }
    const h = 1e-5;
    const num = (pchisq(4 + h, 5, true) - pchisq(4 - h, 5, true)) / (2 * h);
    expect(relErr(dchisq(4, 5), num)).toBeLessThan(1e-8);
  });
  it('lgamma matches known values', () => {
    expect(relErr(lgamma(0.5), Math.log(Math.sqrt(Math.PI)))).toBeLessThan(1e-15);
    expect(relErr(lgamma(10), Math.log(362880))).toBeLessThan(1e-15);
    // R: sprintf("%.17g", lgamma(3.7)) = 1.4280723266653881
    expect(relErr(lgamma(3.7), 1.4280723266653881)).toBeLessThan(1e-14);
    // R: sprintf("%.17g", lgamma(0.1)) = 2.2527126517342060
    expect(relErr(lgamma(0.1), 2.252712651734206)).toBeLessThan(1e-14);
  });
});

describe('qchisq', () => {
  it('matches R to 1e-12 relative', () => {
    let worst = 0;
    for (const [p, df, lo, up] of QCHISQ) {
      worst = Math.max(worst, relErr(qchisq(p, df), lo), relErr(qchisq(p, df, false), up));
    }
    expect(worst).toBeLessThan(1e-12);
  });
  it('inverts pchisq; edge cases', () => {
    expect(relErr(pchisq(qchisq(0.95, 3), 3), 0.05)).toBeLessThan(1e-13);
    expect(qchisq(0, 2)).toBe(0);
    expect(qchisq(1, 2)).toBe(Infinity);
    expect(() => qchisq(2, 1)).toThrow(UsageError);
    expect(() => qchisq(0.5, -1)).toThrow(UsageError);
  });
});
