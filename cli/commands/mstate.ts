import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { stateOccupationFigure } from '../../charts/state-occupation-figure.js';
import type { FigureSpec } from '../../charts/types.js';
import { discloseStateOccupation } from '../../engine/disclosure/disclose-state-occupation.js';
import { ceilToGrid, niceWidth } from '../../engine/disclosure/time-grid.js';
import type { ColumnTable } from '../../models/design/types.js';
import { aalenJohansen, type AalenJohansenFit } from '../../models/survival/multistate/aalen-johansen.js';
import { multiStateCox, type CommonCoefficients, type MultiStateCoxFit } from '../../models/survival/multistate/multi-state-cox.js';
import { predictStateOccupation, type StateOccupationPrediction } from '../../models/survival/multistate/multi-state-cox-predict.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, numberListFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, CommandIO, ParsedArgs } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, loadAnalysisData, type StudyRun } from '../io.js';
import { isSmallCount } from '../missing-report.js';
import { jsonText, textTable } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';

const list = (v: string | undefined): string[] | undefined => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter((s) => s.length > 0));

/** `--common "1:2+3:2~x+age;1:3+2:3~sex"` -> shared coefficient groups. */
export function parseCommon(text: string): CommonCoefficients[] {
  return text
    .split(';')
    .map((g) => g.trim())
    .filter((g) => g.length > 0)
    .map((g) => {
      const [lhs, rhs, extra] = g.split('~');
      const transitions = (lhs ?? '').split('+').map((s) => s.trim()).filter(Boolean);
      const terms = (rhs ?? '').split('+').map((s) => s.trim()).filter(Boolean);
      if (extra !== undefined || transitions.length < 2 || terms.length === 0) {
        throw new UsageError(`--common: expected "1:2+3:2~x" (at least two transitions, then ~ and the terms they share), got "${g}"`);
      }
      return { transitions, terms };
    });
}

/** `--newdata "x=0.5,group=b"` -> one-row columns, typed as the data's columns. */
export function parseNewdata(text: string, data: ColumnTable): ColumnTable {
  const out: Record<string, Float64Array | string[]> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`--newdata: expected name=value pairs separated by commas, got "${part}"`);
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (data[name] instanceof Float64Array) {
      const v = Number(value);
      if (value === '' || !Number.isFinite(v)) throw new UsageError(`--newdata: ${name} is numeric in the data, got "${value}"`);
      out[name] = Float64Array.of(v);
    } else out[name] = [value];
  }
  return out;
}

/** Four rounded times spread over the follow-up, for the default table. */
function defaultTimes(fit: AalenJohansenFit): number[] {
  let max = 0;
  for (const s of fit.strata) if (s.time.length && s.time[s.time.length - 1]! > max) max = s.time[s.time.length - 1]!;
  if (!(max > 0)) return [0];
  const step = 10 ** Math.floor(Math.log10(max / 4));
  const base = Math.max(step, Math.floor(max / 4 / step) * step);
  return [1, 2, 3, 4].map((k) => k * base).filter((t) => t <= max);
}

/** Predicted occupation read on a time grid (step function at or before each grid point), as the cif --db output. */
function predictionOnGrid(p: StateOccupationPrediction, width: number): { time: number[]; pstate: number[][] } {
  const last = p.time[p.time.length - 1] ?? 0;
  const time: number[] = [];
  const pstate: number[][] = [];
  for (let g = 0; g <= ceilToGrid(last, width) + 1e-9; g = ceilToGrid(g + width, width)) {
    let row = p.p0;
    for (let i = 0; i < p.time.length && p.time[i]! <= g; i++) row = p.pstate[i]!;
    time.push(g);
    pstate.push([...row]);
  }
  return { time, pstate };
}

