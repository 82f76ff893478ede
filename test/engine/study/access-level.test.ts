/**
 * Study access levels (docs/access-levels.md): new studies are `aggregate`
 * unless registered `row-level`; studies registered before access levels
 * existed (store schema version 3) are migrated as `row-level` and marked so;
 * sessions carry the level in their disclosure settings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../engine/access.js';
import { CohortStore } from '../../../engine/store.js';
import { rawConnection } from '../../../engine/store-internal.js';
import { SCHEMA_VERSION } from '../../../engine/schema.js';
import { MIGRATIONS } from '../../../engine/store-migrations.js';
import { getStudy, registerStudy } from '../../../engine/study/study-registry.js';
import { UsageError } from '../../../util/errors.js';
import { miniStore } from '../../helpers/mini-cohort.js';

const dir = mkdtempSync(join(tmpdir(), 'midia-access-level-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = { title: 'RFS', question: 'Does Ki-67 predict recurrence?', responsible: 'Dr. A', purpose: 'research-general', approval: 'EC 2025-001' };

describe('study access levels', () => {
  it('registers new studies as aggregate by default, row-level on request, and refuses other levels', async () => {
    const store = await miniStore();
    try {
      expect((await registerStudy(store, { ...base, id: 'A' })).access).toBe('aggregate');
      expect(await registerStudy(store, { ...base, id: 'R', access: 'row-level' })).toMatchObject({ access: 'row-level', accessMigrated: false });
      await expect(registerStudy(store, { ...base, id: 'X', access: 'everything' as never })).rejects.toThrow(UsageError);
      expect(await getStudy(store, 'X')).toBeNull();
      const a = await openSession(store, { study: 'A' });
      const r = await openSession(store, { study: 'R' });
      expect([a.disclosure.access, r.disclosure.access]).toEqual(['aggregate', 'row-level']);
      a.close();
      r.close();
    } finally {
      store.close();
    }
  });

  it('migrates studies registered before access levels as row-level, marked as migrated', async () => {
    const path = join(dir, 'v3.duckdb');
    const old = await CohortStore.open(path, { migrations: MIGRATIONS.slice(0, 3) });
    try {
      expect(await old.schemaVersion()).toBe(3);
      await rawConnection(old).run(
        `INSERT INTO governance.studies VALUES ('OLD-1', 't', 'q', 'r', 'research-general', 'EK', 5, false, false, '2024-01-01T00:00:00.000Z')`,
      );
    } finally {
      old.close();
    }
    const store = await CohortStore.open(path);
    try {
      expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
      expect(await getStudy(store, 'OLD-1')).toMatchObject({ id: 'OLD-1', access: 'row-level', accessMigrated: true, minCellCount: 5 });
      // New registrations on the migrated store get the new default.
      expect(await registerStudy(store, { ...base, id: 'NEW-1' })).toMatchObject({ access: 'aggregate', accessMigrated: false });
      expect(await getStudy(store, 'NEW-1')).toMatchObject({ access: 'aggregate', accessMigrated: false });
    } finally {
      store.close();
    }
  });
});
