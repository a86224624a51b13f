import { ColumnType } from '@stress/contracts';

/** Rows per stored chunk: 64k values = 512 KB of Float64 before compression. */
export const CHUNK_ROWS = 65_536;

/** Code of a missing value in dictionary-encoded chunks. */
export const MISSING_CODE = -1;

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY_PATTERN = /^([+-]?)inf(?:inity)?$/i;
const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * A cell as a number: decimal or exponent notation, `inf`/`Infinity` (signed) and `NaN` (missing).
 * Undefined when the text is not a number. Hex, `1_000` and the like are not numbers, as in pandas.
 */
export function parseNumber(text: string): number | undefined {
  // Fast path: JavaScript's own conversion, accepted when the text starts like a decimal number.
  // It also takes hex/binary/octal literals ("0x1f"), which pandas reads as text: those are refused.
  const value = +text;
  if (value === value && text.length > 0) {
    const first = text.charCodeAt(0);
    if ((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46) {
      const second = text.length > 1 ? text.charCodeAt(1) | 32 : 0;
      if (second !== 120 && second !== 98 && second !== 111) return value;
      return NUMBER_PATTERN.test(text) ? value : undefined;
    }
  }
  if (NUMBER_PATTERN.test(text)) return +text;
  if (text.length <= 9) {
    const infinity = INFINITY_PATTERN.exec(text);
    if (infinity) return infinity[1] === '-' ? -Infinity : Infinity;
    if (text === 'NaN' || text === 'nan') return Number.NaN;
  }
  return undefined;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/**
 * How a numerical cell was written, so its text can be given back exactly if the column turns out
 * text-like later in the file ("007" stays "007", "1.50" stays "1.50"). 0..22: the value's fixed-point
 * text with that many decimals (`toFixed`), which is how most CSV writers print numbers.
 */
export const FORMAT_EMPTY = -1;
/** `String(value)`: shortest round-trip text, as "0.30000000000000004", "1e-7" or "Infinity". */
export const FORMAT_SHORTEST = -2;
/** Any other spelling ("+3", ".5", "1E3", "nan"): the text is kept beside the chunk. */
export const FORMAT_VERBATIM = -3;

/** Where parseSimpleDecimal reports the format of what it parsed. */
export interface CellFormat {
  code: number;
}

/**
 * Plain decimals ("-12.345") of up to 15 significant digits straight from the record text, without
 * making a string: mantissa and 10^k are exact doubles, so one division rounds correctly (Clinger's
 * fast path) and the result equals `Number(text)`. NaN means "not this simple form": use parseNumber.
 * With `format`, also says how the text is spelled: its number of decimals when `toFixed` gives it
 * back (≤ 15 significant digits make that exact), else FORMAT_VERBATIM.
 */
export function parseSimpleDecimal(text: string, start: number, end: number, format?: CellFormat): number {
  let index = start;
  let negative = false;
  let code = text.charCodeAt(index);
  const signed = code === 45 || code === 43;
  if (signed) {
    negative = code === 45;
    index++;
  }
  const firstDigit = index;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let integerDigits = 0;
  let seenDigit = false;
  let fraction = false;
  for (; index < end; index++) {
    code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      seenDigit = true;
      if (mantissa !== 0 || code !== 48) digits++;
      if (digits > 15) return Number.NaN;
      mantissa = mantissa * 10 + (code - 48);
      if (fraction) scale++;
      else integerDigits++;
    } else if (code === 46 && !fraction) {
      fraction = true;
    } else {
      return Number.NaN;
    }
  }
  if (!seenDigit || scale > 22) return Number.NaN;
  if (format !== undefined) {
    // "+1", ".5", "5." and "007" do not come back from toFixed.
    const plain =
      !(signed && !negative) &&
      integerDigits > 0 &&
      (integerDigits === 1 || text.charCodeAt(firstDigit) !== 48) &&
      (!fraction || scale > 0);
    format.code = plain ? scale : FORMAT_VERBATIM;
  }
  const value = scale === 0 ? mantissa : mantissa / POWERS_OF_TEN[scale];
  return negative ? -value : value;
}

/** The text a numerical cell was written as, from its value and format; null for an empty cell. */
export function numberCellText(value: number, format: number, verbatim: string | undefined): string | null {
  if (format >= 0) return (Object.is(value, -0) ? '-' : '') + value.toFixed(format);
  if (format === FORMAT_SHORTEST) return String(value);
  if (format === FORMAT_VERBATIM && verbatim !== undefined) return verbatim;
  return null;
}

/**
 * A numerical chunk's cell formats as stored beside it: one byte per row, then the
 * verbatim texts as JSON `[[row, text], …]` when there are any. Stored as chunks of kind `formats`.
 */
export function encodeCellFormats(formats: Int8Array, length: number, verbatim: Map<number, string>): Uint8Array {
  const texts = verbatim.size > 0 ? Buffer.from(JSON.stringify([...verbatim]), 'utf8') : null;
  const bytes = new Uint8Array(length + (texts?.length ?? 0));
  bytes.set(new Uint8Array(formats.buffer, formats.byteOffset, length));
  if (texts) bytes.set(texts, length);
  return bytes;
}

export function decodeCellFormats(bytes: Uint8Array, length: number): { formats: Int8Array; verbatim: Map<number, string> } {
  const formats = new Int8Array(bytes.buffer, bytes.byteOffset, length);
  const verbatim =
    bytes.length > length
      ? new Map<number, string>(JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + length, bytes.length - length).toString('utf8')))
      : new Map<number, string>();
  return { formats, verbatim };
}

