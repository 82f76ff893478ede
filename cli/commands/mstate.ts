/**
 * `midia mstate`: parses the flags, calls the mstate analysis
 * (analyses/survival/mstate.ts: fit, disclosure, ledger) and prints its
 * result as text or JSON; a figure it returns is rendered here (render/).
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import type { FigureSpec } from '../../charts/types.js';
import { runMstate, type MstateResult } from '../../analyses/survival/mstate.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, numberListFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, CommandIO, ParsedArgs } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, runParameters } from '../io.js';
import { withFlagSource } from '../source-flags.js';
import { jsonText, textTable } from '../output.js';
import { REFERENCE_FLAG, REFERENCE_HELP, referenceFactors } from '../reference-flag.js';

const list = (v: string | undefined): string[] | undefined => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter((s) => s.length > 0));

async function writeFigure(spec: FigureSpec, out: string, args: ParsedArgs): Promise<string> {
  const path = resolve(out);
  if (extname(out).toLowerCase() === '.html') {
    const { figureHtml } = await import('../../render/figure-html.js');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, figureHtml(spec), 'utf8');
  } else {
    const { figureToPng } = await import('../../render/png.js');
    const w = numberFlag(args, 'width');
    const h = numberFlag(args, 'height');
    await figureToPng(spec, path, { ...(w !== undefined ? { width: w } : {}), ...(h !== undefined ? { height: h } : {}) });
  }
  return path;
}

/** Prints the result as text (the JSON is printed by the caller). */
function printText(r: MstateResult, io: CommandIO, args: ParsedArgs): void {
  if (r.model === 'aj' && !r.disclosed) {
    io.stdout.write(r.printed);
    io.stdout.write(`Transitions\n${textTable(['from', 'to', 'events'], r.transitions.map((t) => [t.from, t.to, t.events]))}\n`);
    for (const w of r.warnings) io.stdout.write(`Warning: ${w}\n`);
  } else if (r.model === 'aj') {
    const d = r.json;
    io.stdout.write(`States: ${d.states.join(', ')}\n\n`);
    for (const s of d.strata) {
      io.stdout.write(`${s.label}${d.disclosure.hidden.includes(s.label) ? ' (hidden)' : ''}\n`);
      io.stdout.write(textTable(['time', ...d.states.map((x) => `P(${x})`), ...d.states.map((x) => `se(${x})`)], s.time.map((t, i) => [t, ...(s.pstate[i] ?? []), ...(s.stdErr[i] ?? [])])) + '\n');
    }
    for (const w of d.warnings) io.stdout.write(`Warning: ${w}\n`);
  } else if (r.disclosed) {
    const states = r.json.states as string[];
    const terms = r.json.terms as { term: string; coef: number | null; hr: number | null; se: number | null; z: number | null; p: number | null }[];
    io.stdout.write(`States: ${states.map((x, i) => `${i + 1}= ${x}`).join(', ')}\n` + textTable(['term', 'coef', 'exp(coef)', 'robust se', 'z', 'p'], terms.map((t) => [t.term, t.coef, t.hr, t.se, t.z, t.p])) + '\n');
    for (const w of r.json.warnings as string[]) io.stdout.write(`Warning: ${w}\n`);
  } else {
    io.stdout.write(`${r.printed ?? ''}\n`);
    const p = r.prediction;
    if (p) {
      const times = numberListFlag(args, 'times');
      const rows = p.time.map((t, i) => [t, ...(p.pstate[i] ?? [])]).filter((row) => !times || times.includes(row[0] as number));
      const stype = (r.json.predicted as { stype: number }).stype;
      io.stdout.write(`\nPredicted state occupation for ${r.profile} (stype ${stype})\n` + textTable(['time', ...p.states.map((s) => `P(${s})`)], rows) + '\n');
    }
  }
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
    const stype = choiceFlag(args, 'stype', ['1', '2'] as const, '2') === '1' ? 1 : 2;
    const absorbing = list(stringFlag(args, 'absorbing'));
    const [id, istate, censor, common, newdata, times, title, order] = [stringFlag(args, 'id'), stringFlag(args, 'istate'), list(stringFlag(args, 'censor')), stringFlag(args, 'common'), stringFlag(args, 'newdata'), numberListFlag(args, 'times'), stringFlag(args, 'title'), list(stringFlag(args, 'stack-order'))];
    const timeUnit = stringFlag(args, 'time-unit') ?? (stringFlag(args, 'endpoint') !== undefined ? (stringFlag(args, 'unit') ?? 'days') : undefined);
    const factors = referenceFactors(args, formula);
    const { result: r } = await withFlagSource(args, io, ({ source, selection }) =>
      runMstate(
        source,
        {
          formula, model, stype,
          ...(id !== undefined ? { id } : {}),
          ...(istate !== undefined ? { istate } : {}),
          ...(censor ? { censor } : {}),
          ...(absorbing ? { absorbing: absorbing.length === 1 && absorbing[0] === 'none' ? [] : absorbing } : {}),
          ...(common !== undefined ? { common } : {}),
          ...(newdata !== undefined ? { newdata } : {}),
          ...(times ? { times } : {}),
          ...(factors ? { factors } : {}),
          ...(selection ? { data: selection } : {}),
          ...(out !== undefined ? { figure: { ...(title !== undefined ? { title } : {}), ...(timeUnit !== undefined ? { timeUnit } : {}), ...(order ? { order } : {}) } } : {}),
        },
        { parameters: runParameters(args) },
      ),
    );
    if (out !== undefined && r.figure) io.stderr.write(`figure: ${await writeFigure(r.figure, out, args)}\n`);
    if (hasFlag(args, 'json')) io.stdout.write(jsonText(r.json));
    else printText(r, io, args);
    return 0;
  },
};
