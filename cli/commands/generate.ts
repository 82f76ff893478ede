import { mkdirSync } from 'node:fs';
import { generateCohort, writeCohortCsv } from '../../datasets/index.js';
import { checkFlags, numberFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Write the seeded synthetic follow-up cohort (breast, prostate, MS) as canonical CSV files',
  help: `Usage: midia generate --out DIR [--seed N] [--breast N] [--prostate N] [--ms N]

Writes patients.csv, events.csv, observations.csv, treatments.csv, visits.csv
and truth.json (the generating model: rates and hazard ratios) to DIR. The
same seed gives byte-identical files on every machine. No real patient data.

Flags:
  --out DIR        output folder (created)
  --seed N         random seed (default 20261128)
  --breast N       breast cancer patients (default 600)
  --prostate N     prostate cancer patients (default 400)
  --ms N           multiple sclerosis patients (default 500)
Then: midia import --db cohort.duckdb DIR
`,
  async run(args, io) {
    checkFlags(args, ['out', 'seed', 'breast', 'prostate', 'ms']);
    const dir = requiredFlag(args, 'out');
    const opts: Parameters<typeof generateCohort>[0] = {};
    const seed = numberFlag(args, 'seed');
    const breast = numberFlag(args, 'breast');
    const prostate = numberFlag(args, 'prostate');
    const ms = numberFlag(args, 'ms');
    if (seed !== undefined) opts.seed = seed;
    if (breast !== undefined) opts.breast = breast;
    if (prostate !== undefined) opts.prostate = prostate;
    if (ms !== undefined) opts.ms = ms;
    const cohort = generateCohort(opts);
    mkdirSync(dir, { recursive: true });
    const files = await writeCohortCsv(cohort, dir);
    io.stdout.write(`${files.join('\n')}\n`);
    return 0;
  },
};
