import { parse } from 'csv-parse/sync';

/** One data row of an id list: its id, or (when its id cell is empty) the row as given. */
export interface IdRow {
  id: string | null;
  /** The row's text, kept only when it has no id, so it can be reported as unknown. */
  given: string | null;
}

/** Why a file cannot be read as an id list; the caller turns it into a ValidationError on its field. */
export class IdFileError extends Error {
  override name = 'IdFileError';
}

/** A first row naming one of these columns is a header, and that column holds the ids. */
const HEADER = /^(open_?id|union_?id|id)$/i;
/** Cell separators: comma, semicolon (Excel in many European locales) and tab (Excel "Unicode text"). */
const DELIMITERS = [',', ';', '\t'];
const DELIMITER = /[,;\t]/;
/** Every line ending counts, also mixed in one file, so rows never merge. */
const LINE_END = /\r\n|\r|\n/;

/**
 * Reads an id list (CSV or text, one id per row) as it streams in, yielding the data rows of each
 * chunk, so a file is never held as text or as rows in memory. The encoding is taken from a byte
 * order mark: UTF-8 (also without one), UTF-16 LE or BE. Bytes that do not decode and NUL
 * characters throw an IdFileError. Every non-blank line is exactly one row: quotes never span
 * lines, since no id contains a line break. A first row naming a column openid, unionid or id is
 * a header and that column is read; otherwise the first column is. A row whose id cell is empty
 * but which holds something else (";o123", a stray value) is yielded without an id, so it is
 * counted and reported rather than dropped; rows of empty cells only (",,") are blank.
 */
export async function* readIdRows(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<IdRow[]> {
  let column: number | undefined;
  let lineNumber = 0;
  let rest = '';
  const rowsOf = (text: string, last: boolean): IdRow[] => {
    const lines = (rest + text).split(LINE_END);
    rest = last ? '' : lines.pop()!;
    const rows: IdRow[] = [];
    for (const line of lines) {
      lineNumber += 1;
      if (line.includes('\0')) throw new IdFileError(`has a NUL character on line ${lineNumber} (is it UTF-16 without a byte order mark?)`);
      const cells = cellsOf(line);
      if (cells.every((cell) => cell === '')) continue;
      if (column === undefined) {
        const header = cells.findIndex((cell) => HEADER.test(cell));
        column = Math.max(header, 0);
        if (header >= 0) continue;
      }
      const id = cells[column] ?? '';
      rows.push(id === '' ? { id: null, given: line.trim() } : { id, given: null });
    }
    return rows;
  };
  for await (const text of decode(bytes)) {
    const rows = rowsOf(text, false);
    if (rows.length > 0) yield rows;
  }
  const rows = rowsOf('', true);
  if (rows.length > 0) yield rows;
}

/** The trimmed cells of one line; quoted cells ("a;b", "say ""hi""") as CSV reads them. */
function cellsOf(line: string): string[] {
  if (!line.includes('"')) return line.split(DELIMITER).map((cell) => cell.trim());
  try {
    const [cells] = parse(line, { delimiter: DELIMITERS, relax_quotes: true, relax_column_count: true, trim: true }) as string[][];
    return cells ?? [];
  } catch {
    // A quote left open: the line is still one row, read as it stands.
    return line.split(DELIMITER).map((cell) => cell.trim());
  }
}

/** Bytes to text in the encoding a byte order mark names (UTF-8 without one); the mark itself is dropped. */
async function* decode(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let head: Uint8Array = new Uint8Array(0);
  const text = (chunk: Uint8Array, stream: boolean) => {
    try {
      return decoder!.decode(chunk, { stream });
    } catch {
      throw new IdFileError(`is not valid ${decoder!.encoding.toUpperCase()} text (save it as UTF-8, or as UTF-16 with a byte order mark)`);
    }
  };
  for await (const chunk of bytes) {
    if (decoder) {
      yield text(chunk, true);
      continue;
    }
    // The mark is at most 3 bytes; wait for them (a chunk may be shorter).
    head = concat(head, chunk);
    if (head.length < 3) continue;
    decoder = decoderFor(head);
    yield text(head, true);
  }
  if (decoder) {
    yield text(new Uint8Array(0), false); // the end: bytes of an unfinished character throw
  } else {
    decoder = decoderFor(head); // a file of fewer than 3 bytes
    yield text(head, false);
  }
}

function decoderFor(head: Uint8Array): TextDecoder {
  const encoding = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : 'utf-8';
  // fatal: undecodable bytes throw instead of turning into U+FFFD; the default drops a leading BOM.
  return new TextDecoder(encoding, { fatal: true });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
