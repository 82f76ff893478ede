/** Patient timeline: a hand-built MS record and a synthetic-cohort MS patient. */
import { describe, expect, it } from 'vitest';
import { patientTimelineFigure, EVENT_SYMBOLS } from '../../charts/patient-timeline-figure.js';
import type { PatientTimelineInput, PlotlyBarTrace, TimelineEntryInput } from '../../charts/types.js';
import { generateCohort } from '../../datasets/synthetic/generate-cohort.js';
import { UsageError } from '../../util/errors.js';
import { byRole, deepFreeze, expectJsonRoundTrip } from './helpers.js';

const e = (date: string, kind: TimelineEntryInput['kind'], label: string, extra: Partial<TimelineEntryInput> = {}): TimelineEntryInput => ({
  date, kind, label, code: null, value: null, text: null, stop: null, source: 'test', ...extra,
});

const hand: PatientTimelineInput = deepFreeze({
  pseudonym: 'P-TEST',
  patient: { diagnosis: 'MS', last_contact: '2021-12-31' },
  entries: [
    e('2018-01-10', 'observation', 'EDSS', { value: 2, code: 'local' }),
    e('2018-01-10', 'observation', 'ER', { value: 90, text: '%' }),
    e('2018-06-01', 'event', 'relapse'),
    e('2018-06-20', 'observation', 'EDSS', { value: 3.5 }),
    e('2019-01-05', 'event', 'mri', { code: 'T2_NEW', value: 2 }),
    e('2019-01-05', 'event', 'mri', { code: 'GD_ENHANCING', value: 0 }),
    e('2019-02-01', 'observation', 'EDSS', { value: 3 }),
    e('2018-02-01', 'treatment', 'dimethyl_fumarate', { code: 'L04AX07', value: 1, text: 'dmt_moderate', stop: '2019-01-31' }),
    e('2019-02-01', 'treatment', 'ocrelizumab', { code: 'L04AG08', value: 2, text: 'dmt_high' }),
    e('2018-06-03', 'treatment', 'methylprednisolone', { text: 'relapse_therapy', stop: '2018-06-07' }),
    e('2020-03-01', 'visit', 'followup', { text: 'neurology' }),
    e('2021-05-01', 'event', 'death', { text: 'cardiac' }),
  ],
});

