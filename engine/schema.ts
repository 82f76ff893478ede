/**
 * The canonical longitudinal schema: five tables of pseudonymized follow-up
 * data. Each table is described once, as a list of typed columns; the zod
 * validators, the DuckDB DDL and the documentation (docs/schema.md) are all
 * derived from that one description, so they cannot drift apart.
 *
 * Dates are ISO calendar dates (`YYYY-MM-DD`), stored as DuckDB `DATE`.
 * No table holds a direct identifier: `pseudonym` is the only link between
 * records (see the "Patients in control" design in README).
 */
import { z } from 'zod';
import { INSTRUMENT_IDS } from '../models/pro/types.js';

/** DuckDB column types used by the schema. */
export type DuckType = 'VARCHAR' | 'DATE' | 'DOUBLE' | 'INTEGER';

/** One column of a canonical table. */
export interface ColumnSpec {
  name: string;
  type: DuckType;
  /** Must be present (NOT NULL). */
  required: boolean;
  /** One-line meaning, shown in docs and `midia describe`. */
  description: string;
  /** Allowed values, when the column is an enumeration. */
  values?: readonly string[];
  /** Inclusive numeric bounds, when the column has them. */
  min?: number;
  max?: number;
}

/** One canonical table. */
export interface TableSpec {
  name: StoreTableName;
  description: string;
  columns: readonly ColumnSpec[];
  /** Columns that identify a record: a second record with the same key is a duplicate. */
  key: readonly string[];
}

export const CANONICAL_TABLES = ['patients', 'events', 'observations', 'treatments', 'visits'] as const;
export type CanonicalTableName = (typeof CANONICAL_TABLES)[number];

/**
 * Every table of patient data the store keeps: the five canonical import
 * tables and `reports`, the patient-reported outcomes (docs/pro.md). Reports
 * are not an import target of the tabular loaders: they are written only
 * through the scoring path (engine/reports/), which checks the answers and
 * computes the scores, and they live in their own DuckDB schema
 * ({@link REPORTS_SCHEMA}).
 */
export const STORE_TABLES = [...CANONICAL_TABLES, 'reports'] as const;
export type StoreTableName = (typeof STORE_TABLES)[number];

/** Schema (DuckDB namespace) of the patient-reported outcomes table `reports`. Only the access gate and engine/reports/ read it. */
export const REPORTS_SCHEMA = 'pro';

/** Who answered a reported outcome: the patient, or a proxy (a relative or carer) for the patient. */
export const REPORT_PROVENANCE_VALUES = ['patient', 'proxy'] as const;

/** Sex as recorded (German civil status also allows "diverse"). */
export const SEX_VALUES = ['female', 'male', 'diverse', 'unknown'] as const;

/** Primary diagnosis groups the engine knows; others are stored as `other`. */
export const DIAGNOSIS_VALUES = ['breast_cancer', 'prostate_cancer', 'multiple_sclerosis', 'other'] as const;

/**
 * Event types. Oncology types follow STEEP (Hudis 2007; Tolaney 2021):
 * local = ipsilateral breast / chest wall (or prostate bed), regional = regional
 * nodes, distant = anything else. See docs/oncology.md "Event sites".
 */
export const EVENT_TYPES = [
  'relapse', // MS relapse (attack)
  'local_recurrence',
  'regional_recurrence',
  'distant_metastasis',
  'contralateral_cancer',
  'second_primary', // second non-breast invasive primary
  'dcis', // ductal carcinoma in situ (not an IDFS event)
  'biochemical_recurrence',
  'progression',
  'death',
  'mri', // an MRI examination; findings in code/value (e.g. T2_NEW = 2)
  'surgery',
  'diagnosis',
  'other',
] as const;

/** Treatment intent (oBDS: K curative, P palliative, S other, X unknown; MS: disease-modifying). */
export const INTENT_VALUES = ['curative', 'palliative', 'adjuvant', 'neoadjuvant', 'disease_modifying', 'symptomatic', 'supportive', 'other', 'unknown'] as const;

