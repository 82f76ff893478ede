import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CANONICAL_TABLES, recordSchema, TABLES } from '../../../engine/schema.js';
import { DEFAULT_COHORT_OPTIONS, generateCohort, resolveCohortOptions } from '../../../datasets/synthetic/generate-cohort.js';
import { cohortToCsv, truthToJson } from '../../../datasets/synthetic/write-cohort-csv.js';
import { UsageError } from '../../../util/errors.js';
import { byPatient, day, defaultCohort } from './fixture.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
function digests(options: Parameters<typeof generateCohort>[0]): Record<string, string> {
  const cohort = generateCohort(options);
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(cohortToCsv(cohort))) out[name] = sha(text);
  out['truth.json'] = sha(truthToJson(cohort));
  return out;
}

const SMALL = { seed: 7, breast: 40, prostate: 40, ms: 40 } as const;

describe('generateCohort: determinism', () => {
  it('gives byte-identical files for the same seed', () => {
    expect(digests(SMALL)).toEqual(digests(SMALL));
  });

  it('gives the committed bytes on every machine (change GENERATOR_VERSION and this hash together)', () => {
    // Recorded on Node 20 (V8 fdlibm Math); a difference means the generator or the platform's Math changed.
    expect(digests(SMALL)).toEqual(GOLDEN_SMALL);
  });

  it('gives different files for a different seed', () => {
    const a = digests(SMALL);
    const b = digests({ ...SMALL, seed: 8 });
    for (const k of Object.keys(a)) expect(b[k], k).not.toBe(a[k]);
  });

  it("keeps one disease's patients unchanged when another disease's count changes", () => {
    const a = generateCohort({ seed: 3, breast: 15, prostate: 0, ms: 10 });
    const b = generateCohort({ seed: 3, breast: 15, prostate: 25, ms: 10 });
    const msA = a.patients.filter((p) => p.diagnosis === 'multiple_sclerosis');
    const msB = b.patients.filter((p) => p.diagnosis === 'multiple_sclerosis');
    expect(msB).toEqual(msA);
    expect(b.truth.ms).toEqual(a.truth.ms);
  });

  it('generates the default cohort (1,500 patients) without Math.random', () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error('Math.random used');
    };
    try {
      const c = generateCohort();
      expect(c.patients.length).toBe(1500);
    } finally {
      Math.random = original;
    }
  });
});

describe('generateCohort: options', () => {
  it('documents and applies its defaults', () => {
    expect(DEFAULT_COHORT_OPTIONS).toEqual({ seed: 20261128, breast: 600, prostate: 400, ms: 500, startYear: 2008, endDate: '2025-12-31' });
    const c = defaultCohort();
    expect(c.truth.generator.options).toEqual(DEFAULT_COHORT_OPTIONS);
    const count = (d: string): number => c.patients.filter((p) => p.diagnosis === d).length;
    expect([count('breast_cancer'), count('prostate_cancer'), count('multiple_sclerosis')]).toEqual([600, 400, 500]);
    expect([c.truth.breast.length, c.truth.prostate.length, c.truth.ms.length]).toEqual([600, 400, 500]);
  });

  it('rejects bad options with a UsageError naming them', () => {
    expect(() => resolveCohortOptions({ breast: -1 })).toThrow(UsageError);
    expect(() => resolveCohortOptions({ ms: 2.5 })).toThrow(/ms/);
    expect(() => resolveCohortOptions({ endDate: '2025-02-30' })).toThrow(/2025-02-30/);
    expect(() => resolveCohortOptions({ startYear: 2025, endDate: '2025-06-30' })).toThrow(/endDate/);
    expect(() => resolveCohortOptions({ seed: Number.NaN })).toThrow(/seed/);
  });

  it('honours startYear and endDate', () => {
    const c = generateCohort({ seed: 5, breast: 50, prostate: 50, ms: 50, startYear: 2015, endDate: '2020-06-30' });
    for (const p of c.patients) {
      expect(p.index_date >= '2015-01-01').toBe(true);
      expect(p.index_date <= '2019-07-01').toBe(true);
      expect(p.last_contact! <= '2020-06-30').toBe(true);
    }
  });

  it('returns an empty cohort for zero patients', () => {
    const c = generateCohort({ breast: 0, prostate: 0, ms: 0 });
    expect(c.patients).toEqual([]);
    expect(c.events).toEqual([]);
  });
});

describe('generateCohort: every record is canonical', () => {
  const c = defaultCohort();

  it('passes the canonical zod validator, table by table, record by record', () => {
    for (const table of CANONICAL_TABLES) {
      const schema = recordSchema(table);
      expect(c[table].length, table).toBeGreaterThan(0);
      for (const rec of c[table]) {
        const r = schema.safeParse(rec);
        if (!r.success) throw new Error(`${table}: ${JSON.stringify(rec)}: ${r.error.message}`);
      }
    }
  });

  it('has no duplicate record keys and no record of an unknown patient', () => {
    const ids = new Set(c.patients.map((p) => p.pseudonym));
    expect(ids.size).toBe(c.patients.length);
    for (const table of CANONICAL_TABLES) {
      const seen = new Set<string>();
      for (const rec of c[table] as readonly object[]) {
        const r = rec as Record<string, unknown>;
        expect(ids.has(r['pseudonym'] as string), table).toBe(true);
        const key = TABLES[table].key.map((k) => String(r[k] ?? '')).join('|');
        expect(seen.has(key), `${table} duplicate ${key}`).toBe(false);
        seen.add(key);
      }
    }
  });

  it('uses pseudonyms P- + 10 hex characters, fictitious sites and birth year/month only', () => {
    for (const p of c.patients) {
      expect(p.pseudonym).toMatch(/^P-[0-9a-f]{10}$/);
      expect(['UK-Nord', 'UK-Sued', 'Praxis-West']).toContain(p.site);
      expect(Object.keys(p).sort()).toEqual(TABLES.patients.columns.map((col) => col.name).sort());
      expect(p.birth_month).toBeGreaterThanOrEqual(1);
    }
    const icd = new Set(c.patients.map((p) => `${p.diagnosis}:${p.diagnosis_icd10}`));
    expect([...icd].sort()).toEqual(['breast_cancer:C50.9', 'multiple_sclerosis:G35.10', 'prostate_cancer:C61']);
  });
});

