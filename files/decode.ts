/**
 * Bytes of a text file into a string: the encoding detected (or chosen by the
 * user), named, and binary files refused. No Node APIs (the page uses it too).
 */
import { FileReadError, LIMITS, megabytes } from './limits';

export interface DecodedText {
  text: string;
  /** WHATWG label of the encoding used: utf-8, utf-16le, utf-16be, windows-1252, gb18030... */
  encoding: string;
  /** How it was decided, for the run's notes. */
  how: 'byte order mark' | 'detected' | 'chosen';
}

/** Plain names for the notes. */
const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252 (Latin-1)',
  gb18030: 'GB18030',
  gbk: 'GBK',
};

export function encodingName(label: string): string {
  return ENCODING_NAMES[label] ?? label.toUpperCase();
}

/** How many bytes the statistics look at (the start of the file is enough). */
const SAMPLE = 1 << 16;

/** The encoding a label names, as TextDecoder knows it; unknown labels are an error. */
export function normalizeEncoding(label: string): string {
  const key = label.trim().toLowerCase();
  const aliases: Record<string, string> = {
    latin1: 'windows-1252',
    'latin-1': 'windows-1252',
    cp1252: 'windows-1252',
    utf8: 'utf-8',
    utf16: 'utf-16le',
    'utf-16': 'utf-16le',
    utf16le: 'utf-16le',
    utf16be: 'utf-16be',
  };
  const want = aliases[key] ?? key;
  try {
    return new TextDecoder(want).encoding;
  } catch {
    throw new FileReadError(
      `unknown encoding "${label}": use utf-8, utf-16le, utf-16be, windows-1252 (latin1) or gb18030.`,
    );
  }
}

/** UTF-16 without a byte order mark shows as NULs in every other byte of ASCII text. */
function utf16ByNuls(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, SAMPLE) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  // Mostly ASCII text: nearly every pair has a NUL on one side and none on the other.
  if (odd > pairs * 0.3 && even < pairs * 0.02) return 'utf-16le';
  if (even > pairs * 0.3 && odd < pairs * 0.02) return 'utf-16be';
  return null;
}

/**
 * A file that is not text: NUL bytes (outside UTF-16), or many control
 * characters. Returns the first offending byte offset, or -1.
 */
function binaryAt(b: Uint8Array): number {
  const n = Math.min(b.length, SAMPLE);
  let controls = 0;
  let first = -1;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return i;
    // C0 controls other than tab, newline, form feed, carriage return and escape.
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13 && c !== 27) {
      if (first < 0) first = i;
      controls++;
    }
  }
  return controls > 8 && controls > n / 100 ? first : -1;
}

/**
 * Not UTF-8: Chinese text in GB18030 (pairs of high bytes), or a European
 * single-byte file (Windows-1252: a high byte among ASCII letters). Counts
 * the high bytes that form GB2312-range pairs against the others.
 */
function gbOrLatin(b: Uint8Array): 'gb18030' | 'windows-1252' {
  const n = Math.min(b.length, SAMPLE * 4);
  let strong = 0;
  let weak = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c < 0x80) continue;
    const d = i + 1 < n ? b[i + 1]! : 0;
    if (c >= 0x81 && c <= 0xfe) {
      if (d >= 0xa1 && d <= 0xfe && c >= 0xa1) {
        strong++;
        i++;
        continue;
      }
      if (d >= 0x30 && d <= 0x39 && i + 3 < n) {
        // a four-byte GB18030 sequence
        const e = b[i + 2]!;
        const f = b[i + 3]!;
        if (e >= 0x81 && e <= 0xfe && f >= 0x30 && f <= 0x39) {
          strong++;
          i += 3;
          continue;
        }
      }
      if ((d >= 0x40 && d <= 0x7e) || (d >= 0x80 && d <= 0xfe)) {
        weak++;
        i++;
        continue;
      }
    }
    // Not a valid GB18030 lead/trail: only a single-byte encoding reads this.
    return 'windows-1252';
  }
  return strong > 0 && strong >= (strong + weak) * 0.8 ? 'gb18030' : 'windows-1252';
}

