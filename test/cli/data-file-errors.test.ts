import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nameDataFile } from '../../cli/data-file-errors.js';
import { DataValidationError } from '../../util/errors.js';
import { runCliCaptured } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'midia-data-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('issue 12 item 9: rejected rows of --data name the file, not <memory>', () => {
  it('aft on a zero time names the file, the data row and the field (exit 2)', async () => {
    const file = join(dir, 'times.csv');
    writeFileSync(file, 'time,status,x\n3,1,1\n0,1,2\n7,0,3\n9,1,1\n5,1,2\n');
    const r = await runCliCaptured(['aft', '--data', file, '--formula', 'Surv(time, status) ~ x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`rejected: ${file}, row 2, field 'time'`);
    expect(r.err).toContain(`  ${file}, row 2, field 'time'`);
    expect(r.err).not.toContain('<memory>');
  });

  it('keeps issues that already name a file and the class of the error', () => {
    const err = new DataValidationError([
      { file: '<memory>', row: 3, field: 'time', message: 'bad' },
      { file: 'other.csv', row: 1, field: null, message: 'worse' },
    ]);
    expect(nameDataFile(err, 'lung.csv')).toBe(err);
    expect(err).toBeInstanceOf(DataValidationError);
    expect(err.issues.map((i) => i.file)).toEqual(['lung.csv', 'other.csv']);
    expect(err.message).toBe("lung.csv, row 3, field 'time': bad (and 1 more)");
  });
});
