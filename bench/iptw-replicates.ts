/**
 * Recovery check of the IPTW pipeline (docs/ms-outcomes.md, "Comparing therapies on registry data"): 100 seeded
 * replicates of a simulated confounded therapy comparison
 * (models/causal/confounded-simulation.ts: confounding by indication, Poisson
 * relapse counts, true rate ratio 0.6), each analysed with a logistic
 * propensity model, ATE weights and a weighted Poisson model with the HC0
 * sandwich variance. Prints how often the 95% CI covers the true rate ratio
 * (issue target: >= 90 of 100), the mean IPTW and crude log rate ratios
 * (bias), and the run time.
 *
 * Usage (after `npm run build`): node dist/bench/iptw-replicates.js [replicates=100] [n=800]
 */
import { iptwReplicate } from '../models/causal/confounded-simulation.js';

const replicates = Number(process.argv[2] ?? 100);
const n = Number(process.argv[3] ?? 800);
const trueRateRatio = 0.6;
const start = process.hrtime.bigint();
let covered = 0;
let sumIptw = 0;
let sumCrude = 0;
let sumSe = 0;
const estimates: number[] = [];
for (let seed = 1; seed <= replicates; seed++) {
  const r = iptwReplicate(seed, { n, trueRateRatio });
  if (r.covered) covered++;
  sumIptw += r.iptw.estimate;
  sumCrude += r.crude.estimate;
  sumSe += r.iptw.se;
  estimates.push(r.iptw.estimate);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const mean = sumIptw / replicates;
const empSd = Math.sqrt(estimates.reduce((s, e) => s + (e - mean) ** 2, 0) / (replicates - 1));
console.log(`IPTW recovery: ${replicates} replicates, n = ${n}, true rate ratio ${trueRateRatio} (log ${Math.log(trueRateRatio).toFixed(4)})`);
console.log(`  95% CI covers the truth in ${covered} of ${replicates} (target >= ${Math.ceil(0.9 * replicates)})`);
console.log(`  mean log RR: IPTW ${mean.toFixed(4)}, crude ${(sumCrude / replicates).toFixed(4)}`);
console.log(`  IPTW mean robust SE ${(sumSe / replicates).toFixed(4)} vs empirical SD ${empSd.toFixed(4)}`);
console.log(`  time ${seconds.toFixed(2)} s`);
