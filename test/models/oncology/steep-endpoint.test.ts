import { describe, expect, it } from 'vitest';
import { STEEP_DEFINITIONS, STEEP_ENDPOINTS, steepEndpoint, steepEndpoints, type OncologyEvent, type SteepEndpointName } from '../../../models/oncology/index.js';
import { UsageError } from '../../../util/errors.js';

const frame = { origin: '2020-01-01', lastFollowUp: '2025-01-01' };
const run = (events: OncologyEvent[], endpoint: SteepEndpointName, extra: object = {}) => steepEndpoint(events, { endpoint, ...frame, ...extra });
/** Days from 2020-01-01. */
const day = (iso: string): number => (Date.parse(iso) - Date.parse('2020-01-01')) / 864e5;

// One history per event kind: which endpoints does the event end? (STEEP 2007 Table 1; STEEP 2.0)
const single: Record<string, { event: OncologyEvent; endpoints: SteepEndpointName[] }> = {
  local: { event: { date: '2021-06-01', type: 'local_recurrence', detail: 'chest wall' }, endpoints: ['IDFS', 'IBCFS', 'RFS', 'RFI'] },
  regional: { event: { date: '2021-06-01', type: 'regional_recurrence' }, endpoints: ['IDFS', 'IBCFS', 'RFS', 'RFI'] },
  distant: { event: { date: '2021-06-01', type: 'distant_metastasis', detail: 'bone' }, endpoints: ['IDFS', 'IBCFS', 'RFS', 'RFI', 'DRFS', 'DRFI', 'DDFS'] },
  contralateral: { event: { date: '2021-06-01', type: 'contralateral_cancer' }, endpoints: ['IDFS', 'IBCFS'] },
  secondPrimary: { event: { date: '2021-06-01', type: 'second_primary', detail: 'C18.7' }, endpoints: ['IDFS', 'DDFS'] },
  dcis: { event: { date: '2021-06-01', type: 'dcis' }, endpoints: [] },
  breastDeath: { event: { date: '2021-06-01', type: 'death', detail: 'breast_cancer' }, endpoints: ['IDFS', 'IBCFS', 'RFS', 'RFI', 'DRFS', 'DRFI', 'DDFS', 'OS'] },
  otherDeath: { event: { date: '2021-06-01', type: 'death', detail: 'other_cause' }, endpoints: ['IDFS', 'IBCFS', 'RFS', 'DRFS', 'DDFS', 'OS'] },
  unknownDeath: { event: { date: '2021-06-01', type: 'death', detail: null }, endpoints: ['IDFS', 'IBCFS', 'RFS', 'DRFS', 'DDFS', 'OS'] },
};

