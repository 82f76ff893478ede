/**
 * The patient timeline, "the overall clinical picture": on one shared date
 * axis, stacked top to bottom,
 * 1. the numeric course of one measure (EDSS, PSA, ...), with faint vertical
 *    lines at the key events;
 * 2. clinical events (relapses, recurrences, metastases, death, ...) with a
 *    distinct symbol per type, one lane per type, and MRI findings, one lane
 *    per finding code, marker size growing with the finding's value;
 * 3. therapy bars from start to stop (or to the last date of the record while
 *    ongoing), one lane per therapy class, as a Gantt chart.
 *
 * The input is structurally the engine's `PatientTimeline` (engine/timeline.ts);
 * charts/ does not import the engine.
 */
import { UsageError } from '../util/errors.js';
import { formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, legendOutsideRight, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY } from './palette.js';
import type { FigureSpec, PatientTimelineInput, PlotlyAxis, PlotlyShape, PlotlyTrace, TimelineEntryInput } from './types.js';

/** Plotly marker symbol of each event type (types of engine/schema.ts EVENT_TYPES; others get 'circle-dot'). */
export const EVENT_SYMBOLS: Readonly<Record<string, string>> = {
  relapse: 'triangle-up',
  local_recurrence: 'diamond',
  regional_recurrence: 'diamond-wide',
  distant_metastasis: 'star',
  contralateral_cancer: 'square',
  second_primary: 'square-open',
  dcis: 'circle-open',
  biochemical_recurrence: 'triangle-down',
  progression: 'hexagon',
  death: 'x',
  surgery: 'cross',
  diagnosis: 'circle',
  other: 'circle-dot',
};

/** Event types that get a vertical line through the course panel (default `keyEvents`). */
export const KEY_EVENTS: readonly string[] = [
  'relapse', 'local_recurrence', 'regional_recurrence', 'distant_metastasis', 'biochemical_recurrence', 'progression', 'death',
];

/** Options of {@link patientTimelineFigure}; every field optional. */
export interface PatientTimelineFigureOptions extends CommonFigureOptions {
  /** Observation code of the course panel (default: the most frequent numeric observation code; ties alphabetical). */
  measure?: string;
  /** Unit shown in the course axis title (default: the most frequent unit text of the measure's entries). */
  unit?: string;
  /** Log-scale y axis of the course (default false; true suits PSA). */
  logY?: boolean;
  /** Event types with a vertical line through the course panel (default {@link KEY_EVENTS}). */
  keyEvents?: readonly string[];
  /** Date that ends ongoing therapies (default: the latest date in the record or the patient's `last_contact`). */
  asOf?: string;
  /** Event types left out (default: none; 'mri' entries go to MRI lanes). */
  excludeEvents?: readonly string[];
  /** Include visits as a lane of small ticks (default false). */
  showVisits?: boolean;
}

const DAY_MS = 86_400_000;

function isoDay(s: string): number {
  const t = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
  if (Number.isNaN(t)) throw new UsageError(`timeline date is not an ISO date: '${s}'`);
  return t;
}

