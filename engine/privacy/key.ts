/**
 * The secret key of keyed pseudonymization: from an environment variable or a
 * key file, hex or base64, at least 32 bytes (256 bits, the output size of
 * SHA-256; RFC 2104 section 3 recommends keys no shorter than the hash output).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../../util/errors.js';

/** Environment variable holding the pseudonymization key (hex or base64). */
export const PSEUDONYM_KEY_ENV = 'MIDIA_PSEUDONYM_KEY';

/** Minimum key length in bytes (256 bits). */
export const MIN_KEY_BYTES = 32;

/**
 * Decodes a key written as hex (even number of hex digits) or base64 (standard
 * or URL-safe alphabet, padding optional). Surrounding whitespace is ignored.
 *
 * @param what where the text came from, for error messages (the key itself is never printed)
 * @throws UsageError when it is neither, or shorter than {@link MIN_KEY_BYTES} bytes.
 * @example decodeKey('00'.repeat(32)).length // => 32
 */
export function decodeKey(text: string, what = 'key'): Buffer {
  const t = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key === null) throw new UsageError(`${what} is neither hex nor base64`);
  if (key.length < MIN_KEY_BYTES) throw new UsageError(`${what} is ${key.length} bytes; a pseudonymization key needs at least ${MIN_KEY_BYTES} bytes (e.g. 64 hex digits from 'openssl rand -hex 32')`);
  return key;
}

/** Where to look for the key. */
export interface KeySource {
  /** Key file (hex or base64 text). Takes precedence over the environment. */
  keyFile?: string;
  /** Environment to read {@link PSEUDONYM_KEY_ENV} from. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Loads the pseudonymization key from `keyFile`, else from the environment variable
 * {@link PSEUDONYM_KEY_ENV}.
 *
 * @throws UsageError when there is no key (identifying data cannot be imported without one), or it is invalid.
 * @example const key = loadPseudonymKey({ keyFile: '/etc/midia/pseudonym.key' })
 */
export function loadPseudonymKey(source: KeySource = {}): Buffer {
  if (source.keyFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(source.keyFile, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read key file ${source.keyFile}: ${(error as Error).message}`);
    }
    return decodeKey(text, `key file ${source.keyFile}`);
  }
  const env = source.env ?? process.env;
  const value = env[PSEUDONYM_KEY_ENV];
  if (value === undefined || value.trim() === '') {
    throw new UsageError(`no pseudonymization key: set ${PSEUDONYM_KEY_ENV} (hex or base64, >= ${MIN_KEY_BYTES} bytes) or give a key file; identifying data are not imported without a key`);
  }
  return decodeKey(value, `${PSEUDONYM_KEY_ENV}`);
}
