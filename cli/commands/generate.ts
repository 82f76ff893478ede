import { DEFAULT_COHORT_OPTIONS, GENERATE_MAX_PATIENTS, MS_REGISTRY_DEFAULT_SEED, SYNTHETIC_STUDY_ID, writeCohortFiles, writeRegistryFiles, type CohortFilesRequest } from '../../analyses/admin/generate.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, hasFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, ParsedArgs } from '../command.js';

export { GENERATE_MAX_PATIENTS } from '../../analyses/admin/generate.js';

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
      const written = writeRegistryFiles(dir, { patients: registrySize, ...(seed !== undefined ? { seed } : {}), separated: hasFlag(args, 'separated') });
      io.stdout.write(`${written.join('\n')}\n`);
      return 0;
    }
    if (hasFlag(args, 'separated')) throw new UsageError('--separated needs --ms-registry N');
    const request: CohortFilesRequest = { supportive: hasFlag(args, 'supportive') };
    if (seed !== undefined) request.seed = seed;
    for (const f of ['breast', 'prostate', 'ms'] as const) {
      const n = integerFlag(args, f, 0, GENERATE_MAX_PATIENTS);
      if (n !== undefined) request[f] = n;
    }
    const files = await writeCohortFiles(dir, request);
    io.stdout.write(`${files.join('\n')}\n`);
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