const pseudonym: ColumnSpec = {
  name: 'pseudonym',
  type: 'VARCHAR',
  required: true,
  description: 'Pseudonym of the patient (never a direct identifier)',
};
const source: ColumnSpec = {
  name: 'source',
  type: 'VARCHAR',
  required: false,
  description: 'Providing institution or system (provenance)',
};

export const TABLES: Readonly<Record<StoreTableName, TableSpec>> = {
  patients: {
    name: 'patients',
    description: 'One row per patient: baseline facts that do not change over follow-up.',
    key: ['pseudonym'],
    columns: [
      pseudonym,
      { name: 'birth_year', type: 'INTEGER', required: true, description: 'Year of birth', min: 1880, max: 2100 },
      { name: 'birth_month', type: 'INTEGER', required: false, description: 'Month of birth (1-12); the day is never stored', min: 1, max: 12 },
      { name: 'sex', type: 'VARCHAR', required: true, description: 'Sex: female, male, diverse or unknown', values: SEX_VALUES },
      { name: 'diagnosis', type: 'VARCHAR', required: true, description: 'Primary diagnosis group', values: DIAGNOSIS_VALUES },
      { name: 'diagnosis_icd10', type: 'VARCHAR', required: false, description: 'ICD-10(-GM) code of the primary diagnosis, e.g. C50.4, C61, G35' },
      { name: 'site', type: 'VARCHAR', required: false, description: 'Treating site (hospital or practice) that enrolled the patient' },
      { name: 'index_date', type: 'DATE', required: true, description: 'Time origin of follow-up (diagnosis, surgery or enrolment)' },
      { name: 'last_contact', type: 'DATE', required: false, description: 'Date the patient was last known alive and followed (censoring date)' },
      source,
    ],
  },
  events: {
    name: 'events',
    description: 'Dated clinical events: relapses, recurrences, metastases, death, MRI examinations with their findings.',
    key: ['pseudonym', 'date', 'type', 'code'],
    columns: [
      pseudonym,
      { name: 'date', type: 'DATE', required: true, description: 'Date of the event (onset, diagnosis or examination)' },
      { name: 'type', type: 'VARCHAR', required: true, description: 'Event type', values: EVENT_TYPES },
      { name: 'code_system', type: 'VARCHAR', required: false, description: 'Coding system of `code` (ICD-10-GM, SNOMED CT, local)' },
      { name: 'code', type: 'VARCHAR', required: false, description: 'Code of the event or finding, e.g. C79.5 or T2_NEW' },
      { name: 'value', type: 'DOUBLE', required: false, description: 'Numeric finding, e.g. number of new T2 lesions' },
      { name: 'detail', type: 'VARCHAR', required: false, description: 'Free-text qualifier (site of metastasis, cause of death)' },
      source,
    ],
  },
  observations: {
    name: 'observations',
    description: 'Dated measurements: biomarkers, labs, scores (ER, PR, HER2, Ki-67, PSA, EDSS, ...).',
    key: ['pseudonym', 'date', 'code'],
    columns: [
      pseudonym,
      { name: 'date', type: 'DATE', required: true, description: 'Date of the measurement' },
      { name: 'code', type: 'VARCHAR', required: true, description: 'What was measured: ER, PR, HER2, KI67, PSA, EDSS, GRADE, ... or a LOINC code' },
      { name: 'code_system', type: 'VARCHAR', required: false, description: 'Coding system of `code` (local, LOINC)' },
      { name: 'value', type: 'DOUBLE', required: false, description: 'Numeric value' },
      { name: 'value_text', type: 'VARCHAR', required: false, description: 'Categorical value (e.g. positive, 3+) when not numeric' },
      { name: 'unit', type: 'VARCHAR', required: false, description: 'UCUM unit of `value`, e.g. ng/mL, %' },
      source,
    ],
  },
  treatments: {
    name: 'treatments',
    description: 'Therapies with start and stop: surgery, radiotherapy, systemic and disease-modifying drugs.',
    key: ['pseudonym', 'start', 'substance'],
    columns: [
      pseudonym,
      { name: 'start', type: 'DATE', required: true, description: 'First day of the therapy' },
      { name: 'stop', type: 'DATE', required: false, description: 'Last day of the therapy; empty while ongoing' },
      { name: 'substance', type: 'VARCHAR', required: true, description: 'Substance or procedure, e.g. tamoxifen, ocrelizumab, radiotherapy' },
      { name: 'atc', type: 'VARCHAR', required: false, description: 'ATC code of the substance, e.g. L02BA01' },
      { name: 'class', type: 'VARCHAR', required: false, description: 'Therapy class, e.g. endocrine, chemotherapy, dmt_high, dmt_moderate' },
      { name: 'intent', type: 'VARCHAR', required: false, description: 'Intent', values: INTENT_VALUES },
      { name: 'line', type: 'INTEGER', required: false, description: 'Therapy line (1 = first)', min: 1, max: 100 },
      { name: 'stop_reason', type: 'VARCHAR', required: false, description: 'Why the therapy stopped (efficacy, adverse_event, patient_wish, ...)' },
      source,
    ],
  },
  visits: {
    name: 'visits',
    description: 'Contacts with a provider: the follow-up schedule.',
    key: ['pseudonym', 'date', 'type'],
    columns: [
      pseudonym,
      { name: 'date', type: 'DATE', required: true, description: 'Date of the visit' },
      { name: 'type', type: 'VARCHAR', required: true, description: 'Kind of contact: followup, outpatient, inpatient, telephone, ...' },
      { name: 'provider', type: 'VARCHAR', required: false, description: 'Provider seen' },
      source,
    ],
  },
  reports: {
    name: 'reports',
    description:
      'Patient-reported outcomes: one questionnaire answered by a patient on a day, with the raw answers and the scores the engine computed from them (docs/pro.md). ' +
      'Written only through the scoring path (a second report of the same instrument on the same day replaces the first); kept in the DuckDB schema `pro`.',
    key: ['pseudonym', 'instrument', 'date'],
    columns: [
      pseudonym,
      { name: 'date', type: 'DATE', required: true, description: 'Day the patient answered the questionnaire' },
      { name: 'instrument', type: 'VARCHAR', required: true, description: 'Questionnaire', values: INSTRUMENT_IDS },
      { name: 'answers', type: 'VARCHAR', required: true, description: 'The answers as a JSON object of answer codes in questionnaire order (docs/pro.md), e.g. {"MO":1,"SC":1,"UA":2,"PD":3,"AD":1,"VAS":70}; unanswered items left out' },
      { name: 'scores', type: 'VARCHAR', required: true, description: 'The scores as a JSON object of score keys (docs/pro.md), e.g. {"index":0.855,"vas":70}; null where a missing-item rule leaves a score undefined' },
      { name: 'provenance', type: 'VARCHAR', required: true, description: 'Who answered: patient, or proxy (a relative or carer for the patient)', values: REPORT_PROVENANCE_VALUES },
      source,
    ],
  },
};

