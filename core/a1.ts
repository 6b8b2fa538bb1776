/**
 * Column letters of A1 references, the one implementation the hosts, the page and the
 * test fakes share (a fake with its own copy could not catch an off-by-one in a host).
 * The base is in each name: `index0` counts columns from 0 (A = 0, as arrays do),
 * `column1` from 1 (A = 1, as Sheets' getRange and A1 text do).
 */

/** 0-based column index to letters: 0 -> A, 25 -> Z, 26 -> AA, 16383 -> XFD. */
export function lettersFromIndex0(index: number): string {
  return lettersFromColumn1(index + 1);
}

/** 1-based column number to letters: 1 -> A, 26 -> Z, 27 -> AA, 16384 -> XFD. */
export function lettersFromColumn1(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = (n - 1 - r) / 26;
  }
  return out;
}

/** Letters (any case) to the 1-based column number: A -> 1, AA -> 27; NaN for anything else. */
export function column1FromLetters(letters: string): number {
  if (letters === '') return NaN;
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    let c = letters.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) return NaN;
    n = n * 26 + (c - 64);
  }
  return n;
}

/** Letters (any case) to the 0-based column index: A -> 0, AA -> 26; NaN for anything else. */
export function index0FromLetters(letters: string): number {
  return column1FromLetters(letters) - 1;
}
