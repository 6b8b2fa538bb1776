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
