import { describe, expect, it } from 'vitest';
import { dmtEpisodes, type TreatmentRecord } from '../../../../models/ms/pathways/dmt-episodes.js';
import { DEFAULT_DMT_CLASS_MAP, dmtClassOf, normalizeDrugName } from '../../../../models/ms/pathways/drug-classes.js';
import { UsageError } from '../../../../util/errors.js';

const escalating: TreatmentRecord[] = [
  { id: '3', drug: 'interferon_beta_1a', start: '2019-01-01', stop: '2019-12-31', stopReason: 'efficacy' },
  { id: '3', drug: 'natalizumab', start: '2019-12-01', stop: '2021-06-30', stopReason: 'adverse_event' },
  { id: '3', drug: 'Ocrelizumab', start: '2021-08-01', stop: null },
];
const deescalating: TreatmentRecord[] = [
  { id: '4', drug: 'natalizumab', start: '2015-01-01', stop: '2017-01-01', stopReason: 'pml_risk' },
  { id: '4', drug: 'dimethyl_fumarate', start: '2017-02-01', stop: '2018-01-01', stopReason: 'patient_wish' },
  { id: '4', drug: 'glatiramer_acetate', start: '2019-01-01', stop: '2019-06-01', stopReason: 'pregnancy' },
];

describe('dmtEpisodes', () => {
  it('continues an episode when the same drug restarts within gapDays (46-day gap)', () => {
    const r = dmtEpisodes([
      { id: '1', drug: 'fingolimod', start: '2020-01-01', stop: '2020-06-30', stopReason: 'pause' },
      { id: '1', drug: 'fingolimod', start: '2020-08-15', stop: '2021-01-31', stopReason: 'efficacy' },
    ]);
    expect(r.episodes).toHaveLength(1);
    expect(r.episodes[0]).toMatchObject({ line: 1, drug: 'fingolimod', start: '2020-01-01', stop: '2021-01-31', records: 2, stopReason: 'efficacy', end: 'stopped', efficacy: 'moderate', dgnClass: 'II' });
    expect(r.transitions).toEqual([]);
    // with a 30-day gap rule the same records are two episodes and a restart
    const strict = dmtEpisodes(
      [
        { id: '1', drug: 'fingolimod', start: '2020-01-01', stop: '2020-06-30' },
        { id: '1', drug: 'fingolimod', start: '2020-08-15', stop: '2021-01-31' },
      ],
      { gapDays: 30 },
    );
    expect(strict.episodes.map((e) => e.line)).toEqual([1, 2]);
    expect(strict.transitions[0]).toMatchObject({ type: 'restart', direction: 'lateral', gapDays: 46, overlapDays: 0 });
  });

  it('opens a new line when the same drug restarts after the gap (154 days)', () => {
    const r = dmtEpisodes([
      { id: '2', drug: 'teriflunomide', start: '2020-01-01', stop: '2020-03-31', stopReason: 'pregnancy' },
      { id: '2', drug: 'teriflunomide', start: '2020-09-01' },
    ], { asOf: '2021-09-01' });
    expect(r.episodes.map((e) => [e.line, e.start, e.stop, e.end, e.durationDays])).toEqual([
      [1, '2020-01-01', '2020-03-31', 'restart', 90],
      [2, '2020-09-01', null, 'ongoing', 365],
    ]);
    expect(r.transitions).toEqual([
      { id: '2', fromLine: 1, toLine: 2, fromDrug: 'teriflunomide', toDrug: 'teriflunomide', fromEfficacy: 'moderate', toEfficacy: 'moderate', type: 'restart', direction: 'lateral', date: '2020-03-31', gapDays: 154, overlapDays: 0, stopReason: 'pregnancy' },
    ]);
  });

  it('cuts an overlapped episode at the next start and labels escalation and lateral switches', () => {
    const r = dmtEpisodes(escalating, { asOf: '2022-08-01' });
    expect(r.episodes.map((e) => [e.line, e.drug, e.start, e.stop, e.durationDays, e.end])).toEqual([
      [1, 'interferon_beta_1a', '2019-01-01', '2019-11-30', 333, 'switch'],
      [2, 'natalizumab', '2019-12-01', '2021-06-30', 577, 'switch'],
      [3, 'Ocrelizumab', '2021-08-01', null, 365, 'ongoing'],
    ]);
    expect(r.transitions.map((t) => [t.type, t.direction, t.date, t.gapDays, t.overlapDays, t.stopReason])).toEqual([
      ['switch', 'escalation', '2019-11-30', 0, 31, 'efficacy'],
      ['switch', 'lateral', '2021-06-30', 32, 0, 'adverse_event'],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('labels de-escalation, and a gap longer than switchGapDays as discontinuation', () => {
    const r = dmtEpisodes(deescalating);
    expect(r.transitions.map((t) => [t.fromDrug, t.toDrug, t.type, t.direction, t.gapDays, t.stopReason])).toEqual([
      ['natalizumab', 'dimethyl_fumarate', 'switch', 'de-escalation', 31, 'pml_risk'],
      ['dimethyl_fumarate', 'glatiramer_acetate', 'discontinuation', 'lateral', 365, 'patient_wish'],
    ]);
    expect(r.episodes.map((e) => e.end)).toEqual(['switch', 'discontinuation', 'stopped']);
    // a wider switch window makes the second one a switch
    expect(dmtEpisodes(deescalating, { switchGapDays: 365 }).transitions[1]?.type).toBe('switch');
  });

  it('warns on concurrent use and on same-day starts', () => {
    const r = dmtEpisodes([
      { id: '5', drug: 'natalizumab', start: '2020-01-01', stop: '2022-01-01' },
      { id: '5', drug: 'rituximab', start: '2021-01-01', stop: '2021-06-01' },
    ]);
    expect(r.episodes[0]?.stop).toBe('2020-12-31');
    expect(r.transitions[0]).toMatchObject({ overlapDays: 366, gapDays: 0, type: 'switch', direction: 'lateral' });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/natalizumab recorded beyond the start of rituximab/);
    const same = dmtEpisodes([
      { id: '6', drug: 'fingolimod', start: '2020-01-01', stop: '2020-02-01' },
      { id: '6', drug: 'alemtuzumab', start: '2020-01-01', stop: '2020-01-05' },
    ]);
    expect(same.episodes.map((e) => [e.drug, e.start, e.stop])).toEqual([
      ['alemtuzumab', '2020-01-01', '2020-01-01'],
      ['fingolimod', '2020-01-01', '2020-02-01'],
    ]);
    expect(same.warnings.some((w) => /start on the same day/.test(w))).toBe(true);
  });

  it('keeps patients apart, reports unclassified drugs and does not mutate its input', () => {
    const input = Object.freeze([...escalating, ...deescalating, { id: '7', drug: 'daclizumab', start: '2016-01-01', stop: '2017-01-01' }, { id: '7', drug: 'ocrelizumab', start: '2017-02-01' }].map((r) => Object.freeze({ ...r })));
    const copy = JSON.stringify(input);
    const r = dmtEpisodes(input);
    expect(JSON.stringify(input)).toBe(copy);
    expect(r.episodes.map((e) => `${e.id}:${e.line}`)).toEqual(['3:1', '3:2', '3:3', '4:1', '4:2', '4:3', '7:1', '7:2']);
    expect(r.unclassified).toEqual(['daclizumab']);
    expect(r.transitions.find((t) => t.id === '7')?.direction).toBeNull();
    expect(r.warnings).toContain('drugs without a class in the map: daclizumab');
    // default asOf = latest date in the records (2021-08-01)
    expect(r.options.asOf).toBe(18840);
  });

  it('compares drug names after normalization (case, spaces, hyphens)', () => {
    const r = dmtEpisodes([
      { id: '1', drug: 'Interferon beta-1a', start: '2020-01-01', stop: '2020-06-30' },
      { id: '1', drug: 'interferon_beta_1a', start: '2020-07-10', stop: '2020-12-31' },
    ]);
    expect(r.episodes).toHaveLength(1);
    expect(r.episodes[0]).toMatchObject({ drug: 'Interferon beta-1a', records: 2, stop: '2020-12-31', dgnClass: 'I' });
  });

  it('uses a custom class map', () => {
    const map = { ...DEFAULT_DMT_CLASS_MAP, fingolimod: { dgnClass: 'II' as const, efficacy: 'high' as const } };
    const r = dmtEpisodes([
      { id: '1', drug: 'dimethyl_fumarate', start: '2020-01-01', stop: '2020-12-31' },
      { id: '1', drug: 'fingolimod', start: '2021-01-15' },
    ], { classMap: map });
    expect(r.transitions[0]?.direction).toBe('escalation');
    expect(dmtEpisodes([
      { id: '1', drug: 'dimethyl_fumarate', start: '2020-01-01', stop: '2020-12-31' },
      { id: '1', drug: 'fingolimod', start: '2021-01-15' },
    ]).transitions[0]?.direction).toBe('lateral');
  });

  it('rejects bad input with typed errors', () => {
    expect(() => dmtEpisodes([{ id: '1', drug: 'x', start: '2020-02-01', stop: '2020-01-01' }])).toThrow(UsageError);
    expect(() => dmtEpisodes([{ id: '1', drug: ' ', start: '2020-02-01' }])).toThrow(/empty drug/);
    expect(() => dmtEpisodes([{ id: '1', drug: 'x', start: '2020-02-30' }])).toThrow(UsageError);
    expect(() => dmtEpisodes([], { gapDays: -1 })).toThrow(/gapDays/);
  });
});

describe('drug classes', () => {
  it('normalizes names and looks them up', () => {
    expect(normalizeDrugName(' Interferon beta-1a ')).toBe('interferon_beta_1a');
    expect(dmtClassOf('Natalizumab')).toEqual({ dgnClass: 'III', efficacy: 'high' });
    expect(dmtClassOf('siponimod')).toMatchObject({ dgnClass: 'II', verify: true });
    expect(dmtClassOf('aspirin')).toBeNull();
  });
});
