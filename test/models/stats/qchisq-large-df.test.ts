/**
 * qchisq for large degrees of freedom in the lower tail: the exact Poisson CI
 * of a crude ARR with k relapses needs qchisq(0.025, 2k), and with k = 785
 * (the demo's MS cohort) the search used to start from the small-x expansion,
 * take one Newton step to ~1e124 and return 2.3e35. Values from R 4.2.2:
 * for (df in c(1570, 1572, 20000, 2e5)) print(c(qchisq(0.025, df), qchisq(0.975, df), qchisq(1e-10, df)), digits = 17)
 */
import { describe, expect, it } from 'vitest';
import { qchisq } from '../../../models/stats/distributions.js';

const R: [number, number, number, number][] = [
  [1570, 1462.078444788352, 1681.7098198101621, 1239.4101064411454],
  [1572, 1464.0085053540051, 1683.7797596863932, 1241.1834227406232],
  [20000, 19609.904934520368, 20393.883649999767, 18753.923364088776],
  [200000, 198762.30532748945, 201241.48328154747, 196003.00833089658],
];

describe('qchisq with large df (lower tail)', () => {
  it.each(R)('df %d matches R to 1e-12 relative', (df, lo, hi, tiny) => {
    expect(Math.abs(qchisq(0.025, df) - lo) / lo).toBeLessThan(1e-12);
    expect(Math.abs(qchisq(0.975, df) - hi) / hi).toBeLessThan(1e-12);
    expect(Math.abs(qchisq(1e-10, df) - tiny) / tiny).toBeLessThan(1e-12);
  });
});