/**
 * Plausibility rules of the import (one table, applied by every loader's
 * validation SQL in engine/import/validate-sql.ts, documented in docs/schema.md
 * under "Plausibility rules"). A record breaking one is rejected with its file,
 * row and field, like a malformed value. Dates are compared with the import's
 * `today` (default: the current date, UTC).
 */
export const PLAUSIBILITY = {
  /** No date before this day (records from before 1900 are typing errors in follow-up data). */
  earliestDate: '1900-01-01',
  /** Dates may lie at most this many days after today (exports from a time zone ahead of ours). */
  futureToleranceDays: 1,
  /** Birth years from this year to the current year. */
  earliestBirthYear: 1900,
} as const;

/**
 * Rules that compare two columns of one record (checked on import).
 * `last_contact` and the index date's year against `birth_year` are in `patients`;
 * treatments' `stop >= start` has been checked since the first schema version.
 */
export const RECORD_RULES: readonly { table: CanonicalTableName; rule: string; meaning: string }[] = [
  { table: 'patients', rule: 'last_contact >= index_date', meaning: 'the patient cannot be last seen before follow-up starts' },
  { table: 'patients', rule: 'year(index_date) >= birth_year', meaning: 'follow-up cannot start before the year of birth' },
  { table: 'treatments', rule: 'stop >= start', meaning: 'a therapy cannot stop before it starts' },
];

