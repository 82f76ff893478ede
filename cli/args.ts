/** Command-line parsing: `--name value`, `--name=value`, bare `--switch`, and positionals. */
import { UsageError } from '../util/errors.js';
import type { ParsedArgs } from './command.js';

/**
 * Parses argv (without node and script). A flag listed in `switches` never
 * takes a value; any other `--flag` takes the next argument unless that
 * starts with `--` (then it is a switch).
 */
export function parseArgs(argv: readonly string[], switches: ReadonlySet<string> = new Set()): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        flags[a.slice(2, eq)] = a.slice(eq + 1);
        continue;
      }
      const name = a.slice(2);
      const next = argv[i + 1];
      if (!switches.has(name) && next !== undefined && !next.startsWith('--')) {
        flags[name] = next;
        i++;
      } else flags[name] = true;
    } else if (a === '-h') flags.help = true;
    else positional.push(a);
  }
  return { positional, flags };
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
