/**
 * Natural cubic spline trajectories of the latent-class growth model.
 * Golden: with one class the model is least squares on the basis, so it must
 * equal R's lm(y ~ ns(t, knots, Boundary.knots)) (test/golden/lcgm-spline.R:
 * loglik 1e-9 relative, trajectory 1e-9 absolute); by hand: the basis is cubic
 * inside and linear beyond the boundary knots; a two-class mixture of curved
 * courses is recovered and fitted better than by straight lines.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../../models/cluster/adjusted-rand.js';
import { latentClassGrowth, lcgmTrajectory } from '../../../models/cluster/latent-class-growth.js';
import type { Course } from '../../../models/cluster/trajectory.js';
import { UsageError } from '../../../util/errors.js';
import { normal, seededRandom } from '../../../util/random.js';

interface Golden {
  courses: { time: number[]; value: number[] }[];
  grid: number[];
  cases: { knots: number[]; loglik: number; sigma2: number; trajectory: number[] }[];
}
const golden = JSON.parse(readFileSync('test/golden/lcgm-spline.json', 'utf8')) as Golden;

describe('latent-class growth with natural cubic splines', () => {
  it('one class equals R lm(y ~ ns(t, knots, Boundary.knots)): loglik, ML variance and fitted trajectory', () => {
    for (const c of golden.cases) {
      const fit = latentClassGrowth(golden.courses, 1, { spline: { knots: c.knots }, nStart: 1 });
      expect(fit.basis).toEqual({ type: 'natural-spline', knots: c.knots });
      expect(fit.degree).toBeNull();
      expect(Math.abs(fit.loglik - c.loglik) / Math.abs(c.loglik), `knots ${c.knots}`).toBeLessThan(1e-9);
      expect(Math.abs(fit.sigma2 - c.sigma2) / c.sigma2).toBeLessThan(1e-9);
      const traj = lcgmTrajectory(fit, 0, golden.grid);
      traj.forEach((v, i) => expect(Math.abs(v - c.trajectory[i]!), `knots ${c.knots} t ${golden.grid[i]}`).toBeLessThan(1e-9));
      expect(fit.npar).toBe(c.knots.length + 1);
    }
  });

  it('is linear beyond the boundary knots and two knots give the straight line of the linear model', () => {
    const fit = latentClassGrowth(golden.courses, 1, { spline: { knots: [0, 3, 6, 10] }, nStart: 1 });
    const [a, b, c] = lcgmTrajectory(fit, 0, [11, 12, 13]);
    expect(c! - b!).toBeCloseTo(b! - a!, 10);
    const [d, e, f] = lcgmTrajectory(fit, 0, [-3, -2, -1]);
    expect(f! - e!).toBeCloseTo(e! - d!, 10);
    const line = latentClassGrowth(golden.courses, 1, { spline: { knots: [0, 10] }, nStart: 1 });
    const linear = latentClassGrowth(golden.courses, 1, { nStart: 1 });
    expect(line.loglik).toBeCloseTo(linear.loglik, 9);
    expect(Array.from(lcgmTrajectory(line, 0, [0, 4, 9])).map((v) => v.toFixed(9))).toEqual(Array.from(lcgmTrajectory(linear, 0, [0, 4, 9])).map((v) => v.toFixed(9)));
  });

  it('recovers two classes of curved courses and fits them better than straight lines', () => {
    const rand = seededRandom(8);
    const courses: Course[] = [];
    const truth: number[] = [];
    for (let i = 0; i < 120; i++) {
      const cls = i % 2;
      const time = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((t) => t + 0.3 * rand());
      // class 0 rises then plateaus; class 1 is flat then rises: same start and end, different shape
      const value = time.map((t) => (cls === 0 ? 4 * (1 - Math.exp(-t / 1.5)) : 4 / (1 + Math.exp(-(t - 6) * 1.5))) + normal(rand, 0, 0.35));
      courses.push({ time, value });
      truth.push(cls);
    }
    const spline = latentClassGrowth(courses, 2, { spline: { knots: [0, 2.75, 5.5, 8.3] }, seed: 1, nStart: 5 });
    const linear = latentClassGrowth(courses, 2, { seed: 1, nStart: 5 });
    expect(adjustedRandIndex(spline.classification, truth)).toBeGreaterThanOrEqual(0.95);
    expect(spline.bic).toBeGreaterThan(linear.bic);
    expect(spline.converged).toBe(true);
  });

  it('refuses bad knots with UsageError naming the problem', () => {
    const c = golden.courses;
    expect(() => latentClassGrowth(c, 1, { spline: { knots: [1] } })).toThrow(/at least 2 knots/);
    expect(() => latentClassGrowth(c, 1, { spline: { knots: [0, 5, 5, 10] } })).toThrow(/strictly increasing/);
    expect(() => latentClassGrowth(c, 1, { spline: { knots: [0, Number.NaN] } })).toThrow(UsageError);
    const fit = latentClassGrowth(c, 2, { spline: { knots: [0, 5, 10] }, nStart: 1 });
    expect(() => lcgmTrajectory(fit, 2, [0])).toThrow(UsageError);
  });
});
