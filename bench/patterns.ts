/**
 * Benchmark: frequent sequential patterns (models/patterns/) on the seeded
 * synthetic event sequences of bench/pattern-data.ts: N patients with 30-50
 * itemsets each (mean 40) over an alphabet of 50 items with Zipf-like
 * frequencies, minimum support 1 %, max length 5 itemsets (the issue's
 * setting), no gap or window constraint (so the bitmap engine runs).
 *
 * Prints one line per run: patients, itemsets, items, engine, frequent
 * patterns (and by number of itemsets), wall-clock and CPU seconds of the
 * mining (generation excluded; bench/timing.ts), and the peak resident set
 * size of the process (generator and database included). On a shared
 * machine CPU seconds are the fairer figure; both are printed.
 *
 * Usage (after `npm run build`):
 *   node --expose-gc dist/bench/patterns.js [N] [--seed S] [--min-support 0.01] [--max-length 5]
 *        [--max-gap D] [--max-window D] [--engine auto|bitmap|idlist] [--mode personal|global] [--encode]
 *   node dist/bench/patterns.js --scaling    10^4, 10^5 and 10^6 patients, each in its own process
 *                                            (so that each peak RSS is its own)
 * `--encode` also times the encoding step (buildSequenceDatabase) on the same
 * events given as (id, day, item) columns of strings; `--mode global` draws
 * every item from the whole alphabet (millions of patterns become frequent at
 * max length 5: try --max-length 3).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mineFrequentSequences, type MiningEngine } from '../models/patterns/mine-frequent-sequences.js';
import { parseMinSupport, type MiningOptions } from '../models/patterns/mining-options.js';
import { buildSequenceDatabase, type SequenceDatabase } from '../models/patterns/sequence-database.js';
import { generatePatternData } from './pattern-data.js';
import { seconds } from './timing.js';

const args = process.argv.slice(2);
const valueOf = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const peak = (): string => mb(process.resourceUsage().maxRSS * 1024);

function events(db: SequenceDatabase): { id: string[]; day: Int32Array; item: string[] } {
  const n = db.items.length;
  const id = new Array<string>(n);
  const day = new Int32Array(n);
  const item = new Array<string>(n);
  let k = 0;
  for (let s = 0; s < db.ids.length; s++) {
    for (let g = db.sequenceStart[s]!; g < db.sequenceStart[s + 1]!; g++) {
      for (let q = db.itemsetStart[g]!; q < db.itemsetStart[g + 1]!; q++) {
        id[k] = db.ids[s]!;
        day[k] = db.itemsetDay[g]!;
        item[k++] = db.alphabet[db.items[q]!]!;
      }
    }
  }
  return { id, day, item };
}

function runOnce(): void {
  const valued = new Set(['--seed', '--min-support', '--max-length', '--max-gap', '--max-window', '--engine', '--mode']);
  const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && valued.has(args[i - 1]!)));
  const N = Number(positional[0] ?? 100_000);
  const seed = Number(valueOf('--seed') ?? 16);
  const mode = (valueOf('--mode') ?? 'personal') as 'personal' | 'global';
  const options: MiningOptions = { minSupport: parseMinSupport(valueOf('--min-support') ?? '0.01'), maxLength: Number(valueOf('--max-length') ?? 5) };
  const maxGap = valueOf('--max-gap');
  const maxWindow = valueOf('--max-window');
  if (maxGap !== undefined) options.maxGap = Number(maxGap);
  if (maxWindow !== undefined) options.maxWindow = Number(maxWindow);
  const engine = (valueOf('--engine') ?? 'auto') as MiningEngine;

  const db = generatePatternData({ patients: N, seed, mode });
  if (args.includes('--encode')) {
    const ev = events(db);
    const [, wall, cpu] = seconds(() => buildSequenceDatabase(ev));
    console.log(`encode   N=${N}: ${ev.id.length} events -> database in ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU`);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const [result, wall, cpu] = seconds(() => mineFrequentSequences(db, options, { engine }));
  const byLength: number[] = [];
  for (const p of result.patterns) byLength[p.itemsets.length - 1] = (byLength[p.itemsets.length - 1] ?? 0) + 1;
  const constraints = [maxGap !== undefined ? `maxGap ${maxGap}` : '', maxWindow !== undefined ? `maxWindow ${maxWindow}` : ''].filter(Boolean).join(', ');
  console.log(
    `mine     N=${N} (${mode}): ${db.itemsetDay.length} itemsets, ${db.items.length} items; min support ${result.minSupport}, max length ${options.maxLength}${constraints ? `, ${constraints}` : ''}; ` +
      `engine ${result.engine}: ${result.patterns.length} frequent patterns (by itemsets ${byLength.map((c) => c ?? 0).join('/')}) in ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU; peak RSS ${peak()}`,
  );
}

if (args.includes('--scaling')) {
  const script = fileURLToPath(import.meta.url);
  const extra = args.filter((a) => a !== '--scaling');
  for (const n of [10_000, 100_000, 1_000_000]) {
    process.stdout.write(execFileSync(process.execPath, ['--expose-gc', script, String(n), ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 }));
  }
} else runOnce();
