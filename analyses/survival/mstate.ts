/**
 * Multi-state models (R survival 3.x) as an analysis: Aalen-Johansen state
 * occupation with infinitesimal-jackknife standard errors (`model: 'aj'`), or
 * one Cox model per transition with an optional predicted state occupation
 * for a covariate profile (`model: 'cox'`). Definitions: docs/multi-state.md.
 *
 * Disclosure for a study (docs/multi-state.md, docs/access-levels.md):
 * - aj: curves of fewer patients than the study's minimum cell count hidden;
 *   every reported step carries at least that many transitions and is read at
 *   a time-grid bound (no event times unless the study allows them); a small
 *   dropped count is said as "fewer than T" in the warnings;
 * - cox: estimates of terms on a transition with fewer events hidden, small
 *   counts (n, patients, events, dropped, per transition) null; the predicted
 *   occupation withheld when any transition is thin or the patients are few,
 *   read on a grid otherwise.
 * A figure that would show nothing is refused (UsageError) before anything is
 * recorded. The figure spec is returned; rendering is the surface's job.
 */
import { stateOccupationFigure, type StateOccupationFigureOptions } from '../../charts/state-occupation-figure.js';
import type { FigureSpec } from '../../charts/types.js';
import { discloseStateOccupation } from '../../engine/disclosure/disclose-state-occupation.js';
import { ceilToGrid, niceWidth } from '../../engine/disclosure/time-grid.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { AalenJohansenFit, AalenJohansenJSON, ObservedTransition } from '../../models/survival/multistate/aalen-johansen.js';
import type { CommonCoefficients, MultiStateCoxFit } from '../../models/survival/multistate/multi-state-cox.js';
import type { StateOccupationPrediction } from '../../models/survival/multistate/multi-state-cox-predict.js';
import { UsageError } from '../../util/errors.js';
import { isSmallCount } from '../core/missing-data.js';
import { loadTable } from '../core/load.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec, type DiscloseContext, type Disclosed } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { checkFactorVariables } from './factor-variables.js';
import type { MstateOptionsInput, MstateOptionsParsed } from './mstate-options.js';

export type { MstateOptionsInput, MstateOptionsParsed } from './mstate-options.js';

/** Disclosed Aalen-Johansen curves (the `--json` of `mstate --db`). */
export interface DisclosedAalenJohansen {
  states: string[];
  strata: { label: string; time: number[]; pstate: number[][]; stdErr: number[][] }[];
  disclosure: { threshold: number; allowIndividualTimes: boolean; gridWidth: number | null; hidden: string[] };
  warnings: string[];
}

/** Result of {@link mstate}. `json` is the document `midia mstate --json` prints. */
export type MstateResult =
  | { model: 'aj'; disclosed: false; json: AalenJohansenJSON; printed: string; transitions: readonly ObservedTransition[]; warnings: readonly string[]; figure: FigureSpec | null }
  | { model: 'aj'; disclosed: true; json: DisclosedAalenJohansen; figure: FigureSpec | null }
  | { model: 'cox'; disclosed: boolean; json: Record<string, unknown>; printed: string | null; prediction: StateOccupationPrediction | null; profile: string | null; figure: FigureSpec | null };

/** Loaded rows with the name errors give them (the file, or `store:table`). */
interface MstateData {
  table: ColumnTable;
  file: string;
  study: boolean;
}

type Fitted = { model: 'aj'; fit: AalenJohansenFit } | { model: 'cox'; fit: MultiStateCoxFit; prediction: StateOccupationPrediction | null; profile: string | null };

/**
 * `"1:2+3:2~x+age;1:3+2:3~sex"` -> shared coefficient groups (R's `1:2 + 3:2 ~ x / common`).
 * @throws UsageError for a group without two transitions, `~` and a term.
 */
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

