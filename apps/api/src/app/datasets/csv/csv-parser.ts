/**
 * Streaming CSV parser (RFC 4180 quoting, LF or CRLF line ends) that never holds more than the
 * record in progress. Unquoted lines take a fast path (`split`); lines with quotes a state machine
 * that may span several chunks and physical lines. Errors carry the 1-based line number.
 */
export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

export const DETECTABLE_DELIMITERS = [',', ';', '\t'] as const;

export interface CsvParserHandlers {
  /** The first record; `line` is 1 unless blank lines precede it. */
  header(fields: string[], line: number): void;
  /** Every following record, with the physical line it starts on. */
  row(fields: string[], line: number): void;
  /**
   * Optional fast path for records without quotes: the record is `text.slice(start, end)`, not yet split.
   * The handler splits it itself (and must check the field count); saves a string per field.
   */
  rowText?(text: string, start: number, end: number, line: number, delimiter: string): void;
}

export class CsvParser {
  private buffer = '';
  private line = 1;
  private delimiter: string | null;
  private headerSeen = false;
  private columns = 0;

  constructor(
    private readonly handlers: CsvParserHandlers,
    delimiter?: string,
  ) {
    this.delimiter = delimiter ?? null;
  }

  /** The delimiter in use (detected from the header line unless given). */
  get detectedDelimiter(): string | null {
    return this.delimiter;
  }

  /** Current physical line (1-based): where the next record starts. */
  get currentLine(): number {
    return this.line;
  }

  push(text: string): void {
    this.buffer = this.buffer.length === 0 ? text : this.buffer + text;
    this.consume(false);
  }

  end(): void {
    this.consume(true);
    if (this.buffer.length > 0) throw new Error('CSV parser: unconsumed input at end');
  }

  private consume(final: boolean): void {
    const buffer = this.buffer;
    let position = 0;
    // Next quote at or after `position` (buffer.length when none): searched once per quote, not once
    // per line, which would rescan the rest of an unquoted buffer for every record.
    let nextQuote = -1;
    while (position < buffer.length) {
      let newline = buffer.indexOf('\n', position);
      if (newline === -1) {
        if (!final) break;
        newline = buffer.length;
      }
      let end = newline;
      if (end > position && buffer.charCodeAt(end - 1) === 13) end--;
      if (end === position) {
        // Blank line: skipped, as pandas does.
        position = newline + 1;
        this.line++;
        continue;
      }
      if (this.delimiter === null) this.delimiter = detectDelimiter(buffer.slice(position, end));
      if (nextQuote < position) {
        nextQuote = buffer.indexOf('"', position);
        if (nextQuote === -1) nextQuote = buffer.length;
      }
      if (nextQuote >= end) {
        if (this.headerSeen && this.handlers.rowText) this.handlers.rowText(buffer, position, end, this.line, this.delimiter);
        else this.emit(buffer.slice(position, end).split(this.delimiter), this.line);
        position = newline + 1;
        this.line++;
        continue;
      }
      const record = parseQuotedRecord(buffer, position, this.delimiter, final);
      if (record === null) break; // quoted field continues in the next chunk
      if (record === 'unterminated') {
        throw new CsvFormatError(
          `A quoted field opened on line ${this.line} is never closed. Check the quotes ("") on that line.`,
          this.line,
        );
      }
      this.emit(record.fields, this.line);
      position = record.next;
      this.line += 1 + record.newlines;
    }
    this.buffer = position >= buffer.length ? '' : buffer.slice(position);
  }

  private emit(fields: string[], line: number): void {
    if (!this.headerSeen) {
      this.headerSeen = true;
      this.columns = fields.length;
      this.handlers.header(fields, line);
      return;
    }
    if (fields.length !== this.columns) throw wrongFieldCount(line, fields.length, this.columns);
    this.handlers.row(fields, line);
  }
}

export function wrongFieldCount(line: number, fields: number, columns: number): CsvFormatError {
  return new CsvFormatError(
    `Line ${line} has ${fields} field${fields === 1 ? '' : 's'} but the header has ${columns}. ` +
      'Every row needs one value per column (quote values that contain the delimiter).',
    line,
  );
}

/** The candidate occurring most often outside quotes in the header line; comma on a tie or none. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(DETECTABLE_DELIMITERS.map((candidate) => [candidate, 0]));
  let quoted = false;
  for (let index = 0; index < headerLine.length; index++) {
    const char = headerLine[index];
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [candidate, count] of counts) {
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

interface QuotedRecord {
  fields: string[];
  /** Index after the record's line end. */
  next: number;
  /** Line breaks inside quoted fields. */
  newlines: number;
}

/**
 * Parses one record starting at `start` that contains quotes. Returns null when the buffer ends
 * inside the record (more input needed) and 'unterminated' when it ends there at end of input.
 */
function parseQuotedRecord(buffer: string, start: number, delimiter: string, final: boolean): QuotedRecord | null | 'unterminated' {
  const fields: string[] = [];
  let newlines = 0;
  let index = start;
  const length = buffer.length;
  while (true) {
    if (index < length && buffer.charCodeAt(index) === 34) {
      // Quoted field: "" is a literal quote; text after the closing quote up to the delimiter is kept.
      let value = '';
      let segment = index + 1;
      index++;
      while (true) {
        const quote = buffer.indexOf('"', index);
        if (quote === -1) return final ? 'unterminated' : null;
        if (quote + 1 < length && buffer.charCodeAt(quote + 1) === 34) {
          value += buffer.slice(segment, quote + 1);
          index = quote + 2;
          segment = index;
          continue;
        }
        if (quote + 1 >= length && !final) return null; // cannot tell "" from " yet
        value += buffer.slice(segment, quote);
        index = quote + 1;
        break;
      }
      newlines += countNewlines(value);
      const stop = findFieldEnd(buffer, index, delimiter);
      if (stop === -1 && !final) return null;
      const fieldEnd = stop === -1 ? length : stop;
      let trailing = buffer.slice(index, fieldEnd);
      if (trailing.endsWith('\r') && (fieldEnd === length || buffer.charCodeAt(fieldEnd) === 10)) trailing = trailing.slice(0, -1);
      fields.push(value + trailing);
      index = fieldEnd;
    } else {
      const stop = findFieldEnd(buffer, index, delimiter);
      if (stop === -1 && !final) return null;
      const fieldEnd = stop === -1 ? length : stop;
      let value = buffer.slice(index, fieldEnd);
      if (value.endsWith('\r') && (fieldEnd === length || buffer.charCodeAt(fieldEnd) === 10)) value = value.slice(0, -1);
      fields.push(value);
      index = fieldEnd;
    }
    if (index >= length) return { fields, next: length, newlines };
    if (buffer.charCodeAt(index) === 10) return { fields, next: index + 1, newlines };
    index += delimiter.length; // at a delimiter
  }
}

/** Index of the next delimiter or line feed from `from`, or -1 when the buffer ends first. */
function findFieldEnd(buffer: string, from: number, delimiter: string): number {
  const delimiterAt = buffer.indexOf(delimiter, from);
  const newlineAt = buffer.indexOf('\n', from);
  if (delimiterAt === -1) return newlineAt;
  if (newlineAt === -1) return delimiterAt;
  return Math.min(delimiterAt, newlineAt);
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
