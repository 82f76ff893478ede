import { schemaJson, schemaSql, schemaText } from '../../analyses/admin/schema.js';
import { checkFlags, hasFlag } from '../args.js';
import type { Command } from '../command.js';
import { jsonText } from '../output.js';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the canonical schema (Markdown, JSON or DuckDB DDL)',
  help: `Usage: midia schema [--markdown | --json | --sql]

Prints the canonical tables (patients, events, observations, treatments,
visits) and the patient-reported outcomes table reports (docs/pro.md) with
their columns, types and allowed values. Default: Markdown. With --json the
canonical tables are under "tables" and the reports table under "reports";
--sql prints the DDL of all six.
`,
  async run(args, io) {
    checkFlags(args, ['markdown', 'sql']);
    if (hasFlag(args, 'json')) io.stdout.write(jsonText(schemaJson()));
    else if (hasFlag(args, 'sql')) io.stdout.write(schemaSql());
    else io.stdout.write(schemaText());
    return 0;
  },
};
