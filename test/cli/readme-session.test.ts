/**
 * README's command lines work as written.
 *
 * 1. The "A session from scratch" block is extracted from README.md and each
 *    command is run verbatim through the in-process CLI (`npx midia` is the
 *    CLI), with every `/tmp/` path moved into a private temporary folder; each
 *    must exit 0 and print what a newcomer expects.
 * 2. Every `midia` / `npx midia` line of every ```sh block of README names a
 *    command that exists, and each of its flags is one the command's --help
 *    documents.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_STUDY_ID } from '../../datasets/index.js';
import { COMMANDS } from '../../cli/registry.js';
import { runCliCaptured } from '../helpers/run-cli.js';

const README = readFileSync('README.md', 'utf8');

/** The ```sh blocks of a Markdown text, with the text before each. */
function shBlocks(markdown: string): { before: string; body: string }[] {
  const out: { before: string; body: string }[] = [];
  const re = /```sh\n([\s\S]*?)```/g;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(markdown))) {
    out.push({ before: markdown.slice(last, m.index), body: m[1]! });
    last = m.index + m[0].length;
  }
  return out;
}

/**
 * Shell words of one logical line (continuations joined), as sh splits them:
 * single and double quotes, backslash escapes, `#` comments outside quotes.
 */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i];
      else word += c;
      continue;
    }
    if (c === '#' && !inWord) break;
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === '"' || c === "'") quote = c;
    else if (c === '\\' && i + 1 < line.length) word += line[++i];
    else word += c;
  }
  if (quote) throw new Error(`unterminated quote in: ${line}`);
  if (inWord) words.push(word);
  return words;
}

/** Logical lines of a block: backslash-newline continuations joined, blank lines dropped. */
function logicalLines(body: string): string[] {
  return body
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/** The argv after `npx midia` / `midia`, or null for other lines. */
function midiaArgv(line: string): string[] | null {
  const w = shellWords(line);
  if (w[0] === 'npx' && w[1] === 'midia') return w.slice(2);
  if (w[0] === 'midia') return w.slice(1);
  return null;
}

const blocks = shBlocks(README);
const session = blocks.find((b) => /A session from scratch[^\n]*\n\s*$/.test(b.before));

const dir = mkdtempSync(join(tmpdir(), 'midia-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("README's session from scratch", () => {
  it('is found, and every line is a midia command', () => {
    expect(session, 'README has a ```sh block right after "A session from scratch"').toBeDefined();
    const lines = logicalLines(session!.body);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const l of lines) expect(midiaArgv(l), l).not.toBeNull();
  });

  it('runs verbatim (with /tmp/ moved to a private folder): every command exits 0 with sensible output', async () => {
    const lines = logicalLines(session!.body).map((l) => midiaArgv(l)!.map((w) => w.replaceAll('/tmp/', `${dir}/`)));
    const outputs: Record<string, string> = {};
    for (const argv of lines) {
      const r = await runCliCaptured(argv);
      expect(r.code, `midia ${argv.join(' ')}\n${r.err}`).toBe(0);
      outputs[argv[0]!] = r.out;
    }
    // generate: the tables, the truth, the study and its consents
    for (const f of ['patients.csv', 'events.csv', 'observations.csv', 'treatments.csv', 'visits.csv', 'truth.json', 'study.json', 'consents.ndjson']) {
      expect(outputs.generate).toContain(join(dir, 'cohort', f));
    }
    const consents = readFileSync(join(dir, 'cohort', 'consents.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { status: string });
    const withdrawn = consents.filter((c) => c.status === 'inactive').length;
    expect(consents.length - withdrawn).toBe(1500); // one broad consent per patient (600 + 400 + 500)
    expect(withdrawn).toBeGreaterThan(0);
    expect(withdrawn).toBeLessThan(75); // 2 % of 1,500 is 30
    // import: tables, the study registered row-level, the consents recorded
    expect(outputs.import).toContain(`registered study ${SYNTHETIC_STUDY_ID} (purpose research-general, access row-level)`);
    expect(outputs.import).toContain(`${consents.length} consent resources, ${consents.length} consent events recorded`);
    // describe: the consenting patients only
    expect(outputs.describe).toMatch(/patients/);
    expect(outputs.describe).toContain(String(1500 - withdrawn));
    // table: one row per consenting breast cancer patient, written to the rewritten /tmp/rfs.csv
    const rfs = readFileSync(join(dir, 'rfs.csv'), 'utf8').trim().split('\n');
    expect(rfs[0]).toMatch(/\btime\b.*\bstatus\b.*\ber\b.*\bki67\b/);
    expect(rfs.length - 1).toBeGreaterThan(600 - 30);
    expect(rfs.length - 1).toBeLessThanOrEqual(600);
    // query: counts per observation code
    for (const code of ['ER', 'KI67', 'PSA', 'EDSS']) expect(outputs.query).toContain(code);
    // km: strata per site with the n/events/dropped line
    expect(outputs.km).toMatch(/site=/);
    expect(outputs.km).toMatch(/n = \d+, events = \d+ \(no observations deleted due to missingness\)/);
  });
});

describe("README's midia command lines", () => {
  const lines = blocks.flatMap((b) => logicalLines(b.body)).map(midiaArgv).filter((a): a is string[] => a !== null);

  it('are found', () => {
    expect(lines.length).toBeGreaterThanOrEqual(10);
  });

  it('name existing commands and only flags their --help documents', async () => {
    const names = new Set(COMMANDS.map((c) => c.name));
    const help = new Map<string, string>();
    for (const argv of lines) {
      const name = argv[0]!;
      expect(names.has(name), `unknown command in README: midia ${argv.join(' ')}`).toBe(true);
      if (!help.has(name)) {
        const h = await runCliCaptured([name, '--help']);
        expect(h.code).toBe(0);
        help.set(name, h.out);
      }
      for (const w of argv) {
        if (!w.startsWith('--')) continue;
        const flag = w.slice(2).split('=')[0]!;
        expect(new RegExp(`--${flag.replace(/[-]/g, '\\-')}(?![\\w-])`).test(help.get(name)!), `README: 'midia ${argv.join(' ')}': --${flag} is not in 'midia ${name} --help'`).toBe(true);
      }
    }
  });
});
