/**
 * The one answer to "is this cell blank" (docs/architecture.md, "How a cell is read").
 *
 * - `null`, `undefined` and `""` are the blank cells hosts hand over (docs/architecture.md,
 *   "Blank cells, host by host": Excel gives "" for an empty cell of a range and null for
 *   an omitted argument; Sheets gives "" and undefined, which its adapter turns into null;
 *   the `fn` command line gives null). They are answered first, at the cost of a compare.
 * - Text of spaces only (any Unicode space) is blank too.
 * - With `'words'`, text a sheet uses to mean "no value" ("-", "N/A", "null", "无", ...)
 *   is blank as well: how the engine and the amount reader read deal-sheet cells. The
 *   worksheet functions read their other arguments `'strict'` (the default): a stage
 *   cell holding "N/A" is an unknown stage to report, not a blank.
 */
export type BlankMode = 'strict' | 'words';

/** Text that means "no value" in exported sheets. Compared after NFKC + trim + lower case. */
const BLANK_WORDS = new Set([
  '',
  '-',
  '--',
  '–',
  '—',
  'n/a',
  'na',
  'n.a.',
  '#n/a',
  'null',
  'none',
  'nil',
  '(blank)',
  '无',
  '空',
  '暂无',
  '/',
]);

/** First characters a blank word can start with (any case, full-width forms too): a fast reject. */
const BLANK_FIRST = new Set<number>();
for (const w of BLANK_WORDS) {
  for (const form of [w, w.toUpperCase()]) {
    const c = form.charCodeAt(0);
    if (Number.isNaN(c)) continue;
    BLANK_FIRST.add(c);
    if (c >= 0x21 && c <= 0x7e) BLANK_FIRST.add(c + 0xfee0); // full-width ASCII
  }
}

function isSpaceCode(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f
  );
}

/** Whether a cell is blank; `mode` 'words' also reads "-", "N/A", "无"... as blank. */
export function isBlank(value: unknown, mode: BlankMode = 'strict'): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (typeof value !== 'string') return false;
  const first = value.charCodeAt(0);
  // Most cells start with a letter or digit: no string work at all.
  if (first > 32 && !isSpaceCode(first)) {
    if (mode === 'strict' || !BLANK_FIRST.has(first)) return false;
  }
  const t = value.trim();
  if (t === '') return true;
  if (mode === 'strict' || t.length > 8) return false;
  return BLANK_WORDS.has(t.normalize('NFKC').toLowerCase());
}

/**
 * A blank cell, or text that a sheet uses to mean "no value" ("-", "N/A", "无"):
 * the one blank rule in its 'words' mode.
 */
export function isBlankValue(value: unknown): boolean {
  return isBlank(value, 'words');
}
