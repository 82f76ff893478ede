/**
 * Reading FHIR files: a Bundle (or a single resource) as JSON, or NDJSON with
 * one resource per line (FHIR Bulk Data export). Pure parsing of text.
 */
import type { FhirEntry } from './fhir.js';
import type { ImportIssue } from './types.js';

/** Parsed resources and the lines that are not JSON. */
export interface FhirParse {
  entries: FhirEntry[];
  issues: ImportIssue[];
  /** `bundle`, `resource` or `ndjson`. */
  kind: 'bundle' | 'resource' | 'ndjson';
}

/**
 * Parses the text of a FHIR file. Bundle entries get rows 1, 2, ... and paths
 * `entry[0].resource`, ...; NDJSON resources get their 1-based line number and
 * an empty path.
 *
 * @example parseFhirText('{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient","id":"p1"}}]}', 'b.json').entries[0].path // => 'entry[0].resource'
 */
export function parseFhirText(text: string, file: string): FhirParse {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let whole: unknown;
    let parsed = true;
    try {
      whole = JSON.parse(trimmed);
    } catch {
      parsed = false;
    }
    if (parsed && typeof whole === 'object' && whole !== null) {
      const obj = whole as Record<string, unknown>;
      if (obj.resourceType === 'Bundle') {
        const list = Array.isArray(obj.entry) ? obj.entry : [];
        const entries: FhirEntry[] = list.map((e: unknown, i: number) => {
          const entry = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
          const out: FhirEntry = { resource: entry.resource, row: i + 1, path: `entry[${i}].resource` };
          if (typeof entry.fullUrl === 'string') out.fullUrl = entry.fullUrl;
          return out;
        });
        return { entries, issues: [], kind: 'bundle' };
      }
      return { entries: [{ resource: obj, row: 1, path: '' }], issues: [], kind: 'resource' };
    }
  }
  const entries: FhirEntry[] = [];
  const issues: ImportIssue[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      entries.push({ resource: JSON.parse(line), row: i + 1, path: '' });
    } catch (error) {
      issues.push({ file, row: i + 1, field: null, message: `line is not JSON: ${(error as Error).message}` });
    }
  });
  return { entries, issues, kind: 'ndjson' };
}
