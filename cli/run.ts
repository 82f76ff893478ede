/**
 * The CLI dispatcher, separate from the process entry (cli/main.ts) so tests
 * can run commands in-process with captured streams.
 *
 * Exit codes: 0 ok; 1 usage (bad flags, malformed formula, unknown command);
 * 2 bad data (rejected records, failed model input, refused access, store errors);
 * 3 unexpected internal error.
 */
import { DataValidationError, FormulaError, MidiaError, UnknownColumnError, UsageError } from '../util/errors.js';
import { parseArgs } from './args.js';
import { nameDataFile } from './data-file-errors.js';
import type { Command, CommandIO } from './command.js';
import { COMMANDS, type CommandEntry } from './registry.js';

/** A command as listed: loaded already (tests pass these), or a registry entry whose module is imported when it runs or shows its help. */
export type ListedCommand = Command | CommandEntry;

const resolveCommand = async (c: ListedCommand): Promise<Command> => ('load' in c ? c.load() : c);

const SWITCHES = new Set(['help', 'json', 'quiet', 'csv', 'arrow', 'markdown', 'keep', 'no-report', 'version', 'separated', 'include-onset-relapse', 'allow-unknown', 'interpolate', 'ml', 'closed', 'maximal', 'no-correction']);

function usage(commands: readonly ListedCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `midia: research analytics for long-term patient follow-up

Usage: midia <command> [flags]    (midia <command> --help for details)

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Global flags: --help, --quiet (no progress bar), --json (machine-readable output where offered)
Exit codes: 0 ok, 1 usage error, 2 bad data, 3 internal error.
`;
}

/**
 * Runs the CLI with the given arguments; returns the exit code. Only the
 * named command's module is loaded (`midia --help` loads none).
 */
export async function runCli(argv: readonly string[], io: CommandIO, commands: readonly ListedCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage(commands));
    return name ? 0 : 1;
  }
  if (name === '--version') {
    const { createRequire } = await import('node:module');
    const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
    io.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const listed = commands.find((c) => c.name === name);
  if (!listed) {
    io.stderr.write(`midia: unknown command '${name}'\n\n${usage(commands)}`);
    return 1;
  }
  const command = await resolveCommand(listed);
  const args = parseArgs(rest, SWITCHES);
  if (args.flags.help) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return 0;
  }
  const effective: CommandIO = { ...io, showProgress: io.showProgress && !args.flags.quiet };
  try {
    return await command.run(args, effective);
  } catch (err) {
    // a --data file's rows are reported by the models as <memory>: name the file (cli/data-file-errors.ts)
    if (err instanceof DataValidationError && typeof args.flags.data === 'string') nameDataFile(err, args.flags.data);
    return reportError(err, command, io);
  }
}

function reportError(err: unknown, command: Command, io: CommandIO): number {
  if (err instanceof DataValidationError) {
    io.stderr.write(`midia ${command.name}: rejected: ${err.message}\n`);
    for (const issue of err.issues.slice(0, 20)) {
      io.stderr.write(`  ${issue.file}, row ${issue.row}${issue.field ? `, field '${issue.field}'` : ''}: ${issue.message}\n`);
    }
    if (err.issues.length > 20) io.stderr.write(`  ... ${err.issues.length - 20} more\n`);
    return 2;
  }
  if (err instanceof UsageError || err instanceof FormulaError || err instanceof UnknownColumnError) {
    io.stderr.write(`midia ${command.name}: ${err.message}\n(see 'midia ${command.name} --help')\n`);
    return 1;
  }
  if (err instanceof MidiaError) {
    io.stderr.write(`midia ${command.name}: ${err.message}\n`);
    return 2;
  }
  io.stderr.write(`midia ${command.name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 3;
}
