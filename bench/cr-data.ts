/**
 * The seeded synthetic competing-risks data of the Fine-Gray benchmark:
 * four covariates (x1, x2 ~ N(0, 1) rounded to 3 decimals, x3 ~ Bernoulli(0.5),
 * x4 uniform on 0..4), two causes with exponential cause-specific hazards
 * 0.001 exp(0.5 x1 - 0.3 x2 + 0.4 x3) (cause 1) and 0.0007 exp(-0.2 x1 + 0.3 x4)
 * (cause 2), exponential censoring (rate 0.0005) and administrative censoring
 * at day 3000; times rounded up to whole days, so many ties (status 0 =
 * censored, 1, 2). Written as CSV `time,status,x1,x2,x3,x4`.
 */
import { writeFileSync } from 'node:fs';
import { exponential, normal, seededRandom } from '../util/random.js';

/** The Fine-Gray formula of the benchmark. */
export const FINEGRAY_FORMULA = 'Surv(time, status) ~ x1 + x2 + x3 + x4';

/** Writes `n` seeded rows to `file`. */
export function writeCompetingRisksCsv(file: string, n: number, seed: number): void {
  const rand = seededRandom(seed);
  const lines: string[] = ['time,status,x1,x2,x3,x4'];
  for (let i = 0; i < n; i++) {
    const x1 = Math.round(normal(rand) * 1000) / 1000;
    const x2 = Math.round(normal(rand) * 1000) / 1000;
    const x3 = rand() < 0.5 ? 1 : 0;
    const x4 = Math.floor(rand() * 5);
    const t1 = exponential(rand, 0.001 * Math.exp(0.5 * x1 - 0.3 * x2 + 0.4 * x3));
    const t2 = exponential(rand, 0.0007 * Math.exp(-0.2 * x1 + 0.3 * x4));
    const c = Math.min(exponential(rand, 0.0005), 3000);
    const t = Math.min(t1, t2, c);
    const status = t === c ? 0 : t === t1 ? 1 : 2;
    lines.push(`${Math.max(1, Math.ceil(t))},${status},${x1},${x2},${x3},${x4}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}
