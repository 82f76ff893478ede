import { describe, expect, it } from 'vitest';
import { confirmedDisabilityEvents, patientDisabilityEvents, type EdssVisit } from '../../../models/ms/cdw.js';
import { resolveCdwOptions, PIRA_WINDOWS } from '../../../models/ms/cdw-options.js';
import { isoFromDayNumber, toDayNumber } from '../../../models/ms/day-number.js';
import { edssMinimumChange } from '../../../models/ms/edss-delta.js';
import { classifyWorsening } from '../../../models/ms/worsening-kind.js';
import { UsageError } from '../../../util/errors.js';

// Day 0 of every hand-built history is 2020-01-01.
const BASE = toDayNumber('2020-01-01');
const d = (day: number): string => isoFromDayNumber(BASE + day);
const visits = (pairs: readonly [number, number | null][]): EdssVisit[] => pairs.map(([day, edss]) => ({ date: d(day), edss }));
const rel = (...days: number[]): string[] => days.map(d);

describe('day numbers and EDSS bands', () => {
  it('converts ISO dates both ways and rejects invalid dates', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(isoFromDayNumber(BASE)).toBe('2020-01-01');
    expect(isoFromDayNumber(toDayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(() => toDayNumber('2023-02-29')).toThrow(UsageError);
    expect(() => toDayNumber('12.3.2020')).toThrow(UsageError);
  });
  it('uses +1.5 from 0, +1.0 up to the edge, +0.5 above', () => {
    expect(edssMinimumChange(0)).toBe(1.5);
    expect(edssMinimumChange(1)).toBe(1);
    expect(edssMinimumChange(5.5)).toBe(1);
    expect(edssMinimumChange(5.5, { deltaEdge: 5.0 })).toBe(0.5);
    expect(edssMinimumChange(5.0, { deltaEdge: 5.0 })).toBe(1);
    expect(edssMinimumChange(6)).toBe(0.5);
    expect(() => edssMinimumChange(11)).toThrow(UsageError);
  });
});

describe('patientDisabilityEvents: confirmation', () => {
  it('confirms a +1.0 worsening from 2.0 at the next visit 90 days later (PIRA without relapses)', () => {
    const r = patientDisabilityEvents('p', visits([[0, 2], [90, 3], [180, 3]]), []);
    expect(r.events).toEqual([{ id: 'p', type: 'CDW', kind: 'PIRA', date: d(90), baselineEdss: 2, edss: 3, confirmedDate: d(180) }]);
  });

  it('does not confirm at a visit before the window (84 - 7 days) but at a later one in the window', () => {
    // 130 - 90 = 40 days: too early; nothing after it -> no event
    expect(patientDisabilityEvents('p', visits([[0, 2], [90, 3], [130, 3]]), []).events).toEqual([]);
    // 200 - 90 = 110 days: in [77, 814.5] and it held at day 130 too
    const r = patientDisabilityEvents('p', visits([[0, 2], [90, 3], [130, 3], [200, 3.5]]), []);
    expect(r.events).toEqual([{ id: 'p', type: 'CDW', kind: 'PIRA', date: d(90), baselineEdss: 2, edss: 3, confirmedDate: d(200) }]);
    // exactly 77 days is inside the tolerance, 76 is not
    expect(patientDisabilityEvents('p', visits([[0, 2], [90, 3], [167, 3]]), []).events).toHaveLength(1);
    expect(patientDisabilityEvents('p', visits([[0, 2], [90, 3], [166, 3]]), []).events).toHaveLength(0);
  });

  it('requires the change to hold at every visit up to confirmation', () => {
    const r = patientDisabilityEvents('p', visits([[0, 2], [90, 3], [120, 2.5], [180, 3]]), []);
    expect(r.events).toEqual([]);
  });

  it('a confirmation visit beyond the tolerance after the target does not confirm', () => {
    expect(patientDisabilityEvents('p', visits([[0, 2], [90, 3], [90 + 84 + 731, 3]]), []).events).toEqual([]);
    expect(patientDisabilityEvents('p', visits([[0, 2], [90, 3], [90 + 84 + 730, 3]]), []).events).toHaveLength(1);
  });

  it('worsening seen only at the last visit is not an event', () => {
    expect(patientDisabilityEvents('p', visits([[0, 2], [90, 2], [180, 4]]), []).events).toEqual([]);
  });

  it('confirmation after 168 days needs a visit at least 161 days after onset', () => {
    const v = visits([[0, 2], [90, 3], [180, 3], [300, 3]]);
    expect(patientDisabilityEvents('p', v, [], { confirmDays: 168 }).events).toEqual([
      { id: 'p', type: 'CDW', kind: 'PIRA', date: d(90), baselineEdss: 2, edss: 3, confirmedDate: d(300) },
    ]);
  });

  it('sustained: the change must hold to the end of follow-up', () => {
    const v = visits([[0, 2], [100, 3], [200, 3], [300, 2]]);
    expect(patientDisabilityEvents('p', v, []).events).toHaveLength(1);
    expect(patientDisabilityEvents('p', v, [], { requireSustained: true }).events).toEqual([]);
  });

  it('drops visits without EDSS (missing visits) with a warning and confirms at the next one', () => {
    const r = patientDisabilityEvents('p', visits([[0, 2], [90, 3], [150, null], [180, 3]]), []);
    expect(r.events).toEqual([{ id: 'p', type: 'CDW', kind: 'PIRA', date: d(90), baselineEdss: 2, edss: 3, confirmedDate: d(180) }]);
    expect(r.warnings).toEqual(['patient p: 1 visit(s) without EDSS dropped']);
  });

  it('keeps the last of several same-day visits and sorts by date', () => {
    const v = [{ date: d(180), edss: 3 }, { date: d(90), edss: 2 }, { date: d(0), edss: 2 }, { date: d(90), edss: 3 }];
    const r = patientDisabilityEvents('p', v, []);
    expect(r.events.map((e) => [e.date, e.confirmedDate])).toEqual([[d(90), d(180)]]);
    expect(r.warnings[0]).toMatch(/same-day/);
  });
});

describe('patientDisabilityEvents: band edge', () => {
  const v = visits([[0, 5.5], [100, 6], [200, 6]]);
  it('5.5 -> 6.0 is a worsening with deltaEdge 5.0 (msprog) but not with 5.5 (default)', () => {
    expect(patientDisabilityEvents('p', v, []).events).toEqual([]);
    expect(patientDisabilityEvents('p', v, [], { deltaEdge: 5.0 }).events).toEqual([
      { id: 'p', type: 'CDW', kind: 'PIRA', date: d(100), baselineEdss: 5.5, edss: 6, confirmedDate: d(200) },
    ]);
  });
  it('from 0 a +1.0 change is not enough, +1.5 is', () => {
    expect(patientDisabilityEvents('p', visits([[0, 0], [100, 1], [200, 1]]), []).events).toEqual([]);
    expect(patientDisabilityEvents('p', visits([[0, 0], [100, 1.5], [200, 1.5]]), []).events).toHaveLength(1);
  });
});

describe('patientDisabilityEvents: relapses', () => {
  it('worsening within the relapse window: onset 10 days after a relapse is RAW, confirmed later', () => {
    const r = patientDisabilityEvents('p', visits([[0, 2], [90, 3.5], [180, 3.5]]), rel(80));
    expect(r.events).toEqual([{ id: 'p', type: 'CDW', kind: 'RAW', date: d(90), baselineEdss: 2, edss: 3.5, confirmedDate: d(180) }]);
  });

  it('a visit within 30 days after a relapse cannot confirm; the next one outside can', () => {
    // relapse at 170: day-180 visit excluded, nothing later -> no event
    expect(patientDisabilityEvents('p', visits([[0, 2], [90, 3], [180, 3]]), rel(170)).events).toEqual([]);
    const r = patientDisabilityEvents('p', visits([[0, 2], [90, 3], [180, 3], [300, 3]]), rel(170));
    expect(r.events.map((e) => e.confirmedDate)).toEqual([d(300)]);
  });

  it('a visit within 30 days after a relapse is not the baseline', () => {
    // day 0 is 10 days after a relapse: the reference is day 90 (EDSS 3), not day 0 (EDSS 4)
    const r = patientDisabilityEvents('p', visits([[0, 4], [90, 3], [200, 4], [300, 4]]), rel(-10));
    expect(r.events).toEqual([{ id: 'p', type: 'CDW', kind: 'PIRA', date: d(200), baselineEdss: 3, edss: 4, confirmedDate: d(300) }]);
    expect(r.events.some((e) => e.type === 'CDI')).toBe(false);
  });

  it('relapse 100 days before onset: PIRA by Müller 2023 but not by Kappos 2020 (relapse since reference)', () => {
    const v = visits([[0, 2], [140, 3], [240, 3]]);
    expect(patientDisabilityEvents('p', v, rel(40), { pira: 'muller2023' }).events[0]!.kind).toBe('PIRA');
    expect(patientDisabilityEvents('p', v, rel(40), { pira: 'kappos2020' }).events[0]!.kind).toBe(null);
    // with a shorter RAW window the onset 50 days after a relapse is not RAW either
    const v2 = visits([[0, 2], [90, 3], [190, 3]]);
    expect(patientDisabilityEvents('p', v2, rel(40)).events[0]!.kind).toBe('RAW');
    expect(patientDisabilityEvents('p', v2, rel(40), { rawWindowDays: 30 }).events[0]!.kind).toBe(null);
  });

  it('relapse 90 days before confirmation: not PIRA by Müller 2023, PIRA by Kappos 2020', () => {
    const v = visits([[0, 2], [100, 3], [240, 3]]);
    expect(patientDisabilityEvents('p', v, rel(150), { pira: 'muller2023' }).events[0]!.kind).toBe(null);
    expect(patientDisabilityEvents('p', v, rel(150), { pira: 'kappos2020' }).events[0]!.kind).toBe('PIRA');
  });

  it('re-baseline after a relapse (Kappos 2020) makes a later worsening PIRA', () => {
    const v = visits([[0, 2], [80, 2], [180, 3], [270, 3]]);
    const fixed = patientDisabilityEvents('p', v, rel(40), { pira: 'kappos2020' });
    expect(fixed.events[0]).toMatchObject({ kind: null, baselineEdss: 2, date: d(180) });
    const rebl = patientDisabilityEvents('p', v, rel(40), { pira: 'kappos2020', rebaselineAfterRelapse: true });
    expect(rebl.events).toEqual([{ id: 'p', type: 'CDW', kind: 'PIRA', date: d(180), baselineEdss: 2, edss: 3, confirmedDate: d(270) }]);
    // re-baselining moves the reference: a post-relapse residual step of 1 from 2 to 3 at day 80 becomes the reference
    const v2 = visits([[0, 2], [80, 3], [180, 3.5], [270, 4]]);
    expect(patientDisabilityEvents('p', v2, rel(40), { rebaselineAfterRelapse: true, events: 'multiple' }).events).toEqual([
      { id: 'p', type: 'CDW', kind: 'RAW', date: d(80), baselineEdss: 2, edss: 3, confirmedDate: d(180) },
    ]);
  });

  it('classifyWorsening windows are inclusive at their edges', () => {
    const w = PIRA_WINDOWS.muller2023;
    expect(classifyWorsening([10], 0, 100, 200, 90, w)).toBe('RAW');
    // 91 days before onset: neither RAW nor in [onset - 90, onset + 30] nor [conf - 90, conf + 30]
    expect(classifyWorsening([9], 0, 100, 200, 90, w)).toBe('PIRA');
    expect(classifyWorsening([130], 0, 100, 300, 90, w)).toBe(null);
    expect(classifyWorsening([131], 0, 100, 300, 90, w)).toBe('PIRA');
  });
});

describe('patientDisabilityEvents: baselines and sequences', () => {
  it('improvement then worsening: roving re-baselines after the CDI, fixed does not', () => {
    const v = visits([[0, 3], [100, 2], [200, 2], [300, 3], [400, 3]]);
    const cdi = { id: 'p', type: 'CDI', kind: null, date: d(100), baselineEdss: 3, edss: 2, confirmedDate: d(200) };
    expect(patientDisabilityEvents('p', v, [], { baseline: 'fixed', events: 'multiple' }).events).toEqual([cdi]);
    expect(patientDisabilityEvents('p', v, [], { baseline: 'roving', events: 'multiple' }).events).toEqual([
      cdi,
      { id: 'p', type: 'CDW', kind: 'PIRA', date: d(300), baselineEdss: 2, edss: 3, confirmedDate: d(400) },
    ]);
    expect(patientDisabilityEvents('p', v, [], { baseline: 'roving', improvement: false }).events).toEqual([]);
  });

  it('roving moves to the confirmation visit; fixed measures the next event from the confirmed level', () => {
    const v = visits([[0, 1], [100, 2], [200, 2.5], [300, 3], [400, 3]]);
    const first = { id: 'p', type: 'CDW', kind: 'PIRA', date: d(100), baselineEdss: 1, edss: 2, confirmedDate: d(200) };
    expect(patientDisabilityEvents('p', v, [], { baseline: 'roving', events: 'multiple' }).events).toEqual([first]);
    expect(patientDisabilityEvents('p', v, [], { baseline: 'fixed', events: 'multiple' }).events).toEqual([
      first,
      { id: 'p', type: 'CDW', kind: 'PIRA', date: d(300), baselineEdss: 2, edss: 3, confirmedDate: d(400) },
    ]);
    // MSoutcomes-style roving to the lowest EDSS between onset and confirmation (2.0)
    expect(patientDisabilityEvents('p', v, [], { baseline: 'roving', rovingReference: 'extreme', events: 'multiple' }).events).toHaveLength(2);
  });

  it("events 'first' keeps the first CDW and the first CDI", () => {
    const v = visits([[0, 1], [100, 2], [200, 2], [300, 3], [400, 3], [500, 2], [600, 2]]);
    const all = patientDisabilityEvents('p', v, [], { baseline: 'roving', events: 'multiple' }).events;
    expect(all.map((e) => `${e.type}@${e.date}`)).toEqual([`CDW@${d(100)}`, `CDW@${d(300)}`, `CDI@${d(500)}`]);
    const first = patientDisabilityEvents('p', v, [], { baseline: 'roving' }).events;
    expect(first.map((e) => `${e.type}@${e.date}`)).toEqual([`CDW@${d(100)}`, `CDI@${d(500)}`]);
  });

  it('a plateau is one event under a fixed baseline', () => {
    const v = visits([[0, 2], [100, 3], [200, 3], [300, 3], [400, 3]]);
    expect(patientDisabilityEvents('p', v, [], { events: 'multiple' }).events).toHaveLength(1);
  });
});

describe('msprog: the change must hold at every visit up to the confirmation visit', () => {
  // msprog (R/MSprog.R, CONFIRMED IMPROVEMENT / PROGRESSION):
  //   all(sapply((change_idx + 1):conf_idx[[1]], function(x) data_id[x,][[value_col]] - bl[[value_col]] <= -delta(bl[[value_col]])))
  // i.e. every visit after the change up to and including the first valid confirmation visit, including
  // visits within a relapse's influence (those are only barred from being the baseline or the confirmation).
  // msprog's confirmation window at 3 months (91 days, tolerance 30: 61-121 days) and ours (84, -7/+730.5)
  // both accept the 91- and 92-day gaps below, so msprog gives the same events.
  it('EDSS 5.5 -> 5.0, 6.5 within a relapse influence, then 4.5: no improvement confirmed at the first change (issue example)', () => {
    // relapse on day 120; the day-130 visit (6.5) is 10 days after it: neither baseline nor confirmation, but it breaks the improvement
    const v = visits([[0, 5.5], [100, 5], [130, 6.5], [191, 4.5], [283, 4.5]]);
    const r = patientDisabilityEvents('p', v, rel(120), { deltaEdge: 5.0, events: 'multiple' });
    // msprog: change at 100 fails at 130; change at 130 (+1.0) fails at 191; change at 191 (-1.0) is confirmed at 283
    expect(r.events).toEqual([{ id: 'p', type: 'CDI', kind: null, date: d(191), baselineEdss: 5.5, edss: 4.5, confirmedDate: d(283) }]);
  });

  it('a worsening that falls back within a relapse influence is not confirmed across it', () => {
    // 2.0 -> 3.0 at day 90; relapse at day 100; 2.0 at day 110 (excluded visit); 3.0 at day 181 (91 days after onset)
    const v = visits([[0, 2], [90, 3], [110, 2], [181, 3]]);
    expect(patientDisabilityEvents('p', v, rel(100), { events: 'multiple' }).events).toEqual([]);
    // without the dip the excluded visit is no obstacle: confirmed at day 181; the relapse 10 days after the onset makes it neither PIRA nor RAW
    const held = patientDisabilityEvents('p', visits([[0, 2], [90, 3], [110, 3.5], [181, 3]]), rel(100), { events: 'multiple' });
    expect(held.events).toEqual([{ id: 'p', type: 'CDW', kind: null, date: d(90), baselineEdss: 2, edss: 3, confirmedDate: d(181) }]);
  });
});

describe('msprog event options (events)', () => {
  // msprog's `event` argument (R/MSprog.R): 'firstprog' keeps prog_idx (first progression), 'firsteach'
  // c(impr_idx, prog_idx), 'firstprogtype' c(raw_idx, pira_idx, undef_prog_idx), 'first' only event 1,
  // 'multiple' all; improvements are detected (and move a roving baseline) whatever is kept.
  // One roving-baseline history with a CDI, then a RAW, a PIRA, an unclassified CDW and another PIRA
  // (worked out by hand; msprog with baseline = 'roving' finds the same sequence):
  //   0: 3.0 | 100: 2.0, 200: 2.0 -> CDI, reference 2.0
  //   relapse 290 | 300: 3.0 (10 days after it: RAW onset), 400: 3.0 -> CDW RAW, reference 3.0
  //   500: 4.0, 600: 4.0 -> CDW PIRA (no relapse near), reference 4.0
  //   relapse 760 | 700: 5.0, 800: 5.0 -> CDW, relapse within 90 days before confirmation: neither PIRA nor RAW
  //   900: 6.0, 1000: 6.0 -> CDW PIRA
  const v = visits([[0, 3], [100, 2], [200, 2], [300, 3], [400, 3], [500, 4], [600, 4], [700, 5], [800, 5], [900, 6], [1000, 6], [1100, 6]]);
  const relapses = rel(290, 760);
  const run = (events: string) => patientDisabilityEvents('p', v, relapses, { baseline: 'roving', events: events as 'multiple' }).events.map((e) => `${e.type}${e.type === 'CDW' ? `:${e.kind ?? 'none'}` : ''}@${e.date}`);
  const CDI = `CDI@${d(100)}`;
  const RAW = `CDW:RAW@${d(300)}`;
  const PIRA = `CDW:PIRA@${d(500)}`;
  const NONE = `CDW:none@${d(700)}`;
  const PIRA2 = `CDW:PIRA@${d(900)}`;

  it('multiple: every event', () => expect(run('multiple')).toEqual([CDI, RAW, PIRA, NONE, PIRA2]));
  it("first (today's default) and firsteach: the first CDW and the first CDI", () => {
    expect(run('first')).toEqual([CDI, RAW]);
    expect(run('firsteach')).toEqual([CDI, RAW]);
  });
  it('firstCDW and its alias firstprog (msprog default): the first CDW only', () => {
    expect(run('firstCDW')).toEqual([RAW]);
    expect(run('firstprog')).toEqual([RAW]);
  });
  it('firstCDWtype and its alias firstprogtype: the first CDW of each kind, in date order', () => {
    expect(run('firstCDWtype')).toEqual([RAW, PIRA, NONE]);
    expect(run('firstprogtype')).toEqual([RAW, PIRA, NONE]);
  });
  it("firstany (msprog's 'first'): only the very first event, of either kind", () => {
    expect(run('firstany')).toEqual([CDI]);
    // without the improvement the first event is the RAW worsening
    const later = patientDisabilityEvents('p', visits([[0, 2], [300, 3], [400, 3], [500, 4], [600, 4]]), rel(290), { baseline: 'roving', events: 'firstany' }).events;
    expect(later.map((e) => [e.type, e.kind, e.date])).toEqual([['CDW', 'RAW', d(300)]]);
  });
  it('the kept events do not depend on what is kept: a roving reference still moves at a CDI that is not reported', () => {
    // with improvement searched but not reported (firstCDW), the RAW event is measured from the CDI level 2.0
    expect(patientDisabilityEvents('p', v, relapses, { baseline: 'roving', events: 'firstCDW' }).events[0]).toMatchObject({ baselineEdss: 2, date: d(300) });
  });
  it('resolves aliases and rejects unknown selections', () => {
    expect(resolveCdwOptions({ events: 'firstprog' }).events).toBe('firstCDW');
    expect(resolveCdwOptions({ events: 'firstprogtype' }).events).toBe('firstCDWtype');
    expect(resolveCdwOptions({ events: 'firsteach' }).events).toBe('firsteach');
    expect(() => resolveCdwOptions({ events: 'firstprogression' as 'first' })).toThrow(/events must be one of first, firsteach, firstCDW, firstprog, firstCDWtype, firstprogtype, firstany, multiple/);
  });
});

describe('confirmedDisabilityEvents (multi-patient facade)', () => {
  it('groups by id, accepts day numbers, leaves inputs untouched', () => {
    const rows = Object.freeze([
      Object.freeze({ id: '1', date: BASE, edss: 2 }),
      Object.freeze({ id: '2', date: BASE, edss: 5.5 }),
      Object.freeze({ id: '1', date: BASE + 90, edss: 3 }),
      Object.freeze({ id: '2', date: BASE + 100, edss: 6 }),
      Object.freeze({ id: '1', date: BASE + 180, edss: 3 }),
      Object.freeze({ id: '2', date: BASE + 200, edss: 6 }),
    ]);
    const relapses = Object.freeze([Object.freeze({ id: '1', date: BASE + 85 })]);
    const r = confirmedDisabilityEvents(rows, relapses, { deltaEdge: 5.0 });
    expect(r.events).toEqual([
      { id: '1', type: 'CDW', kind: 'RAW', date: d(90), baselineEdss: 2, edss: 3, confirmedDate: d(180) },
      { id: '2', type: 'CDW', kind: 'PIRA', date: d(100), baselineEdss: 5.5, edss: 6, confirmedDate: d(200) },
    ]);
    expect(r.options.deltaEdge).toBe(5);
    expect(JSON.parse(JSON.stringify(r.events))).toEqual(r.events);
  });

  it('rejects invalid options, dates and EDSS values with UsageError', () => {
    expect(() => resolveCdwOptions({ deltaEdge: 5.2 })).toThrow(UsageError);
    expect(() => resolveCdwOptions({ confirmDays: -1 })).toThrow(UsageError);
    expect(() => resolveCdwOptions({ baseline: 'moving' as 'fixed' })).toThrow(UsageError);
    expect(() => patientDisabilityEvents('p', [{ date: '2020-13-01', edss: 1 }], [])).toThrow(UsageError);
    expect(() => patientDisabilityEvents('p', [{ date: d(0), edss: 12 }], [])).toThrow(UsageError);
  });

  it('documents its defaults', () => {
    expect(resolveCdwOptions()).toEqual({
      deltaEdge: 5.5, confirmDays: 84, toleranceBeforeDays: 7, toleranceAfterDays: 730.5, requireSustained: false,
      baseline: 'fixed', rovingReference: 'confirmation', rebaselineAfterRelapse: false, relapseExclusionDays: 30,
      events: 'first', improvement: true, rawWindowDays: 90, pira: 'muller2023', piraWindows: PIRA_WINDOWS.muller2023,
    });
  });
});
