import { writeFileSync } from 'node:fs';
import { LEDGER_KEY_ENV, ledgerCheckpointOf, ledgerForPatientOf, listLedgerOf, verifyLedger, verifyOptions, type LedgerVerification } from '../../analyses/admin/ledger.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, hasFlag, numberFlag, stringFlag } from '../args.js';
import type { Command, CommandIO } from '../command.js';
import { dbFlag } from '../io.js';
import { jsonText, textTable } from '../output.js';

const SUB = ['verify', 'checkpoint', 'list', 'for-patient'] as const;

const NO_KEY = `its signatures cannot be checked: no public key (give --public-key FILE or --checkpoint FILE, or set ${LEDGER_KEY_ENV} to the signing key)`;

function printVerification(v: LedgerVerification, io: CommandIO, withCheckpoint: boolean): void {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  if (v.ok) {
    out(`ledger intact: ${v.entries} entries${v.head ? `, head ${v.head.seq}:${v.head.hash}` : ''}`);
    const legacy = v.legacyEntries ? `; ${v.legacyEntries} legacy entr${v.legacyEntries === 1 ? 'y' : 'ies'} written before signing (hash chain only${v.seal || v.checkpoint ? ', covered by the signed seal' : ', not yet covered by a signed seal'})` : '';
    out(`  signatures: ${v.signedEntries} entr${v.signedEntries === 1 ? 'y' : 'ies'} signed${v.keyIds.length ? ` by key ${v.keyIds.join(', ')}` : ''}${legacy}`);
    if (v.seal) out(`  signed seal: ${v.seal.count} entries (${v.seal.at})`);
    if (v.checkpoint) out(`  checkpoint agrees: ${v.checkpoint.count} entries at ${v.checkpoint.at}${v.entries > v.checkpoint.count ? `, ${v.entries - v.checkpoint.count} appended since` : ''}`);
    if (!withCheckpoint) out('  without --checkpoint, a rollback of the whole database file to an older copy cannot be detected (keep checkpoints outside: midia ledger checkpoint)');
    return;
  }
  if (v.problems.length) {
    out(`ledger BROKEN ${v.firstBrokenSeq ? `at entry ${v.firstBrokenSeq}` : '(as a whole)'} (${v.entries} entries read)`);
    for (const p of v.problems) out(`  ${p.seq ? `entry ${p.seq}` : 'ledger'}: ${p.kind}: ${p.message}`);
  }
  if (v.needsKey) out(`ledger UNVERIFIED (${v.entries} entries): ${NO_KEY}`);
}

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: 'Data-use ledger: verify chain and signatures, write signed checkpoints, list analyses, show a patient which studies used their data',
  help: `Usage: midia ledger verify --db FILE [--checkpoint FILE] [--public-key FILE] [--expect-head SEQ:HASH] [--json]
       midia ledger checkpoint --db FILE [--out FILE]
       midia ledger list --db FILE [--study ID] [--limit N] [--json]
       midia ledger for-patient --db FILE PSEUDONYM [--json]

Every analysis of a cohort database appends a hash-chained ledger entry: study,
time, engine version, analysis and parameters, the pseudonyms used, and a
summary of the result. Each entry is signed (Ed25519) with the ledger signing
key, kept outside the database, and the database holds a signed seal of the
ledger's length and head (threat model: README, docs/ledger.md).

verify        checks the chain, every signature and the seal; exit 0 when they
              (and the checkpoint) agree, 2 naming what it found when not
              (edited, missing, reordered, removed or appended entries, a
              rebuilt chain, a dropped table), 2 when no public key is
              available to check the signatures. Needs only the public key:
  --checkpoint FILE   a checkpoint written by 'ledger checkpoint' and kept
                      outside the database; its public key is used unless
                      --public-key is given; detects a rollback of the whole file
  --public-key FILE   public key(s), SPKI PEM ('openssl pkey -in key.pem -pubout');
                      several PEM blocks in one file for signatures made before
                      a key change. Default: the checkpoint's key, else the
                      signing key of this machine (${LEDGER_KEY_ENV} or the default key)
  --expect-head SEQ:HASH  a head printed earlier: entry SEQ must still have HASH
checkpoint    verifies the ledger with the signing key and writes a signed
              checkpoint {"count","head","at","publicKey","signature"} to --out
              FILE (default stdout): publish it or keep it with study reports
list          entries in order (patients counted, not listed)
for-patient   which studies used this patient's data, when, for what question,
              with what published result

Signing key: ${LEDGER_KEY_ENV} (Ed25519 private key, PKCS#8 PEM, as
'openssl genpkey -algorithm ed25519' writes it); without it, the key
$XDG_CONFIG_HOME/midia/ledger-key.pem (else ~/.config/midia/ledger-key.pem),
created on first use with its public key beside it (ledger-key.pub.pem).
`,
  async run(args, io) {
    const sub = args.positional[0];
    if (!sub || !(SUB as readonly string[]).includes(sub)) throw new UsageError(`midia ledger needs a sub-command: ${SUB.join(', ')}`);
    const json = hasFlag(args, 'json');
    checkFlags(
      args,
      sub === 'verify' ? ['db', 'expect-head', 'checkpoint', 'public-key'] : sub === 'checkpoint' ? ['db', 'out'] : sub === 'list' ? ['db', 'study', 'limit'] : ['db'],
    );
    const opts = sub === 'verify' ? verifyOptions(verifyRequest(args)) : {};
    const db = dbFlag(args);
    if (sub === 'verify') {
      const v = await verifyLedger(db, opts);
      if (json) io.stdout.write(jsonText({ status: v.ok ? 'intact' : v.problems.length ? 'broken' : 'unverified', ...v }));
      else printVerification(v, io, opts.checkpoint !== undefined);
      return v.ok ? 0 : 2;
    }
    if (sub === 'checkpoint') {
      const cp = await ledgerCheckpointOf(db);
      const text = jsonText(cp);
      const out = stringFlag(args, 'out');
      if (out === undefined) io.stdout.write(text);
      else {
        try {
          writeFileSync(out, text);
        } catch (error) {
          throw new UsageError(`cannot write the checkpoint to ${out}: ${(error as Error).message}`);
        }
        io.stdout.write(`checkpoint: ${cp.count} entries, head ${cp.head}, at ${cp.at}, written to ${out}\n`);
      }
      return 0;
    }
    if (sub === 'list') {
      const lopts: { study?: string; limit?: number } = {};
      const study = stringFlag(args, 'study');
      if (study !== undefined) lopts.study = study;
      const limit = numberFlag(args, 'limit');
      if (limit !== undefined) lopts.limit = limit;
      const entries = await listLedgerOf(db, lopts);
      if (json) io.stdout.write(jsonText(entries));
      else io.stdout.write(textTable(['seq', 'at', 'study', 'analysis', 'patients', 'hash'], entries.map((e) => [e.seq, e.at, e.studyId ?? '(none)', e.analysis, e.nPatients, e.hash.slice(0, 16)])));
      return 0;
    }
    const pseudonym = args.positional[1];
    if (!pseudonym) throw new UsageError('midia ledger for-patient needs a PSEUDONYM');
    const r = await ledgerForPatientOf(db, pseudonym);
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
  },
};

/** The verification request of the flags (--expect-head, --public-key, --checkpoint). */
function verifyRequest(args: Parameters<Command['run']>[0]): Parameters<typeof verifyOptions>[0] {
  const expectHead = stringFlag(args, 'expect-head');
  const publicKeyFile = stringFlag(args, 'public-key');
  const checkpointFile = stringFlag(args, 'checkpoint');
  return { ...(expectHead !== undefined ? { expectHead } : {}), ...(publicKeyFile !== undefined ? { publicKeyFile } : {}), ...(checkpointFile !== undefined ? { checkpointFile } : {}) };
}