/** The largest text a JavaScript string holds (V8: 2^29 - 24 characters). */
const MAX_CHARS = (1 << 29) - 24;

function checkSize(name: string, b: Uint8Array, encoding: string): void {
  const chars = encoding.startsWith('utf-16') ? b.length / 2 : b.length;
  if (chars > MAX_CHARS || b.length > LIMITS.textBytes) {
    throw new FileReadError(
      `${name}: the file is ${megabytes(b.length)}; a CSV file is read up to ${megabytes(LIMITS.textBytes)}. Split it, or filter the rows you need.`,
    );
  }
}

/**
 * Windows-1252's characters for the bytes 0x80-0x9F (five bytes are unassigned and
 * stay as they are). Node 20's TextDecoder('windows-1252') decodes these bytes as
 * ISO-8859-1 control characters, so the command line lost `€`, `’`, `“”`, `–`
 * (`€ 1.234,56` became a bad amount, `O’Brien` became `OBrien`); browsers decode
 * them right, and this mapping changes nothing there.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function fixWindows1252(text: string): string {
  return /[\u0080-\u009f]/.test(text)
    ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!)
    : text;
}

function decodeWith(name: string, b: Uint8Array, encoding: string, fatal: boolean): string {
  checkSize(name, b, encoding);
  try {
    const text = new TextDecoder(encoding, { fatal, ignoreBOM: false }).decode(b);
    return encoding === 'windows-1252' ? fixWindows1252(text) : text;
  } catch (e) {
    if ((e as Error).name === 'TypeError') {
      throw new FileReadError(
        `${name}: the bytes are not valid ${encodingName(encoding)} text; choose the file's encoding (--encoding).`,
      );
    }
    throw new FileReadError(`${name}: the text is too large to read.`);
  }
}

/**
 * Detects the encoding: a byte order mark, else NUL statistics for UTF-16,
 * else valid UTF-8, else GB18030 or Windows-1252 by byte statistics. NUL bytes
 * or control characters in a non-UTF-16 file refuse it as binary.
 */
export function decodeBytes(name: string, b: Uint8Array, chosen?: string): DecodedText {
  if (chosen) {
    const encoding = normalizeEncoding(chosen);
    if (!encoding.startsWith('utf-16')) refuseBinary(name, b);
    return { text: stripBom(decodeWith(name, b, encoding, true)), encoding, how: 'chosen' };
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
    return {
      text: decodeWith(name, b.subarray(3), 'utf-8', false),
      encoding: 'utf-8',
      how: 'byte order mark',
    };
  if (b[0] === 0xff && b[1] === 0xfe)
    return {
      text: decodeWith(name, b.subarray(2), 'utf-16le', false),
      encoding: 'utf-16le',
      how: 'byte order mark',
    };
  if (b[0] === 0xfe && b[1] === 0xff)
    return {
      text: decodeWith(name, b.subarray(2), 'utf-16be', false),
      encoding: 'utf-16be',
      how: 'byte order mark',
    };
  const wide = utf16ByNuls(b);
  if (wide) return { text: decodeWith(name, b, wide, false), encoding: wide, how: 'detected' };
  refuseBinary(name, b);
  checkSize(name, b, 'utf-8');
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(b);
    return { text, encoding: 'utf-8', how: 'detected' };
  } catch (e) {
    if ((e as Error).name !== 'TypeError')
      throw new FileReadError(`${name}: the text is too large to read.`);
  }
  const single = gbOrLatin(b);
  return { text: decodeWith(name, b, single, false), encoding: single, how: 'detected' };
}

function refuseBinary(name: string, b: Uint8Array): void {
  const at = binaryAt(b);
  if (at >= 0) {
    throw new FileReadError(
      `${name}: this is not a text file (binary bytes at offset ${at}); save the deal sheet as CSV or XLSX.`,
    );
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The text of a file, the encoding detected as decodeBytes does (kept for callers of the old API). */
export function decodeText(b: Uint8Array): string {
  return decodeBytes('file', b).text;
}