export function isIsoDate(text: string): boolean {
  return ISO_DATE_PATTERN.test(text) && !Number.isNaN(Date.parse(text.replace(' ', 'T')));
}

/** Cells with only white space around them are read without it; empty ones are missing. */
export function trimCell(text: string): string {
  if (text.length === 0) return text;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first === 32 || first === 9 || last === 32 || last === 9 ? text.trim() : text;
}

/**
 * FNV-1a over the UTF-16 code units of `text[start, end)`, cut to 30 bits so it stays a small integer
 * (a cheap Map key): finds a dictionary entry without slicing the cell.
 */
function hashRange(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash & 0x3fffffff;
}

/** Spare full-size chunk arrays kept per column for reuse (one being filled, one in flight, one queued). */
const SPARE_CHUNKS = 2;

/**
 * Rows a column's first chunk array holds before it doubles (up to CHUNK_ROWS). Reserving CHUNK_ROWS
 * per column up front cost 576 KB a column whatever the file held: 2,000 columns of 2 rows took 1.7 GB.
 */
export const INITIAL_CHUNK_CAPACITY = 256;

/**
 * A chunk ready to be stored: numbers (NaN = missing) with their cell formats (null when the column's
 * numerical type is declared, so it cannot turn text-like), or dictionary codes (-1 = missing).
 */
export type ChunkValues = { kind: 'numbers'; values: Float64Array; formats: Uint8Array | null } | { kind: 'codes'; values: Int32Array };

/**
 * Accumulates one column while the CSV streams: the row-order chunk in progress, and for a text-like
 * column its dictionary and counts. A numerical column keeps nothing else: its profile and sorted copy
 * are made from the stored chunks once the file has been read, so memory does not grow with the file.
 * A column starts numerical (unless its type is forced) and turns categorical at its first non-number;
 * chunks already flushed as numbers are then re-encoded at the end (see `convertedFromSeq`), each cell
 * from its value and its stored format, so the categories are the texts the file holds.
 */
