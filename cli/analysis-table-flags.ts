/**
 * Analysis-table specs from command-line flags (shared by 'midia table' and
 * every --db analysis command): specs only; the SQL is built by the engine
 * behind analyses/ (analyses/data/table.ts, analyses/core/load.ts).
 */
import type { CovariateSpec, Diagnosis, EventType, PatientTableSpec, TimeDependentParts, TimeUnit } from '../analyses/data/table-spec.js';
import { UsageError } from '../util/errors.js';

function list(v: string | undefined): string[] {
  return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** `KEY=VALUE[,KEY=VALUE]` pairs of a flag, e.g. `--tdc-lookback PSA=365,EDSS=730`. */
function pairs(flag: string, v: string | undefined): [string, string][] {
  return list(v).map((item) => {
    const at = item.indexOf('=');
    if (at <= 0 || at === item.length - 1) throw new UsageError(`--${flag}: expected NAME=VALUE, got '${item}'`);
    return [item.slice(0, at).trim(), item.slice(at + 1).trim()];
  });
}

function days(flag: string, key: string, text: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new UsageError(`--${flag} ${key}: expected a number of days, got '${text}'`);
  return Number(text);
}

/**
 * Per-covariate baseline windows from `--baseline-window C=FROM:TO[,...]`:
 * days relative to the index date (FROM may be negative, e.g. `-365:30`, the
 * default window); the key names a covariate by code or column name, in any case.
 */
function applyBaselineWindows(covs: CovariateSpec[], v: string | undefined): void {
  for (const [key, range] of pairs('baseline-window', v)) {
    const m = /^(-?\d+(?:\.\d+)?):(-?\d+(?:\.\d+)?)$/.exec(range);
    if (!m) throw new UsageError(`--baseline-window ${key}: expected FROM:TO in days relative to the index date (e.g. 0:90 or -365:30), got '${range}'`);
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (from > to) throw new UsageError(`--baseline-window ${key}: FROM (${from}) is after TO (${to})`);
    const k = key.toLowerCase();
    const hits = covs.filter((c) => c.code.toLowerCase() === k || (c.name ?? c.code.toLowerCase()).toLowerCase() === k);
    if (hits.length === 0) throw new UsageError(`--baseline-window ${key}: not among --covariates (${covs.map((c) => c.code).join(', ') || 'none given'})`);
    for (const c of hits) {
      c.daysBefore = -from;
      c.daysAfter = to;
    }
  }
}

/** Builds the analysis-table spec from CLI flags (--diagnosis, --endpoint, --competing, --covariates, --baseline-window, --unit). */
export function specFromFlags(flags: Record<string, string | true>): PatientTableSpec {
  const get = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const spec: PatientTableSpec = {};
  const diagnosis = list(get('diagnosis'));
  if (diagnosis.length) spec.diagnosis = diagnosis as Diagnosis[];
  const events = list(get('endpoint'));
  if (events.length) {
    spec.endpoint = { events: events as EventType[] };
    const competing = list(get('competing'));
    if (competing.length) spec.endpoint.competing = competing as EventType[];
  }
  const covs: CovariateSpec[] = list(get('covariates')).map((code) => ({ code }));
  applyBaselineWindows(covs, get('baseline-window'));
  if (covs.length) spec.covariates = covs;
  const unit = get('unit');
  if (unit) spec.timeUnit = unit as TimeUnit;
  return spec;
}

/** The flags of time-dependent covariates (they need --counting). */
export const TIME_DEPENDENT_FLAGS = ['tdc', 'tdc-lookback', 'cumtdc', 'cumevent', 'tdc-therapy'] as const;

/**
 * The time-dependent part of a counting-process spec from `--tdc C[,C]`,
 * `--tdc-lookback C=DAYS[,...]`, `--cumtdc E[,E]`, `--cumevent E[,E]` and
 * `--tdc-therapy X[,X]`; null when none is given.
 */
export function timeDependentFromFlags(flags: Record<string, string | true>): TimeDependentParts | null {
  const get = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  for (const f of TIME_DEPENDENT_FLAGS) if (flags[f] === true) throw new UsageError(`--${f} needs a value`);
  if (!TIME_DEPENDENT_FLAGS.some((f) => get(f) !== undefined)) return null;
  const tdc = list(get('tdc')).map((code) => ({ code, name: code.toLowerCase() }) as { code: string; name: string; lookbackDays?: number });
  for (const [key, value] of pairs('tdc-lookback', get('tdc-lookback'))) {
    const hits = tdc.filter((t) => t.code.toLowerCase() === key.toLowerCase());
    if (hits.length === 0) throw new UsageError(`--tdc-lookback ${key}: not among --tdc (${tdc.map((t) => t.code).join(', ') || 'none given'})`);
    const d = days('tdc-lookback', key, value);
    if (d < 0) throw new UsageError(`--tdc-lookback ${key}: days must be >= 0, got ${d}`);
    for (const t of hits) t.lookbackDays = d;
  }
  const out: TimeDependentParts = {};
  if (tdc.length) out.tdc = tdc;
  const counts = list(get('cumtdc')).map((e) => ({ events: [e as EventType] }));
  if (counts.length) out.counts = counts;
  const recurrent = list(get('cumevent')).map((e) => ({ events: [e as EventType], cumulative: true }));
  if (recurrent.length) out.recurrent = recurrent;
  const therapies = list(get('tdc-therapy')).map((match) => ({ match }));
  if (therapies.length) out.therapies = therapies;
  return out;
}
