import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../engine/access.js';
import { consentPolicy } from '../../../engine/consent/policy.js';
import { consentHistory, consentStatus, grantConsent, revokeConsent } from '../../../engine/consent/registry.js';
import type { CohortStore } from '../../../engine/store.js';
import { UsageError } from '../../../util/errors.js';
import { miniStore } from '../../helpers/mini-cohort.js';

let store: CohortStore;
beforeAll(async () => {
  store = await miniStore();
});
afterAll(() => store.close());

const d = (s: string) => new Date(s);
const count = async (s: Awaited<ReturnType<typeof openSession>>, table: string) => Number((await s.queryRows(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

describe('consent registry and policy', () => {
  it('answers the state at past times from the appended history', async () => {
    await grantConsent(store, { pseudonym: 'P-A', purpose: 'research-general', effectiveAt: d('2020-01-01T00:00:00Z'), source: 'paper', reference: 'form-1' });
    await revokeConsent(store, { pseudonym: 'P-A', purpose: 'research-general', effectiveAt: d('2022-01-01T00:00:00Z') });
    await grantConsent(store, { pseudonym: 'P-A', purpose: 'research-general', effectiveAt: d('2023-06-01T00:00:00Z') });
    const history = await consentHistory(store, 'P-A');
    expect(history.map((e) => e.action)).toEqual(['grant', 'revoke', 'grant']);
    expect(history[0]!.source).toBe('paper');
    expect(history[0]!.reference).toBe('form-1');
    expect(history[0]!.effectiveAt.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    const at = async (t: string) => (await consentStatus(store, 'P-A', { at: d(t) })).map((s) => [s.purpose, s.granted]);
    expect(await at('2019-12-31T23:59:59Z')).toEqual([]);
    expect(await at('2020-01-01T00:00:00Z')).toEqual([['research-general', true]]);
    expect(await at('2021-12-31T23:59:59.999Z')).toEqual([['research-general', true]]);
    expect(await at('2022-01-01T00:00:00Z')).toEqual([['research-general', false]]);
    expect(await at('2024-01-01T00:00:00Z')).toEqual([['research-general', true]]);
  });

  it('answers what the registry said at a past time (knownAt): a back-dated revocation counts only once recorded', async () => {
    // P-000000000f has no data in the store yet: recording needs allowUnknown
    await grantConsent(store, { pseudonym: 'P-000000000f', purpose: 'study:K', effectiveAt: d('2020-01-01T00:00:00Z') }, { allowUnknown: true });
    await new Promise((r) => setTimeout(r, 20));
    const between = new Date();
    await new Promise((r) => setTimeout(r, 20));
    // a paper revocation signed in 2021, transcribed now
    await revokeConsent(store, { pseudonym: 'P-000000000f', purpose: 'study:K', effectiveAt: d('2021-01-01T00:00:00Z'), source: 'paper' }, { allowUnknown: true });
    const at = d('2022-01-01T00:00:00Z');
    expect((await consentStatus(store, 'P-000000000f', { at, knownAt: between })).map((s) => s.granted)).toEqual([true]);
    expect((await consentStatus(store, 'P-000000000f', { at })).map((s) => s.granted)).toEqual([false]);
  });

  it('admits exactly the consenting patients, per purpose and at a time', async () => {
    await grantConsent(store, { pseudonym: 'P-B', purpose: 'research-general', effectiveAt: d('2021-01-01T00:00:00Z') });
    await grantConsent(store, { pseudonym: 'P-C', purpose: 'study:S1', effectiveAt: d('2021-01-01T00:00:00Z') });
    await revokeConsent(store, { pseudonym: 'P-B', purpose: 'study:S1', effectiveAt: d('2021-01-01T00:00:00Z') });
    const ids = async (policy: ReturnType<typeof consentPolicy>) => {
      const s = await openSession(store, { policy });
      try {
        return [...s.pseudonyms];
      } finally {
        s.close();
      }
    };
    expect(await ids(consentPolicy('research-general', { at: d('2021-06-01T00:00:00Z') }))).toEqual(['P-A', 'P-B']);
    expect(await ids(consentPolicy('research-general', { at: d('2022-06-01T00:00:00Z') }))).toEqual(['P-B']);
    expect(await ids(consentPolicy('study:S1', { at: d('2021-06-01T00:00:00Z') }))).toEqual(['P-C']);
    // broad consent admits A (no study decision) but not B (explicit study refusal)
    expect(await ids(consentPolicy('study:S1', { at: d('2021-06-01T00:00:00Z'), acceptsBroadConsent: true }))).toEqual(['P-A', 'P-C']);
    expect(await ids(consentPolicy('study:S2', { at: d('2021-06-01T00:00:00Z') }))).toEqual([]);
  });

  it('a revocation removes the patient from sessions started after it, not from an open one', async () => {
    await grantConsent(store, { pseudonym: 'P-D', purpose: 'study:S3', effectiveAt: d('2020-01-01T00:00:00Z') });
    await grantConsent(store, { pseudonym: 'P-A', purpose: 'study:S3', effectiveAt: d('2020-01-01T00:00:00Z') });
    const before = await openSession(store, { policy: consentPolicy('study:S3') });
    try {
      expect(before.pseudonyms).toEqual(['P-A', 'P-D']);
      await revokeConsent(store, { pseudonym: 'P-D', purpose: 'study:S3' });
      const after = await openSession(store, { policy: consentPolicy('study:S3') });
      try {
        expect(after.pseudonyms).toEqual(['P-A']);
        expect(await count(after, 'observations')).toBe(3);
        expect(await count(after, 'treatments')).toBe(2);
        expect(Number((await after.queryRows("SELECT count(*) AS n FROM events WHERE pseudonym = 'P-D'"))[0]?.n)).toBe(0);
      } finally {
        after.close();
      }
      // the session opened before keeps its snapshot
      expect(Number((await before.queryRows("SELECT count(*) AS n FROM observations WHERE pseudonym = 'P-D'"))[0]?.n)).toBe(2);
    } finally {
      before.close();
    }
  });

  it('treatment-sharing is per named provider', async () => {
    await grantConsent(store, { pseudonym: 'P-B', purpose: 'treatment-sharing', provider: 'UK-Nord', effectiveAt: d('2020-01-01T00:00:00Z') });
    const s = await openSession(store, { policy: consentPolicy('treatment-sharing', { provider: 'UK-Nord' }) });
    const t = await openSession(store, { policy: consentPolicy('treatment-sharing', { provider: 'UK-Sued' }) });
    try {
      expect(s.pseudonyms).toEqual(['P-B']);
      expect(t.pseudonyms).toEqual([]);
    } finally {
      s.close();
      t.close();
    }
    expect(() => consentPolicy('treatment-sharing')).toThrow(UsageError);
    expect(() => consentPolicy('research-general', { provider: 'X' })).toThrow(UsageError);
    expect(() => consentPolicy('marketing')).toThrow(UsageError);
    await expect(grantConsent(store, { pseudonym: ' ', purpose: 'research-general' })).rejects.toBeInstanceOf(UsageError);
  });
});
