/**
 * Label matching ignores case, surrounding/inner spacing runs and full-width vs
 * half-width forms (NFKC folds "Ｗｏｎ" to "Won", "（" to "(").
 */
export function normalizeLabel(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Text that a spreadsheet would read as a formula (or a DDE/CSV payload) if it
 * were written as is. Hosts write such strings as literal text.
 */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text);
}

/**
 * Text order for the engine's tables (forecast segments, reps, stage lists).
 * localeCompare depends on the host's ICU data (Apps Script, browsers and
 * Node disagree on case, accents and CJK), so the hosts would list the same
 * rows in different orders: this order is the same everywhere.
 */

/**
 * Case-folded text by UTF-16 code units (so "apple" < "Banana"), ties by the
 * raw code units ("Apple" < "apple"); 0 only for identical strings.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const fa = a.toLowerCase();
  const fb = b.toLowerCase();
  if (fa !== fb) return fa < fb ? -1 : 1;
  return a < b ? -1 : 1;
}
