// Empirical calibration (Schuemie et al. 2014/2018): the ML fit recovers a known systematic error
// from many simulated negative controls; a case without systematic error gives tau = 0 and
// calibrated p-values equal to the uncalibrated ones shifted by mu only.
import { describe, expect, it } from 'vitest';
import { calibrateEstimate, fitSystematicError } from '../../../models/causal/empirical-calibration.js';
import { UsageError } from '../../../util/errors.js';
import { normal, seededRandom } from '../../../util/random.js';

describe('fitSystematicError', () => {
  it('recovers mu and tau of a known systematic error from 2000 negative controls', () => {
    const rand = seededRandom(11);
    const se = Array.from({ length: 2000 }, () => 0.05 + 0.3 * rand());
    const theta = se.map((s) => normal(rand, 0.2, Math.sqrt(0.15 ** 2 + s * s)));
    const f = fitSystematicError(theta, se);
    expect(f.mu).toBeCloseTo(0.2, 1);
    expect(Math.abs(f.tau - 0.15)).toBeLessThan(0.02);
    expect(f.warnings).toEqual([]);
  });

  it('gives tau = 0 when the controls scatter no more than their standard errors', () => {
    const f = fitSystematicError([0, 0.01, -0.01, 0.005], [0.2, 0.2, 0.2, 0.2]);
    expect(f.tau).toBe(0);
    expect(f.mu).toBeCloseTo(0.00125, 12);
    expect(f.warnings[0]).toMatch(/only 4 negative controls/);
  });

  it('maximises the likelihood: no nearby (mu, tau) does better', () => {
    const theta = [0.3, -0.1, 0.25, 0.6, 0.05, 0.4];
    const se = [0.1, 0.15, 0.2, 0.12, 0.3, 0.1];
    const f = fitSystematicError(theta, se);
    const ll = (mu: number, tau: number) => theta.reduce((a, t, i) => { const v = tau * tau + se[i]! ** 2; return a - 0.5 * Math.log(2 * Math.PI * v) - (t - mu) ** 2 / (2 * v); }, 0);
    expect(f.logLik).toBeCloseTo(ll(f.mu, f.tau), 10);
    for (const [dm, dt] of [[0.01, 0], [-0.01, 0], [0, 0.01], [0, -0.01]] as const) expect(ll(f.mu + dm, Math.max(0, f.tau + dt))).toBeLessThanOrEqual(f.logLik + 1e-12);
  });

  it('refuses too few controls and bad standard errors, naming the control', () => {
    expect(() => fitSystematicError([0.1], [0.1])).toThrow(UsageError);
    expect(() => fitSystematicError([0.1, 0.2], [0.1, 0])).toThrow(/control 2/);
    expect(() => fitSystematicError([0.1, Number.NaN], [0.1, 0.1])).toThrow(/control 2/);
  });
});

describe('calibrateEstimate', () => {
  it('widens the interval and shrinks the evidence by the systematic error', () => {
    const null0 = { mu: 0, tau: 0, logLik: 0, controls: 10, warnings: [] };
    const plain = calibrateEstimate(Math.log(0.7), 0.1, null0);
    expect(plain.calibratedP).toBeCloseTo(plain.p, 12);
    expect(plain.lower).toBeCloseTo(Math.exp(Math.log(0.7) - 1.959963984540054 * 0.1), 10);
    const biased = calibrateEstimate(Math.log(0.7), 0.1, { ...null0, mu: -0.2, tau: 0.1 });
    expect(biased.calibratedP).toBeGreaterThan(plain.p);
    expect(biased.upper / biased.lower).toBeGreaterThan(plain.upper / plain.lower);
    expect(Math.sqrt(biased.lower * biased.upper)).toBeCloseTo(0.7 / Math.exp(-0.2), 10);
    // the calibrated estimate is the centre of the calibrated interval; the uncalibrated one is kept apart
    expect(biased.estimate).toBeCloseTo(0.7 / Math.exp(-0.2), 12);
    expect(biased.uncalibrated).toBeCloseTo(0.7, 12);
    expect(plain.estimate).toBeCloseTo(0.7, 12);
  });
});
