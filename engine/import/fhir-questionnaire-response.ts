/**
 * FHIR R4 QuestionnaireResponse <-> the plain form of a patient-reported
 * outcome (pure functions; docs/pro.md "FHIR QuestionnaireResponse").
 *
 * Accepted resources:
 * - `questionnaire`: the canonical URL of one of the instruments
 *   ({@link QUESTIONNAIRE_CANONICALS}), optionally with a version (`|1.0`);
 *   anything else is rejected naming the URL;
 * - `status`: `completed`, or `amended` (a correction: it replaces a stored
 *   report of the same patient, instrument and day); `in-progress` and
 *   `stopped` are skipped and counted (not a finished questionnaire);
 *   `entered-in-error` is skipped by the FHIR importer like any resource;
 * - `subject`: the Patient (resolved by the importer, engine/import/fhir.ts);
 * - `authored`: the day the patient answered (date or dateTime; the calendar
 *   date as written is kept, as for every FHIR date of the importer);
 * - `source`: absent or a Patient reference (provenance `patient`), or a
 *   RelatedPerson (provenance `proxy`); a questionnaire completed by a
 *   Practitioner, PractitionerRole, Organization or Device is not a
 *   patient-reported outcome and is rejected;
 * - `item`: answered items anywhere in the item tree (groups may nest items);
 *   each answered item's `linkId` is an answer code of the instrument
 *   (`MO`..`AD`, `VAS`; `q1`..`q30`; `q1`..`q29`; `q1`..`q13e`) with exactly one
 *   answer: `valueInteger`, a `valueDecimal` with an integer value, or a
 *   `valueCoding` whose `code` is the answer code's number; items without an
 *   answer are unanswered.
 * The answers are then checked and scored like the plain form (models/pro);
 * every problem is named by the JSON path of the field in the file and the
 * JSON Pointer into the resource (e.g. `/item/2/answer/0/valueInteger`).
 * Item texts are never read or written: the deploying site supplies them.
 */
import { checkAnswers, INSTRUMENTS, isInstrumentId, scoreAnswers } from '../../models/pro/instruments.js';
import { jsonPointer } from '../../models/pro/report-error.js';
import { INSTRUMENT_IDS, type Answers, type InstrumentId, type Scores } from '../../models/pro/types.js';
import type { ReportRecord } from '../schema.js';

/**
 * Canonical URL of the Questionnaire of each instrument, as the deploying
 * site's Questionnaire resources must declare it (they supply the licensed
 * item texts; the engine matches answers by `linkId` = answer code).
 */
export const QUESTIONNAIRE_CANONICALS: Readonly<Record<InstrumentId, string>> = Object.freeze({
  'EQ-5D-5L': 'http://midia-hub.org/fhir/Questionnaire/eq-5d-5l',
  'QLQ-C30': 'http://midia-hub.org/fhir/Questionnaire/qlq-c30',
  'MSIS-29': 'http://midia-hub.org/fhir/Questionnaire/msis-29',
  'EPIC-26': 'http://midia-hub.org/fhir/Questionnaire/epic-26',
});

/**
 * The instrument of a Questionnaire canonical URL (a `|version` suffix is ignored), or null.
 * @example instrumentOfQuestionnaire('http://midia-hub.org/fhir/Questionnaire/eq-5d-5l|1.0') // => 'EQ-5D-5L'
 */
export function instrumentOfQuestionnaire(url: unknown): InstrumentId | null {
  if (typeof url !== 'string') return null;
  const bare = url.split('|')[0]!.trim();
  return INSTRUMENT_IDS.find((id) => QUESTIONNAIRE_CANONICALS[id] === bare) ?? null;
}

/** A problem of a QuestionnaireResponse: the field (dotted JSON path below the resource) and its JSON Pointer. */
export interface QuestionnaireResponseIssue {
  /** Path below the resource, e.g. `item[2].answer[0].valueInteger` (empty for the resource). */
  field: string;
  /** JSON Pointer into the resource, e.g. `/item/2/answer/0/valueInteger`. */
  pointer: string;
  message: string;
  value?: unknown;
}

/** A QuestionnaireResponse read as a report (the patient is resolved by the caller from `subject`). */
export interface QuestionnaireResponseReport {
  instrument: InstrumentId;
  date: string;
  answers: Answers;
  scores: Scores;
  provenance: ReportRecord['provenance'];
  /** `amended`: replaces a stored report of the same patient, instrument and day. */
  replace: boolean;
}

/** Result of {@link reportFromQuestionnaireResponse}: a report, or issues, or a reason to skip the resource. */
export type QuestionnaireResponseResult =
  | { kind: 'report'; report: QuestionnaireResponseReport }
  | { kind: 'issues'; issues: QuestionnaireResponseIssue[] }
  | { kind: 'skip'; reason: string };

