import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  consentsToNdjson,
  generateCohort,
  generateCohortReports,
  reportsToNdjson,
  REPORTS_FILE,
  studyToJson,
  syntheticConsents,
  syntheticStudy,
  SYNTHETIC_STUDY_ID,
  writeCohortCsv,
  DEFAULT_COHORT_OPTIONS,
} from '../../datasets/index.js';
import { generateMsRegistry, msRegistryFiles, MS_REGISTRY_SEPARATED_CLASSES } from '../../datasets/ms-registry/index.js';
import { supportiveTruthToJson, withSupportiveTherapies } from '../../datasets/synthetic/supportive.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, hasFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, ParsedArgs } from '../command.js';

/**
 * Largest patient count each flag accepts: every table is written as one CSV
 * text, and at 100,000 patients the largest (observations) stays far below
 * JavaScript's string limit (about 5 x 10^8 characters); generating takes some
 * 15 s for 100,000 cancer patients and 35 s for a 100,000-patient MS registry.
 */
export const GENERATE_MAX_PATIENTS = 100_000;

/** Default seed of the MS registry (datasets/ms-registry). */
const MS_REGISTRY_DEFAULT_SEED = 20240611;

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Write the seeded synthetic follow-up cohort (breast, prostate, MS) or the synthetic MS registry as canonical CSV files, with its study and consents',
  help: `Usage: midia generate --out DIR [--seed N] [--breast N] [--prostate N] [--ms N]
       midia generate --out DIR --ms-registry N [--seed N] [--separated]

Writes patients.csv, events.csv, observations.csv, treatments.csv, visits.csv
and truth.json (the generating model: rates and hazard ratios) to DIR, and the
study the synthetic data come with: study.json (the registration of study
${SYNTHETIC_STUDY_ID}: purpose research-general, minimum cell count 5, row-level
access) and consents.ndjson (FHIR R4 Consent resources: each patient's broad
research consent on the index date; a seeded 2 % withdraw it later). The cohort
also gets reports.ndjson: patient-reported outcomes as FHIR R4
QuestionnaireResponses (EQ-5D-5L yearly; QLQ-C30, EPIC-26 or MSIS-29 by
disease), answers that depend on each patient's course (docs/pro.md), drawn
from random streams of their own, so the other files do not change.
'midia import --db FILE DIR' imports the tables and the reports, registers the
study and imports the consents, so every --db command then runs with --study ${SYNTHETIC_STUDY_ID}.
The same seed gives byte-identical files on every machine. No real patient data.

Flags:
  --out DIR          output folder (created; must be writable: checked before generating)
  --seed N           random seed, an integer (default ${DEFAULT_COHORT_OPTIONS.seed}; with --ms-registry ${MS_REGISTRY_DEFAULT_SEED})
  --breast N         breast cancer patients (default ${DEFAULT_COHORT_OPTIONS.breast})
  --prostate N       prostate cancer patients (default ${DEFAULT_COHORT_OPTIONS.prostate})
  --ms N             multiple sclerosis patients (default ${DEFAULT_COHORT_OPTIONS.ms})
  --supportive       add supportive therapies (bisphosphonates, exercise, psycho-oncology,
                     lymphoedema physiotherapy; exercise after prostate cancer) and their
                     outcomes (fracture, depression, lymphoedema, negative controls) after the
                     cohort's records (which stay unchanged), from their own random stream, and
                     supportive-truth.json with the true effects (docs/target-trial.md)
  --ms-registry N    instead of the cohort: the synthetic MS registry of N patients
                     (datasets/ms-registry: latent response classes, therapy-dependent
                     relapse rates, switches driven by activity, confounding by
                     indication; the data for midia ms outcomes|pathways|cluster|compare)
  --separated        with --ms-registry: three well-separated response classes
                     (MS_REGISTRY_SEPARATED_CLASSES) instead of the four overlapping ones
Patient counts are integers from 0 to ${GENERATE_MAX_PATIENTS.toLocaleString('en')} (--ms-registry from 1).
Then: midia import --db cohort.duckdb DIR
`,
  async run(args, io) {
    checkFlags(args, ['out', 'seed', 'breast', 'prostate', 'ms', 'ms-registry', 'separated', 'supportive']);
    const dir = requiredFlag(args, 'out');
    const seed = integerFlag(args, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const registrySize = integerFlag(args, 'ms-registry', 1, GENERATE_MAX_PATIENTS);
    if (registrySize !== undefined) {
      for (const f of ['breast', 'prostate', 'ms', 'supportive']) if (hasFlag(args, f)) throw new UsageError(`--${f} belongs to the cohort generator, not to --ms-registry`);
      prepareOutputFolder(dir);
      const registry = generateMsRegistry({
        patients: registrySize,
        ...(seed !== undefined ? { seed } : {}),
        ...(hasFlag(args, 'separated') ? { classes: MS_REGISTRY_SEPARATED_CLASSES } : {}),
      });
      const files: Record<string, string> = {
        ...msRegistryFiles(registry),
        'study.json': studyToJson(syntheticStudy('ms-registry')),
        'consents.ndjson': consentsToNdjson(syntheticConsents(registry.records.patients, seed ?? MS_REGISTRY_DEFAULT_SEED)),
      };
      const written: string[] = [];
      for (const [name, text] of Object.entries(files)) {
        const path = join(dir, name);
        writeFileSync(path, text, 'utf8');
        written.push(path);
      }
      io.stdout.write(`${written.join('\n')}\n`);
      return 0;
    }
    if (hasFlag(args, 'separated')) throw new UsageError('--separated needs --ms-registry N');
    const opts: Parameters<typeof generateCohort>[0] = {};
    if (seed !== undefined) opts.seed = seed;
    for (const f of ['breast', 'prostate', 'ms'] as const) {
      const n = integerFlag(args, f, 0, GENERATE_MAX_PATIENTS);
      if (n !== undefined) opts[f] = n;
    }
    prepareOutputFolder(dir);
    const base = generateCohort(opts);
    // --supportive: the supportive therapies and their outcomes (datasets/synthetic/supportive.ts) appended after the cohort's records, which stay byte-identical
    const supportive = hasFlag(args, 'supportive') ? withSupportiveTherapies(base) : null;
    const cohort = supportive ?? base;
    const files = await writeCohortCsv(cohort, dir);
    const root = resolve(dir);
    if (supportive) {
      const truth = join(root, 'supportive-truth.json');
      writeFileSync(truth, supportiveTruthToJson(supportive.supportive), 'utf8');
      files.push(truth);
    }
    const study = join(root, 'study.json');
    writeFileSync(study, studyToJson(syntheticStudy('cohort')), 'utf8');
    const consents = join(root, 'consents.ndjson');
    writeFileSync(consents, consentsToNdjson(syntheticConsents(cohort.patients, cohort.truth.generator.options.seed)), 'utf8');
    const reports = join(root, REPORTS_FILE);
    writeFileSync(reports, reportsToNdjson(generateCohortReports(cohort)), 'utf8');
    io.stdout.write(`${[...files, study, consents, reports].join('\n')}\n`);
    return 0;
  },
};

