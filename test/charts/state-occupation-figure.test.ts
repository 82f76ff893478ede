/**
 * Stacked state occupation figure: bands stack to the cumulative sums of
 * pstate in the given order and reach 1, step lines ('hv'), one panel per
 * curve with a shared time range, p0 drawn from time 0, legend once per
 * state, plain JSON, input not modified, bad input refused.
 */
import { describe, expect, it } from 'vitest';
import { stateOccupationFigure } from '../../charts/state-occupation-figure.js';
import { aalenJohansen } from '../../models/survival/multistate/aalen-johansen.js';
import { UsageError } from '../../util/errors.js';
import { byRole, deepFreeze, expectJsonRoundTrip } from './helpers.js';

const data = () => ({
  id: Float64Array.of(1, 1, 2, 3, 4, 4, 5, 6, 6, 7),
  start: Float64Array.of(0, 2, 0, 0, 0, 1, 0, 0, 3, 0),
  stop: Float64Array.of(2, 5, 3, 4, 1, 6, 7, 3, 8, 9),
  state: ['ill', 'death', 'death', '', 'ill', null, 'death', 'ill', 'death', null],
  group: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'b'],
});

describe('stateOccupationFigure', () => {
  const fit = aalenJohansen('Surv(start, stop, state) ~ group', data(), { id: 'id' });
  const json = fit.toJSON();
  const input = deepFreeze({ states: json.states, strata: json.strata.map((s, k) => ({ ...s, p0: Array.from(fit.strata[k]!.p0) })) });

  it('stacks the probabilities in the given order and fills up to 1', () => {
    const spec = stateOccupationFigure(input, { order: ['(s0)', 'ill', 'death'], timeUnit: 'months' });
    expectJsonRoundTrip(spec);
    const traces = byRole(spec, 'state');
    expect(traces).toHaveLength(6); // 3 states x 2 curves
    const a = traces.filter((t) => t.meta?.curve === 'group=a');
    expect(a.map((t) => t.meta?.state)).toEqual(['(s0)', 'ill', 'death']);
    expect(a[0]!.fill).toBe('tozeroy');
    expect(a[1]!.fill).toBe('tonexty');
    expect(a.every((t) => t.line?.shape === 'hv')).toBe(true);
    // x starts at 0 with p0, then the curve's times; the top band is 1 everywhere
    expect(a[0]!.x).toEqual([0, ...json.strata[0]!.time]);
    for (const y of a[2]!.y) expect(y).toBeCloseTo(1, 12);
    const p = json.strata[0]!.pstate;
    a[1]!.y.slice(1).forEach((y, i) => expect(y).toBeCloseTo(p[i]![0]! + p[i]![2]!, 12)); // (s0) + ill
    // legend once per state; both panels share the time range
    expect(traces.filter((t) => t.showlegend).map((t) => t.name)).toEqual(['initial state', 'ill', 'death']);
    expect(spec.layout.xaxis?.range).toEqual(spec.layout.xaxis2?.range);
    expect(spec.layout.xaxis?.title?.text).toBe('Time (months)');
    expect(spec.layout.annotations?.map((a) => a.text)).toEqual(['<b>group=a</b>', '<b>group=b</b>']);
  });

  it('draws one panel without p0 from the first time, with a note', () => {
    const spec = stateOccupationFigure({ states: json.states, strata: [json.strata[1]!] }, { note: 'steps of at least 5 transitions' });
    const traces = byRole(spec, 'state');
    expect(traces[0]!.x).toEqual(json.strata[1]!.time);
    expect(spec.layout.xaxis2).toBeUndefined();
    expect(spec.layout.annotations?.[0]?.text).toBe('steps of at least 5 transitions');
  });

  it('refuses rows of the wrong width, unknown states in order, and empty curves', () => {
    expect(() => stateOccupationFigure({ states: ['a', 'b'], strata: [{ label: 'x', time: [1], pstate: [[1]] }] })).toThrow(UsageError);
    expect(() => stateOccupationFigure(input, { order: ['dead'] })).toThrow(/not a state/);
    expect(() => stateOccupationFigure({ states: ['a'], strata: [{ label: 'x', time: [], pstate: [] }] })).toThrow(/no curve/);
  });
});
