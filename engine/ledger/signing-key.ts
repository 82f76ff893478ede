/**
 * The signing key of the engine's signed logs (the data-use ledger, and any
 * later hash-chained log that is signed the same way): an Ed25519 key pair
 * through `node:crypto`, kept outside the database (docs/ledger.md).
 *
 * Where the private key comes from, in order:
 * 1. `MIDIA_LEDGER_KEY_FILE`: an Ed25519 private key as PKCS#8 PEM, as
 *    `openssl genpkey -algorithm ed25519 -out key.pem` writes it. A path that
 *    does not exist or holds another kind of key is an error (never replaced
 *    by a new key: that would fork the signatures silently).
 * 2. The default path in the user's configuration directory,
 *    `$XDG_CONFIG_HOME/midia/ledger-key.pem`, else `~/.config/midia/ledger-key.pem`
 *    (`%APPDATA%\midia\ledger-key.pem` on Windows). Created on first use
 *    (directory mode 0700, file mode 0600, created atomically so that two
 *    processes never write two keys), with the public key beside it
 *    (`ledger-key.pub.pem`); the path is announced once on stderr.
 * In-memory stores use a throw-away key ({@link throwAwaySigner}).
 *
 * Key ids: the first 16 hex digits of SHA-256 over the public key's DER
 * (SubjectPublicKeyInfo) encoding. Public keys travel as SPKI PEM
 * (`openssl pkey -in key.pem -pubout`).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { StoreError, UsageError } from '../../util/errors.js';

/** Environment variable naming the ledger signing key file (PKCS#8 PEM, Ed25519). */
export const LEDGER_KEY_ENV = 'MIDIA_LEDGER_KEY_FILE';

/** File name of the default key in the configuration directory. */
export const DEFAULT_KEY_FILE = 'ledger-key.pem';

/** A private key that signs log messages. */
export interface LogSigner {
  /** Key id: first 16 hex digits of SHA-256 of the public key's SPKI DER. */
  readonly keyId: string;
  /** The public key as SPKI PEM. */
  readonly publicKeyPem: string;
  /** Where the private key lives (`null` for a throw-away key). */
  readonly path: string | null;
  /** Ed25519 signature of `message`, base64. */
  sign(message: Buffer): string;
}

/** Public keys that signatures are checked against, by key id. */
export type PublicKeySet = ReadonlyMap<string, KeyObject>;

/** Key id of a public key (first 16 hex digits of SHA-256 over its SPKI DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function signerFrom(privateKey: KeyObject, path: string | null): LogSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new StoreError(`ledger signing key${path ? ` ${path}` : ''} is a ${privateKey.asymmetricKeyType ?? 'non-asymmetric'} key, not Ed25519 (create one with: openssl genpkey -algorithm ed25519 -out key.pem)`);
  }
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = String(publicKey.export({ type: 'spki', format: 'pem' }));
  return Object.freeze({
    keyId: keyIdOf(publicKey),
    publicKeyPem,
    path,
    sign: (message: Buffer) => sign(null, message, privateKey).toString('base64'),
  });
}

/**
 * A signer from an Ed25519 private key in PKCS#8 PEM.
 * @throws StoreError for text that is not such a key.
 * @example signerFromPem(readFileSync('key.pem', 'utf8')).keyId
 */
export function signerFromPem(pem: string, path: string | null = null): LogSigner {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new StoreError(`cannot read the ledger signing key${path ? ` ${path}` : ''}: not a PKCS#8 PEM private key (${(error as Error).message})`, { cause: error });
  }
  return signerFrom(key, path);
}

/** A fresh key that lives only in memory (for in-memory stores and tests). */
export function throwAwaySigner(): LogSigner {
  return signerFrom(generateKeyPairSync('ed25519').privateKey, null);
}

/**
 * The default key path: `$XDG_CONFIG_HOME/midia/ledger-key.pem`, else
 * `~/.config/midia/ledger-key.pem` (`%APPDATA%\midia\...` on Windows).
 * @example defaultLedgerKeyPath({ XDG_CONFIG_HOME: '/etc/xdg' }) // => '/etc/xdg/midia/ledger-key.pem'
 */
export function defaultLedgerKeyPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  if (xdg) return join(xdg, 'midia', DEFAULT_KEY_FILE);
  if (process.platform === 'win32' && env.APPDATA?.trim()) return join(env.APPDATA.trim(), 'midia', DEFAULT_KEY_FILE);
  const home = env.HOME?.trim() || homedir();
  return join(home, '.config', 'midia', DEFAULT_KEY_FILE);
}

/** Where the signing key is looked for, and whether it may be created there. */
export interface LedgerKeyLocation {
  path: string;
  /** True for `MIDIA_LEDGER_KEY_FILE` (must exist), false for the default path (created on first use). */
  configured: boolean;
}