describe('patientTimelineFigure', () => {
  it('course of the most frequent numeric measure, events, MRI lanes and therapy bars on one date axis', () => {
    const spec = patientTimelineFigure(hand);
    expect(spec.meta?.measure).toBe('EDSS');
    const [course] = byRole(spec, 'course');
    expect(course!.x).toEqual(['2018-01-10', '2018-06-20', '2019-02-01']);
    expect(course!.y).toEqual([2, 3.5, 3]);
    expect(course!.yaxis).toBe('y');
    const events = byRole(spec, 'event');
    expect(events.map((t) => t.meta?.type)).toEqual(['relapse', 'death']);
    expect(events.map((t) => t.marker?.symbol)).toEqual([EVENT_SYMBOLS.relapse, EVENT_SYMBOLS.death]);
    expect(new Set(events.map((t) => t.marker?.symbol)).size).toBe(2);
    expect(byRole(spec, 'mri').map((t) => t.meta?.code)).toEqual(['GD_ENHANCING', 'T2_NEW']);
    const bars = spec.data.filter((t): t is PlotlyBarTrace => t.type === 'bar');
    expect(bars.map((b) => b.meta?.class)).toEqual(['dmt_moderate', 'dmt_high', 'relapse_therapy']);
    for (const b of bars) expect(b.orientation).toBe('h');
    // Stop dates are inclusive: 2018-02-01..2019-01-31 is 365 days.
    expect(bars[0]!.base).toEqual(['2018-02-01']);
    expect(bars[0]!.x).toEqual([365 * 86_400_000]);
    // Ongoing therapy runs to the last date of the record (last_contact 2021-12-31).
    expect(bars[1]!.x).toEqual([(Date.UTC(2021, 11, 31) - Date.UTC(2019, 1, 1))]);
    expect(spec.meta?.asOf).toBe('2021-12-31');
    // All panels share x; y axes are stacked without overlap.
    expect(spec.data.every((t) => t.xaxis === undefined || t.xaxis === 'x')).toBe(true);
    expect(spec.layout.xaxis?.type).toBe('date');
    const doms = [spec.layout.yaxis!.domain!, spec.layout.yaxis2!.domain!, spec.layout.yaxis3!.domain!];
    expect(doms[0]![1]).toBe(1);
    expect(doms[0]![0]).toBeGreaterThan(doms[1]![1]);
    expect(doms[1]![0]).toBeGreaterThan(doms[2]![1]);
    expect(spec.layout.xaxis?.anchor).toBe('y3');
    // Key events draw vertical lines through the course panel.
    expect(spec.layout.shapes?.map((s) => s.x0)).toEqual(['2018-06-01', '2021-05-01']);
    expect(spec.layout.title?.text).toBe('Patient P-TEST: MS');
    expect(spec.layout.yaxis?.title?.text).toBe('EDSS');
    // the legend (event symbols) sits right of the panels, below the top edge of the plot: not above it, where the title is
    expect(spec.layout.legend).toEqual({ orientation: 'v', x: 1.02, xanchor: 'left', y: 1, yanchor: 'top' });
    expect(spec.data.some((t) => t.showlegend !== false)).toBe(true);
    expectJsonRoundTrip(spec);
  });

  it('measure option with a log axis (PSA) and unit from the entries', () => {
    const psa: PatientTimelineInput = {
      pseudonym: 'P2', patient: {},
      entries: [
        e('2015-01-01', 'observation', 'PSA', { value: 8.2, text: 'ng/mL' }),
        e('2015-06-01', 'observation', 'PSA', { value: 0.01, text: '<LOD' }),
        e('2016-06-01', 'observation', 'PSA', { value: 0.4, text: 'ng/mL' }),
        e('2016-07-01', 'event', 'biochemical_recurrence'),
      ],
    };
    const spec = patientTimelineFigure(psa, { measure: 'PSA', logY: true });
    expect(spec.layout.yaxis?.type).toBe('log');
    expect(spec.layout.yaxis?.title?.text).toBe('PSA (ng/mL)');
    expect(byRole(spec, 'course')[0]!.y).toEqual([8.2, 0.01, 0.4]);
    expect(spec.layout.yaxis2).toBeDefined();
    expect(spec.layout.yaxis3).toBeUndefined();
    const none = patientTimelineFigure(psa, { measure: 'EDSS' });
    expect(none.meta?.warnings).toEqual(["no numeric observations of 'EDSS'"]);
    expect(byRole(none, 'course')).toHaveLength(0);
    expect(() => patientTimelineFigure({ pseudonym: 'x', patient: {}, entries: [e('01/02/2020', 'event', 'relapse')] })).toThrow(UsageError);
  });

  it('a synthetic MS patient from generateCohort', () => {
    const cohort = generateCohort({ seed: 7, breast: 0, prostate: 0, ms: 5 });
    const p = cohort.patients.find(
      (pt) =>
        cohort.events.some((ev) => ev.pseudonym === pt.pseudonym && ev.type === 'relapse') &&
        cohort.treatments.some((t) => t.pseudonym === pt.pseudonym),
    )!;
    expect(p).toBeDefined();
    const id = p.pseudonym;
    const entries: TimelineEntryInput[] = [
      ...cohort.events.filter((x) => x.pseudonym === id).map((x) => e(x.date, 'event', x.type, { code: x.code, value: x.value, text: x.detail })),
      ...cohort.observations.filter((x) => x.pseudonym === id).map((x) => e(x.date, 'observation', x.code, { code: x.code_system, value: x.value, text: x.value_text ?? x.unit })),
      ...cohort.treatments.filter((x) => x.pseudonym === id).map((x) => e(x.start, 'treatment', x.substance, { code: x.atc, value: x.line, text: x.class, stop: x.stop })),
    ];
    const spec = patientTimelineFigure({ pseudonym: id, patient: { diagnosis: p.diagnosis, last_contact: p.last_contact ?? null }, entries });
    expect(spec.meta?.measure).toBe('EDSS');
    const nEdss = cohort.observations.filter((x) => x.pseudonym === id && x.code === 'EDSS').length;
    expect(byRole(spec, 'course')[0]!.x).toHaveLength(nEdss);
    const relapses = cohort.events.filter((x) => x.pseudonym === id && x.type === 'relapse').length;
    expect(byRole(spec, 'event').find((t) => t.meta?.type === 'relapse')!.x).toHaveLength(relapses);
    expect(spec.data.some((t) => t.type === 'bar')).toBe(true);
    expectJsonRoundTrip(spec);
  });
});
