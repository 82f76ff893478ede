/**
 * cli/args.ts parses on node:util parseArgs: every argument list gives what
 * the hand-written parser it replaced gave (the oracle below, its algorithm
 * kept verbatim), on fixed cases and on random argument lists.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/args.js';
import type { ParsedArgs } from '../../cli/command.js';

/** The hand-written parser of cli/args.ts before node:util parseArgs (the oracle). */
function oracle(argv: readonly string[], switches: ReadonlySet<string>): ParsedArgs {
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

const SWITCHES = new Set(['json', 'quiet', 'counting']);

describe('parseArgs on node:util parseArgs', () => {
  it.each([
    [['--formula', 'Surv(t, s) ~ x', '--data=f.csv', '--json', 'pos']],
    [['--seed', '-5', '--tau', '-1.5e3', '-h']],
    [['-abc', '-', '--x', '-h', '--json', 'value', '--counting']],
    [['--a=', '--b=c=d', '--', '--json', '-h', 'x']],
    [['--db', '--json', '--times', '60,120', '--']],
    [['--flag', '', 'x', '--flag', 'later']],
    [['-5', '--n', '-abc', 'tail']],
  ])('%j as the hand-written parser read it', (argv) => {
    expect(parseArgs(argv, SWITCHES)).toEqual(oracle(argv, SWITCHES));
  });

  it('a negative number and a dash-led text are values, -h after a value-taking flag is its value', () => {
    expect(parseArgs(['--tau', '-2', '--title', '-h']).flags).toEqual({ tau: '-2', title: '-h' });
    expect(parseArgs(['-h']).flags).toEqual({ help: true });
    expect(parseArgs(['--json', 'SELECT 1'], SWITCHES)).toEqual({ flags: { json: true }, positional: ['SELECT 1'] });
  });

  it('random argument lists parse as the hand-written parser parsed them', () => {
    const word = fc.constantFrom('--json', '--quiet', '--counting', '--db', '--x', '--', '-h', '-5', '-ab', '-', 'v', '', '--k=v', '--k=', 'SELECT 1', '--json=false');
    fc.assert(
      fc.property(fc.array(fc.oneof(word, fc.string({ maxLength: 6 }), fc.string({ maxLength: 5 }).map((t) => `--${t}`), fc.string({ maxLength: 4 }).map((t) => `-${t}`)), { maxLength: 12 }), (argv) => {
        expect(parseArgs(argv, SWITCHES)).toEqual(oracle(argv, SWITCHES));
      }),
      { numRuns: 2000 },
    );
  });
});
