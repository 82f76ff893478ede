/**
 * `midia risk train|evaluate|compare|predict`: deployable risk models as
 * versioned JSON artifacts. Each sub-command parses its flags and calls one
 * analysis of analyses/risk (train, evaluate, compare, predict); its module
 * loads only when it runs.
 */
import { RSF_MODEL_MIN_NODE_SIZE } from '../../analyses/risk/defaults.js';
import { UsageError } from '../../util/errors.js';
import type { Command, CommandIO, ParsedArgs } from '../command.js';
import { DATA_FLAGS_HELP } from '../io.js';

type Sub = (args: ParsedArgs, io: CommandIO) => Promise<number>;

const SUBCOMMANDS: Record<string, () => Promise<Sub>> = {
  train: async () => (await import('./risk-train.js')).riskTrain,
  evaluate: async () => (await import('./risk-evaluate.js')).riskEvaluate,
  compare: async () => (await import('./risk-evaluate.js')).riskCompare,
  predict: async () => (await import('./risk-predict.js')).riskPredict,
};

export const riskCommand: Command = {
  name: 'risk',
  summary: 'Risk models as JSON artifacts: train (cox|coxnet|rsf), evaluate (C, AUC, Brier), compare (difference in C), predict',
  help: `Usage: midia risk train|evaluate|compare|predict [flags]

  midia risk train --data FILE --formula "Surv(time, status) ~ terms" --kind cox|coxnet|rsf [--horizons 3,5] --out model.json
      Fits the model, apparent validation (Harrell/Uno C, AUC, Brier at the
      horizons; --bootstrap B adds Harrell's optimism-corrected C) and writes a
      versioned artifact with a model card.
        cox     Efron ties as R coxph; Breslow baseline hazard on a monthly grid.
        coxnet  glmnet family = "cox": --alpha A (default 1), --lambda L or the
                CV lambda.min with --nfolds K (default 10) --seed S (default 1).
        rsf     random survival forest, log-rank splitting as ranger: --trees N
                (default 100), --mtry M (default floor(sqrt(design columns))),
                --min-node-size K (default ${RSF_MODEL_MIN_NODE_SIZE}; an exported forest needs at
                least 10 and at least 5 distinct patients in every leaf, so a
                leaf describes a group), --nsplit S (default 0 =
                every midpoint), --max-depth D (default unlimited), --importance
                permutation|none (default permutation), --seed S (default 1).
                Leaf cumulative hazards are kept on the monthly grid only; the
                artifact also reports the forest's out-of-bag C.
      Flags: --time-unit days|months|years
      (unit of the time column, default days), --horizon-unit (unit of
      --horizons, default years; default horizons 3,5), --id ID (default the
      file name), --title, --intended-use, --population, --author,
      --model-version (default 0.1.0), --created-at ISO (for reproducible files).

  midia risk evaluate --model M.json --data FILE [--horizons H] [--horizon-unit U]
      Harrell's C (with a normal ${'95%'} interval, --conf-level), Uno's C truncated
      at the largest horizon, IPCW cumulative/dynamic AUC and IPCW Brier score
      at the horizons (default the model's), on the rows with complete data.
      The outcome columns are those of the model's Surv() (or --time/--status).
      Any kind: C uses the model's score (cox, coxnet: linear predictor;
      deepsurv: network output; rsf: gridded mortality, the sum of the
      cumulative hazard over the grid points).

  midia risk compare --model A.json,B.json --data FILE [--bootstrap 1000] [--seed 1]
      Harrell's C of both models on the same patients and the difference
      C(B) - C(A) with a paired bootstrap percentile interval (--conf-level 0.95).
      The two models are given comma-separated in one --model flag.

      evaluate and compare also read a registered study (--db FILE --study ID
      with --table or --endpoint): the run is recorded in the data-use ledger;
      refused (exit 2, nothing recorded) on fewer rows or events than the
      study's minimum cell count; a smaller count of rows left out is null, an
      AUC on fewer cases or controls is null with that count, and warnings
      about covariates outside the training range are counts of rows
      (docs/risk-models.md).

  midia risk predict --model M.json (--data FILE | --patient JSON|@file.json) [--horizons H] [--survival]
      Risk 1 - S(h) at the horizons (default the model's) and the score per
      patient, with warnings (e.g. a covariate outside the training range);
      --survival adds the survival curve on the model's grid (JSON output).
      Not offered on a cohort database (--db): its output is one row per patient.
      train also needs a --data file (an artifact leaves the study ledger).

${DATA_FLAGS_HELP}
  --json           machine-readable output (every sub-command)

Example:
  midia risk train --data datasets/gbsg.csv --formula "Surv(rfstime, status) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon" --kind cox --horizons 3,5 --out gbsg.json
  midia risk predict --model gbsg.json --patient '{"age": 52, "meno": 1, "size": 25, "grade": "2", "nodes": 3, "pgr": 40, "er": 60, "hormon": 0}'
  midia risk train --data datasets/gbsg.csv --formula "Surv(rfstime, status) ~ age + size + factor(grade) + nodes + pgr + er" --kind rsf --trees 200 --seed 7 --out gbsg-rsf.json
`,

  async run(args, io) {
    const [sub, ...rest] = args.positional;
    const load = sub ? SUBCOMMANDS[sub] : undefined;
    if (!load) throw new UsageError(sub ? `Unknown sub-command 'risk ${sub}' (one of ${Object.keys(SUBCOMMANDS).join(', ')})` : `risk needs a sub-command: ${Object.keys(SUBCOMMANDS).join(', ')}`);
    if (rest.length) throw new UsageError(`Unexpected argument '${rest[0]}'`);
    return (await load())({ positional: [], flags: args.flags }, io);
  },
};