async function writeFigure(spec: FigureSpec, out: string, args: ParsedArgs): Promise<string> {
  const path = resolve(out);
  if (extname(out).toLowerCase() === '.html') {
    const { figureHtml } = await import('../../render/figure-html.js');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, figureHtml(spec), 'utf8');
  } else {
    const { figureToPng } = await import('../../render/png.js');
    const png: { width?: number; height?: number } = {};
    const w = numberFlag(args, 'width');
    const h = numberFlag(args, 'height');
    if (w !== undefined) png.width = w;
    if (h !== undefined) png.height = h;
    await figureToPng(spec, path, png);
  }
  return path;
}

/** The figure options from the flags. */
function figureOptions(args: ParsedArgs, note?: string): Parameters<typeof stateOccupationFigure>[1] {
  const o: Parameters<typeof stateOccupationFigure>[1] = {};
  const title = stringFlag(args, 'title');
  if (title !== undefined) o.title = title;
  const unit = stringFlag(args, 'time-unit') ?? (stringFlag(args, 'endpoint') !== undefined ? (stringFlag(args, 'unit') ?? 'days') : undefined);
  if (unit !== undefined) o.timeUnit = unit;
  if (note !== undefined) o.note = note;
  const order = list(stringFlag(args, 'stack-order'));
  if (order) o.order = order;
  return o;
}

/** Aalen-Johansen: the contract JSON, a table, or the disclosed curves under a study. */
async function runAalenJohansen(fit: AalenJohansenFit, args: ParsedArgs, io: CommandIO, run: StudyRun | null, out: string | undefined): Promise<number> {
  const p0 = new Map(fit.strata.map((s) => [s.label, Array.from(s.p0)]));
  if (run) {
    const d = discloseStateOccupation(fit, run.disclosure);
    const hidden = d.strata.filter((s) => s.suppressed).map((s) => s.label);
    const json = {
      states: d.states,
      strata: d.strata.map((s) => ({ label: s.label, time: s.time, pstate: s.pstate, stdErr: s.stdErr })),
      disclosure: { threshold: d.threshold, allowIndividualTimes: d.allowIndividualTimes, gridWidth: d.gridWidth, hidden },
      warnings: [
        ...fit.warnings.map((w) => (isSmallCount(fit.nDropped, d.threshold) && /deleted due to missingness/.test(w) ? `fewer than ${d.threshold} observations deleted due to missingness` : w)),
        ...d.warnings,
      ],
    };
    const shown = d.strata.filter((s) => !s.suppressed && s.time.length > 0).map((s) => ({ ...s, p0: p0.get(s.label)! }));
    // refuse before recording: a refused run leaves no ledger entry
    if (out !== undefined && shown.length === 0) throw new UsageError(`every curve is hidden by disclosure control (minimum cell count ${d.threshold}): no figure written`);
    await run.record('mstate', args, {
      model: 'aj',
      states: d.states,
      curves: d.strata.map((s) => ({ label: s.label, hidden: s.suppressed, points: s.time.length })),
      gridWidth: d.gridWidth,
    });
    if (out !== undefined) {
      const note = `Steps of at least ${d.threshold} transitions${d.gridWidth === null ? '' : `, on a grid of width ${d.gridWidth}`} (disclosure control)`;
      const path = await writeFigure(stateOccupationFigure({ states: d.states, strata: shown }, figureOptions(args, note)), out, args);
      io.stderr.write(`figure: ${path}\n`);
    }
    if (hasFlag(args, 'json')) io.stdout.write(jsonText(json));
    else {
      io.stdout.write(`States: ${d.states.join(', ')}\n\n`);
      for (const s of json.strata) {
        io.stdout.write(`${s.label}${hidden.includes(s.label) ? ' (hidden)' : ''}\n`);
        io.stdout.write(textTable(['time', ...d.states.map((x) => `P(${x})`), ...d.states.map((x) => `se(${x})`)], s.time.map((t, i) => [t, ...s.pstate[i]!, ...(s.stdErr[i] ?? [])])) + '\n');
      }
      for (const w of json.warnings) io.stdout.write(`Warning: ${w}\n`);
    }
    return 0;
  }
  if (out !== undefined) {
    const json = fit.toJSON();
    const spec = stateOccupationFigure({ states: json.states, strata: json.strata.map((s) => ({ ...s, p0: p0.get(s.label)! })) }, figureOptions(args));
    io.stderr.write(`figure: ${await writeFigure(spec, out, args)}\n`);
  }
  if (hasFlag(args, 'json')) {
    io.stdout.write(jsonText(fit.toJSON()));
    return 0;
  }
  const times = numberListFlag(args, 'times') ?? defaultTimes(fit);
  io.stdout.write(fit.print(times));
  const transitions = textTable(['from', 'to', 'events'], fit.transitions.map((t) => [t.from, t.to, t.events]));
  io.stdout.write(`Transitions\n${transitions}\n`);
  for (const w of fit.warnings) io.stdout.write(`Warning: ${w}\n`);
  return 0;
}

