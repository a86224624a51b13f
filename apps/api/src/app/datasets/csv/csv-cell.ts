import { parseNumber } from '../column-values';

/** First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell or header name as written in a downloaded CSV: a value that is not a number and starts
 * like a formula (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading `'`, so Excel, LibreOffice
 * and Google Sheets show it as text instead of running it (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`);
 * numbers such as `-3.5` stay as they are. Then RFC 4180 quoting.
 */
export function csvTextCell(value: string): string {
  const inert = FORMULA_START.test(value) && parseNumber(value) === undefined ? `'${value}` : value;
  return /[",\r\n]/.test(inert) || inert !== inert.trim() ? `"${inert.replace(/"/g, '""')}"` : inert;
}