type Obj = Record<string, unknown>;
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A FHIR date or dateTime as its calendar date; anything else unchanged (the date check names it). */
function dayOf(value: unknown): unknown {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) ? value.slice(0, 10) : value;
}

interface AnsweredItem {
  linkId: string;
  /** The answer as a number (NaN when it is not one). */
  value: number;
  /** Path segments of the answer value below the resource (field path and pointer are built from them only for issues). */
  path: readonly (string | number)[];
  raw: unknown;
}

const dotted = (segments: readonly (string | number)[]): string =>
  segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

/**
 * Collects answered items depth-first, with problems of shape (several
 * answers, unreadable values, nested answers); `flawed` gets the linkIds of
 * items already named in such a problem.
 */
function collectItems(items: unknown, at: (string | number)[], out: AnsweredItem[], issues: QuestionnaireResponseIssue[], flawed: Set<string>): void {
  if (items === undefined) return;
  if (!Array.isArray(items)) {
    issues.push({ field: dotted(at), pointer: jsonPointer(...at), message: 'item must be an array of items' });
    return;
  }
  items.forEach((item: unknown, i: number) => {
    const here = [...at, i];
    if (!isObj(item)) {
      issues.push({ field: dotted(here), pointer: jsonPointer(...here), message: 'not a QuestionnaireResponse item' });
      return;
    }
    collectItems(item.item, [...here, 'item'], out, issues, flawed);
    if (item.answer === undefined) return;
    const linkId = item.linkId;
    if (typeof linkId !== 'string' || linkId === '') {
      issues.push({ field: dotted([...here, 'linkId']), pointer: jsonPointer(...here, 'linkId'), message: 'an answered item needs a linkId (the answer code)', value: linkId });
      return;
    }
    if (!Array.isArray(item.answer) || item.answer.length === 0) return; // unanswered
    flawed.add(linkId); // until its value is read
    if (item.answer.length > 1) {
      issues.push({ field: dotted([...here, 'answer']), pointer: jsonPointer(...here, 'answer'), message: `item ${linkId} has ${item.answer.length} answers; one is expected`, value: item.answer.length });
      return;
    }
    const answer: unknown = item.answer[0];
    const a = [...here, 'answer', 0];
    if (!isObj(answer)) {
      issues.push({ field: dotted(a), pointer: jsonPointer(...a), message: `answer of item ${linkId} is not an object` });
      return;
    }
    if (answer.item !== undefined) {
      issues.push({ field: dotted([...a, 'item']), pointer: jsonPointer(...a, 'item'), message: `answer of item ${linkId} has nested items, which no instrument has` });
      return;
    }
    const read = answerValue(answer);
    if (read === null) {
      issues.push({ field: dotted(a), pointer: jsonPointer(...a), message: `answer of item ${linkId} must be valueInteger, an integer valueDecimal or a valueCoding with a numeric code` });
      return;
    }
    flawed.delete(linkId);
    const vp = [...a, ...read.path];
    out.push({ linkId, value: read.value, path: vp, raw: read.raw });
  });
}

/** The number of an answer: `valueInteger`, `valueDecimal`, or `valueCoding.code` as a number (NaN when unreadable); null for other value types. */
function answerValue(answer: Obj): { value: number; path: string[]; raw: unknown } | null {
  if (answer.valueInteger !== undefined) {
    const v = answer.valueInteger;
    return { value: typeof v === 'number' ? v : Number.NaN, path: ['valueInteger'], raw: v };
  }
  if (answer.valueDecimal !== undefined) {
    const v = answer.valueDecimal;
    return { value: typeof v === 'number' ? v : Number.NaN, path: ['valueDecimal'], raw: v };
  }
  if (isObj(answer.valueCoding)) {
    const code = answer.valueCoding.code;
    const n = typeof code === 'string' && /^-?\d+$/.test(code.trim()) ? Number(code) : Number.NaN;
    return { value: n, path: ['valueCoding', 'code'], raw: code };
  }
  return null;
}

/**
 * Reads a QuestionnaireResponse as a report (see the module documentation).
 * The subject is resolved by the caller; the date's range is checked by the caller (it depends on the day of the import).
 *
 * @example reportFromQuestionnaireResponse({ resourceType: 'QuestionnaireResponse', status: 'completed', questionnaire: QUESTIONNAIRE_CANONICALS['EQ-5D-5L'], authored: '2026-05-01', item: [{ linkId: 'MO', answer: [{ valueInteger: 1 }] }, ...] })
 */
