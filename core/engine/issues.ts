/**
 * The located issues of a run, kept in columns. A million-row sheet has
 * hundreds of thousands of them (slipped and stale deals): one DataIssue
 * object each cost more in garbage collection than the forecast itself, so
 * the row loop stores a few numbers per issue and the objects are built only
 * when someone reads result.issues.
 */
import type { CellValue } from '../cells';
import type { DataIssue, IssueKind } from './types';

/** Issue kinds by code (the Uint8 kind column). */
export const ISSUE_KINDS: readonly IssueKind[] = [
  'bad-amount',
  'missing-amount',
  'unknown-stage',
  'missing-stage',
  'bad-probability',
  'bad-date',
  'missing-close-date',
  'slipped',
  'stale',
  'no-rate',
  'bad-category',
  'bad-status',
  'negative-amount',
  'ragged-row',
];
/**
 * The one name of each issue kind: the workbook's Kind column, the command line's
 * summary and the page's English all say these (the page translates them for other languages).
 */
export const ISSUE_KIND_NAMES: Readonly<Record<IssueKind, string>> = {
  'bad-amount': 'Bad amount',
  'missing-amount': 'Missing amount',
  'unknown-stage': 'Unknown stage',
  'missing-stage': 'Missing stage',
  'bad-probability': 'Bad probability',
  'bad-date': 'Bad date',
  'missing-close-date': 'Missing close date',
  slipped: 'Slipped close date',
  stale: 'No recent activity',
  'no-rate': 'No currency rate',
  'bad-category': 'Bad forecast category',
  'bad-status': 'Bad status',
  'negative-amount': 'Negative amount',
  'ragged-row': 'Wrong cell count',
};

/** The kind a name (or a code) stands for, or undefined. */
export function issueKindOf(text: string): IssueKind | undefined {
  const t = text.trim().toLowerCase();
  return ISSUE_KINDS.find((k) => k === t || ISSUE_KIND_NAMES[k].toLowerCase() === t);
}

/**
 * Hygiene flags (the deal is counted as it is; its data wants a look) versus
 * blocking problems (the deal is not counted, or counted with a default).
 */
export const HYGIENE_KINDS: readonly IssueKind[] = ['slipped', 'stale', 'negative-amount'];
export const HYGIENE = 'Hygiene';
export const BLOCKING = 'Blocking';
export const isHygiene = (kind: IssueKind): boolean => HYGIENE_KINDS.includes(kind);

export const KIND_CODE: ReadonlyMap<IssueKind, number> = new Map(ISSUE_KINDS.map((k, i) => [k, i]));
/** The text of a deal's name cell (an issue's opportunity, else its account; the drill-down's name), or null. */
export function nameText(v: unknown): string | null {
  return v === null || v === undefined || v === '' ? null : String(v);
}

export const NO_RATE_KIND = KIND_CODE.get('no-rate')!;

export class IssueColumns {
  n = 0;
  /** Deal index (ParsedRows row) of each issue, in the order found (row order). */
  deal: Int32Array;
  /** Column index, -1 for none; the issue's value is the deal's cell in it. */
  column: Int32Array;
  kind: Uint8Array;
  kept: Uint8Array;
  /** Full problem text (the frequent ones are shared strings, built once). */
  readonly texts: string[] = [];
  /** Issues per kind code. */
  readonly perKind = new Int32Array(ISSUE_KINDS.length);

  constructor(capacity = 1024) {
    this.deal = new Int32Array(capacity);
    this.column = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.kept = new Uint8Array(capacity);
  }

  push(deal: number, kind: number, column: number, kept: boolean, text: string): void {
    const k = this.n;
    if (k === this.deal.length) this.grow();
    this.deal[k] = deal;
    this.column[k] = column;
    this.kind[k] = kind;
    this.kept[k] = kept ? 1 : 0;
    this.texts.push(text);
    this.perKind[kind]!++;
    this.n = k + 1;
  }

  private grow(): void {
    const size = this.deal.length * 2;
    const deal = new Int32Array(size);
    deal.set(this.deal);
    this.deal = deal;
    const column = new Int32Array(size);
    column.set(this.column);
    this.column = column;
    const kind = new Uint8Array(size);
    kind.set(this.kind);
    this.kind = kind;
    const kept = new Uint8Array(size);
    kept.set(this.kept);
    this.kept = kept;
  }

  /** Issue k as an object: its value is read back from the source row. */
  issue(
    k: number,
    rows: { firstRow: number; source: Int32Array },
    /** A deal's cell in a column (null when its row has none). */
    cellOf: (deal: number, c: number) => CellValue,
    headers: readonly string[],
    nameColumn = -1,
  ): DataIssue {
    const deal = this.deal[k]!;
    const c = this.column[k]!;
    const name = nameColumn >= 0 ? cellOf(deal, nameColumn) : null;
    return {
      opportunity: nameText(name),
      row: rows.firstRow + rows.source[deal]!,
      column: c >= 0 ? headers[c]! : '',
      value: c >= 0 ? cellOf(deal, c) : null,
      kind: ISSUE_KINDS[this.kind[k]!]!,
      problem: this.texts[k]!,
      rowKept: this.kept[k] === 1,
    };
  }
}