/** The key location the environment names (see the module documentation). */
export function ledgerKeyLocation(env: Readonly<Record<string, string | undefined>> = process.env): LedgerKeyLocation {
  const configured = env[LEDGER_KEY_ENV]?.trim();
  return configured ? { path: configured, configured: true } : { path: defaultLedgerKeyPath(env), configured: false };
}

/** Options of {@link loadLedgerSigner}. */
export interface LoadSignerOptions {
  /** Environment to read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Create the default key when it does not exist (default true). A configured key is never created. */
  create?: boolean;
  /** Receives the one-time notice when a key is created (default: written to stderr). */
  notice?: (message: string) => void;
}

const cache = new Map<string, LogSigner>();

/** Writes a new key pair at `path` atomically (link of a private temp file); false when another process won the race. */
function createKeyFile(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(tmp, 0o600);
    linkSync(tmp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(tmp);
  }
  writeFileSync(pubPathOf(path), publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  return true;
}

/** Path of the public key written beside a created key: `ledger-key.pem` -> `ledger-key.pub.pem`. */
export function pubPathOf(path: string): string {
  return path.endsWith('.pem') ? `${path.slice(0, -4)}.pub.pem` : `${path}.pub.pem`;
}

/**
 * The signer of this process: the key of `MIDIA_LEDGER_KEY_FILE`, else the
 * default key (created on first use unless `create: false`). Cached per path.
 *
 * @returns the signer, or null when `create` is false and no key exists.
 * @throws StoreError when a configured key file is missing or unreadable, or is not an Ed25519 PKCS#8 key.
 * @example const signer = loadLedgerSigner(); signer.keyId
 */
export function loadLedgerSigner(options: LoadSignerOptions & { create?: true }): LogSigner;
export function loadLedgerSigner(options?: LoadSignerOptions): LogSigner | null;
export function loadLedgerSigner(options: LoadSignerOptions = {}): LogSigner | null {
  const location = ledgerKeyLocation(options.env ?? process.env);
  const cached = cache.get(location.path);
  if (cached) return cached;
  if (!existsSync(location.path)) {
    if (location.configured) throw new StoreError(`${LEDGER_KEY_ENV} names ${location.path}, which does not exist (create a key with: openssl genpkey -algorithm ed25519 -out ${location.path})`);
    if (options.create === false) return null;
    try {
      if (createKeyFile(location.path)) {
        const say = options.notice ?? ((m: string) => process.stderr.write(m));
        say(`midia: created the ledger signing key ${location.path} (Ed25519, mode 0600; public key in ${pubPathOf(location.path)}). Keep it outside the database and back it up; set ${LEDGER_KEY_ENV} to use another key.\n`);
      }
    } catch (error) {
      throw new StoreError(`cannot create the ledger signing key ${location.path}: ${(error as Error).message} (set ${LEDGER_KEY_ENV} to a key file)`, { cause: error });
    }
  }
  let pem: string;
  try {
    pem = readFileSync(location.path, 'utf8');
  } catch (error) {
    throw new StoreError(`cannot read the ledger signing key ${location.path}: ${(error as Error).message}`, { cause: error });
  }
  const signer = signerFromPem(pem, location.path);
  cache.set(location.path, signer);
  return signer;
}

/**
 * Public keys from PEM text: every `PUBLIC KEY` block (SPKI), and the public
 * half of every `PRIVATE KEY` block. Several blocks in one file let signatures
 * made before a key change be checked too.
 *
 * @param what names the source in errors (a file name)
 * @throws UsageError when the text holds no key, or a key that is not Ed25519.
 * @example publicKeysFromPem(readFileSync('ledger-key.pub.pem', 'utf8')).size // => 1
 */
export function publicKeysFromPem(text: string, what = 'public key'): Map<string, KeyObject> {
  const blocks = text.match(/-----BEGIN (?:PUBLIC KEY|PRIVATE KEY)-----[\s\S]*?-----END (?:PUBLIC KEY|PRIVATE KEY)-----/g) ?? [];
  if (!blocks.length) throw new UsageError(`${what}: no PEM public key found (expected -----BEGIN PUBLIC KEY-----, as 'openssl pkey -in key.pem -pubout' writes)`);
  const keys = new Map<string, KeyObject>();
  for (const block of blocks) {
    let key: KeyObject;
    try {
      key = block.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(block)) : createPublicKey(block);
    } catch (error) {
      throw new UsageError(`${what}: unreadable PEM key (${(error as Error).message})`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new UsageError(`${what}: a ${key.asymmetricKeyType} key, expected Ed25519`);
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

/** The public key set of one signer. */
export function publicKeysOf(signer: LogSigner): Map<string, KeyObject> {
  return publicKeysFromPem(signer.publicKeyPem);
}
