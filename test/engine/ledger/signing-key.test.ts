import { createPublicKey, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultLedgerKeyPath,
  keyIdOf,
  ledgerKeyLocation,
  loadLedgerSigner,
  publicKeysFromPem,
  signerFromPem,
} from '../../../engine/ledger/signing-key.js';
import { StoreError, UsageError } from '../../../util/errors.js';

const FIX = 'test/fixtures/ledger';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'midia-ledger-key-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ledger signing key', () => {
  it('names the default path in the user configuration directory', () => {
    expect(defaultLedgerKeyPath({ XDG_CONFIG_HOME: '/etc/xdg-test' })).toBe('/etc/xdg-test/midia/ledger-key.pem');
    expect(defaultLedgerKeyPath({ HOME: '/home/r' })).toBe('/home/r/.config/midia/ledger-key.pem');
    expect(ledgerKeyLocation({ MIDIA_LEDGER_KEY_FILE: '/k.pem', XDG_CONFIG_HOME: '/x' })).toEqual({ path: '/k.pem', configured: true });
    expect(ledgerKeyLocation({ XDG_CONFIG_HOME: '/x' })).toEqual({ path: '/x/midia/ledger-key.pem', configured: false });
  });

  it('creates the default key once, mode 0600, with its public key beside it, and announces the path once', () => {
    const env = { XDG_CONFIG_HOME: join(dir, 'cfg') };
    const notices: string[] = [];
    expect(loadLedgerSigner({ env, create: false })).toBeNull();
    expect(existsSync(join(dir, 'cfg'))).toBe(false); // create: false creates nothing
    const signer = loadLedgerSigner({ env, notice: (m) => notices.push(m) });
    const path = join(dir, 'cfg', 'midia', 'ledger-key.pem');
    expect(signer.path).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'cfg', 'midia')).mode & 0o777).toBe(0o700);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(path);
    expect(readFileSync(path, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const pub = publicKeysFromPem(readFileSync(join(dir, 'cfg', 'midia', 'ledger-key.pub.pem'), 'utf8'));
    expect([...pub.keys()]).toEqual([signer.keyId]);
    // used again, not replaced, and not announced again
    expect(loadLedgerSigner({ env, notice: (m) => notices.push(m) }).keyId).toBe(signer.keyId);
    expect(notices).toHaveLength(1);
    // a signature verifies under the public key
    const sig = signer.sign(Buffer.from('x'));
    expect(verify(null, Buffer.from('x'), createPublicKey(signer.publicKeyPem), Buffer.from(sig, 'base64'))).toBe(true);
  });

  it('reads the key that MIDIA_LEDGER_KEY_FILE names, as openssl genpkey writes it, and never creates one there', () => {
    const signer = loadLedgerSigner({ env: { MIDIA_LEDGER_KEY_FILE: `${FIX}/ed25519-openssl.pem` } });
    const pub = publicKeysFromPem(readFileSync(`${FIX}/ed25519-openssl.pub.pem`, 'utf8'), 'pub');
    expect([...pub.keys()]).toEqual([signer.keyId]);
    const missing = join(dir, 'nope.pem');
    expect(() => loadLedgerSigner({ env: { MIDIA_LEDGER_KEY_FILE: missing } })).toThrow(StoreError);
    expect(() => loadLedgerSigner({ env: { MIDIA_LEDGER_KEY_FILE: missing } })).toThrow(/does not exist .*openssl genpkey -algorithm ed25519/);
    expect(existsSync(missing)).toBe(false);
    expect(() => loadLedgerSigner({ env: { MIDIA_LEDGER_KEY_FILE: `${FIX}/rsa-openssl.pem` } })).toThrow(/rsa key, not Ed25519/);
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'not a key');
    expect(() => signerFromPem(readFileSync(junk, 'utf8'), junk)).toThrow(/not a PKCS#8 PEM private key/);
  });

  it('reads public keys from PEM: several blocks, the public half of a private block, and refuses others', () => {
    const a = readFileSync(`${FIX}/ed25519-openssl.pub.pem`, 'utf8');
    const b = signerFromPem(readFileSync(`${FIX}/ed25519-openssl.pem`, 'utf8'));
    const other = loadLedgerSigner({ env: { XDG_CONFIG_HOME: join(dir, 'cfg2') }, notice: () => undefined });
    const keys = publicKeysFromPem(`${a}\n${other.publicKeyPem}`);
    expect([...keys.keys()].sort()).toEqual([b.keyId, other.keyId].sort());
    expect(keyIdOf(createPublicKey(a))).toBe(b.keyId);
    expect([...publicKeysFromPem(readFileSync(`${FIX}/ed25519-openssl.pem`, 'utf8')).keys()]).toEqual([b.keyId]);
    expect(() => publicKeysFromPem('hello', 'k.pem')).toThrow(UsageError);
    expect(() => publicKeysFromPem(readFileSync(`${FIX}/rsa-openssl.pem`, 'utf8'), 'k.pem')).toThrow(/rsa key, expected Ed25519/);
  });
});