/** A profile (`"x=0.5,group=b"` or `{ x: 0.5, group: 'b' }`) as one-row columns typed as the data's columns. */
export function parseNewdata(profile: string | Readonly<Record<string, string | number>>, data: ColumnTable): ColumnTable {
  const pairs: [string, string][] = [];
  if (typeof profile === 'string') {
    for (const part of profile.split(',')) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new UsageError(`--newdata: expected name=value pairs separated by commas, got "${part}"`);
      pairs.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
    }
  } else for (const [k, v] of Object.entries(profile)) pairs.push([k, String(v)]);
  const out: Record<string, Float64Array | string[]> = {};
  for (const [name, value] of pairs) {
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
  for (const s of fit.strata) {
    const last = s.time[s.time.length - 1];
    if (last !== undefined && last > max) max = last;
  }
  if (!(max > 0)) return [0];
  const step = 10 ** Math.floor(Math.log10(max / 4));
  const base = Math.max(step, Math.floor(max / 4 / step) * step);
  return [1, 2, 3, 4].map((k) => k * base).filter((t) => t <= max);
}

/** Predicted occupation read on a time grid (the step at or before each grid point). */
function predictionOnGrid(p: StateOccupationPrediction, width: number): { time: number[]; pstate: number[][] } {
  const last = p.time[p.time.length - 1] ?? 0;
  const time: number[] = [];
  const pstate: number[][] = [];
  for (let g = 0; g <= ceilToGrid(last, width) + 1e-9; g = ceilToGrid(g + width, width)) {
    let row = p.p0;
    for (let i = 0; i < p.time.length && (p.time[i] ?? Infinity) <= g; i++) row = p.pstate[i] ?? row;
    time.push(g);
    pstate.push([...row]);
  }
  return { time, pstate };
}

function figureOptions(o: MstateOptionsParsed, note?: string): StateOccupationFigureOptions {
  const f = o.figure ?? {};
  return { ...(f.title !== undefined ? { title: f.title } : {}), ...(f.timeUnit !== undefined ? { timeUnit: f.timeUnit } : {}), ...(f.order ? { order: f.order } : {}), ...(note !== undefined ? { note } : {}) };
}

const NO_PREDICTION = '--out with --model cox draws the predicted occupation: give --newdata (and it must not be hidden by disclosure control)';

function predictionFigure(o: MstateOptionsParsed, fit: MultiStateCoxFit, profile: string, p: { time: number[]; pstate: number[][]; p0: number[] }): FigureSpec {
  const options = figureOptions(o);
  return stateOccupationFigure({ states: fit.states, strata: [{ label: profile, ...p }] }, { ...options, title: options.title ?? `Predicted state occupation (${profile})` });
}

