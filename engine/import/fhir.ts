/**
 * FHIR R4 resources -> canonical records (pure functions, no database).
 *
 * Rules (defaults; see fhir-codes.ts for the code maps):
 * - Patient -> patients: `id` is the pseudonym (resources are assumed to be
 *   pseudonymized already); `birthDate` gives birth_year and birth_month (the
 *   day is dropped); `gender` female/male/other/unknown -> female/male/diverse/unknown
 *   (missing: unknown). Names, addresses, telecom and identifiers are never read.
 *   `deceasedDateTime` -> an event `death`.
 * - Condition: ICD-10 C50*, C61*, G35* is a primary diagnosis: the earliest one
 *   (by onsetDateTime, onsetPeriod.start, else recordedDate) sets the patient's
 *   diagnosis, diagnosis_icd10 and index_date when the Patient is in the same
 *   file; every other primary-diagnosis Condition becomes an event `diagnosis`.
 *   C77 -> event regional_recurrence, C78 and C79 -> distant_metastasis. Other
 *   codes and verificationStatus entered-in-error/refuted are skipped (counted).
 * - Observation -> observations: LOINC/SNOMED codes mapped to ER, PR, HER2,
 *   KI67, PSA, EDSS (code_system `local`); other LOINC codes kept as they are
 *   (code_system `LOINC`). valueQuantity/valueInteger -> value (+ unit),
 *   valueCodeableConcept (its text, else the first coding's display, else code)/valueString/valueBoolean -> value_text; date from
 *   effectiveDateTime, effectivePeriod.start, effectiveInstant, else issued.
 * - MedicationStatement, MedicationAdministration -> treatments: ATC coding of
 *   medicationCodeableConcept (or of a Medication resource in the same file
 *   named by medicationReference) -> atc; its display (lower case) -> substance;
 *   effectivePeriod start/end or effectiveDateTime -> start/stop.
 * - Procedure -> treatments with substance and class `radiotherapy` (codes in
 *   RADIOTHERAPY_SNOMED, OPS 8-52*) or `surgery` (every other procedure);
 *   performedPeriod start/end or performedDateTime.
 * - QuestionnaireResponse -> a patient-reported outcome (the `reports` of the
 *   mapping, stored by the importer through the reports' write path): the
 *   rules are in fhir-questionnaire-response.ts (accepted Questionnaire
 *   canonical URLs, linkIds = answer codes, status completed or amended, in
 *   progress and stopped ones skipped and counted); docs/pro.md.
 * - `subject` (or Patient `id`) must reference a Patient: `Patient/ID`, a URL
 *   ending in `Patient/ID`, or the fullUrl of a Patient entry of the Bundle.
 * - Dates: a FHIR dateTime keeps its calendar date as written (time and zone
 *   dropped); partial dates (YYYY, YYYY-MM) are rejected where a day is needed.
 * - Resources with status entered-in-error, and resource types not listed
 *   above, are skipped and counted; Medication resources are only read
 *   through references.
 */
import type { CanonicalTableName } from '../schema.js';
import type { ImportIssue } from './types.js';
import { reportFromQuestionnaireResponse, type QuestionnaireResponseReport } from './fhir-questionnaire-response.js';
import {
  FHIR_GENDER,
  ICD10_EVENT_TYPES,
  ICD10_PRIMARY_DIAGNOSES,
  LOCAL_OBSERVATION_CODES,
  LOINC_OBSERVATION_CODES,
  RADIOTHERAPY_OPS_PREFIX,
  RADIOTHERAPY_SNOMED,
  SNOMED_OBSERVATION_CODES,
  isAtcSystem,
  isIcd10System,
  isLoincSystem,
  isSnomedSystem,
} from './fhir-codes.js';

/** One resource as read from a Bundle or NDJSON file. */
export interface FhirEntry {
  resource: unknown;
  /** 1-based position of the resource in the file (Bundle entry number or NDJSON line). */
  row: number;
  /** JSON path of the resource, e.g. `entry[12].resource` (empty for NDJSON lines). */
  path: string;
  /** Bundle `entry.fullUrl`, when there is one. */
  fullUrl?: string;
}

