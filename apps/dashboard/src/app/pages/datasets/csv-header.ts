/**
 * Column names from the first line of a CSV, read locally before the upload so the form can
 * offer them for target, prediction and probability. The server parses the file for real.
 */
export function csvHeader(firstChunk: string): string[] {
  const firstLine = firstChunk.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') return [];
  const delimiter = [',', ';', '\t'].reduce(
    (best, candidate) => (count(firstLine, candidate) > count(firstLine, best) ? candidate : best),
    ',',
  );
  return splitLine(firstLine, delimiter)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function count(line: string, delimiter: string): number {
  return line.split(delimiter).length - 1;
}

/** One CSV line with RFC 4180 quotes ("a, b" stays one field; "" is a quote). */
function splitLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** Reads the start of a file (the header line is there): never the whole file. */
export async function readFileHeader(file: Blob, bytes = 64 * 1024): Promise<string[]> {
  const text = await file.slice(0, bytes).text();
  return csvHeader(text);
}