/** Multi-state Cox: coefficients (and a predicted occupation for --newdata). */
async function runCox(fit: MultiStateCoxFit, args: ParsedArgs, io: CommandIO, run: StudyRun | null, data: ColumnTable, out: string | undefined): Promise<number> {
  const newdata = stringFlag(args, 'newdata');
  const stype = choiceFlag(args, 'stype', ['1', '2'] as const, '2') === '1' ? 1 : 2;
  const prediction = newdata === undefined ? null : predictStateOccupation(fit, parseNewdata(newdata, data), { stype })[0]!;
  const json: Record<string, unknown> = { ...fit.toJSON() };
  let predicted: { time: number[]; pstate: number[][]; p0: number[] } | null = prediction ? { time: prediction.time, pstate: prediction.pstate, p0: prediction.p0 } : null;
  if (run) {
    const { threshold } = run.disclosure;
    const thin = new Set(fit.transitions.filter((t) => t.events < threshold).map((t) => t.label));
    json.transitions = fit.transitions.map((t) => ({ ...t, events: isSmallCount(t.events, threshold) ? null : t.events }));
    json.terms = fit.toJSON().terms.map((t) =>
      t.transitions.some((l) => thin.has(l)) ? { term: t.term, transitions: t.transitions, coef: null, se: null, naiveSe: null, z: null, p: null, hr: null, lower95: null, upper95: null } : t,
    );
    for (const k of ['n', 'patients', 'events', 'dropped'] as const) if (isSmallCount(fit.toJSON()[k], threshold)) json[k] = null;
    const warnings = [...fit.warnings];
    if (thin.size) warnings.push(`transitions ${[...thin].join(', ')} have fewer than ${threshold} events: their estimates are hidden`);
    json.warnings = warnings;
    if (prediction) {
      if (thin.size || isSmallCount(fit.nSubjects, threshold)) predicted = null;
      else {
        const width = run.disclosure.allowIndividualTimes ? null : niceWidth(prediction.time[prediction.time.length - 1] ?? 0);
        predicted = width === null ? predicted : { ...predictionOnGrid(prediction, width), p0: prediction.p0 };
      }
    }
    json.disclosure = { threshold, allowIndividualTimes: run.disclosure.allowIndividualTimes };
    if (out !== undefined && predicted === null) throw new UsageError('--out with --model cox draws the predicted occupation: give --newdata (and it must not be hidden by disclosure control)');
    await run.record('mstate', args, { model: 'cox', n: json.n, transitions: json.transitions, terms: (json.terms as { term: string; coef: number | null }[]).map((t) => ({ term: t.term, coef: t.coef })) });
  }
  if (prediction) json.predicted = predicted === null ? null : { newdata, stype, states: fit.states, ...predicted };
  if (out !== undefined) {
    if (predicted === null) throw new UsageError('--out with --model cox draws the predicted occupation: give --newdata (and it must not be hidden by disclosure control)');
    const spec = stateOccupationFigure({ states: fit.states, strata: [{ label: newdata!, time: predicted.time, pstate: predicted.pstate, p0: predicted.p0 }] }, {
      ...figureOptions(args),
      title: stringFlag(args, 'title') ?? `Predicted state occupation (${newdata})`,
    });
    io.stderr.write(`figure: ${await writeFigure(spec, out, args)}\n`);
  }
  if (hasFlag(args, 'json')) {
    io.stdout.write(jsonText(json));
    return 0;
  }
  if (run) {
    const terms = json.terms as ReturnType<MultiStateCoxFit['toJSON']>['terms'];
    io.stdout.write(`States: ${fit.states.map((x, i) => `${i + 1}= ${x}`).join(', ')}\n` + textTable(['term', 'coef', 'exp(coef)', 'robust se', 'z', 'p'], terms.map((t) => [t.term, t.coef, t.hr, t.se, t.z, t.p])) + '\n');
    for (const w of json.warnings as string[]) io.stdout.write(`Warning: ${w}\n`);
  } else {
    io.stdout.write(fit.summary() + '\n');
    if (prediction) {
      const times = numberListFlag(args, 'times');
      const rows = prediction.time.map((t, i) => [t, ...prediction.pstate[i]!]).filter((r) => !times || times.includes(r[0] as number));
      io.stdout.write(`\nPredicted state occupation for ${newdata} (stype ${stype})\n` + textTable(['time', ...fit.states.map((s) => `P(${s})`)], rows) + '\n');
    }
  }
  return 0;
}