export class ColumnBuilder {
  storage: 'numbers' | 'codes';
  numbers: Float64Array;
  /** How each number of the chunk in progress was written (FORMAT_* or its decimals). */
  formats: Int8Array;
  /** Texts of the chunk's FORMAT_VERBATIM cells, by row in the chunk. */
  verbatim = new Map<number, string>();
  codes: Int32Array;
  /** Values in the chunk in progress. */
  filled = 0;
  missing = 0;
  dictionary = new Map<string, number>();
  /** hashRange of a dictionary value → its code (the first value with that hash; others take the slow path). */
  private readonly codeByHash = new Map<number, number>();
  private readonly spareNumbers: Float64Array[] = [];
  private readonly spareCodes: Int32Array[] = [];
  private readonly format: CellFormat = { code: 0 };
  values: string[] = [];
  counts: number[] = [];
  allIsoDates = true;
  /** First chunk seq stored as codes after a switch from numbers; earlier chunks need re-encoding. */
  convertedFromSeq: number | null = null;
  /** First line holding a value that is not a number (for a forced numerical type's error). */
  firstNonNumber: { line: number; value: string } | null = null;
  firstNonDate: { line: number; value: string } | null = null;

  constructor(
    readonly name: string,
    readonly forcedType: ColumnType | undefined,
  ) {
    this.storage = forcedType === undefined || forcedType === ColumnType.Numerical ? 'numbers' : 'codes';
    this.numbers = this.storage === 'numbers' ? new Float64Array(INITIAL_CHUNK_CAPACITY) : new Float64Array(0);
    this.formats = this.storage === 'numbers' ? new Int8Array(INITIAL_CHUNK_CAPACITY) : new Int8Array(0);
    this.codes = this.storage === 'codes' ? new Int32Array(INITIAL_CHUNK_CAPACITY) : new Int32Array(0);
    this.capacity = INITIAL_CHUNK_CAPACITY;
  }

  /** Rows the chunk arrays in use hold: they double as rows arrive, up to CHUNK_ROWS. */
  private capacity: number;

  private grow(): void {
    const capacity = Math.min(CHUNK_ROWS, this.capacity * 2);
    if (this.storage === 'numbers') {
      const numbers = new Float64Array(capacity);
      numbers.set(this.numbers);
      this.numbers = numbers;
      const formats = new Int8Array(capacity);
      formats.set(this.formats);
      this.formats = formats;
    } else {
      const codes = new Int32Array(capacity);
      codes.set(this.codes);
      this.codes = codes;
    }
    this.capacity = capacity;
  }

  add(raw: string, line: number, seq: number): void {
    if (this.filled === this.capacity) this.grow();
    const text = trimCell(raw);
    if (this.storage === 'numbers') {
      if (text.length === 0) {
        this.addMissingNumber();
        return;
      }
      const simple = parseSimpleDecimal(text, 0, text.length, this.format);
      const value = simple === simple ? simple : parseNumber(text);
      if (value !== undefined) {
        const format = simple === simple ? this.format.code : String(value) === text ? FORMAT_SHORTEST : FORMAT_VERBATIM;
        if (format === FORMAT_VERBATIM) this.verbatim.set(this.filled, text);
        this.formats[this.filled] = format;
        this.numbers[this.filled++] = value;
        if (!Number.isFinite(value)) this.missing++;
        return;
      }
      this.firstNonNumber = { line, value: text };
      if (this.forcedType === ColumnType.Numerical) return; // reported once the upload ends
      this.switchToCodes(seq);
    }
    if (text.length === 0) {
      this.codes[this.filled++] = MISSING_CODE;
      this.missing++;
      return;
    }
    this.codes[this.filled++] = this.countCategory(text, line);
  }

  private addMissingNumber(): void {
    this.formats[this.filled] = FORMAT_EMPTY;
    this.numbers[this.filled++] = Number.NaN;
    this.missing++;
  }

  /** The dictionary code of a non-empty text, counted once more (a new entry for a new text). */
  private countCategory(text: string, line: number | null): number {
    let code = this.dictionary.get(text);
    if (code === undefined) {
      code = this.values.length;
      this.dictionary.set(text, code);
      this.values.push(text);
      this.counts.push(0);
      const hash = hashRange(text, 0, text.length);
      if (!this.codeByHash.has(hash)) this.codeByHash.set(hash, code);
      if (this.allIsoDates && !isIsoDate(text)) {
        this.allIsoDates = false;
        if (line !== null) this.firstNonDate = { line, value: text };
      }
    }
    this.counts[code]++;
    return code;
  }

