/**
 * The load step of the pattern analyses: a sequence database from a plain
 * table (columns `id`, `day`, `item`: an event file, analyses/patterns/sequence-file.ts)
 * or from a registered study (analyses/patterns/store-sequences.ts), and for
 * `compare` the group of each sequence.
 */
import { compareCodePoints } from '../../models/design/model-frame.js';
import { buildSequenceDatabase, type SequenceDatabase } from '../../models/patterns/sequence-database.js';
import type { SequenceGroups } from '../../models/patterns/mine-frequent-sequences.js';
import { UsageError } from '../../util/errors.js';
import type { Loaded } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import type { CompareOptionsParsed, SequenceOptions } from './options.js';
import { DEFAULT_ALPHABET, type SequenceAlphabet } from './store-sequences.js';

/** Loaded sequences. */
export interface PatternData {
  database: SequenceDatabase;
  /** Warnings of the encoding (repeated items, events outside the groups). */
  warnings: string[];
  /** Group labels (code-point order) and the group of each sequence (compare only). */
  groups?: { labels: string[]; of: SequenceGroups };
}

/** The alphabet of the options with defaults filled in. */
export function alphabetOf(o: SequenceOptions): SequenceAlphabet {
  return { ...DEFAULT_ALPHABET, ...(o.alphabet ?? {}) };
}

/** A group source: a file (id, group) or a record. */
async function groupMap(groups: string | Readonly<Record<string, string>>): Promise<{ ids: string[]; groups: string[]; label: string }> {
  if (typeof groups !== 'string') return { ids: Object.keys(groups), groups: Object.values(groups), label: 'the groups' };
  const { readGroupFile } = await import('./sequence-file.js');
  return { ...(await readGroupFile(groups)), label: groups };
}

function groupsOf(database: SequenceDatabase, of: Map<string, string>, label: string): { labels: string[]; of: SequenceGroups } {
  const labels = [...new Set(of.values())].sort(compareCodePoints);
  if (labels.length < 2) throw new UsageError(`${label} has ${labels.length} group(s): comparing needs at least two`);
  const index = new Map(labels.map((g, i) => [g, i]));
  return { labels, of: { of: Int32Array.from(database.ids, (id) => index.get(of.get(id) ?? '') ?? -1), count: labels.length } };
}

/**
 * Loads the sequences (and groups for compare).
 * @throws UsageError for a table without id/day/item, groups given the wrong way for the source, fewer than two groups.
 */
export async function loadSequences(source: DataSource, o: SequenceOptions & Partial<Pick<CompareOptionsParsed, 'groups' | 'groupBy'>>, withGroups: boolean): Promise<Loaded<PatternData>> {
  const warnings: string[] = [];
  if (source.kind === 'table') {
    const t = source.table;
    const [id, day, item] = [t.id, t.day, t.item];
    if (!Array.isArray(id) || !(day instanceof Float64Array) || !Array.isArray(item)) throw new UsageError(`${source.label}: the events of pattern mining need columns id (text), day (number) and item (text)`);
    if (withGroups && o.groupBy !== undefined) throw new UsageError('groupBy reads a cohort database: give groups (a file with id, group) for sequences from a file');
    const grouping = withGroups ? (o.groups === undefined ? null : await groupMap(o.groups)) : null;
    if (withGroups && grouping === null) throw new UsageError('--groups is required');
    const built = buildSequenceDatabase({ id: id as string[], day, item: item as string[] }, grouping ? { ids: grouping.ids } : {});
    if (built.duplicateEvents) warnings.push(`${built.duplicateEvents} event(s) repeat an item already recorded for the same id on the same day (counted once)`);
    if (built.droppedEvents) warnings.push(`${built.droppedEvents} event(s) of ids not in the --groups file left out`);
    const groups = grouping ? groupsOf(built.database, new Map(grouping.ids.map((x, i) => [x, grouping.groups[i] ?? ''])), `--groups ${grouping.label}`) : undefined;
    return { data: { database: built.database, warnings, ...(groups ? { groups } : {}) }, pseudonyms: null };
  }
  const { readStoreSequences, readStoreGroups } = await import('./store-sequences.js');
  if (withGroups && o.groups !== undefined) throw new UsageError('a groups file names ids outside the access gate: under a study, group with groupBy (--group-by sex|site|diagnosis|event:TYPE)');
  if (withGroups && o.groupBy === undefined) throw new UsageError('--group-by is required with --db (sex, site, diagnosis or event:TYPE)');
  const s = await readStoreSequences(source.session, alphabetOf(o), o.diagnosis);
  let ids = s.ids;
  let groupOf: Map<string, string> | null = null;
  if (withGroups) {
    groupOf = await readStoreGroups(source.session, o.groupBy as string, s.ids);
    ids = s.ids.filter((p) => groupOf!.has(p));
  }
  // Store sequences are sets by construction (a repeated item on a day is one fact): no warning carries a count.
  const keep = new Set(ids);
  const built = buildSequenceDatabase(s.events, { ids });
  if (built.droppedEvents && keep.size) warnings.push('events of patients without a group value left out');
  const groups = groupOf ? groupsOf(built.database, groupOf, `--group-by ${o.groupBy}`) : undefined;
  return { data: { database: built.database, warnings, ...(groups ? { groups } : {}) }, pseudonyms: ids, selection: 'sequences' };
}
