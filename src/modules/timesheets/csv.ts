/**
 * CSV as RFC 4180 writes it: records end with CRLF (LF and CR alone are read too), fields are
 * separated by commas, a field that holds a comma, a quote or a line break is quoted, and a quote
 * inside a quoted field is doubled. No dependency: the format is small, and its edge cases (line
 * breaks inside quotes, a stray quote, an unterminated field) are reported here by line, which a
 * parser that only throws would not do.
 */

/** One record: the physical line it starts on (1-based) and its fields. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** Where the text is not CSV: the physical line and the field (0-based) of the record. */
export interface CsvSyntaxError {
  readonly line: number;
  readonly field: number;
  readonly message: string;
}

export interface CsvParse {
  readonly records: CsvRecord[];
  readonly errors: CsvSyntaxError[];
}

/**
 * Parses CSV text. A leading byte-order mark is dropped; blank lines are skipped. Syntax errors do
 * not stop the parse: the record that has one is left out and the error kept, so every broken
 * line is reported. Stops after `maxRecords` records (the caller reports the excess).
 */
export function parseCsv(text: string, maxRecords = Number.POSITIVE_INFINITY): CsvParse {
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let i = 0;
  let line = 1;
  while (i < input.length && records.length < maxRecords) {
    const start = line;
    const fields: string[] = [];
    let error: CsvSyntaxError | null = null;
    let field = '';
    let endOfRecord = false;
    while (!endOfRecord) {
      if (input[i] === '"') {
        // A quoted field: up to the closing quote; "" is a quote, line breaks are part of it.
        i += 1;
        let closed = false;
        while (i < input.length) {
          const char = input[i] as string;
          if (char === '"') {
            if (input[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i += 1;
            closed = true;
            break;
          }
          if (char === '\n' || (char === '\r' && input[i + 1] !== '\n')) line += 1;
          field += char;
          i += 1;
        }
        if (!closed) {
          error ??= { line: start, field: fields.length, message: 'a quoted field is never closed' };
          endOfRecord = true;
          fields.push(field);
          break;
        }
        const next = input[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          error ??= {
            line,
            field: fields.length,
            message: 'text after the closing quote of a field (quote the whole field, double inner quotes)',
          };
          // Skip to the next separator or line end to keep reading the other records.
          while (i < input.length && input[i] !== ',' && input[i] !== '\r' && input[i] !== '\n') i += 1;
        }
      } else {
        while (i < input.length) {
          const char = input[i] as string;
          if (char === ',' || char === '\r' || char === '\n') break;
          if (char === '"')
            error ??= {
              line,
              field: fields.length,
              message: 'a quote inside an unquoted field (quote the field and double the quote)',
            };
          field += char;
          i += 1;
        }
      }
      fields.push(field);
      field = '';
      const separator = input[i];
      if (separator === ',') {
        i += 1;
        continue;
      }
      endOfRecord = true;
      if (separator === '\r') i += input[i + 1] === '\n' ? 2 : 1;
      else if (separator === '\n') i += 1;
      if (separator !== undefined) line += 1;
    }
    const blank = fields.length === 1 && fields[0] === '' && error === null;
    if (error) errors.push(error);
    else if (!blank) records.push({ line: start, fields });
  }
  return { records, errors };
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula: free text
 * (notes) is prefixed with an apostrophe so that an export opened in one is never a formula.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV text of a header and rows, CRLF after every record. */
export function formatCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => `${row.map(quote).join(',')}\r\n`).join('');
}