const MSTATE: AnalysisSpec<MstateOptionsParsed, MstateData, Fitted, MstateResult> = {
  name: 'mstate',
  async load(source, o) {
    const loaded = await loadTable(source, o.data);
    const file = source.kind === 'table' ? source.label : `${source.label}:${loaded.selection ?? 'table'}`;
    return { data: { table: loaded.data, file, study: source.kind === 'study' }, pseudonyms: loaded.pseudonyms, selection: loaded.selection };
  },
  async fit({ table, file, study }, o): Promise<Fitted> {
    const frame = {
      file,
      nameIds: !study,
      ...(o.id !== undefined ? { id: o.id } : {}),
      ...(o.istate !== undefined ? { istate: o.istate } : {}),
      ...(o.censor ? { censor: o.censor } : {}),
      ...(o.absorbing ? { absorbing: o.absorbing } : {}),
      ...(o.factors ? { factors: o.factors } : {}),
    };
    const ms = await import('../../models/survival/multistate/index.js');
    if (o.model === 'aj') return { model: 'aj', fit: ms.aalenJohansen(o.formula, table, frame) };
    const common = o.common === undefined ? undefined : typeof o.common === 'string' ? parseCommon(o.common) : o.common;
    const fit = ms.multiStateCox(o.formula, table, { ...frame, ...(common ? { common } : {}) });
    if (o.newdata === undefined) return { model: 'cox', fit, prediction: null, profile: null };
    const profile = typeof o.newdata === 'string' ? o.newdata : Object.entries(o.newdata).map(([k, v]) => `${k}=${v}`).join(',');
    const prediction = ms.predictStateOccupation(fit, parseNewdata(o.newdata, table), { stype: o.stype })[0] ?? null;
    return { model: 'cox', fit, prediction, profile };
  },
  plain(f, o): MstateResult {
    if (f.model === 'aj') {
      const json = f.fit.toJSON();
      const p0 = new Map(f.fit.strata.map((s) => [s.label, Array.from(s.p0)]));
      const figure = o.figure ? stateOccupationFigure({ states: json.states, strata: json.strata.map((s) => ({ ...s, p0: p0.get(s.label) ?? [] })) }, figureOptions(o)) : null;
      return { model: 'aj', disclosed: false, json, printed: f.fit.print(o.times ?? defaultTimes(f.fit)), transitions: f.fit.transitions, warnings: f.fit.warnings, figure };
    }
    const { fit, prediction, profile } = f;
    if (o.figure && (prediction === null || profile === null)) throw new UsageError(NO_PREDICTION);
    const json: Record<string, unknown> = { ...fit.toJSON() };
    if (prediction) json.predicted = { newdata: profile, stype: o.stype, states: fit.states, time: prediction.time, pstate: prediction.pstate, p0: prediction.p0 };
    const figure = o.figure && prediction && profile !== null ? predictionFigure(o, fit, profile, prediction) : null;
    return { model: 'cox', disclosed: false, json, printed: fit.summary(), prediction, profile, figure };
  },
  warnings: (f) => f.fit.warnings,
  disclose: (f, ctx) => (f.model === 'aj' ? discloseAj(f.fit, ctx) : discloseCox(f, ctx)),
};

/** The study path of `model: 'aj'`. */
function discloseAj(fit: AalenJohansenFit, ctx: DiscloseContext<MstateOptionsParsed, MstateData>): Disclosed<MstateResult> {
  const p0 = new Map(fit.strata.map((s) => [s.label, Array.from(s.p0)]));
  const d = discloseStateOccupation(fit, ctx.disclosure);
  const hidden = d.strata.filter((s) => s.suppressed).map((s) => s.label);
  const smallDropped = isSmallCount(fit.nDropped, d.threshold);
  const json: DisclosedAalenJohansen = {
    states: d.states,
    strata: d.strata.map((s) => ({ label: s.label, time: s.time, pstate: s.pstate, stdErr: s.stdErr })),
    disclosure: { threshold: d.threshold, allowIndividualTimes: d.allowIndividualTimes, gridWidth: d.gridWidth, hidden },
    warnings: [...fit.warnings.map((w) => (smallDropped && /deleted due to missingness/.test(w) ? `fewer than ${d.threshold} observations deleted due to missingness` : w)), ...d.warnings],
  };
  let figure: FigureSpec | null = null;
  if (ctx.options.figure) {
    const shown = d.strata.filter((s) => !s.suppressed && s.time.length > 0).map((s) => ({ ...s, p0: p0.get(s.label) ?? [] }));
    // refused before the ledger entry: a refused run leaves none
    if (shown.length === 0) throw new UsageError(`every curve is hidden by disclosure control (minimum cell count ${d.threshold}): no figure written`);
    const note = `Steps of at least ${d.threshold} transitions${d.gridWidth === null ? '' : `, on a grid of width ${d.gridWidth}`} (disclosure control)`;
    figure = stateOccupationFigure({ states: d.states, strata: shown }, figureOptions(ctx.options, note));
  }
  return {
    result: { model: 'aj', disclosed: true, json, figure },
    summary: { model: 'aj', states: d.states, curves: d.strata.map((s) => ({ label: s.label, hidden: s.suppressed, points: s.time.length })), gridWidth: d.gridWidth },
    hidden,
    notes: [`steps of at least ${d.threshold} transitions${d.gridWidth === null ? '' : `, times on a grid of ${d.gridWidth}`}`],
    warnings: json.warnings,
  };
}