/** A plausible range of the numeric `value` of one observation or event code. */
export interface ValueRule {
  /** Table whose `value` the rule checks (by the record's `code`). */
  table: 'observations' | 'events';
  /** Canonical codes the rule applies to (compared upper-case, trimmed). */
  codes: readonly string[];
  /** Applies only when the record's unit is one of these (`null`: no unit); absent: any unit. */
  units?: readonly (string | null)[];
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  /** Values must be multiples of this step (1: integers). */
  step?: number;
  /** The scale, for messages and docs. */
  meaning: string;
}

/**
 * Plausible values per code (observations and MRI findings). Sources: Kurtzke,
 * Neurology 1983 (EDSS 0-10 in half steps); ASCO/CAP (ER/PR % of stained nuclei,
 * HER2 IHC 0-3+); Ki-67 % of stained nuclei; Elston-Ellis grade 1-3; ISUP grade
 * groups 1-5 and Gleason scores 2-10 (Epstein, Am J Surg Pathol 2016); listed in docs/schema.md.
 */
export const VALUE_RULES: readonly ValueRule[] = [
  { table: 'observations', codes: ['EDSS'], min: 0, max: 10, step: 0.5, meaning: 'EDSS score: 0 to 10 in steps of 0.5' },
  { table: 'observations', codes: ['PSA'], min: 0, meaning: 'PSA concentration: not negative' },
  { table: 'observations', codes: ['KI67'], units: [null, '%'], min: 0, max: 100, meaning: 'Ki-67: 0 to 100 % of nuclei' },
  { table: 'observations', codes: ['ER', 'PR'], units: [null, '%'], min: 0, max: 100, meaning: 'receptor status: 0 to 100 % of stained nuclei' },
  { table: 'observations', codes: ['ER', 'PR', 'KI67'], min: 0, meaning: 'receptor or Ki-67 value in another unit: not negative' },
  { table: 'observations', codes: ['HER2'], min: 0, max: 3, step: 1, meaning: 'HER2 IHC score: 0, 1, 2 or 3' },
  { table: 'observations', codes: ['HER2_ISH', 'MARGIN', 'SVI'], min: 0, max: 1, step: 1, meaning: 'yes/no finding: 0 or 1' },
  { table: 'observations', codes: ['GRADE'], min: 1, max: 3, step: 1, meaning: 'histological grade: 1, 2 or 3' },
  { table: 'observations', codes: ['ISUP'], min: 1, max: 5, step: 1, meaning: 'ISUP grade group: 1 to 5' },
  { table: 'observations', codes: ['GLEASON'], min: 2, max: 10, step: 1, meaning: 'Gleason score: 2 to 10' },
  { table: 'observations', codes: ['TSIZE'], min: 0, meaning: 'tumour size: not negative' },
  { table: 'observations', codes: ['NODES'], min: 0, step: 1, meaning: 'number of positive lymph nodes: a count' },
  { table: 'events', codes: ['T2_NEW', 'GD_ENHANCING'], min: 0, step: 1, meaning: 'number of MRI lesions: a count' },
];

