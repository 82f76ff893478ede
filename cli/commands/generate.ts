import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCohort, writeCohortCsv } from '../../datasets/index.js';
import { generateMsRegistry, msRegistryFiles, MS_REGISTRY_SEPARATED_CLASSES } from '../../datasets/ms-registry/index.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, hasFlag, numberFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Write the seeded synthetic follow-up cohort (breast, prostate, MS) or the synthetic MS registry as canonical CSV files',
  help: `Usage: midia generate --out DIR [--seed N] [--breast N] [--prostate N] [--ms N]
       midia generate --out DIR --ms-registry N [--seed N] [--separated]

Writes patients.csv, events.csv, observations.csv, treatments.csv, visits.csv
and truth.json (the generating model: rates and hazard ratios) to DIR. The
same seed gives byte-identical files on every machine. No real patient data.

Flags:
  --out DIR          output folder (created)
  --seed N           random seed (default 20261128; with --ms-registry 20240611)
  --breast N         breast cancer patients (default 600)
  --prostate N       prostate cancer patients (default 400)
  --ms N             multiple sclerosis patients (default 500)
  --ms-registry N    instead of the cohort: the synthetic MS registry of N patients
                     (datasets/ms-registry: latent response classes, therapy-dependent
                     relapse rates, switches driven by activity, confounding by
                     indication; the data for midia ms outcomes|pathways|cluster|compare)
  --separated        with --ms-registry: three well-separated response classes
                     (MS_REGISTRY_SEPARATED_CLASSES) instead of the four overlapping ones
Then: midia import --db cohort.duckdb DIR
`,
  async run(args, io) {
    checkFlags(args, ['out', 'seed', 'breast', 'prostate', 'ms', 'ms-registry', 'separated']);
    const dir = requiredFlag(args, 'out');
    const seed = numberFlag(args, 'seed');
    const registrySize = numberFlag(args, 'ms-registry');
    if (registrySize !== undefined) {
      for (const f of ['breast', 'prostate', 'ms']) if (hasFlag(args, f)) throw new UsageError(`--${f} belongs to the cohort generator, not to --ms-registry`);
      const registry = generateMsRegistry({
        patients: registrySize,
        ...(seed !== undefined ? { seed } : {}),
        ...(hasFlag(args, 'separated') ? { classes: MS_REGISTRY_SEPARATED_CLASSES } : {}),
      });
      mkdirSync(dir, { recursive: true });
      const written: string[] = [];
      for (const [name, text] of Object.entries(msRegistryFiles(registry))) {
        const path = join(dir, name);
        writeFileSync(path, text, 'utf8');
        written.push(path);
      }
      io.stdout.write(`${written.join('\n')}\n`);
      return 0;
    }
    if (hasFlag(args, 'separated')) throw new UsageError('--separated needs --ms-registry N');
    const opts: Parameters<typeof generateCohort>[0] = {};
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