/** The study path of `model: 'cox'`. */
function discloseCox(f: Fitted & { model: 'cox' }, ctx: DiscloseContext<MstateOptionsParsed, MstateData>): Disclosed<MstateResult> {
  const { fit, prediction, profile } = f;
  const { threshold, allowIndividualTimes } = ctx.disclosure;
  const whole = fit.toJSON();
  const thin = new Set(fit.transitions.filter((t) => t.events < threshold).map((t) => t.label));
  const json: Record<string, unknown> = { ...whole };
  json.transitions = fit.transitions.map((t) => ({ ...t, events: isSmallCount(t.events, threshold) ? null : t.events }));
  const terms = whole.terms.map((t) =>
    t.transitions.some((l) => thin.has(l)) ? { term: t.term, transitions: t.transitions, coef: null, se: null, naiveSe: null, z: null, p: null, hr: null, lower95: null, upper95: null } : t,
  );
  json.terms = terms;
  for (const k of ['n', 'patients', 'events', 'dropped'] as const) if (isSmallCount(whole[k], threshold)) json[k] = null;
  const warnings = [...fit.warnings];
  if (thin.size) warnings.push(`transitions ${[...thin].join(', ')} have fewer than ${threshold} events: their estimates are hidden`);
  json.warnings = warnings;
  let predicted: { time: number[]; pstate: number[][]; p0: number[] } | null = null;
  if (prediction && !thin.size && !isSmallCount(fit.nSubjects, threshold)) {
    const width = allowIndividualTimes ? null : niceWidth(prediction.time[prediction.time.length - 1] ?? 0);
    predicted = width === null ? { time: prediction.time, pstate: prediction.pstate, p0: prediction.p0 } : { ...predictionOnGrid(prediction, width), p0: prediction.p0 };
  }
  json.disclosure = { threshold, allowIndividualTimes };
  // refused before the ledger entry
  if (ctx.options.figure && (predicted === null || profile === null)) throw new UsageError(NO_PREDICTION);
  if (prediction) json.predicted = predicted === null ? null : { newdata: profile, stype: ctx.options.stype, states: fit.states, ...predicted };
  const figure = ctx.options.figure && predicted && profile !== null ? predictionFigure(ctx.options, fit, profile, predicted) : null;
  return {
    result: { model: 'cox', disclosed: true, json, printed: null, prediction: null, profile, figure },
    summary: { model: 'cox', n: json.n, transitions: json.transitions, terms: terms.map((t) => ({ term: t.term, coef: t.coef })) },
    hidden: [...thin].map((l) => `transition ${l}`),
    notes: predicted !== null && !allowIndividualTimes ? ['predicted occupation read on a time grid'] : [],
    warnings,
  };
}

/**
 * Multi-state model of a data source (R's `survfit(Surv(start, stop, state) ~ g, id = id)`
 * or multi-state `coxph`); disclosed for a study. Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options; DataValidationError for impossible state sequences (file, row, field, patient); AccessDeniedError.
 * @example const r = await mstate(tableSource(ill), { formula: 'Surv(start, stop, state) ~ group', id: 'id' }); r.result.json
 */
export async function mstate(source: DataSource, options: MstateOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<MstateResult>> {
  const { MstateOptions } = await import('./mstate-options.js');
  return runMstate(source, parseOptions('mstate', MstateOptions, options), call);
}

/** {@link mstate} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runMstate(source: DataSource, options: MstateOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<MstateResult>> {
  checkFactorVariables(options.formula, options.factors);
  if (options.model === 'aj') for (const k of ['common', 'newdata'] as const) if (options[k] !== undefined) throw new UsageError(`--${k} needs --model cox`);
  return runAnalysis(MSTATE, source, options, call);
}
