import { describe, expect, it } from 'vitest';
import { iptwReplicate, simulateConfoundedComparison } from '../../../models/causal/index.js';

describe('IPTW recovery on a simulated confounded comparison (4 replicates; the 100-replicate run is bench/iptw-replicates.ts)', () => {
  it('is seeded: same seed, same cohort', () => {
    const a = simulateConfoundedComparison({ seed: 5, n: 50 });
    const b = simulateConfoundedComparison({ seed: 5, n: 50 });
    expect(Array.from(a.data.relapses)).toEqual(Array.from(b.data.relapses));
    expect(Array.from(a.data.age)).not.toEqual(Array.from(simulateConfoundedComparison({ seed: 6, n: 50 }).data.age));
  });

  it('IPTW CI covers the true rate ratio and removes the confounding bias of the crude estimate', () => {
    const reps = [1, 2, 3, 4].map((s) => iptwReplicate(s));
    for (const r of reps) {
      expect(r.covered).toBe(true);
      expect(r.iptw.lower).toBeLessThan(r.iptw.upper);
    }
    const meanLog = (k: 'iptw' | 'crude'): number => reps.reduce((s, r) => s + r[k].estimate, 0) / reps.length;
    // confounding by indication biases the crude ratio towards harm; IPTW is much closer to log(0.6)
    expect(Math.abs(meanLog('iptw') - Math.log(0.6))).toBeLessThan(Math.abs(meanLog('crude') - Math.log(0.6)) / 2);
  });
});
