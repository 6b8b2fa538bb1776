/** How the command line writes figures in its text reports (--json keeps the numbers). */
import { ISSUE_KIND_NAMES, type IssueKind } from '../core';

/** Money: two decimals, thousands separated (1,234.50). */
export const money = (x: number): string =>
  x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A rate as a percentage with one decimal (37.5%); blank when there is none. */
export const pct = (x: number | null): string => (x === null ? '' : `${(x * 100).toFixed(1)}%`);

/** The data issues counted by kind, as "Missing close date 1, No currency rate 2" ('' when none). */
export const issueKindsText = (byKind: Partial<Record<IssueKind, number>>): string =>
  Object.entries(byKind)
    .map(([k, v]) => `${ISSUE_KIND_NAMES[k as IssueKind]} ${v}`)
    .join(', ');

/** A deal amount the run could not convert to the base currency, as a line of the text report. */
export const unconvertedLine = (u: { currency: string; amount: number; deals: number }): string =>
  `Not converted (no rate): ${u.currency} ${money(u.amount)} in ${u.deals} deals`;

/**
 * Rows of texts as aligned lines under their headers: the columns after
 * `lastText` are numbers (right-aligned), the others left-aligned; two spaces between.
 */
export function alignedLines(headers: string[], rows: string[][], lastText: number): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((v, i) => (i > lastText ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ');
  return [line(headers), ...rows.map(line)];
}

/** "Wrote FILE: Sheet (n rows), ..." for the sheets a run wrote. */
export const wroteLine = (file: string, sheets: { name: string; rows: number }[]): string =>
  `Wrote ${file}: ${sheets.map((s) => `${s.name} (${s.rows} rows)`).join(', ')}`;
