/** `midia risk evaluate` and `midia risk compare`: flags to the options of analyses/risk, the result printed. */
import { runRiskCompare } from '../../analyses/risk/compare.js';
import { runRiskEvaluate } from '../../analyses/risk/evaluate.js';
import { readModelArtifact } from '../../analyses/risk/model-file.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { CommandIO, ParsedArgs } from '../command.js';
import { runParameters } from '../io.js';
import { withFlagSource } from '../source-flags.js';
import { jsonText, textTable, writeLine } from '../output.js';
import { confLevelFlag, DATA_FLAGS, fixed, horizonFlags, modelFlag } from './risk-flags.js';

/** --time and --status, when given. */
function outcomeFlags(args: ParsedArgs): { time?: string; status?: string } {
  const time = stringFlag(args, 'time');
  const status = stringFlag(args, 'status');
  return { ...(time ? { time } : {}), ...(status ? { status } : {}) };
}

export async function riskEvaluate(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...DATA_FLAGS, 'model', 'horizons', 'horizon-unit', 'time', 'status', 'conf-level']);
  const model = modelFlag(args);
  const options = { model, ...horizonFlags(args, model), ...outcomeFlags(args), confLevel: confLevelFlag(args) };
  const { result: r } = await withFlagSource(args, io, ({ source, selection }) => runRiskEvaluate(source, { ...options, ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }));
  if (hasFlag(args, 'json')) {
    writeLine(io.stdout, jsonText(r));
    return 0;
  }
  const left = r.dropped === null ? ', rows left out (fewer than the minimum cell count)' : r.dropped ? `, ${r.dropped} rows left out` : '';
  writeLine(
    io.stdout,
    `Model ${r.model.id} v${r.model.version} on ${r.source}: n = ${r.n}, events = ${r.events}${left}\n` +
      `Harrell C = ${fixed(r.harrellC.c)} (${Math.round(options.confLevel * 100)}% CI ${fixed(r.harrellC.lower)} to ${fixed(r.harrellC.upper)}); Uno C (tau = ${r.unoC.tau}) = ${fixed(r.unoC.c ?? NaN)}\n` +
      textTable([`horizon (${r.timeUnit})`, 'AUC', 'Brier', 'Brier (null)'], r.auc.map((a, k) => [a.horizon, a.auc, r.brier[k]?.brier ?? null, r.brier[k]?.brierNull ?? null])),
  );
  return 0;
}

export async function riskCompare(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...DATA_FLAGS, 'model', 'time', 'status', 'bootstrap', 'seed', 'conf-level']);
  const paths = requiredFlag(args, 'model').split(',').map((s) => s.trim()).filter(Boolean);
  const [pathA, pathB] = paths;
  if (paths.length !== 2 || pathA === undefined || pathB === undefined) throw new UsageError('risk compare needs two models: --model A,B (model 1 = A, model 2 = B; the difference is C(B) - C(A))');
  const models = [readModelArtifact(pathA), readModelArtifact(pathB)] as const;
  const bootstrap = numberFlag(args, 'bootstrap', 1000) as number;
  if (!(Number.isInteger(bootstrap) && bootstrap >= 10)) throw new UsageError(`--bootstrap must be an integer >= 10, got ${bootstrap}`);
  const options = { models: [...models] as [typeof models[0], typeof models[1]], ...outcomeFlags(args), bootstrap, seed: numberFlag(args, 'seed', 1) as number, confLevel: confLevelFlag(args) };
  const { result: r } = await withFlagSource(args, io, ({ source, selection }) => runRiskCompare(source, { ...options, ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }));
  if (hasFlag(args, 'json')) {
    writeLine(io.stdout, jsonText(r));
    return 0;
  }
  writeLine(
    io.stdout,
    `On ${r.source}: n = ${r.n}, events = ${r.events}\n` +
      textTable(['model', 'version', 'Harrell C'], [[r.model1.id, r.model1.version, r.model1.c], [r.model2.id, r.model2.version, r.model2.c]]) +
      `\nDifference (model 2 - model 1) = ${fixed(r.difference)}, ${Math.round(r.confLevel * 100)}% CI ${fixed(r.lower)} to ${fixed(r.upper)}, p = ${fixed(r.pValue)} (${r.bootstrap} paired bootstrap replicates, seed ${r.seed})`,
  );
  return 0;
}