export function reportFromQuestionnaireResponse(resource: Obj): QuestionnaireResponseResult {
  const issues: QuestionnaireResponseIssue[] = [];
  const status = resource.status;
  if (status === 'in-progress' || status === 'stopped') return { kind: 'skip', reason: `QuestionnaireResponse (${status})` };
  if (status !== 'completed' && status !== 'amended') {
    issues.push({ field: 'status', pointer: '/status', message: `status ${JSON.stringify(status ?? null)} is not completed or amended`, value: status });
  }
  const instrument = instrumentOfQuestionnaire(resource.questionnaire);
  if (instrument === null) {
    issues.push({
      field: 'questionnaire',
      pointer: '/questionnaire',
      message: `unknown Questionnaire ${JSON.stringify(resource.questionnaire ?? null)}: accepted canonical URLs are ${INSTRUMENT_IDS.map((id) => `${QUESTIONNAIRE_CANONICALS[id]} (${id})`).join(', ')}`,
      value: resource.questionnaire,
    });
  }
  const date = dayOf(resource.authored);
  if (date === undefined || date === null) issues.push({ field: 'authored', pointer: '/authored', message: 'required: the day the patient answered (authored)' });
  let provenance: ReportRecord['provenance'] = 'patient';
  if (resource.source !== undefined) {
    const ref = isObj(resource.source) ? resource.source.reference : undefined;
    if (typeof ref === 'string' && /(^|\/)RelatedPerson\/[^/]+$/.test(ref)) provenance = 'proxy';
    else if (!(typeof ref === 'string' && /(^|\/)Patient\/[^/]+$/.test(ref))) {
      issues.push({
        field: 'source.reference',
        pointer: '/source/reference',
        message: `answered by ${JSON.stringify(ref ?? null)}: only the patient (Patient) or a proxy (RelatedPerson) reports patient-reported outcomes`,
        value: ref,
      });
    }
  }
  const items: AnsweredItem[] = [];
  const flawed = new Set<string>();
  collectItems(resource.item, ['item'], items, issues, flawed);
  if (instrument === null) return { kind: 'issues', issues };
  const raw: Record<string, unknown> = {};
  const where = new Map<string, AnsweredItem>();
  for (const it of items) {
    if (where.has(it.linkId)) {
      issues.push({ field: dotted(it.path), pointer: jsonPointer(...it.path), message: `item ${it.linkId} is answered twice`, value: it.raw });
      continue;
    }
    where.set(it.linkId, it);
    raw[it.linkId] = Number.isNaN(it.value) ? it.raw : it.value;
  }
  const checked = checkAnswers(INSTRUMENTS[instrument], raw);
  for (const i of checked.issues) {
    if (i.code !== null && flawed.has(i.code) && !where.has(i.code)) continue; // named above already
    const it = i.code === null ? undefined : where.get(i.code);
    const issue: QuestionnaireResponseIssue = it
      ? { field: dotted(it.path), pointer: jsonPointer(...it.path), message: i.message.replace('answer code', 'linkId') }
      : { field: 'item', pointer: '/item', message: i.message };
    if (i.value !== undefined) issue.value = i.value;
    issues.push(issue);
  }
  if (issues.length) return { kind: 'issues', issues };
  return {
    kind: 'report',
    report: { instrument, date: date as string, answers: checked.answers, scores: checked.scores ?? scoreAnswers(instrument, checked.answers), provenance, replace: status === 'amended' },
  };
}

/** What {@link questionnaireResponseFromReport} needs: the report and the patient. */
export interface ReportForFhir {
  pseudonym: string;
  instrument: InstrumentId;
  date: string;
  answers: Answers;
  provenance?: ReportRecord['provenance'];
}

/**
 * A report as a FHIR R4 QuestionnaireResponse (answers only, no item texts):
 * one item per answered code with `valueInteger`, `status` completed, `authored`
 * the day, `subject` the Patient, no `source` (the patient answered) or a
 * RelatedPerson `RelatedPerson/proxy-<pseudonym>` for a proxy report. The inverse of
 * {@link reportFromQuestionnaireResponse}.
 *
 * @example questionnaireResponseFromReport({ pseudonym: 'P-0123456789', instrument: 'EQ-5D-5L', date: '2026-05-01', answers: { MO: 1, SC: 1, UA: 2, PD: 3, AD: 1, VAS: 70 } }).item.length // => 6
 */
export function questionnaireResponseFromReport(report: ReportForFhir, id?: string): Obj & { item: Obj[] } {
  if (!isInstrumentId(report.instrument)) throw new RangeError(`unknown instrument ${String(report.instrument)}`);
  const order = INSTRUMENTS[report.instrument].items.map((i) => i.code);
  const item = order.filter((code) => report.answers[code] !== undefined).map((code) => ({ linkId: code, answer: [{ valueInteger: report.answers[code] }] }));
  const subject = { reference: `Patient/${report.pseudonym}` };
  return {
    resourceType: 'QuestionnaireResponse',
    ...(id !== undefined ? { id } : {}),
    questionnaire: QUESTIONNAIRE_CANONICALS[report.instrument],
    status: 'completed',
    subject,
    authored: report.date,
    ...(report.provenance === 'proxy' ? { source: { reference: `RelatedPerson/proxy-${report.pseudonym}` } } : {}),
    item,
  };
}