function mostFrequent(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let bestN = 0;
  for (const [v, n] of [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (n > bestN) {
      best = v;
      bestN = n;
    }
  }
  return best;
}

/**
 * Builds the patient timeline figure.
 *
 * @param timeline a patient's header and entries (not modified).
 * @param options see {@link PatientTimelineFigureOptions}.
 * @throws UsageError for an entry whose date is not ISO, or an `asOf` that is not a date
 * @example patientTimelineFigure(await patientTimeline(session, 'P0001'), { measure: 'EDSS' })
 */
export function patientTimelineFigure(timeline: PatientTimelineInput, options: PatientTimelineFigureOptions = {}): FigureSpec {
  const palette = options.colors ?? DEFAULT_PALETTE;
  const warnings: string[] = [];
  const entries = timeline.entries;
  for (const e of entries) {
    isoDay(e.date);
    if (e.stop !== null) isoDay(e.stop);
  }
  const excluded = new Set(options.excludeEvents ?? []);
  const keyEvents = new Set(options.keyEvents ?? KEY_EVENTS);

  // 1. Course of the measure.
  const numericObs = entries.filter((e) => e.kind === 'observation' && e.value !== null && Number.isFinite(e.value));
  const measure = options.measure ?? mostFrequent(numericObs.map((e) => e.label));
  const course = measure === null ? [] : numericObs.filter((e) => e.label === measure).sort((a, b) => isoDay(a.date) - isoDay(b.date));
  if (options.measure !== undefined && course.length === 0) warnings.push(`no numeric observations of '${options.measure}'`);
  const unit = options.unit ?? mostFrequent(course.map((e) => e.text).filter((t): t is string => t !== null && !/^[<>]/.test(t)));
  const logY = options.logY ?? false;
  const logDropped = logY ? course.filter((e) => !(e.value! > 0)).length : 0;
  if (logDropped) warnings.push(`${logDropped} value(s) <= 0 of '${measure}' not shown on the log axis`);
  const courseShown = logY ? course.filter((e) => e.value! > 0) : course;

  // 2. Events and MRI findings.
  const events = entries.filter((e) => e.kind === 'event' && e.label !== 'mri' && !excluded.has(e.label));
  const mri = excluded.has('mri') ? [] : entries.filter((e) => e.kind === 'event' && e.label === 'mri');
  const eventTypes = [...new Set(events.map((e) => e.label))];
  const mriCodes = [...new Set(mri.map((e) => e.code ?? 'MRI'))].sort();
  const visits = options.showVisits ? entries.filter((e) => e.kind === 'visit') : [];
  const eventLanes = [...eventTypes, ...mriCodes.map((c) => `MRI ${c}`), ...(visits.length ? ['visit'] : [])];

  // 3. Therapies.
  const therapies = entries.filter((e) => e.kind === 'treatment');
  const classes = [...new Set(therapies.map((e) => e.text ?? 'other'))];
  let lastDay = -Infinity;
  for (const e of entries) lastDay = Math.max(lastDay, isoDay(e.date), e.stop !== null ? isoDay(e.stop) : -Infinity);
  const lastContact = timeline.patient['last_contact'];
  if (typeof lastContact === 'string' && lastContact) lastDay = Math.max(lastDay, isoDay(lastContact));
  const asOf = options.asOf !== undefined ? isoDay(options.asOf) : lastDay;

  // Panel layout: heights proportional to content, stacked top to bottom.
  const panels: { key: 'course' | 'events' | 'therapy'; weight: number }[] = [];
  if (course.length) panels.push({ key: 'course', weight: 3 });
  if (eventLanes.length) panels.push({ key: 'events', weight: Math.max(1, 0.45 * eventLanes.length) });
  if (classes.length) panels.push({ key: 'therapy', weight: Math.max(1, 0.45 * classes.length) });
  if (panels.length === 0) warnings.push('the timeline has no entries to draw');
  const gap = 0.05;
  const total = panels.reduce((s, p) => s + p.weight, 0) || 1;
  const usable = 1 - gap * Math.max(0, panels.length - 1);
  const domains = new Map<string, { axis: string; domain: [number, number] }>();
  let top = 1;
  panels.forEach((p, k) => {
    const h = (usable * p.weight) / total;
    domains.set(p.key, { axis: k === 0 ? 'y' : `y${k + 1}`, domain: [Math.max(0, top - h), top] });
    top -= h + gap;
  });
  const yRef = (key: string): string => domains.get(key)!.axis;

  const data: PlotlyTrace[] = [];
  const shapes: PlotlyShape[] = [];
  if (course.length) {
    data.push({
      type: 'scatter', mode: 'lines+markers', name: measure!, x: courseShown.map((e) => e.date), y: courseShown.map((e) => e.value),
      yaxis: yRef('course'), line: { color: colorAt(palette, 0), width: 2 }, marker: { size: 7, color: colorAt(palette, 0) },
      text: courseShown.map((e) => `${e.date}<br>${measure} = ${formatNumber(e.value)}${e.text ? ` ${e.text}` : ''}`),
      hovertemplate: '%{text}<extra></extra>', showlegend: false, meta: { role: 'course', measure: measure! },
    });
    for (const e of events.filter((ev) => keyEvents.has(ev.label))) {
      shapes.push({
        type: 'line', xref: 'x', yref: 'paper', x0: e.date, x1: e.date, y0: domains.get('course')!.domain[0], y1: 1,
        line: { color: e.label === 'death' ? '#000000' : REFERENCE_GREY, width: 1, dash: 'dot' }, layer: 'below',
      });
    }
  }
  if (eventLanes.length) {
    const ya = yRef('events');
    eventTypes.forEach((type, k) => {
      const list = events.filter((e) => e.label === type);
      data.push({
        type: 'scatter', mode: 'markers', name: type.replace(/_/g, ' '), x: list.map((e) => e.date), y: list.map(() => type.replace(/_/g, ' ')),
        yaxis: ya, marker: { symbol: EVENT_SYMBOLS[type] ?? 'circle-dot', size: 13, color: type === 'death' ? '#000000' : colorAt(palette, k + 1), line: { width: 1.5, color: type === 'death' ? '#000000' : colorAt(palette, k + 1) } },
        text: list.map((e) => eventText(e)), hovertemplate: '%{text}<extra></extra>', meta: { role: 'event', type },
      });
    });
    mriCodes.forEach((code) => {
      const list = mri.filter((e) => (e.code ?? 'MRI') === code);
      data.push({
        type: 'scatter', mode: 'markers+text', name: `MRI ${code}`, x: list.map((e) => e.date), y: list.map(() => `MRI ${code}`),
        yaxis: ya, marker: { symbol: 'circle', size: list.map((e) => Math.min(24, 7 + 2 * Math.max(0, e.value ?? 0))), color: list.map((e) => ((e.value ?? 0) > 0 ? '#D55E00' : '#BBBBBB')) },
        text: list.map((e) => (e.value === null ? '' : formatNumber(e.value))), textposition: 'top center', textfont: { size: 11 },
        hovertemplate: list.map((e) => `${e.date}<br>MRI ${code}${e.value === null ? '' : ` = ${formatNumber(e.value)}`}<extra></extra>`),
        showlegend: false, cliponaxis: false, meta: { role: 'mri', code },
      });
    });
    if (visits.length) {
      data.push({
        type: 'scatter', mode: 'markers', name: 'visit', x: visits.map((e) => e.date), y: visits.map(() => 'visit'), yaxis: ya,
        marker: { symbol: 'line-ns-open', size: 10, color: '#888888' }, text: visits.map((e) => `${e.date}<br>visit: ${e.label}${e.text ? ` (${e.text})` : ''}`),
        hovertemplate: '%{text}<extra></extra>', showlegend: false, meta: { role: 'visit' },
      });
    }
  }
  if (classes.length) {
    const ya = yRef('therapy');
    classes.forEach((cls, k) => {
      const list = therapies.filter((e) => (e.text ?? 'other') === cls);
      const color = colorAt(palette, k + 2);
      const ends = list.map((e) => (e.stop !== null ? isoDay(e.stop) + DAY_MS : Math.max(asOf, isoDay(e.date) + DAY_MS)));
      data.push({
        type: 'bar', orientation: 'h', name: cls.replace(/_/g, ' '), base: list.map((e) => e.date),
        x: list.map((e, i) => ends[i]! - isoDay(e.date)), y: list.map(() => cls.replace(/_/g, ' ')), yaxis: ya,
        marker: { color, line: { color: '#333333', width: 0.5 } }, width: 0.6,
        text: list.map((e) => e.label), textposition: 'inside', insidetextanchor: 'start', textfont: { size: 11 },
        hovertemplate: list.map((e) => `${e.label} (${cls})<br>${e.date} – ${e.stop ?? 'ongoing'}${e.code ? `<br>ATC ${e.code}` : ''}${e.value !== null ? `<br>line ${formatNumber(e.value)}` : ''}<extra></extra>`),
        showlegend: false, meta: { role: 'therapy', class: cls },
      });
    });
  }

  const diagnosis = timeline.patient['diagnosis'];
  const title = options.title ?? `Patient ${timeline.pseudonym}${typeof diagnosis === 'string' && diagnosis ? `: ${diagnosis}` : ''}`;
  const layout = baseLayout(title, options, 220 + 60 * (course.length ? 4 : 0) + 34 * (eventLanes.length + classes.length));
  layout.barmode = 'overlay';
  layout.hovermode = 'closest';
  // right of the panels, top-aligned: above the plot (y 1.02) it ran into the title
  layout.legend = legendOutsideRight();
  const bottom = panels.length ? domains.get(panels[panels.length - 1]!.key)!.axis : 'y';
  layout.xaxis = axis('Date', { type: 'date', anchor: bottom });
  const setY = (key: string, ax: PlotlyAxis): void => {
    const d = domains.get(key);
    if (!d) return;
    const full: PlotlyAxis = { ...ax, domain: d.domain, anchor: 'x' };
    if (d.axis === 'y') layout.yaxis = full;
    else layout[`yaxis${Number(d.axis.slice(1))}`] = full;
  };
  setY('course', axis(`${measure ?? ''}${unit ? ` (${unit})` : ''}`, logY ? { type: 'log' } : {}));
  setY('events', { type: 'category', showgrid: true, gridcolor: '#F0F0F0', automargin: true, fixedrange: true, autorange: 'reversed', ticks: '' });
  setY('therapy', { type: 'category', showgrid: false, automargin: true, fixedrange: true, autorange: 'reversed', ticks: '' });
  if (shapes.length) layout.shapes = shapes;
  return {
    data,
    layout,
    config: defaultConfig(`timeline-${timeline.pseudonym}`),
    meta: {
      kind: 'patient-timeline',
      title,
      pseudonym: timeline.pseudonym,
      measure,
      unit,
      eventLanes,
      therapyLanes: classes,
      asOf: Number.isFinite(asOf) ? new Date(asOf).toISOString().slice(0, 10) : null,
      warnings,
    },
  };
}

function eventText(e: TimelineEntryInput): string {
  const parts = [`${e.date}`, e.label.replace(/_/g, ' ')];
  if (e.code) parts.push(`code ${e.code}`);
  if (e.value !== null) parts.push(`value ${formatNumber(e.value)}`);
  if (e.text) parts.push(e.text);
  return parts.join('<br>');
}
