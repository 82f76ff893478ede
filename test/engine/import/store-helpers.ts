/** Test helpers: open stores, read whole tables (tests only; users read through the access gate). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CohortStore } from '../../../engine/store.js';
import { rawConnection } from '../../../engine/store-internal.js';
import { CANONICAL_TABLES, type CanonicalTableName } from '../../../engine/schema.js';

/** Absolute path of a fixture in test/fixtures/import. */
export function fixture(name: string): string {
  return resolve('test/fixtures/import', name);
}

/** A fresh temp directory and its cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'midia-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** All rows of a canonical table as JSON-like objects, in a stable order. */
export async function tableRows(store: CohortStore, table: CanonicalTableName): Promise<Record<string, unknown>[]> {
  const reader = await rawConnection(store).runAndReadAll(`SELECT * FROM cohort.${table} ORDER BY ALL`);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

/** Every canonical table plus the import log, for before/after comparisons. */
export async function snapshot(store: CohortStore): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const t of CANONICAL_TABLES) out[t] = await tableRows(store, t);
  out.imports = (await rawConnection(store).runAndReadAll('SELECT * FROM meta.imports ORDER BY id')).getRowObjectsJson();
  return out;
}

/** Opens an in-memory store with the patients fixture loaded. */
export async function storeWithPatients(): Promise<CohortStore> {
  const store = await CohortStore.open();
  await store.importFile(fixture('patients.csv'), { table: 'patients' });
  return store;
}
