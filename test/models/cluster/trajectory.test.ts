import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../../models/cluster/adjusted-rand.js';
import { clara } from '../../../models/cluster/clara.js';
import { dissimilarityFrom } from '../../../models/cluster/dissimilarity.js';
import { dtwDistance } from '../../../models/cluster/dtw.js';
import { dtwMatrix } from '../../../models/cluster/dtw-matrix.js';
import { courseGrid, gridDistance, interpolateCourse, regularGrid } from '../../../models/cluster/grid-distance.js';
import { latentClassGrowth } from '../../../models/cluster/latent-class-growth.js';
import { pam } from '../../../models/cluster/pam.js';
import type { Course } from '../../../models/cluster/trajectory.js';
import { UsageError } from '../../../util/errors.js';
import { normal, seededRandom } from '../../../util/random.js';

const c = (time: number[], value: number[]): Course => ({ time, value });

/** Three latent classes of EDSS-like courses: stable, slow and fast worsening, irregular visits. */
function simulate(seed: number, perClass: number): { courses: Course[]; truth: number[] } {
  const rand = seededRandom(seed);
  const courses: Course[] = [];
  const truth: number[] = [];
  const classes = [[2, 0], [2.5, 0.3], [3, 0.8]];
  classes.forEach(([b0, b1], k) => {
    for (let i = 0; i < perClass; i++) {
      const time: number[] = [];
      const value: number[] = [];
      let t = rand() * 0.3;
      while (t < 6) {
        time.push(t);
        value.push((b0 as number) + (b1 as number) * t + normal(rand, 0, 0.25));
        t += 0.25 + rand() * 0.75;
      }
      courses.push({ time, value });
      truth.push(k);
    }
  });
  return { courses, truth };
}

describe('dtwDistance', () => {
  it('hand-checked small cases', () => {
    expect(dtwDistance(c([0, 1, 2], [0, 1, 2]), c([0, 2], [0, 2]))).toBe(1);
    expect(dtwDistance(c([0, 1, 2], [1, 2, 3]), c([0, 1, 2, 3], [1, 2, 2, 3]))).toBe(0);
    // symmetric1: sum of |x - y| along the best path
    expect(dtwDistance(c([0, 1], [0, 0]), c([0, 1], [1, 1]))).toBe(2);
    expect(dtwDistance(c([0, 1], [0, 0]), c([0, 1], [1, 1]), { cost: 'squared', normalize: true })).toBe(0.5);
  });
  it('the Sakoe-Chiba window forces the diagonal and can only raise the distance', () => {
    const a = c([0, 1, 2, 3, 4], [0, 0, 1, 2, 3]);
    const b = c([0, 1, 2, 3, 4], [0, 1, 2, 3, 3]);
    const free = dtwDistance(a, b);
    const band0 = dtwDistance(a, b, { window: 0 });
    expect(free).toBe(0);
    expect(band0).toBe(3); // lock-step: |0-0|+|0-1|+|1-2|+|2-3|+|3-3|
    expect(dtwDistance(a, b, { window: 1 })).toBe(0);
    expect(dtwDistance(a, b, { timeWindow: 0.5 })).toBe(3);
    expect(dtwDistance(c([0], [1]), c([10], [1]), { timeWindow: 1 })).toBe(Infinity);
  });
  it('rejects invalid courses', () => {
    expect(() => dtwDistance(c([1, 0], [1, 2]), c([0], [0]))).toThrow(UsageError);
    expect(() => dtwDistance(c([0, 1], [1]), c([0], [0]))).toThrow(UsageError);
    expect(() => dtwDistance(c([0], [NaN]), c([0], [0]))).toThrow(UsageError);
  });
});

describe('grid distance', () => {
  it('interpolates linearly and holds the ends', () => {
    const v = interpolateCourse(c([1, 3], [2, 4]), [0, 1, 2, 2.5, 3, 9]);
    expect(Array.from(v)).toEqual([2, 2, 3, 3.5, 4, 4]);
    const g = courseGrid([c([0, 2], [0, 2]), c([0, 2], [1, 3])], regularGrid(0, 2, 5));
    expect(gridDistance(g, 0, 1)).toBeCloseTo(1, 14);
    expect(() => regularGrid(1, 0, 3)).toThrow(UsageError);
  });
});

describe('trajectory clustering recovers simulated classes', () => {
  const { courses, truth } = simulate(3, 20);
  it('DTW + PAM and grid + CLARA reach ARI >= 0.8', () => {
    const d = dissimilarityFrom(courses.length, (i, j) => dtwDistance(courses[i] as Course, courses[j] as Course, { trusted: true, normalize: true }));
    expect(adjustedRandIndex(pam(d, 3).labels, truth)).toBeGreaterThanOrEqual(0.8);
    const g = courseGrid(courses, regularGrid(0, 6, 13));
    const cl = clara(courses.length, (i, j) => gridDistance(g, i, j), 3, { seed: 2, sampleSize: 30 });
    expect(adjustedRandIndex(cl.labels, truth)).toBeGreaterThanOrEqual(0.8);
    expect(cl.medoids.length).toBe(3);
    const again = clara(courses.length, (i, j) => gridDistance(g, i, j), 3, { seed: 2, sampleSize: 30 });
    expect(Array.from(again.labels)).toEqual(Array.from(cl.labels));
  });
  it('all-pairs DTW on worker threads + PAM on the condensed matrix: the same clustering as the full matrix, ARI >= 0.8', async () => {
    const full = dissimilarityFrom(courses.length, (i, j) => dtwDistance(courses[i] as Course, courses[j] as Course, { trusted: true, normalize: true }));
    const condensed = await dtwMatrix(courses, { normalize: true, threads: 2 });
    const a = pam(full, 3);
    const b = pam(condensed, 3);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.objective.swap).toBe(a.objective.swap);
    expect(adjustedRandIndex(b.labels, truth)).toBeGreaterThanOrEqual(0.8);
  });
  it('latent-class growth model: recovers slopes, BIC prefers 3 classes over 1', () => {
    const frozen = JSON.stringify(courses);
    const fit3 = latentClassGrowth(courses, 3, { seed: 5 });
    const fit1 = latentClassGrowth(courses, 1, { seed: 5 });
    expect(JSON.stringify(courses)).toBe(frozen);
    expect(fit3.converged).toBe(true);
    expect(Array.from(latentClassGrowth(courses, 3, { seed: 5 }).classification)).toEqual(Array.from(fit3.classification));
    expect(adjustedRandIndex(fit3.classification, truth)).toBeGreaterThanOrEqual(0.8);
    const slopes = [0, 1, 2].map((k) => fit3.beta[2 * k + 1] as number).sort((a, b) => a - b);
    expect(slopes[0]).toBeCloseTo(0, 1);
    expect(slopes[1]).toBeCloseTo(0.3, 1);
    expect(slopes[2]).toBeCloseTo(0.8, 1);
    expect(Math.sqrt(fit3.sigma2)).toBeCloseTo(0.25, 1);
    expect(fit3.bic).toBeGreaterThan(fit1.bic);
    expect(fit3.npar).toBe(2 + 6 + 1);
    // K = 1 is ordinary least squares on all observations
    const q = latentClassGrowth(courses, 1, { degree: 2, seed: 1 });
    expect(q.beta.length).toBe(3);
    expect(q.loglik).toBeGreaterThanOrEqual(fit1.loglik - 1e-9);
  });
});
