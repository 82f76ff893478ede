import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstRaggedRow } from '../../engine/csv-field-count.js';

const dir = mkdtempSync(join(tmpdir(), 'midia-ragged-'));
const file = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('firstRaggedRow', () => {
  it('names the first data row whose field count differs from the header', async () => {
    expect(await firstRaggedRow(file('a.csv', 'a,b\n1,2\n3,4,5\n6\n'), ',')).toEqual({ row: 2, fields: 3, headerFields: 2 });
    expect(await firstRaggedRow(file('b.tsv', 'a\tb\tc\r\n1\t2\t3\r\n4\t5\r\n'), '\t')).toEqual({ row: 2, fields: 2, headerFields: 3 });
    expect(await firstRaggedRow(file('last.csv', 'a,b\n1,2\n3'), ',')).toEqual({ row: 2, fields: 1, headerFields: 2 });
  });

  it('counts delimiters and line breaks inside quotes (and doubled quotes) as text; skips blank lines', async () => {
    const text = 'a,"b,c",d\n"x, ""y""",2,3\n\n"multi\nline",5,6\n7,8,9\n';
    expect(await firstRaggedRow(file('q.csv', text), ',')).toBeNull();
    expect(await firstRaggedRow(file('q2.csv', text + '"1,2",3\n'), ',')).toEqual({ row: 4, fields: 2, headerFields: 3 });
  });
});