/** The first rule of {@link VALUE_RULES} that a value breaks, or null (pure; the reference of the import SQL). */
export function brokenValueRule(table: CanonicalTableName, code: string | null, value: number | null, unit: string | null = null): ValueRule | null {
  if (code === null || value === null || !Number.isFinite(value)) return null;
  const c = code.trim().toUpperCase();
  for (const r of VALUE_RULES) {
    if (r.table !== table || !r.codes.includes(c)) continue;
    if (r.units !== undefined && !r.units.includes(unit)) continue;
    if ((r.min !== undefined && value < r.min) || (r.max !== undefined && value > r.max)) return r;
    if (r.step !== undefined && Math.abs(value / r.step - Math.round(value / r.step)) > 1e-9) return r;
  }
  return null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** zod validator of an ISO calendar date (rejects 2023-02-30). */
export const isoDate = z.string().regex(ISO_DATE, 'expected an ISO date YYYY-MM-DD').refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, 'not a valid calendar date');

function columnValidator(col: ColumnSpec): z.ZodType {
  let base: z.ZodType;
  switch (col.type) {
    case 'VARCHAR':
      base = col.values ? z.enum(col.values as [string, ...string[]]) : z.string().min(1);
      break;
    case 'DATE':
      base = isoDate;
      break;
    case 'DOUBLE': {
      let n = z.number().finite();
      if (col.min !== undefined) n = n.min(col.min);
      if (col.max !== undefined) n = n.max(col.max);
      base = n;
      break;
    }
    case 'INTEGER': {
      let n = z.number().int();
      if (col.min !== undefined) n = n.min(col.min);
      if (col.max !== undefined) n = n.max(col.max);
      base = n;
      break;
    }
  }
  return col.required ? base : base.nullable().optional();
}

/** zod object schema of one canonical record. */
export function recordSchema(table: StoreTableName): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const col of TABLES[table].columns) shape[col.name] = columnValidator(col);
  return z.object(shape);
}

export const PatientRecord = recordSchema('patients');
export const EventRecord = recordSchema('events');
export const ObservationRecord = recordSchema('observations');
export const TreatmentRecord = recordSchema('treatments');
export const VisitRecord = recordSchema('visits');

export interface Patient {
  pseudonym: string;
  birth_year: number;
  birth_month?: number | null;
  sex: (typeof SEX_VALUES)[number];
  diagnosis: (typeof DIAGNOSIS_VALUES)[number];
  diagnosis_icd10?: string | null;
  site?: string | null;
  index_date: string;
  last_contact?: string | null;
  source?: string | null;
}
export interface ClinicalEvent {
  pseudonym: string;
  date: string;
  type: (typeof EVENT_TYPES)[number];
  code_system?: string | null;
  code?: string | null;
  value?: number | null;
  detail?: string | null;
  source?: string | null;
}
export interface Observation {
  pseudonym: string;
  date: string;
  code: string;
  code_system?: string | null;
  value?: number | null;
  value_text?: string | null;
  unit?: string | null;
  source?: string | null;
}
export interface Treatment {
  pseudonym: string;
  start: string;
  stop?: string | null;
  substance: string;
  atc?: string | null;
  class?: string | null;
  intent?: (typeof INTENT_VALUES)[number] | null;
  line?: number | null;
  stop_reason?: string | null;
  source?: string | null;
}
export interface Visit {
  pseudonym: string;
  date: string;
  type: string;
  provider?: string | null;
  source?: string | null;
}
/** A row of `reports` (answers and scores as JSON text; engine/reports/ reads them as objects). */
export interface ReportRecord {
  pseudonym: string;
  date: string;
  instrument: (typeof INSTRUMENT_IDS)[number];
  answers: string;
  scores: string;
  provenance: (typeof REPORT_PROVENANCE_VALUES)[number];
  source?: string | null;
}

/** Record type of each canonical table. */
export interface CanonicalRecords {
  patients: Patient;
  events: ClinicalEvent;
  observations: Observation;
  treatments: Treatment;
  visits: Visit;
}

/** Schema version of the store. Bump it and add a migration in store-migrations.ts. */
export const SCHEMA_VERSION = 6;

