/**
 * FHIR R4 Consent resources -> consent events (pure parsing; the import into
 * the registry is {@link importFhirConsent} in import-fhir-consent.ts).
 *
 * Rules:
 * - Input: a Bundle, a single resource, or NDJSON (engine/import/fhir-read.ts).
 *   Resources other than Consent are skipped and counted.
 * - `Consent.patient` -> pseudonym: the id of a `Patient/ID` reference (or a URL
 *   ending in it), else `patient.identifier.value`. The patient must already be
 *   referenced by the pseudonym of this store's domain (trust-centre exports in
 *   the research domain); no identifier is resolved here.
 * - `Consent.status`: `active` -> each provision's type (permit -> grant, deny -> revoke);
 *   `rejected` (the patient declined) and `inactive` (no longer in force,
 *   e.g. withdrawn) -> a revocation of every mapped purpose, effective at
 *   `Consent.dateTime` for `inactive` (the time the change was documented) and at
 *   the provision start (else dateTime) for `rejected`;
 *   `draft`, `proposed`, `entered-in-error` -> skipped (counted as `Consent(<status>)`).
 * - Provisions: the root `provision` and each nested `provision.provision[i]` (one
 *   level, as the MII Broad Consent profile uses: a root deny with nested permits
 *   per module). Each provision's `code[].coding[]` is mapped to purposes
 *   ({@link MII_CONSENT_POLICY_PURPOSES}, and the MIDIA purpose system
 *   {@link MIDIA_PURPOSE_SYSTEM}); codes without a purpose are counted in
 *   `unmappedCodes`. A provision with a mapped code needs `type` (permit/deny).
 * - Effective time: the provision's `period.start`, else the root provision's
 *   `period.start`, else `Consent.dateTime` (a date without time is 00:00 UTC).
 *   A permit whose `period.end` is given also yields a revocation effective at
 *   that end (the module expires).
 * - `treatment-sharing` (MIDIA system only) names its provider in
 *   `provision.actor[0].reference.display`, else `.reference.identifier.value`.
 * - `Consent.policy[].uri` (in MII resources the version of the consent document,
 *   e.g. urn:oid:2.16.840.1.113883.3.1937.777.24.2.1790) and `policyRule` name
 *   the document, not a purpose; they are not read.
 * - Reference recorded with each event: `Consent/<id>` (plus `/_history/<versionId>`
 *   when `meta.versionId` is given); source `fhir`.
 *
 * Validation problems name the resource position (1-based) and the JSON path.
 */
import type { RecordIssue } from '../../util/errors.js';
import type { FhirEntry } from '../import/fhir.js';
import { parsePurpose, RESEARCH_GENERAL, TREATMENT_SHARING } from './purposes.js';
import type { NewConsentEvent } from './registry.js';
import type { ConsentAction } from './types.js';

/** Code system of the MII consent policies (MII Kerndatensatz Modul Consent, CodeSystem "MII CS Consent Policy"). */
export const MII_CONSENT_POLICY_SYSTEM = 'urn:oid:2.16.840.1.113883.3.1937.777.24.5.3';

/**
 * MII Broad Consent policy codes mapped to purposes of this engine. Source:
 * Medizininformatik-Initiative, Kerndatensatz Modul Consent, CodeSystem
 * `urn:oid:2.16.840.1.113883.3.1937.777.24.5.3` (simplifier.net,
 * medizininformatikinitiative-modulconsent). Only the module that permits the
 * scientific use of medical data is a purpose here; the others (e.g. .2 "IDAT erheben",
 * .3 "IDAT speichern, verarbeiten", .6 "MDAT erheben", .7 "MDAT speichern, verarbeiten",
 * .19/.20/.22 biomaterial modules) govern collection and storage, which happen
 * before data reach this store, and are counted as unmapped.
 */
export const MII_CONSENT_POLICY_PURPOSES: Readonly<Record<string, string>> = {
  /** "MDAT wissenschaftlich nutzen EU DSGVO NIVEAU": scientific use of medical data within EU GDPR level. */
  '2.16.840.1.113883.3.1937.777.24.5.3.8': RESEARCH_GENERAL,
};

/** Code system whose codes are MIDIA purpose strings (`research-general`, `treatment-sharing`, `study:<id>`). */
export const MIDIA_PURPOSE_SYSTEM = 'urn:midia:consent-purpose';

