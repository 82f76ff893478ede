import { CANONICAL_TABLES, SCHEMA_VERSION, TABLES, schemaMarkdown, tableDdl } from '../../engine/schema.js';
import { checkFlags, hasFlag } from '../args.js';
import type { Command } from '../command.js';
import { jsonText } from '../output.js';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the canonical schema (Markdown, JSON or DuckDB DDL)',
  help: `Usage: midia schema [--markdown | --json | --sql]

Prints the canonical tables (patients, events, observations, treatments,
visits) with their columns, types and allowed values. Default: Markdown.
`,
  async run(args, io) {
    checkFlags(args, ['markdown', 'sql']);
    if (hasFlag(args, 'json')) io.stdout.write(jsonText({ version: SCHEMA_VERSION, tables: CANONICAL_TABLES.map((t) => TABLES[t]) }));
    else if (hasFlag(args, 'sql')) io.stdout.write(CANONICAL_TABLES.map((t) => `${tableDdl(t)};\n`).join('\n'));
    else io.stdout.write(schemaMarkdown());
    return 0;
  },
};
