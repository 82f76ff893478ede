import { listLedger } from '../../engine/ledger/ledger.js';
import { ledgerForPatient } from '../../engine/ledger/ledger-for-patient.js';
import { verifyLedger, type VerifyOptions } from '../../engine/ledger/verify-ledger.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, hasFlag, numberFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { openStoreFlag } from '../io.js';
import { jsonText, textTable } from '../output.js';

const SUB = ['verify', 'list', 'for-patient'] as const;

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: 'Data-use ledger: verify the hash chain, list analyses, show a patient which studies used their data',
  help: `Usage: midia ledger verify --db FILE [--expect-head SEQ:HASH] [--json]
       midia ledger list --db FILE [--study ID] [--limit N] [--json]
       midia ledger for-patient --db FILE PSEUDONYM [--json]

Every analysis of a cohort database appends a hash-chained ledger entry: study,
time, engine version, analysis and parameters, the pseudonyms used, and a
summary of the result.

verify        recomputes the chain; exit 0 when intact, 2 naming the first
              entry at which it breaks (edited, missing, reordered entries).
              Keep the printed head outside the store and pass it back with
              --expect-head SEQ:HASH to also detect removal of the last entries.
list          entries in order (patients counted, not listed)
for-patient   which studies used this patient's data, when, for what question,
              with what published result
`,
  async run(args, io) {
    const sub = args.positional[0];
    if (!sub || !(SUB as readonly string[]).includes(sub)) throw new UsageError(`midia ledger needs a sub-command: ${SUB.join(', ')}`);
    const json = hasFlag(args, 'json');
    checkFlags(args, sub === 'verify' ? ['db', 'expect-head'] : sub === 'list' ? ['db', 'study', 'limit'] : ['db']);
    const store = await openStoreFlag(args);
    try {
      if (sub === 'verify') {
        const opts: VerifyOptions = {};
        const head = stringFlag(args, 'expect-head');
        if (head !== undefined) {
          const m = /^(\d+):([0-9a-f]{64})$/.exec(head);
          if (!m) throw new UsageError(`--expect-head must be SEQ:HASH (64 hex digits), got '${head}'`);
          opts.expectHead = { seq: Number(m[1]), hash: m[2]! };
        }
        const v = await verifyLedger(store, opts);
        if (json) io.stdout.write(jsonText(v));
        else if (v.ok) io.stdout.write(`ledger intact: ${v.entries} entries${v.head ? `, head ${v.head.seq}:${v.head.hash}` : ''}\n`);
        else {
          io.stdout.write(`ledger BROKEN at entry ${v.firstBrokenSeq} (${v.entries} entries read)\n`);
          for (const p of v.problems) io.stdout.write(`  entry ${p.seq}: ${p.kind}: ${p.message}\n`);
        }
        return v.ok ? 0 : 2;
      }
      if (sub === 'list') {
        const opts: { study?: string; limit?: number } = {};
        const study = stringFlag(args, 'study');
        if (study !== undefined) opts.study = study;
        const limit = numberFlag(args, 'limit');
        if (limit !== undefined) opts.limit = limit;
        const entries = await listLedger(store, opts);
        if (json) io.stdout.write(jsonText(entries));
        else io.stdout.write(textTable(['seq', 'at', 'study', 'analysis', 'patients', 'hash'], entries.map((e) => [e.seq, e.at, e.studyId ?? '(none)', e.analysis, e.nPatients, e.hash.slice(0, 16)])));
        return 0;
      }
      const pseudonym = args.positional[1];
      if (!pseudonym) throw new UsageError('midia ledger for-patient needs a PSEUDONYM');
      const r = await ledgerForPatient(store, pseudonym);
      if (json) io.stdout.write(jsonText(r));
      else {
        if (!r.studies.length) io.stdout.write(`No analysis recorded in the ledger used the data of ${pseudonym}.\n`);
        for (const s of r.studies) {
          io.stdout.write(`${s.studyId ?? '(no study)'}: ${s.title ?? s.reason ?? ''}\n  question: ${s.question ?? '-'}\n  responsible: ${s.responsible ?? '-'}, approval: ${s.approval ?? '-'}\n  used ${s.uses.length} time(s), ${s.firstUse} to ${s.lastUse}: ${[...new Set(s.uses.map((u) => u.analysis))].join(', ')}\n`);
          for (const p of s.published) io.stdout.write(`  published ${p.publishedAt}: ${p.title}: ${p.summary}${p.url ? ` <${p.url}>` : ''}\n`);
          if (!s.published.length) io.stdout.write('  no published result yet\n');
        }
        if (!r.ledgerVerified) io.stdout.write('WARNING: the ledger does not verify (midia ledger verify); this answer may be incomplete.\n');
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