/** A canonical record produced from a resource, with where each field came from. */
export interface MappedRecord {
  /** Canonical values (text, numbers or null); validated later like any other import. */
  values: Record<string, string | number | null>;
  /** Row of the resource (see {@link FhirEntry.row}). */
  row: number;
  /** JSON path of each canonical column's source. */
  paths: Record<string, string>;
  /** Path of the resource itself. */
  resourcePath: string;
}

/** A patient-reported outcome read from a QuestionnaireResponse, with where it came from. */
export interface MappedReport extends QuestionnaireResponseReport {
  pseudonym: string;
  /** Row of the resource (see {@link FhirEntry.row}). */
  row: number;
  /** Path of the resource (`entry[3].resource`, empty for NDJSON lines). */
  resourcePath: string;
}

/** Result of {@link mapFhirResources}. */
export interface FhirMapping {
  records: Record<CanonicalTableName, MappedRecord[]>;
  /** Patient-reported outcomes (QuestionnaireResponse), checked and scored; stored by the importer (engine/reports/write-reports.ts). */
  reports: MappedReport[];
  /** Resources that cannot be mapped (missing subject, no code, ...). */
  issues: ImportIssue[];
  /** Skipped resources by reason, e.g. `{ Encounter: 3, 'Condition (unmapped code)': 1 }`. */
  skipped: Record<string, number>;
  /** Resources read. */
  resources: number;
}

type Obj = Record<string, unknown>;
interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
function codings(concept: unknown): Coding[] {
  if (!isObj(concept) || !Array.isArray(concept.coding)) return [];
  return concept.coding.filter(isObj).map((c) => ({ system: str(c.system), code: str(c.code), display: str(c.display) }));
}
function join(base: string, ...parts: string[]): string {
  return [base, ...parts].filter((p) => p.length > 0).join('.');
}

/**
 * Calendar date of a FHIR date/dateTime as written: `2021-03-04T10:00:00+01:00` -> `2021-03-04`.
 * Anything else (partial dates, garbage) is returned unchanged so that validation names it.
 * @example fhirDay('2021-03-04T23:30:00-05:00') // => '2021-03-04'
 */
export function fhirDay(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return JSON.stringify(value);
  return /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) ? value.slice(0, 10) : value;
}

/** First present of candidate date fields: returns the value and its path suffix. */
function firstDate(resource: Obj, candidates: ReadonlyArray<readonly [string, string | null]>): { value: string | null; field: string } {
  for (const [field, sub] of candidates) {
    const v = resource[field];
    const inner = sub === null ? v : isObj(v) ? v[sub] : undefined;
    if (inner !== undefined && inner !== null) return { value: fhirDay(inner), field: sub === null ? field : `${field}.${sub}` };
  }
  return { value: null, field: candidates[0]![0] };
}

/** Options of {@link mapFhirResources}. */
export interface FhirMapOptions {
  /** File named in issues. Default `<memory>`. */
  file?: string;
  /** Provenance written to `source`. Default `null`. */
  source?: string | null;
}

/**
 * Maps FHIR R4 resources to canonical records (see the module documentation for the rules).
 *
 * @example mapFhirResources([{ resource: { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1960-05-02' }, row: 1, path: '' }]).records.patients[0].values.birth_month // => 5
 */
