import { describe, expect, it } from 'vitest';
import { checkPseudonymPattern, DEFAULT_PSEUDONYM_FORMS, isAcceptedPseudonym, PATTERN_PROBES, pseudonymPattern } from '../../../engine/privacy/pseudonym-format.js';
import { pseudonymFor } from '../../../engine/privacy/pseudonym.js';
import { CohortStore } from '../../../engine/store.js';
import { generateCohort } from '../../../datasets/synthetic/generate-cohort.js';
import { generateMsRegistry } from '../../../datasets/ms-registry/generate-ms-registry.js';
import { UsageError } from '../../../util/errors.js';
import { fixture } from '../import/store-helpers.js';

describe('accepted pseudonym forms', () => {
  it('accepts what the engine and the synthetic generators issue, without configuration', () => {
    const key = Buffer.alloc(32, 7);
    expect(isAcceptedPseudonym(null, pseudonymFor(key, 'KIS-4711'))).toBe(true);
    const cohort = generateCohort({ seed: 3, breast: 20, prostate: 20, ms: 20 });
    expect(cohort.patients.every((p) => isAcceptedPseudonym(null, p.pseudonym))).toBe(true);
    const registry = generateMsRegistry({ seed: 3, patients: 120 });
    expect(registry.records.patients.every((p) => isAcceptedPseudonym(null, p.pseudonym))).toBe(true);
    for (const f of DEFAULT_PSEUDONYM_FORMS) expect(isAcceptedPseudonym(null, f.example)).toBe(true);
  });

  it.each(['Erika-Mustermann-1960-05-17', 'Erika Mustermann', 'KIS-4711', 'P-0A1B2C3D4E', 'psn-0265a85379', 'P-0a1b2c3d4e ', ' MSR1', 'MSR', ''])('refuses %j', (value) => {
    expect(isAcceptedPseudonym(null, value)).toBe(false);
  });

  it('a configured pattern adds one form, matched in full', () => {
    expect(isAcceptedPseudonym('TC-[0-9A-F]{5}', 'TC-7F3A9')).toBe(true);
    expect(isAcceptedPseudonym('TC-[0-9A-F]{5}', 'xTC-7F3A9')).toBe(false);
    expect(isAcceptedPseudonym('TC-[0-9A-F]{5}', 'TC-7F3A9x')).toBe(false);
    expect(isAcceptedPseudonym('TC-[0-9A-F]{5}', 'psn-0265a85379c1d2e3f4a5')).toBe(true);
  });

  it.each(['.*', '.+', '\\S+', '[^@]+', '[A-Za-z -]+', '(', ''])('refuses the pattern %j (invalid or accepting names, dates, e-mail addresses)', (p) => {
    expect(() => checkPseudonymPattern(p)).toThrow(UsageError);
  });

  it('no default form accepts a probe', () => {
    for (const probe of PATTERN_PROBES) expect(isAcceptedPseudonym(null, probe)).toBe(false);
  });

  it('pseudonymPattern(store) reads what an import stored, for the consent registry', async () => {
    const store = await CohortStore.open();
    try {
      expect(await pseudonymPattern(store)).toBeNull();
      await store.importFile(fixture('patients.csv'), { table: 'patients', pseudonymPattern: 'TC-[0-9A-F]{5}' });
      expect(await pseudonymPattern(store)).toBe('TC-[0-9A-F]{5}');
      // a rejected import does not store its pattern
      await expect(store.importFile(fixture('patients-invalid.csv'), { table: 'patients', pseudonymPattern: 'XY-[0-9]{4}' })).rejects.toThrow();
      expect(await pseudonymPattern(store)).toBe('TC-[0-9A-F]{5}');
    } finally {
      store.close();
    }
  });
});
