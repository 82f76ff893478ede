/**
 * Command-line parsing on node:util `parseArgs`: `--name value`,
 * `--name=value`, bare `--switch`, `--` (everything after it positional), and
 * positionals.
 *
 * node's tokenizer splits the arguments (long options with or without an
 * inline value, the `--` terminator, positionals); which flags
 * take a value is decided here, because a command's flags are known only
 * after the command is chosen (unknown flags are reported by
 * {@link checkFlags}, with the list of known ones).
 */
import { parseArgs as tokenize } from 'node:util';
import { UsageError } from '../util/errors.js';
import type { ParsedArgs } from './command.js';

/**
 * Parses argv (without node and script). A flag listed in `switches` never
 * takes a value; any other `--flag` takes the next argument unless that
 * starts with `--` (then it is a switch). `-h` is `--help`; any other
 * argument that starts with a single dash (`-5`, `-x`) is a positional or a
 * flag's value, as it stands.
 * @example parseArgs(['--db', 'c.duckdb', '--json', 'patients.csv'], new Set(['json'])) // => { flags: { db: 'c.duckdb', json: true }, positional: ['patients.csv'] }
 */
export function parseArgs(argv: readonly string[], switches: ReadonlySet<string> = new Set()): ParsedArgs {
  // Single-dash arguments are never options here: they reach the tokenizer as a plain stand-in (node would split
  // `-abc` into three short options, and `-a-` into an option and a terminator) and are read back by index.
  const args = argv.map((a) => (isDashed(a) ? 'x' : a));
  const options = Object.fromEntries([...switches].map((name) => [name, { type: 'boolean' as const }]));
  const { tokens } = tokenize({ args, options, strict: false, allowPositionals: true, tokens: true });
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  let terminated = false;
  let value = -1; // argv index taken as the value of the flag before it
  for (const token of tokens) {
    if (token.index === value) continue;
    if (token.kind === 'option-terminator') terminated = true;
    else if (token.kind === 'positional') {
      const raw = argv[token.index] as string;
      if (raw === '-h' && !terminated) flags.help = true;
      else positional.push(raw);
    } else if (token.inlineValue === true || (argv[token.index] as string).startsWith('--=')) {
      // --name=value (node reads `--=x` as an option named '=x': the name is empty, as before)
      const raw = argv[token.index] as string;
      const eq = raw.indexOf('=');
      flags[raw.slice(2, eq)] = raw.slice(eq + 1);
    } else {
      const next = argv[token.index + 1];
      if (!switches.has(token.name) && next !== undefined && !next.startsWith('--')) {
        flags[token.name] = next;
        value = token.index + 1;
      } else flags[token.name] = true;
    }
  }
  return { positional, flags };
}

/** `-h`, `-5`, `-abc`: one dash, then something. */
function isDashed(a: string): boolean {
  return a.length > 1 && a.startsWith('-') && !a.startsWith('--');
}

/** A string flag's value, `fallback` when absent; throws when given as a bare switch. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined;
export function stringFlag(args: ParsedArgs, name: string, fallback: string): string;
export function stringFlag(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  const v = args.flags[name];
  if (v === undefined) return fallback;
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

/** A required string flag. */
export function requiredFlag(args: ParsedArgs, name: string): string {
  const v = stringFlag(args, name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

/** A numeric flag. */
export function numberFlag(args: ParsedArgs, name: string, fallback?: number): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${v}'`);
  return n;
}

/** A comma-separated list of numbers (`--times 60,120`). */
export function numberListFlag(args: ParsedArgs, name: string): number[] | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  return v.split(',').map((s) => {
    const n = Number(s.trim());
    if (s.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name}: '${s}' is not a number`);
    return n;
  });
}

/** A flag restricted to a set of values. */
export function choiceFlag<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const v = stringFlag(args, name, fallback);
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${v}'`);
  return v as T;
}

/** True when a switch is present. */
export function hasFlag(args: ParsedArgs, name: string): boolean {
  return args.flags[name] !== undefined && args.flags[name] !== 'false';
}

/** Throws on flags the command does not know (catches typos like --formla). */
export function checkFlags(args: ParsedArgs, known: readonly string[]): void {
  const allowed = new Set([...known, 'help', 'quiet', 'json']);
  for (const f of Object.keys(args.flags)) if (!allowed.has(f)) throw new UsageError(`Unknown flag --${f} (known: ${[...allowed].map((k) => `--${k}`).join(', ')})`);
}
