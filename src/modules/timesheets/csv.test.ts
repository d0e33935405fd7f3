import { describe, expect, it } from 'vitest';
import { formatCsv, neutralizeFormula, parseCsv } from './csv.ts';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF, LF or CR line ends', () => {
    const parsed = parseCsv('\uFEFFa,b,c\r\n"1,5","say ""hi""","two\r\nlines"\n\nx,,z\ry,"",');
    expect(parsed.errors).toEqual([]);
    expect(parsed.records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1,5', 'say "hi"', 'two\r\nlines'] },
      { line: 5, fields: ['x', '', 'z'] },
      { line: 6, fields: ['y', '', ''] },
    ]);
  });

  it('reports every broken record by line and field, and keeps reading the others', () => {
    const parsed = parseCsv('a,b\nx"y,1\n"ok",2\n"open,3\n');
    expect(parsed.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['ok', '2'] },
    ]);
    expect(parsed.errors).toEqual([
      { line: 2, field: 0, message: expect.stringContaining('quote inside an unquoted field') },
      { line: 4, field: 0, message: 'a quoted field is never closed' },
    ]);
    expect(parseCsv('"a"b,c\nd,e').errors).toEqual([
      { line: 1, field: 0, message: expect.stringContaining('after the closing quote') },
    ]);
    expect(parseCsv('"a"b,c\nd,e').records).toEqual([{ line: 2, fields: ['d', 'e'] }]);
  });

  it('stops after the number of records asked for', () => {
    expect(parseCsv('a\nb\nc\nd', 2).records.map((r) => r.fields[0])).toEqual(['a', 'b']);
  });
});

describe('formatCsv', () => {
  it('quotes what needs quoting and reads back to the same values', () => {
    const rows = [['plain', 'with,comma', 'with "quote"', 'two\nlines', ' padded ', '']];
    const text = formatCsv(['a', 'b', 'c', 'd', 'e', 'f'], rows);
    expect(text).toBe('a,b,c,d,e,f\r\nplain,"with,comma","with ""quote""","two\nlines"," padded ",\r\n');
    expect(parseCsv(text).records.map((r) => r.fields)).toEqual([['a', 'b', 'c', 'd', 'e', 'f'], ...rows]);
  });

  it('neutralizes text a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+1', '-2', '@sum', 'ok'].map(neutralizeFormula)).toEqual([
      "'=1+1",
      "'+1",
      "'-2",
      "'@sum",
      'ok',
    ]);
  });
});