describe('generateCohort: plausibility', () => {
  const c = defaultCohort();
  const patients = new Map(c.patients.map((p) => [p.pseudonym, p]));
  const end = DEFAULT_COHORT_OPTIONS.endDate;

  it('orders dates: index_date <= events, observations, visits, therapy starts <= last_contact <= endDate', () => {
    const within = (pseudonym: string, date: string, what: string): void => {
      const p = patients.get(pseudonym)!;
      if (date < p.index_date || date > p.last_contact!) throw new Error(`${what} ${date} outside [${p.index_date}, ${p.last_contact}] for ${pseudonym}`);
    };
    for (const p of c.patients) {
      expect(p.last_contact! >= p.index_date).toBe(true);
      expect(p.last_contact! <= end).toBe(true);
      // birth before diagnosis, plausible ages
      const age = Number(p.index_date.slice(0, 4)) - p.birth_year;
      expect(age).toBeGreaterThanOrEqual(15);
      expect(age).toBeLessThanOrEqual(91);
      expect(day(p.last_contact!) - day(p.index_date)).toBeLessThanOrEqual(Math.floor(15 * 365.25));
    }
    for (const e of c.events) within(e.pseudonym, e.date, `event ${e.type}`);
    for (const o of c.observations) within(o.pseudonym, o.date, `observation ${o.code}`);
    for (const v of c.visits) within(v.pseudonym, v.date, `visit ${v.type}`);
    for (const t of c.treatments) {
      within(t.pseudonym, t.start, `treatment ${t.substance}`);
      if (t.stop != null) {
        expect(t.stop >= t.start, `${t.substance} stop before start`).toBe(true);
        within(t.pseudonym, t.stop, `treatment stop ${t.substance}`);
        expect(t.stop_reason, `${t.substance} stopped without reason`).toBeTruthy();
      } else {
        expect(t.stop_reason ?? null, 'ongoing therapy has no stop reason').toBeNull();
      }
    }
  });

  it('records no event after death, at most one death, and last_contact = death date', () => {
    const events = byPatient(c.events);
    let deaths = 0;
    for (const [id, list] of events) {
      const d = list.filter((e) => e.type === 'death');
      expect(d.length).toBeLessThanOrEqual(1);
      if (d.length === 1) {
        deaths++;
        const date = d[0]!.date;
        expect(patients.get(id)!.last_contact).toBe(date);
        for (const e of list) expect(e.date <= date).toBe(true);
        for (const o of c.observations) if (o.pseudonym === id) expect(o.date <= date).toBe(true);
      }
    }
    expect(deaths).toBeGreaterThan(50);
    const truthDeaths = [...c.truth.breast, ...c.truth.prostate, ...c.truth.ms].filter((t) => t.deathDate !== null).length;
    expect(deaths).toBe(truthDeaths);
  });

  it('has both censoring mechanisms: administrative at endDate and loss to follow-up before it', () => {
    const ends = [...c.truth.breast, ...c.truth.prostate, ...c.truth.ms].map((t) => t.followUpEnd);
    for (const kind of ['administrative', 'lost_to_follow_up', 'death', 'max_follow_up'] as const) expect(ends, kind).toContain(kind);
    const atEnd = c.patients.filter((p) => p.last_contact === end).length;
    expect(atEnd).toBe(ends.filter((e) => e === 'administrative').length);
  });

  it('keeps truth and records consistent (last contact, pseudonyms)', () => {
    for (const t of [...c.truth.breast, ...c.truth.prostate, ...c.truth.ms]) expect(patients.get(t.pseudonym)!.last_contact).toBe(t.lastContact);
  });
});

/** SHA-256 of generateCohort({ seed: 7, breast: 40, prostate: 40, ms: 40 }) files, generator version 1, Node 20. */
const GOLDEN_SMALL: Record<string, string> = {
  'events.csv': 'b2994f54e89966bf36256f138266152f247743cbc3dac83e2c17355f98b64a12',
  'observations.csv': 'edfee932220a9690d919e38fb48a515ffc7b3df0ad5c91feef107a0a1880cadf',
  'patients.csv': '02775eeb28b0af8ecf75f3f4888432735a83c601d874c731d77ceae4b642d04b',
  'treatments.csv': 'be2009bfa79f523c05862ad129d17937c6d6ef1a08616f95de6a209ef0b67cd3',
  'truth.json': '6fe0920a77659e7851c305a3560f0beab8faee1940e98b5b4b56c818dfafe5c8',
  'visits.csv': '0ea2b4af9b30f25388afcb5db348ac7b747d897cbadba16cd64340eff348020b',
};
