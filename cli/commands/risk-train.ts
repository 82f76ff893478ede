/** `midia risk train`: flags to the options of analyses/risk/train.ts, the artifact written to --out, the summary printed. */
import { writeFileSync } from 'node:fs';
import { runRiskTrain, TRAIN_REFUSES_STUDY, type RiskTrainOptionsParsed } from '../../analyses/risk/train.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, numberListFlag, requiredFlag, stringFlag } from '../args.js';
import type { CommandIO, ParsedArgs } from '../command.js';
import { withFlagSource } from '../source-flags.js';
import { jsonText, progressBar, textTable, writeLine } from '../output.js';
import { DATA_FLAGS, fixed, intFlag, UNITS } from './risk-flags.js';

const FOREST_FLAGS = ['trees', 'mtry', 'min-node-size', 'nsplit', 'max-depth', 'importance'];

/** Forest settings from --trees, --mtry, --min-node-size, --nsplit, --max-depth, --importance. */
function forestFlags(args: ParsedArgs): NonNullable<RiskTrainOptionsParsed['forest']> {
  const o: NonNullable<RiskTrainOptionsParsed['forest']> = { importance: choiceFlag(args, 'importance', ['permutation', 'none'] as const, 'permutation') };
  const trees = intFlag(args, 'trees', 1);
  const mtry = intFlag(args, 'mtry', 1);
  const minNodeSize = intFlag(args, 'min-node-size', 1);
  const nSplit = intFlag(args, 'nsplit', 0);
  const maxDepth = intFlag(args, 'max-depth', 0);
  if (trees !== undefined) o.nTrees = trees;
  if (mtry !== undefined) o.mtry = mtry;
  if (minNodeSize !== undefined) o.minNodeSize = minNodeSize;
  if (nSplit !== undefined) o.nSplit = nSplit;
  if (maxDepth !== undefined) o.maxDepth = maxDepth;
  return o;
}

/** The validated options of the flags. */
function trainOptions(args: ParsedArgs, io: CommandIO, out: string): RiskTrainOptionsParsed {
  const formula = requiredFlag(args, 'formula');
  const kind = choiceFlag(args, 'kind', ['cox', 'coxnet', 'rsf'] as const, 'cox');
  if (kind !== 'rsf') for (const f of FOREST_FLAGS) if (stringFlag(args, f) !== undefined) throw new UsageError(`--${f} applies to --kind rsf only`);
  const bootstrap = numberFlag(args, 'bootstrap', 0) as number;
  if (!(Number.isInteger(bootstrap) && bootstrap >= 0)) throw new UsageError(`--bootstrap must be a non-negative integer, got ${bootstrap}`);
  const alpha = numberFlag(args, 'alpha', 1) as number;
  if (kind === 'coxnet' && !(alpha >= 0 && alpha <= 1)) throw new UsageError(`--alpha must be in [0, 1], got ${alpha}`);
  const lambda = kind === 'coxnet' ? numberFlag(args, 'lambda') : undefined;
  const createdAt = stringFlag(args, 'created-at');
  const card = { title: stringFlag(args, 'title'), intendedUse: stringFlag(args, 'intended-use'), population: stringFlag(args, 'population'), author: stringFlag(args, 'author') };
  return {
    formula,
    kind,
    timeUnit: choiceFlag(args, 'time-unit', UNITS, 'days'),
    horizons: numberListFlag(args, 'horizons') ?? [3, 5],
    horizonUnit: choiceFlag(args, 'horizon-unit', UNITS, 'years'),
    id: stringFlag(args, 'id', out.replace(/^.*[\\/]/, '').replace(/\.json$/i, '').toLowerCase().replace(/[^a-z0-9._-]/g, '-')),
    seed: numberFlag(args, 'seed', 1) as number,
    bootstrap,
    alpha,
    nfolds: numberFlag(args, 'nfolds', 10) as number,
    card: Object.fromEntries(Object.entries(card).filter(([, v]) => v !== undefined)),
    modelVersion: stringFlag(args, 'model-version', '0.1.0'),
    onProgress: progressBar(io.stderr, io.showProgress),
    ...(lambda !== undefined ? { lambda } : {}),
    ...(kind === 'rsf' ? { forest: forestFlags(args) } : {}),
    ...(createdAt ? { createdAt } : {}),
  };
}

export async function riskTrain(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...DATA_FLAGS, 'formula', 'kind', 'horizons', 'horizon-unit', 'time-unit', 'out', 'id', 'alpha', 'lambda', 'nfolds', 'seed', 'bootstrap', 'title', 'intended-use', 'population', 'author', 'model-version', 'created-at', ...FOREST_FLAGS]);
  const out = requiredFlag(args, 'out');
  const options = trainOptions(args, io, out);
  if (stringFlag(args, 'db')) throw new UsageError(TRAIN_REFUSES_STUDY);
  const { result } = await withFlagSource(args, io, ({ source }) => runRiskTrain(source, options));
  writeFileSync(out, result.text);
  const s = { out, ...result.summary };
  if (hasFlag(args, 'json')) {
    writeLine(io.stdout, jsonText(s));
    return 0;
  }
  const v = s.validation;
  writeLine(
    io.stdout,
    `Wrote ${out}: ${s.kind} model '${s.id}' v${s.version}, n = ${s.n}, events = ${s.events}\n` +
      `Harrell C (apparent) = ${fixed(v.harrellC)}${v.optimismCorrectedC !== null ? `, optimism-corrected = ${fixed(v.optimismCorrectedC)} (${v.bootstrapReplicates} bootstrap)` : ''}\n` +
      (s.forest ? `Forest: ${s.forest.settings.nTrees} trees, ${s.forest.leaves} leaves, out-of-bag C = ${fixed(s.forest.oobHarrellC ?? NaN)}\n` : '') +
      textTable(['horizon', 'AUC', 'Brier'], v.auc.map((a, k) => [a.horizon, a.auc, v.brier[k]?.brier ?? null])) +
      (s.warnings.length ? `\nWarnings:\n${s.warnings.map((w) => `  ${w}`).join('\n')}` : ''),
  );
  return 0;
}