/** Result of {@link consentEventsFromFhir}. */
export interface FhirConsentParse {
  events: NewConsentEvent[];
  /** Consent resources that produced events. */
  consents: number;
  /** Skipped resources by type (and Consent status). */
  skipped: Record<string, number>;
  /** Codes (system|code) not mapped to a purpose, with counts. */
  unmappedCodes: Record<string, number>;
  /** Where each pseudonym of `events` is first named: resource position and JSON path of `Consent.patient` (for messages). */
  sources: Record<string, { row: number; field: string }>;
  issues: RecordIssue[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Parses a FHIR date or dateTime; null when absent or malformed. */
function fhirTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const d = new Date(`${t}T00:00:00Z`);
    return Number.isFinite(d.getTime()) && d.toISOString().slice(0, 10) === t ? d : null;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    const d = new Date(t);
    return Number.isFinite(d.getTime()) ? d : null;
  }
  return null;
}

/** The pseudonym named by Consent.patient, or null. */
function patientId(patient: unknown): string | null {
  if (!isObj(patient)) return null;
  if (typeof patient.reference === 'string') {
    const m = /(?:^|\/)Patient\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(patient.reference.trim());
    if (m) return m[1]!;
  }
  if (isObj(patient.identifier) && typeof patient.identifier.value === 'string' && patient.identifier.value.trim() !== '') return patient.identifier.value.trim();
  return null;
}

/** Purposes named by one provision's codes. */
function provisionPurposes(provision: Obj, path: string, issues: RecordIssue[], file: string, row: number, unmapped: Record<string, number>): { purpose: string; provider: string | null }[] {
  const out: { purpose: string; provider: string | null }[] = [];
  arr(provision.code).forEach((cc, i) => {
    arr(isObj(cc) ? cc.coding : undefined).forEach((coding, j) => {
      if (!isObj(coding) || typeof coding.code !== 'string') return;
      const system = typeof coding.system === 'string' ? coding.system : '';
      const codePath = join(path, `code[${i}].coding[${j}]`);
      if ((system === MII_CONSENT_POLICY_SYSTEM || system === '') && coding.code in MII_CONSENT_POLICY_PURPOSES) {
        out.push({ purpose: MII_CONSENT_POLICY_PURPOSES[coding.code]!, provider: null });
      } else if (system === MIDIA_PURPOSE_SYSTEM) {
        try {
          const purpose = parsePurpose(coding.code).purpose;
          let provider: string | null = null;
          if (purpose === TREATMENT_SHARING) {
            const actor = arr(provision.actor)[0];
            const ref = isObj(actor) && isObj(actor.reference) ? actor.reference : null;
            provider = ref && typeof ref.display === 'string' && ref.display.trim() ? ref.display.trim() : ref && isObj(ref.identifier) && typeof ref.identifier.value === 'string' ? ref.identifier.value : null;
            if (provider === null) {
              issues.push({ file, row, field: join(path, 'actor[0].reference'), message: `purpose '${TREATMENT_SHARING}' needs the provider in actor[0].reference (display or identifier.value)` });
              return;
            }
          }
          out.push({ purpose, provider });
        } catch (error) {
          issues.push({ file, row, field: join(codePath, 'code'), message: (error as Error).message, value: coding.code });
        }
      } else {
        const key = `${system}|${coding.code}`;
        unmapped[key] = (unmapped[key] ?? 0) + 1;
      }
    });
  });
  return out;
}

/**
 * Turns parsed FHIR entries into consent events (pure).
 *
 * @param entries resources with their position and JSON path (engine/import/fhir-read.ts)
 * @param file file name for issues
 * @example consentEventsFromFhir(parseFhirText(text, 'c.json').entries, 'c.json').events
 */