export function mapFhirResources(entries: readonly FhirEntry[], options: FhirMapOptions = {}): FhirMapping {
  const file = options.file ?? '<memory>';
  const source = options.source ?? null;
  const records: Record<CanonicalTableName, MappedRecord[]> = { patients: [], events: [], observations: [], treatments: [], visits: [] };
  const reports: MappedReport[] = [];
  const issues: ImportIssue[] = [];
  const skipped: Record<string, number> = {};
  const skip = (reason: string): void => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  const issue = (entry: FhirEntry, field: string, message: string, value?: unknown): void => {
    const i: ImportIssue = { file, row: entry.row, field: join(entry.path, field), message, column: null };
    if (value !== undefined) i.value = value;
    issues.push(i);
  };

  // Index Patients by fullUrl and Medications by reference, for reference resolution.
  const patientByUrl = new Map<string, string>();
  const medications = new Map<string, Obj>();
  for (const e of entries) {
    if (!isObj(e.resource)) continue;
    const id = str(e.resource.id);
    if (e.resource.resourceType === 'Patient' && id && e.fullUrl) patientByUrl.set(e.fullUrl, id);
    if (e.resource.resourceType === 'Medication') {
      if (id) medications.set(`Medication/${id}`, e.resource);
      if (e.fullUrl) medications.set(e.fullUrl, e.resource);
    }
  }
  const subjectOf = (entry: FhirEntry, r: Obj): string | null => {
    const subject = r.subject ?? r.patient;
    const field = r.subject !== undefined ? 'subject.reference' : 'patient.reference';
    const ref = isObj(subject) ? str(subject.reference) : undefined;
    if (!ref) {
      issue(entry, r.subject !== undefined ? 'subject.reference' : 'subject', 'missing subject: a Patient reference is required');
      return null;
    }
    const byUrl = patientByUrl.get(ref);
    if (byUrl) return byUrl;
    const m = /(?:^|\/)Patient\/([^/]+)$/.exec(ref);
    if (!m) {
      issue(entry, field, `subject ${JSON.stringify(ref)} is not a Patient reference`, ref);
      return null;
    }
    return m[1]!;
  };

  interface Primary {
    pseudonym: string;
    date: string | null;
    code: string;
    group: string;
    entry: FhirEntry;
    dateField: string;
    display: string | null;
  }
  const primaries: Primary[] = [];
  const patientRecords = new Map<string, MappedRecord[]>();

  for (const entry of entries) {
    const r = entry.resource;
    if (!isObj(r) || typeof r.resourceType !== 'string') {
      issue(entry, 'resourceType', 'not a FHIR resource (no resourceType)');
      continue;
    }
    const type = r.resourceType;
    if (r.status === 'entered-in-error') {
      skip(`${type} (entered-in-error)`);
      continue;
    }
    const base = (extra: Record<string, string | number | null>, paths: Record<string, string>): MappedRecord => ({
      values: { source, ...extra },
      row: entry.row,
      paths: Object.fromEntries(Object.entries(paths).map(([k, v]) => [k, join(entry.path, v)])),
      resourcePath: entry.path,
    });
    switch (type) {
      case 'Patient': {
        const id = str(r.id);
        if (!id) {
          issue(entry, 'id', 'Patient without id (the id is the pseudonym)');
          break;
        }
        const birth = typeof r.birthDate === 'string' ? r.birthDate : undefined;
        const bm = birth !== undefined ? /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(birth) : null;
        if (birth !== undefined && !bm) issue(entry, 'birthDate', `${JSON.stringify(birth)} is not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)`, birth);
        const gender = str(r.gender);
        const rec = base(
          {
            pseudonym: id,
            birth_year: bm ? Number(bm[1]) : null,
            birth_month: bm && bm[2] ? Number(bm[2]) : null,
            sex: gender === undefined ? 'unknown' : (FHIR_GENDER[gender] ?? gender),
            diagnosis: null,
            diagnosis_icd10: null,
            site: null,
            index_date: null,
            last_contact: null,
          },
          { pseudonym: 'id', birth_year: 'birthDate', birth_month: 'birthDate', sex: 'gender', diagnosis: 'Condition.code', index_date: 'Condition.onsetDateTime' },
        );
        // a repeated Patient is kept: the key check counts it as a duplicate
        patientRecords.set(id, [...(patientRecords.get(id) ?? []), rec]);
        records.patients.push(rec);
        if (r.deceasedDateTime !== undefined) {
          records.events.push(base({ pseudonym: id, date: fhirDay(r.deceasedDateTime), type: 'death', code_system: null, code: null, value: null, detail: null }, { pseudonym: 'id', date: 'deceasedDateTime' }));
        }
        break;
      }
      case 'Condition': {
        const vs = codings(r.verificationStatus).map((c) => c.code);
        if (vs.includes('entered-in-error') || vs.includes('refuted')) {
          skip('Condition (entered-in-error/refuted)');
          break;
        }
        const pseudonym = subjectOf(entry, r);
        if (pseudonym === null) break;
        const cs = codings(r.code);
        const icd = cs.find((c) => isIcd10System(c.system) && c.code) ?? cs.find((c) => c.code);
        if (!icd?.code) {
          issue(entry, 'code.coding', 'Condition without a code');
          break;
        }
        const code = icd.code.toUpperCase();
        const when = firstDate(r, [['onsetDateTime', null], ['onsetPeriod', 'start'], ['recordedDate', null]]);
        const primary = ICD10_PRIMARY_DIAGNOSES.find(([p]) => code.startsWith(p));
        if (primary) {
          primaries.push({ pseudonym, date: when.value, code: icd.code, group: primary[1], entry, dateField: when.field, display: icd.display ?? null });
          break;
        }
        const ev = ICD10_EVENT_TYPES.find(([p]) => code.startsWith(p));
        if (!ev) {
          skip('Condition (unmapped code)');
          break;
        }
        records.events.push(
          base(
            { pseudonym, date: when.value, type: ev[1], code_system: 'ICD-10', code: icd.code, value: null, detail: icd.display ?? null },
            { pseudonym: 'subject.reference', date: when.field, code: 'code.coding' },
          ),
        );
        break;
      }
      case 'Observation': {
        const pseudonym = subjectOf(entry, r);
        if (pseudonym === null) break;
        const cs = codings(r.code);
        let code: string | undefined;
        let system: string | null = 'local';
        for (const c of cs) {
          if (!c.code) continue;
          if (isLoincSystem(c.system) && LOINC_OBSERVATION_CODES[c.code]) code = LOINC_OBSERVATION_CODES[c.code];
          else if (isSnomedSystem(c.system) && SNOMED_OBSERVATION_CODES[c.code]) code = SNOMED_OBSERVATION_CODES[c.code];
          else if (LOCAL_OBSERVATION_CODES.includes(c.code.toUpperCase())) code = c.code.toUpperCase();
          if (code) break;
        }
        if (!code) {
          const loinc = cs.find((c) => isLoincSystem(c.system) && c.code) ?? cs.find((c) => c.code);
          code = loinc?.code;
          system = loinc ? (isLoincSystem(loinc.system) ? 'LOINC' : (loinc.system ?? null)) : null;
        }
        if (!code) {
          issue(entry, 'code.coding', 'Observation without a code');
          break;
        }
        const when = firstDate(r, [['effectiveDateTime', null], ['effectivePeriod', 'start'], ['effectiveInstant', null], ['issued', null]]);
        let value: number | string | null = null;
        let valueText: string | null = null;
        let unit: string | null = null;
        let valuePath = 'valueQuantity.value';
        if (isObj(r.valueQuantity)) {
          value = typeof r.valueQuantity.value === 'number' ? r.valueQuantity.value : (fhirText(r.valueQuantity.value) ?? null);
          unit = str(r.valueQuantity.unit) ?? str(r.valueQuantity.code) ?? null;
        } else if (typeof r.valueInteger === 'number') {
          value = r.valueInteger;
          valuePath = 'valueInteger';
        } else if (r.valueCodeableConcept !== undefined) {
          const vc = codings(r.valueCodeableConcept)[0];
          valueText = (isObj(r.valueCodeableConcept) ? str(r.valueCodeableConcept.text) : undefined) ?? vc?.display ?? vc?.code ?? null;
          valuePath = 'valueCodeableConcept';
        } else if (typeof r.valueString === 'string') valueText = r.valueString;
        else if (typeof r.valueBoolean === 'boolean') valueText = String(r.valueBoolean);
        records.observations.push(
          base(
            { pseudonym, date: when.value, code, code_system: system, value, value_text: valueText, unit },
            { pseudonym: 'subject.reference', date: when.field, code: 'code.coding', value: valuePath, value_text: valuePath, unit: 'valueQuantity.unit' },
          ),
        );
        break;
      }
      case 'MedicationStatement':
      case 'MedicationAdministration': {
        const pseudonym = subjectOf(entry, r);
        if (pseudonym === null) break;
        let concept: unknown = r.medicationCodeableConcept;
        let medPath = 'medicationCodeableConcept';
        if (concept === undefined && isObj(r.medicationReference)) {
          const ref = str(r.medicationReference.reference);
          const med = ref ? medications.get(ref) : undefined;
          if (!med) {
            issue(entry, 'medicationReference.reference', `medication ${JSON.stringify(ref ?? null)} is not a Medication resource in this file`, ref);
            break;
          }
          concept = med.code;
          medPath = 'medicationReference';
        }
        const cs = codings(concept);
        const atc = cs.find((c) => isAtcSystem(c.system) && c.code);
        const text = isObj(concept) ? str(concept.text) : undefined;
        const name = atc?.display ?? text ?? cs.find((c) => c.display)?.display;
        if (!name && !atc) {
          issue(entry, medPath, 'medication without an ATC code or name');
          break;
        }
        const start = firstDate(r, [['effectivePeriod', 'start'], ['effectiveDateTime', null]]);
        const stop = isObj(r.effectivePeriod) ? fhirDay(r.effectivePeriod.end) : null;
        records.treatments.push(
          base(
            { pseudonym, start: start.value, stop, substance: (name ?? atc?.code ?? '').toLowerCase(), atc: atc?.code ?? null, class: null, intent: null, line: null, stop_reason: null },
            { pseudonym: 'subject.reference', start: start.field, stop: 'effectivePeriod.end', substance: medPath, atc: medPath },
          ),
        );
        break;
      }
      case 'Procedure': {
        const pseudonym = subjectOf(entry, r);
        if (pseudonym === null) break;
        const cs = [...codings(r.code), ...codings(r.category)];
        const radio = cs.some((c) => !!c.code && ((isSnomedSystem(c.system) && RADIOTHERAPY_SNOMED.includes(c.code)) || c.code.startsWith(RADIOTHERAPY_OPS_PREFIX)));
        const kind = radio ? 'radiotherapy' : 'surgery';
        const start = firstDate(r, [['performedPeriod', 'start'], ['performedDateTime', null]]);
        const stop = isObj(r.performedPeriod) ? fhirDay(r.performedPeriod.end) : null;
        records.treatments.push(
          base(
            { pseudonym, start: start.value, stop, substance: kind, atc: null, class: kind, intent: null, line: null, stop_reason: null },
            { pseudonym: 'subject.reference', start: start.field, stop: 'performedPeriod.end', substance: 'code' },
          ),
        );
        break;
      }
      case 'QuestionnaireResponse': {
        const read = reportFromQuestionnaireResponse(r);
        if (read.kind === 'skip') {
          skip(read.reason);
          break;
        }
        const pseudonym = subjectOf(entry, r);
        if (read.kind === 'issues') {
          for (const i of read.issues) issue(entry, i.field, i.message, i.value);
          break;
        }
        if (pseudonym === null) break;
        reports.push({ ...read.report, pseudonym, row: entry.row, resourcePath: entry.path });
        break;
      }
      case 'Medication':
        break;
      default:
        skip(type);
    }
  }

  // Primary diagnoses: the earliest per patient fills the patient's record (if the Patient is in this file).
  primaries.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.entry.row - b.entry.row);
  const filled = new Set<string>();
  for (const p of primaries) {
    const recs = patientRecords.get(p.pseudonym);
    if (recs && !filled.has(p.pseudonym)) {
      filled.add(p.pseudonym);
      for (const rec of recs) {
        rec.values.diagnosis = p.group;
        rec.values.diagnosis_icd10 = p.code;
        rec.values.index_date = p.date;
        rec.paths.diagnosis = join(p.entry.path, 'code.coding');
        rec.paths.diagnosis_icd10 = join(p.entry.path, 'code.coding');
        rec.paths.index_date = join(p.entry.path, p.dateField);
      }
    } else {
      records.events.push({
        values: { source, pseudonym: p.pseudonym, date: p.date, type: 'diagnosis', code_system: 'ICD-10', code: p.code, value: null, detail: p.display },
        row: p.entry.row,
        paths: { pseudonym: join(p.entry.path, 'subject.reference'), date: join(p.entry.path, p.dateField), code: join(p.entry.path, 'code.coding') },
        resourcePath: p.entry.path,
      });
    }
  }
  for (const [id, recs] of patientRecords) {
    if (filled.has(id)) continue;
    for (const rec of recs) {
      rec.paths.diagnosis = `${join(rec.resourcePath, 'id')} (no Condition with ICD-10 C50, C61 or G35 for Patient/${id})`;
      rec.paths.index_date = rec.paths.diagnosis;
    }
  }
  return { records, reports, issues, skipped, resources: entries.length };
}

function fhirText(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}