  /**
   * `add` for the cell `text.slice(start, end)` without making a string in the common cases: plain
   * decimals are parsed in place, and a category already in the dictionary is found by hash.
   */
  addRange(text: string, start: number, end: number, line: number, seq: number): void {
    if (this.filled === this.capacity) this.grow();
    if (this.storage === 'numbers') {
      if (start === end) {
        this.addMissingNumber();
        return;
      }
      const value = parseSimpleDecimal(text, start, end, this.format);
      if (value === value) {
        const format = this.format.code;
        if (format === FORMAT_VERBATIM) this.verbatim.set(this.filled, text.slice(start, end));
        this.formats[this.filled] = format;
        this.numbers[this.filled++] = value;
        return;
      }
    } else if (start !== end) {
      const code = this.codeByHash.get(hashRange(text, start, end));
      if (code !== undefined) {
        const known = this.values[code];
        if (known.length === end - start && text.startsWith(known, start)) {
          this.counts[code]++;
          this.codes[this.filled++] = code;
          return;
        }
      }
    }
    this.add(text.slice(start, end), line, seq);
  }

  /**
   * Takes the finished chunk and starts a new one. A full chunk's array is handed over as it is and
   * should come back through `recycle` once stored, so a long upload reuses a few arrays per column.
   */
  takeChunk(): ChunkValues {
    const length = this.filled;
    this.filled = 0;
    // A column that filled a chunk has rows enough for full-size arrays from now on.
    if (this.storage === 'numbers') {
      const full = length === CHUNK_ROWS;
      const values = full ? this.numbers : this.numbers.slice(0, length);
      if (full) this.numbers = this.spareNumbers.pop() ?? new Float64Array(CHUNK_ROWS);
      const formats = this.forcedType === undefined ? encodeCellFormats(this.formats, length, this.verbatim) : null;
      this.verbatim.clear();
      return { kind: 'numbers', values, formats };
    }
    const full = length === CHUNK_ROWS;
    const values = full ? this.codes : this.codes.slice(0, length);
    if (full) this.codes = this.spareCodes.pop() ?? new Int32Array(CHUNK_ROWS);
    return { kind: 'codes', values };
  }

  /** Gives back a stored chunk's array for reuse (the caller no longer reads it). */
  recycle(values: Float64Array | Int32Array | Uint8Array): void {
    if (values.length !== CHUNK_ROWS) return;
    if (values instanceof Float64Array) {
      if (this.storage === 'numbers' && this.spareNumbers.length < SPARE_CHUNKS) this.spareNumbers.push(values);
    } else if (values instanceof Int32Array && this.storage === 'codes' && this.spareCodes.length < SPARE_CHUNKS) {
      this.spareCodes.push(values);
    }
  }

  /** The chunk's numbers so far become dictionary entries, each the text the file holds. */
  private switchToCodes(seq: number): void {
    this.storage = 'codes';
    this.codes = new Int32Array(this.capacity);
    this.missing = 0;
    for (let index = 0; index < this.filled; index++) {
      this.codes[index] = this.encodeNumber(this.numbers[index], this.formats[index], this.verbatim.get(index));
    }
    this.numbers = new Float64Array(0);
    this.formats = new Int8Array(0);
    this.verbatim.clear();
    this.spareNumbers.length = 0;
    this.convertedFromSeq = seq;
  }

  /** Encodes a cell stored as a number (its value and format) as a dictionary code, counting it. */
  encodeNumber(value: number, format: number, verbatim: string | undefined): number {
    const text = numberCellText(value, format, verbatim);
    if (text === null) {
      this.missing++;
      return MISSING_CODE;
    }
    return this.countCategory(text, null);
  }
}