export function consentEventsFromFhir(entries: readonly FhirEntry[], file: string): FhirConsentParse {
  const events: NewConsentEvent[] = [];
  const skipped: Record<string, number> = {};
  const unmappedCodes: Record<string, number> = {};
  const issues: RecordIssue[] = [];
  const sources: Record<string, { row: number; field: string }> = {};
  let consents = 0;
  const skip = (key: string) => (skipped[key] = (skipped[key] ?? 0) + 1);
  for (const entry of entries) {
    const r = entry.resource;
    const base = entry.path;
    const row = entry.row;
    if (!isObj(r) || typeof r.resourceType !== 'string') {
      issues.push({ file, row, field: base || null, message: 'not a FHIR resource (no resourceType)' });
      continue;
    }
    if (r.resourceType !== 'Consent') {
      skip(r.resourceType);
      continue;
    }
    const status = r.status;
    if (status === 'draft' || status === 'proposed' || status === 'entered-in-error') {
      skip(`Consent(${status})`);
      continue;
    }
    if (status !== 'active' && status !== 'inactive' && status !== 'rejected') {
      issues.push({ file, row, field: join(base, 'status'), message: `Consent.status must be active, inactive, rejected, draft, proposed or entered-in-error, got ${JSON.stringify(status)}`, value: status });
      continue;
    }
    const pseudonym = patientId(r.patient);
    if (pseudonym === null) {
      issues.push({ file, row, field: join(base, 'patient'), message: 'Consent.patient must be a Patient/ID reference or carry identifier.value (the pseudonym)', value: r.patient });
      continue;
    }
    const dateTime = r.dateTime === undefined ? null : fhirTime(r.dateTime);
    if (r.dateTime !== undefined && dateTime === null) {
      issues.push({ file, row, field: join(base, 'dateTime'), message: `invalid FHIR dateTime ${JSON.stringify(r.dateTime)} (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with zone)`, value: r.dateTime });
      continue;
    }
    const id = typeof r.id === 'string' ? r.id : null;
    const version = isObj(r.meta) && typeof r.meta.versionId === 'string' ? r.meta.versionId : null;
    const reference = id ? `Consent/${id}${version ? `/_history/${version}` : ''}` : null;
    const root = isObj(r.provision) ? r.provision : null;
    const rootPath = join(base, 'provision');
    const provisions: { p: Obj; path: string }[] = [];
    if (root) {
      provisions.push({ p: root, path: rootPath });
      arr(root.provision).forEach((p, i) => {
        if (isObj(p)) provisions.push({ p, path: join(rootPath, `provision[${i}]`) });
      });
    }
    const before = issues.length;
    const made: NewConsentEvent[] = [];
    for (const { p, path } of provisions) {
      const purposes = provisionPurposes(p, path, issues, file, row, unmappedCodes);
      if (!purposes.length) continue;
      const period = isObj(p.period) ? p.period : null;
      const rootPeriod = root && isObj(root.period) ? root.period : null;
      const startRaw = period?.start ?? rootPeriod?.start;
      const start = startRaw === undefined ? dateTime : fhirTime(startRaw);
      if (startRaw !== undefined && start === null) {
        issues.push({ file, row, field: join(path, period?.start !== undefined ? 'period.start' : '(root) period.start'), message: `invalid FHIR dateTime ${JSON.stringify(startRaw)}`, value: startRaw });
        continue;
      }
      const endRaw = period?.end;
      const end = endRaw === undefined ? null : fhirTime(endRaw);
      if (endRaw !== undefined && end === null) {
        issues.push({ file, row, field: join(path, 'period.end'), message: `invalid FHIR dateTime ${JSON.stringify(endRaw)}`, value: endRaw });
        continue;
      }
      let action: ConsentAction;
      let effective: Date | null;
      if (status === 'active') {
        if (p.type !== 'permit' && p.type !== 'deny') {
          issues.push({ file, row, field: join(path, 'type'), message: `provision.type must be permit or deny, got ${JSON.stringify(p.type)}`, value: p.type });
          continue;
        }
        action = p.type === 'permit' ? 'grant' : 'revoke';
        effective = start;
      } else {
        action = 'revoke';
        effective = status === 'inactive' ? dateTime : start;
      }
      if (effective === null) {
        issues.push({ file, row, field: join(base, 'dateTime'), message: status === 'inactive' ? 'an inactive Consent needs dateTime (the time it ceased to be in force)' : 'no effective time: give provision.period.start or Consent.dateTime' });
        continue;
      }
      for (const { purpose, provider } of purposes) {
        made.push({ pseudonym, purpose, provider, action, effectiveAt: effective, source: 'fhir', reference, note: null });
        if (status === 'active' && action === 'grant' && end !== null) {
          made.push({ pseudonym, purpose, provider, action: 'revoke', effectiveAt: end, source: 'fhir', reference, note: 'provision period end' });
        }
      }
    }
    if (issues.length === before) {
      events.push(...made);
      consents++;
      if (made.length && !(pseudonym in sources)) sources[pseudonym] = { row, field: join(base, 'patient') };
    }
  }
  return { events, consents, skipped, unmappedCodes, sources, issues };
}
