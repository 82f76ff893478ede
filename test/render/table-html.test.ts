import { describe, expect, it } from 'vitest';
import { columnTableRows, formatCell, tableHtml } from '../../render/table-html.js';
import { UsageError } from '../../util/errors.js';

describe('formatCell', () => {
  it('prints numbers as R would in a compact table', () => {
    expect(formatCell(3)).toBe('3');
    expect(formatCell(0.123456)).toBe('0.1235');
    expect(formatCell(1.0123, 3)).toBe('1.01');
    expect(formatCell(0.000012345, 3)).toBe('1.23e-5');
    expect(formatCell(12345678.9, 3)).toBe('1.23e7');
    expect(formatCell(Number.NaN)).toBe('NA');
    expect(formatCell(null)).toBe('NA');
    expect(formatCell(Number.POSITIVE_INFINITY)).toBe('Inf');
    expect(formatCell(Number.NEGATIVE_INFINITY)).toBe('-Inf');
    expect(formatCell(true)).toBe('TRUE');
    expect(formatCell(10n)).toBe('10');
  });
});

describe('tableHtml', () => {
  it('renders rows with a header, numeric cells right-aligned and text escaped', () => {
    const rows = [
      { term: 'age', HR: 1.0123, p: 0.04 },
      { term: '<grade>', HR: Number.NaN, p: null },
    ];
    const frozen = JSON.stringify(rows);
    const html = tableHtml(rows, { caption: 'Cox & co' });
    expect(html).toContain('<caption>Cox &amp; co</caption>');
    expect(html).toContain('<th>term</th><th>HR</th><th>p</th>');
    expect(html).toContain('<td>age</td><td class="num">1.012</td><td class="num">0.04</td>');
    expect(html).toContain('<td>&lt;grade&gt;</td><td class="num">NA</td><td>NA</td>');
    expect(JSON.stringify(rows)).toBe(frozen);
  });

  it('renders a column table and honours columns and maxRows', () => {
    const table = { id: ['a', 'b', null], x: new Float64Array([1.5, Number.NaN, 3]) };
    expect(columnTableRows(table)).toEqual([{ id: 'a', x: 1.5 }, { id: 'b', x: Number.NaN }, { id: null, x: 3 }]);
    const html = tableHtml(table, { columns: ['x'], maxRows: 2 });
    expect(html).not.toContain('<th>id</th>');
    expect(html.match(/<tr>/g)?.length).toBe(3); // header + 2 rows
    expect(html).toContain('1 more rows not shown (3 in all)');
  });

  it('rejects bad options and ragged column tables', () => {
    expect(() => tableHtml([], { digits: 0 })).toThrow(UsageError);
    expect(() => tableHtml([], { maxRows: 0 })).toThrow(UsageError);
    expect(() => tableHtml({ a: new Float64Array(2), b: ['x'] })).toThrow(/Column b has 1 values, expected 2/);
  });
});