export const mstateCommand: Command = {
  name: 'mstate',
  summary: 'Multi-state models (as R survival 3.x): Aalen-Johansen state occupation with standard errors, multi-state Cox',
  help: `Usage: midia mstate --formula "Surv(start, stop, state) ~ group" --id ID (--data FILE | --db FILE --study ID ...) [flags]

State occupation probabilities of a multi-state model (illness-death such as
surgery -> recurrence -> death, MS relapsing -> progressive, competing risks)
by the Aalen-Johansen estimator with infinitesimal-jackknife standard errors,
equal to R's survfit(Surv(start, stop, state) ~ group, id = ID)$pstate and
$std.err (survival 3.5-3). One row per patient and interval (start, stop];
'state' is the state entered at stop: empty or 'censor' for none (a numeric
column: 0 for none). Patients start in the common initial state (s0) unless
--istate gives the state of every row. The curves are the groups of the
right-hand side (crossed; labels as R: group=a); "~ 1" gives one curve
labelled "all". Surv(time, state) (one row per patient, competing risks)
needs no --id. Definitions, data rules and examples: docs/multi-state.md.

Bad data is refused naming the file, the row, the field and the patient
(exit 2): a row after an absorbing state (death -> recurrence), overlapping
intervals, gaps, stop <= start, missing values, an istate contradicting the
previous row, a group that changes within a patient.

${DATA_FLAGS_HELP}
Flags:
  --formula F      Surv(start, stop, state) ~ group (or ~ 1)
  --id COL         patient id column (required for start, stop data)
  --istate COL     state occupied during each row (default: all start in (s0))
  --censor L[,L]   state labels meaning no transition besides empty (default censor)
  --absorbing S[,S] states nobody may leave (default death,dead; "none" for none)
  --times T1,T2    times of the printed table (default: four spread over follow-up)
  --model M        aj (default): Aalen-Johansen; cox: multi-state Cox model as
                   coxph(Surv(start, stop, state) ~ x, id = ID): one Cox model per
                   transition, coefficients x_1:2 ... (states numbered 1, 2, ... in
                   the order of "states"), robust standard errors by patient
  --common G[;G]   (cox) shared coefficients, R's "1:2 + 3:2 ~ x / common":
                   "1:2+3:2~x" (transitions by number or by labels "(s0):death")
  --newdata V=X,.. (cox) predicted state occupation for this covariate profile
                   (R's survfit(coxfit, newdata)); --stype 2 (default, R's) or 1
  --out FILE       also draw the stacked state occupation (.png or .html): one
                   panel per curve (aj), or the prediction (cox with --newdata);
                   --title, --time-unit, --width, --height, --stack-order S,S,..
                   (states from the bottom; default the order of "states")
${REFERENCE_HELP}
  --json           aj: {"states":[...],"strata":[{"label":"group=a","time":[...],
                   "pstate":[[...],...],"stdErr":[[...],...]}]}: one row of state
                   occupation probabilities (and standard errors) per time, columns
                   in the order of "states": the initial state (s0) first, then the
                   other states in code-point order of their labels (with --istate:
                   the istate values never entered first). Equal to survfit's
                   $pstate and $std.err.
                   cox: {"states","transitions":[{"label","from","to","events"}],
                   "terms":[{"term","transitions","coef","se","naiveSe","z","p","hr",
                   "lower95","upper95"}],"loglik","n","events","patients","dropped",
                   "converged","warnings"} and "predicted" with --newdata.
With --db: curves of fewer patients than the study's minimum cell count are
hidden, every reported step carries at least that many transitions and is
reported at a time-grid bound (no event times unless the study allows them),
"disclosure" says how; cox estimates of transitions with fewer events are
hidden. The run is recorded in the data-use ledger.

Examples:
  midia mstate --data ill.csv --formula "Surv(start, stop, state) ~ group" --id id --json
  midia mstate --data ms.csv --formula "Surv(start, stop, state) ~ 1" --id id --istate istate --times 12,24,60
  midia mstate --data ill.csv --formula "Surv(start, stop, state) ~ x + group" --id id --model cox --newdata x=0.5,group=b
`,
  async run(args, io) {
    checkFlags(args, [
      'formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'id', 'istate', 'censor', 'absorbing', 'times',
      'model', 'common', 'newdata', 'stype', 'out', 'title', 'time-unit', 'width', 'height', 'stack-order', REFERENCE_FLAG,
    ]);
    const formula = requiredFlag(args, 'formula');
    const model = choiceFlag(args, 'model', ['aj', 'cox'] as const, 'aj');
    const out = stringFlag(args, 'out');
    if (out !== undefined && !['.png', '.html'].includes(extname(out).toLowerCase())) throw new UsageError(`--out must end in .html or .png, got ${out}`);
    if (model === 'aj') for (const f of ['common', 'newdata', 'stype']) if (args.flags[f] !== undefined) throw new UsageError(`--${f} needs --model cox`);
    const absorbingFlag = list(stringFlag(args, 'absorbing'));
    const options = {
      ...(stringFlag(args, 'id') !== undefined ? { id: stringFlag(args, 'id')! } : {}),
      ...(stringFlag(args, 'istate') !== undefined ? { istate: stringFlag(args, 'istate')! } : {}),
      ...(list(stringFlag(args, 'censor')) ? { censor: list(stringFlag(args, 'censor'))! } : {}),
      ...(absorbingFlag ? { absorbing: absorbingFlag.length === 1 && absorbingFlag[0] === 'none' ? [] : absorbingFlag } : {}),
    };
    const factors = referenceFactors(args, formula);
    const common = stringFlag(args, 'common');
    const { data, run, source } = await loadAnalysisData(args, io);
    const frameOptions = { ...options, file: source, nameIds: run === null, ...(factors ? { factors } : {}) };
    if (model === 'aj') return runAalenJohansen(aalenJohansen(formula, data, frameOptions), args, io, run, out);
    const fit = multiStateCox(formula, data, { ...frameOptions, ...(common !== undefined ? { common: parseCommon(common) } : {}) });
    return runCox(fit, args, io, run, data, out);
  },
};
