/**
 * The report's timeline summary (render/timeline-table.ts): one row per kind
 * and label with counts, first/last dates and the latest value, worked by hand;
 * and a report table block's maxRows ("N more rows not shown").
 */
import { describe, expect, it } from 'vitest';
import type { TimelineEntryInput } from '../../charts/types.js';
import { generateCohort } from '../../datasets/synthetic/generate-cohort.js';
import { reportHtml } from '../../render/report.js';
import { timelineSummaryTable } from '../../render/timeline-table.js';

const e = (date: string, kind: TimelineEntryInput['kind'], label: string, extra: Partial<TimelineEntryInput> = {}): TimelineEntryInput => ({
  date, kind, label, code: null, value: null, text: null, stop: null, source: 'test', ...extra,
});

describe('timelineSummaryTable', () => {
  it('one row per kind and label, ordered by kind then first date, worked by hand', () => {
    const entries = Object.freeze([
      e('2019-02-01', 'observation', 'EDSS', { value: 3 }),
      e('2018-01-10', 'observation', 'EDSS', { value: 2 }),
      e('2018-06-20', 'observation', 'EDSS', { value: 3.5 }),
      e('2018-06-01', 'event', 'relapse', { text: 'onset' }), // the latest value is the last entry's, not an older one's
      e('2020-11-02', 'event', 'relapse'),
      e('2018-02-01', 'treatment', 'dimethyl_fumarate', { value: 1, text: 'dmt_moderate', stop: '2019-01-31' }),
      e('2019-02-01', 'treatment', 'ocrelizumab', { text: 'dmt_high' }),
      e('2020-03-01', 'visit', 'followup', { text: 'neurology' }),
      e('2017-12-01', 'event', 'mri', { value: 2, code: 'T2_NEW' }),
    ]);
    const t = timelineSummaryTable('P-TEST', entries);
    expect(t.caption).toBe("Timeline of P-TEST: 9 entries summarised by kind and label (the figure shows each one; 'midia timeline' lists them)");
    expect(t.rows).toEqual([
      { kind: 'event', label: 'mri', entries: 1, first: '2017-12-01', last: '2017-12-01', latest: 2 },
      { kind: 'event', label: 'relapse', entries: 2, first: '2018-06-01', last: '2020-11-02', latest: null },
      { kind: 'observation', label: 'EDSS', entries: 3, first: '2018-01-10', last: '2019-02-01', latest: 3 },
      { kind: 'treatment', label: 'dimethyl_fumarate', entries: 1, first: '2018-02-01', last: '2019-01-31', latest: 1 },
      { kind: 'treatment', label: 'ocrelizumab', entries: 1, first: '2019-02-01', last: '2019-02-01', latest: 'dmt_high' },
      { kind: 'visit', label: 'followup', entries: 1, first: '2020-03-01', last: '2020-03-01', latest: 'neurology' },
    ]);
  });

  it('a synthetic MS patient: far fewer rows than entries, the counts adding up', () => {
    const cohort = generateCohort({ seed: 1, breast: 0, prostate: 0, ms: 20 });
    const busiest = cohort.patients
      .map((p) => p.pseudonym)
      .map((id) => ({
        id,
        entries: [
          ...cohort.events.filter((x) => x.pseudonym === id).map((x) => e(String(x.date), 'event', String(x.type))),
          ...cohort.observations.filter((x) => x.pseudonym === id).map((x) => e(String(x.date), 'observation', String(x.code), { value: typeof x.value === 'number' ? x.value : null })),
          ...cohort.visits.filter((x) => x.pseudonym === id).map((x) => e(String(x.date), 'visit', String(x.type))),
        ],
      }))
      .sort((a, b) => b.entries.length - a.entries.length)[0]!;
    expect(busiest.entries.length).toBeGreaterThan(50);
    const t = timelineSummaryTable(busiest.id, busiest.entries);
    expect(t.rows.length).toBeLessThan(25);
    expect(t.rows.reduce((s, r) => s + (r.entries as number), 0)).toBe(busiest.entries.length);
  });
});

describe('report table blocks', () => {
  it('maxRows shows the first rows and says how many more there are', () => {
    const rows = Array.from({ length: 170 }, (_, i) => ({ i }));
    const html = reportHtml({ title: 'T', sections: [{ heading: 'S', blocks: [{ kind: 'table', table: rows, maxRows: 10 }] }] });
    expect(html.match(/<tr><td class="num">/g)).toHaveLength(10);
    expect(html).toContain('160 more rows not shown (170 in all).');
  });
});
