/** The release register (governance.released_cells): planned releases are audited against what the study released before. */
import { describe, expect, it } from 'vitest';
import { planRelease, releasedCells } from '../../../engine/disclosure/release-register.js';
import { registerStudy } from '../../../engine/study/study-registry.js';
import { miniStore } from '../../helpers/mini-cohort.js';

const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('release register', () => {
  it('records released cells per study and audits later releases against them only', async () => {
    const store = await miniStore();
    try {
      for (const id of ['S1', 'S2']) await registerStudy(store, { id, title: 't', question: 'q', responsible: 'r', purpose: 'research-general', approval: 'EK' });
      const A = ids('a', 8);
      const first = await planRelease(store, 'S1', 'km', [{ label: 'A', pseudonyms: A }], { threshold: 5 });
      expect(first.shows('A')).toBe(true);
      await first.commit(store, new Date('2026-01-01T00:00:00Z'));
      const cells = await releasedCells(store, 'S1');
      expect(cells).toHaveLength(1);
      expect(cells[0]).toMatchObject({ analysis: 'km', cell: 'A', n: 8, releasedAt: '2026-01-01T00:00:00.000Z' });
      expect([...cells[0]!.pseudonyms]).toEqual([...A].sort());
      // A minus two patients: a group of 2 by difference in S1, but S2 released nothing yet.
      const again = await planRelease(store, 'S1', 'km', [{ label: 'A-2', pseudonyms: A.slice(2) }], { threshold: 5 });
      expect(again.decisions[0]).toMatchObject({ released: false, reason: 'difference' });
      expect((await planRelease(store, 'S2', 'km', [{ label: 'A-2', pseudonyms: A.slice(2) }], { threshold: 5 })).shows('A-2')).toBe(true);
      expect(await releasedCells(store, 'S2')).toEqual([]);
    } finally {
      store.close();
    }
  });
});
