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