/**
 * An integer flag within [min, max], or undefined when absent.
 * @throws UsageError naming the flag, the value and the allowed range.
 */
function integerFlag(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(v) || v < min || v > max) {
    const range = min === Number.MIN_SAFE_INTEGER ? 'an integer' : `an integer from ${min} to ${max.toLocaleString('en')}`;
    throw new UsageError(`--${name} must be ${range}, got '${text}'`);
  }
  return v;
}

/**
 * Creates the output folder and checks that a file can be written in it,
 * before anything is generated. The missing folders are made one at a time
 * from the nearest existing parent: Node's recursive mkdir loops forever on
 * some paths of virtual file systems (`/proc/x`), which must fail at once.
 * @throws UsageError naming the folder and the reason.
 */
function prepareOutputFolder(dir: string): void {
  const fail = (why: string, error?: unknown): never => {
    const reason = error instanceof Error ? `: ${error.message}` : '';
    throw new UsageError(`--out ${dir}: ${why}${reason}`);
  };
  const missing: string[] = [];
  let at = resolve(dir);
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) fail(`${at} is not a folder`);
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (error) {
      fail('cannot create the output folder', error);
    }
  }
  const probe = join(dir, `.midia-generate-${process.pid}.tmp`);
  try {
    accessSync(dir, constants.W_OK);
    writeFileSync(probe, '');
  } catch (error) {
    fail('the output folder is not writable', error);
  } finally {
    rmSync(probe, { force: true });
  }
}