describe('steepEndpoint', () => {
  for (const [name, { event, endpoints }] of Object.entries(single)) {
    it(`counts a single ${name} event for exactly ${endpoints.join(', ') || 'no endpoint'}`, () => {
      for (const ep of STEEP_ENDPOINTS) {
        const r = run([event], ep);
        const counted = endpoints.includes(ep);
        expect(r.status, ep).toBe(counted ? 1 : 0);
        if (counted) {
          expect(r.time).toBe(day('2021-06-01'));
          expect(r.eventType).toBe(event.type);
          expect(r.eventDate).toBe('2021-06-01');
        } else {
          // deaths end follow-up even when not counted: censored at death
          const end = event.type === 'death' ? day('2021-06-01') : day('2025-01-01');
          expect(r.time, ep).toBe(end);
          expect(r.eventType).toBeNull();
        }
      }
    });
  }

  it('takes the first counted event and censors at last follow-up without one', () => {
    const events: OncologyEvent[] = [
      { date: '2023-02-01', type: 'death', detail: 'breast_cancer' },
      { date: '2021-01-10', type: 'dcis' },
      { date: '2022-05-05', type: 'distant_metastasis' },
      { date: '2021-09-09', type: 'contralateral_cancer' },
      { date: '2021-03-01', type: 'diagnosis' },
    ];
    const frozen = Object.freeze(events.map((e) => Object.freeze({ ...e })));
    expect(steepEndpoint(frozen, { endpoint: 'IDFS', ...frame })).toMatchObject({ status: 1, eventType: 'contralateral_cancer', time: day('2021-09-09') });
    expect(run(events, 'DRFI')).toMatchObject({ status: 1, eventType: 'distant_metastasis', time: day('2022-05-05') });
    expect(run(events, 'OS')).toMatchObject({ status: 1, eventType: 'death', category: 'death_breast_cancer', time: day('2023-02-01') });
    expect(run([], 'IDFS')).toMatchObject({ status: 0, time: day('2025-01-01'), endDate: '2025-01-01', eventDate: null });
  });

  it('reports the first type in the documented order when events share a day', () => {
    const r = run(
      [
        { date: '2022-01-01', type: 'death', detail: 'breast_cancer' },
        { date: '2022-01-01', type: 'distant_metastasis' },
        { date: '2022-01-01', type: 'local_recurrence' },
      ],
      'IDFS',
    );
    expect(r.eventType).toBe('local_recurrence');
  });

  it('treats unknown-cause deaths in RFI and DRFI by the option', () => {
    const death = [{ date: '2022-01-01', type: 'death', detail: 'unknown' }];
    expect(run(death, 'DRFI').status).toBe(0);
    expect(run(death, 'DRFI', { unknownDeathCause: 'event' })).toMatchObject({ status: 1, category: 'death_unknown_cause' });
    expect(run(death, 'RFI', { unknownDeathCause: 'event' }).status).toBe(1);
    // other endpoints count every death anyway
    expect(run(death, 'OS').status).toBe(1);
    // custom breast cancer cause codes
    expect(run([{ date: '2022-01-01', type: 'death', detail: 'C50' }], 'DRFI', { breastCancerDeathCauses: ['C50'] }).status).toBe(1);
  });

  it('ignores events outside follow-up with warnings and allows time 0', () => {
    const r = run(
      [
        { date: '2019-12-31', type: 'distant_metastasis' },
        { date: '2025-01-02', type: 'distant_metastasis' },
      ],
      'DRFI',
    );
    expect(r.status).toBe(0);
    expect(r.time).toBe(day('2025-01-01'));
    expect(r.warnings.join(' ')).toMatch(/before origin/);
    expect(r.warnings.join(' ')).toMatch(/after the end of follow-up/);
    expect(run([{ date: '2020-01-01', type: 'local_recurrence' }], 'RFS')).toMatchObject({ status: 1, time: 0 });
    expect(run([{ date: '2025-01-01', type: 'local_recurrence' }], 'RFS')).toMatchObject({ status: 1, time: day('2025-01-01') });
  });

  it('ignores a recurrence after a non-counted death (follow-up ended at death)', () => {
    const r = run(
      [
        { date: '2021-01-01', type: 'death', detail: 'other_cause' },
        { date: '2022-01-01', type: 'distant_metastasis' },
      ],
      'DRFI',
    );
    expect(r).toMatchObject({ status: 0, time: day('2021-01-01'), endDate: '2021-01-01' });
  });

  it('throws typed errors on bad input', () => {
    expect(() => run([], 'XYZ' as SteepEndpointName)).toThrow(UsageError);
    expect(() => steepEndpoint([], { endpoint: 'OS', origin: '2020-01-01', lastFollowUp: '2019-01-01' })).toThrow(/before origin/);
    expect(() => steepEndpoint([], { endpoint: 'OS', origin: '2020-02-30', lastFollowUp: '2021-01-01' })).toThrow(UsageError);
    expect(() => run([{ date: '2021/01/01', type: 'death' }], 'OS')).toThrow(/death date/);
  });

  it('marks the (verify) rows of the table', () => {
    expect(STEEP_DEFINITIONS.RFI.verify).toBe(true);
    expect(STEEP_DEFINITIONS.DDFS.verify).toBe(true);
    expect(STEEP_DEFINITIONS.IDFS.verify).toBe(false);
    expect(STEEP_DEFINITIONS.IDFS.counts).not.toContain('dcis');
  });
});

describe('steepEndpoints', () => {
  it('matches the per-patient function, in the order of patients', () => {
    const events = [
      { pseudonym: 'B', date: '2021-06-01', type: 'distant_metastasis' },
      { pseudonym: 'A', date: '2020-07-01', type: 'second_primary' },
      { pseudonym: 'C', date: '2020-07-01', type: 'local_recurrence' },
      { pseudonym: 'Z', date: '2020-07-01', type: 'local_recurrence' },
      { pseudonym: 'A', date: '2022-01-01', type: 'death', detail: 'other_cause' },
    ];
    const patients = [
      { pseudonym: 'A', origin: '2020-01-01', lastFollowUp: '2024-01-01' },
      { pseudonym: 'B', origin: '2020-03-01', lastFollowUp: '2021-05-31' },
      { pseudonym: 'C', origin: '2020-01-01', lastFollowUp: '2023-01-01' },
    ];
    const r = steepEndpoints(events, patients, { endpoint: 'IBCFS' });
    expect(r.pseudonym).toEqual(['A', 'B', 'C']);
    expect(Array.from(r.status)).toEqual([1, 0, 1]);
    expect(Array.from(r.time)).toEqual([day('2022-01-01'), (Date.parse('2021-05-31') - Date.parse('2020-03-01')) / 864e5, day('2020-07-01')]);
    expect(r.eventType).toEqual(['death', null, 'local_recurrence']);
    expect(r.warnings).toContain('B: 1 counted event(s) after the end of follow-up 2021-05-31 ignored');
    expect(r.warnings).toContain('1 event(s) of pseudonyms not in patients ignored');
    for (let i = 0; i < patients.length; i++) {
      const p = patients[i]!;
      const one = steepEndpoint(events.filter((e) => e.pseudonym === p.pseudonym), { endpoint: 'IBCFS', origin: p.origin, lastFollowUp: p.lastFollowUp });
      expect(r.time[i]).toBe(one.time);
      expect(r.status[i]).toBe(one.status);
    }
    expect(() => steepEndpoints([], [patients[0]!, patients[0]!], { endpoint: 'OS' })).toThrow(/Duplicate pseudonym/);
    expect(() => steepEndpoints([{ pseudonym: 'C', date: '2021-13-01', type: 'death' }], patients, { endpoint: 'OS' })).toThrow(/patient C: death date/);
    expect(() => steepEndpoints([], [{ pseudonym: 'A', origin: '2020-01-01', lastFollowUp: '2019-01-01' }], { endpoint: 'OS' })).toThrow(/patient A: lastFollowUp/);
  });
});