/** Schema (DuckDB namespace) that holds the raw canonical tables. Only the access gate reads it. */
export const RAW_SCHEMA = 'cohort';

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** DuckDB `CREATE TABLE` statement of a table in the given schema (default: `cohort`, and `pro` for `reports`). */
export function tableDdl(table: StoreTableName, schema: string = table === 'reports' ? REPORTS_SCHEMA : RAW_SCHEMA): string {
  const spec = TABLES[table];
  const cols = spec.columns.map((c) => {
    const checks: string[] = [];
    if (c.values) checks.push(`${quoteIdent(c.name)} IN (${c.values.map((v) => `'${v}'`).join(', ')})`);
    if (c.min !== undefined) checks.push(`${quoteIdent(c.name)} >= ${c.min}`);
    if (c.max !== undefined) checks.push(`${quoteIdent(c.name)} <= ${c.max}`);
    const check = checks.length ? ` CHECK (${checks.join(' AND ')})` : '';
    return `  ${quoteIdent(c.name)} ${c.type}${c.required ? ' NOT NULL' : ''}${check}`;
  });
  if (table === 'patients') cols.push('  PRIMARY KEY ("pseudonym")');
  if (table === 'reports') cols.push('  PRIMARY KEY ("pseudonym", "instrument", "date")');
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.${quoteIdent(table)} (\n${cols.join(',\n')}\n)`;
}

/** Markdown documentation of every canonical table (used for docs/schema.md). */
export function schemaMarkdown(): string {
  const parts: string[] = ['# Canonical schema', '', `Schema version ${SCHEMA_VERSION}. Generated from engine/schema.ts by \`midia schema --markdown\`.`, ''];
  for (const name of STORE_TABLES) {
    const t = TABLES[name];
    const key =
      name === 'reports'
        ? `Record key (one report per patient, instrument and day; a later report replaces it): ${t.key.join(', ')}.`
        : `Record key (duplicates are skipped on import): ${t.key.join(', ')}.`;
    parts.push(`## ${name}`, '', t.description, '', key, '', '| column | type | required | meaning |', '| --- | --- | --- | --- |');
    for (const c of t.columns) {
      const vals = c.values ? ` One of: ${c.values.join(', ')}.` : '';
      const range = c.min !== undefined || c.max !== undefined ? ` Range ${c.min ?? '-inf'} to ${c.max ?? 'inf'}.` : '';
      parts.push(`| ${c.name} | ${c.type} | ${c.required ? 'yes' : 'no'} | ${c.description}.${vals}${range} |`);
    }
    parts.push('');
  }
  parts.push(...plausibilityMarkdown());
  return parts.join('\n');
}

/** The "Plausibility rules" section of docs/schema.md. */
function plausibilityMarkdown(): string[] {
  const parts = [
    '## Plausibility rules',
    '',
    'Every import rejects a record that breaks one of these rules, naming file, row and field (engine/schema.ts: `PLAUSIBILITY`, `RECORD_RULES`, `VALUE_RULES`).',
    '',
    `- Dates: not before ${PLAUSIBILITY.earliestDate}, and not more than ${PLAUSIBILITY.futureToleranceDays} day after the day of the import.`,
    `- \`birth_year\`: from ${PLAUSIBILITY.earliestBirthYear} to the current year.`,
    ...RECORD_RULES.map((r) => `- ${r.table}: \`${r.rule}\` (${r.meaning}).`),
    '',
    '| table | codes | unit | range | step | meaning |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of VALUE_RULES) {
    const units = r.units === undefined ? 'any' : r.units.map((u) => (u === null ? 'none' : u)).join(', ');
    parts.push(`| ${r.table} | ${r.codes.join(', ')} | ${units} | ${r.min ?? '-inf'} to ${r.max ?? 'inf'} | ${r.step ?? ''} | ${r.meaning} |`);
  }
  parts.push('');
  return parts;
}
