/**
 * Writing the seeded synthetic data as the surfaces reach it (`midia
 * generate`): the follow-up cohort (canonical CSV files, truth.json, the
 * study SYNTH, its FHIR consents and patient-reported outcomes; optionally
 * the supportive therapies) or the synthetic MS registry, into a folder that
 * is checked to be writable before anything is generated (datasets/).
 */
import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  consentsToNdjson,
  generateCohort,
  generateCohortReports,
  generateMsRegistry,
  msRegistryFiles,
  MS_REGISTRY_SEPARATED_CLASSES,
  reportsToNdjson,
  REPORTS_FILE,
  studyToJson,
  syntheticConsents,
  syntheticStudy,
  writeCohortCsv,
  type CohortOptions,
} from '../../datasets/index.js';
import { supportiveTruthToJson, withSupportiveTherapies } from '../../datasets/synthetic/supportive.js';
import { UsageError } from '../../util/errors.js';

export { DEFAULT_COHORT_OPTIONS, SYNTHETIC_STUDY_ID } from '../../datasets/index.js';

/**
 * Largest patient count each generator accepts: every table is written as one
 * CSV text, and at 100,000 patients the largest (observations) stays far below
 * JavaScript's string limit (about 5 x 10^8 characters); generating takes some
 * 15 s for 100,000 cancer patients and 35 s for a 100,000-patient MS registry.
 */
export const GENERATE_MAX_PATIENTS = 100_000;

/** Default seed of the MS registry (datasets/ms-registry). */
export const MS_REGISTRY_DEFAULT_SEED = 20240611;

/** The cohort to write (counts and seed; defaults of datasets/synthetic). */
export interface CohortFilesRequest extends Pick<CohortOptions, 'seed' | 'breast' | 'prostate' | 'ms'> {
  /** Append the supportive therapies and their outcomes (and write supportive-truth.json). */
  supportive?: boolean;
}

/**
 * Writes the synthetic cohort into `dir`: the canonical CSV files and
 * truth.json, supportive-truth.json with `supportive`, study.json,
 * consents.ndjson and reports.ndjson. Returns the paths written.
 * @throws UsageError when the folder cannot be created or written, before anything is generated.
 * @example await writeCohortFiles('/tmp/cohort', { seed: 7, breast: 100 })
 */
export async function writeCohortFiles(dir: string, request: CohortFilesRequest = {}): Promise<string[]> {
  const opts: CohortOptions = {};
  for (const k of ['seed', 'breast', 'prostate', 'ms'] as const) if (request[k] !== undefined) opts[k] = request[k];
  prepareOutputFolder(dir);
  const base = generateCohort(opts);
  // the supportive therapies and their outcomes (datasets/synthetic/supportive.ts) appended after the cohort's records, which stay byte-identical
  const supportive = request.supportive ? withSupportiveTherapies(base) : null;
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
  return [...files, study, consents, reports];
}

/** The MS registry to write. */
export interface RegistryFilesRequest {
  patients: number;
  seed?: number;
  /** Three well-separated response classes instead of the four overlapping ones. */
  separated?: boolean;
}

/**
 * Writes the synthetic MS registry into `dir` with its study and consents. Returns the paths written.
 * @throws UsageError when the folder cannot be created or written, before anything is generated.
 */
export function writeRegistryFiles(dir: string, request: RegistryFilesRequest): string[] {
  prepareOutputFolder(dir);
  const registry = generateMsRegistry({
    patients: request.patients,
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(request.separated ? { classes: MS_REGISTRY_SEPARATED_CLASSES } : {}),
  });
  const files: Record<string, string> = {
    ...msRegistryFiles(registry),
    'study.json': studyToJson(syntheticStudy('ms-registry')),
    'consents.ndjson': consentsToNdjson(syntheticConsents(registry.records.patients, request.seed ?? MS_REGISTRY_DEFAULT_SEED)),
  };
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    writeFileSync(path, text, 'utf8');
    written.push(path);
  }
  return written;
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
