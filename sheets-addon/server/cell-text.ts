import { looksLikeFormula } from '../../core/text';

/**
 * setValues reads a string the way Sheets reads typing: "=A1" becomes a
 * formula, "2024-03" a date, "00123" the number 123, "TRUE" a boolean. An
 * account name or period label must stay the text it was, so such strings get
 * Sheets' leading apostrophe, which forces text and is not part of the value.
 */
const NUMBER_LIKE = /^\s*[(]?\s*[-+]?\s*[$€£¥₹]?\s*[.,]?\d/;
const BOOLEAN_LIKE = /^\s*(true|false)\s*$/i;
const MONTH_LIKE = /^\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[\s,/-]*\d/i;

export function needsTextGuard(text: string): boolean {
  return (
    looksLikeFormula(text) ||
    text.startsWith("'") ||
    text.startsWith('%') ||
    NUMBER_LIKE.test(text) ||
    BOOLEAN_LIKE.test(text) ||
    MONTH_LIKE.test(text)
  );
}

export function asSheetText(text: string): string {
  return text !== '' && needsTextGuard(text) ? `'${text}` : text;
}
