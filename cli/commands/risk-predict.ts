/** `midia risk predict`: one patient or a batch as JSON (--patient), or the rows of a --data file; the predictions printed. */
import { readFileSync } from 'node:fs';
import { PREDICT_REFUSES_STUDY, runRiskPredict, runRiskPredictPatients, type RiskPrediction } from '../../analyses/risk/predict.js';
import { DataValidationError, UsageError } from '../../util/errors.js';
import { checkFlags, hasFlag, stringFlag } from '../args.js';
import type { CommandIO, ParsedArgs } from '../command.js';
import { withFlagSource } from '../source-flags.js';
import { jsonText, textTable, writeLine } from '../output.js';
import { DATA_FLAGS, horizonFlags, modelFlag } from './risk-flags.js';

/** The value of --patient: JSON text, or @file with JSON in it. */
function patientFlag(text: string): unknown {
  const json = text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  try {
    return JSON.parse(json);
  } catch (e) {
    throw new DataValidationError([{ file: '--patient', row: 0, field: null, message: `not valid JSON: ${(e as Error).message}` }]);
  }
}

function predictionTable(pred: RiskPrediction, rows: readonly number[]): string {
  const head = ['row', 'score', ...pred.horizons.map((h) => `risk@${Number(h.toFixed(4))}`), 'warnings'];
  return (
    `Model ${pred.modelId} v${pred.modelVersion} (horizons in ${pred.timeUnit})\n` +
    textTable(head, pred.predictions.map((p, k) => [rows[k] ?? k + 1, p.score, ...p.risk, p.warnings.join('; ')]))
  );
}

export async function riskPredict(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...DATA_FLAGS, 'model', 'patient', 'horizons', 'horizon-unit', 'survival']);
  const model = modelFlag(args);
  const options = { model, ...horizonFlags(args, model), survival: hasFlag(args, 'survival') };
  const patientText = stringFlag(args, 'patient');
  if (patientText !== undefined) {
    if (stringFlag(args, 'data') || stringFlag(args, 'db')) throw new UsageError('Give either --patient or --data, not both');
    const { result: pred } = runRiskPredictPatients({ ...options, patients: patientFlag(patientText) });
    writeLine(io.stdout, hasFlag(args, 'json') ? jsonText(pred) : predictionTable(pred, pred.predictions.map((_, k) => k + 1)));
    return 0;
  }
  if (stringFlag(args, 'db')) throw new UsageError(PREDICT_REFUSES_STUDY);
  const { result: r } = await withFlagSource(args, io, ({ source }) => runRiskPredict(source, options));
  if (hasFlag(args, 'json')) writeLine(io.stdout, jsonText(r));
  else writeLine(io.stdout, predictionTable(r, r.rows) + (r.dropped ? `\n${r.dropped} rows with a missing covariate left out` : ''));
  return 0;
}
