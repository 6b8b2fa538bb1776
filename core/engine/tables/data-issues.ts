/** The DataIssues table: every cell the forecast could not use, located, with what it expected. */
import type { CellValue } from '../../cells';
import { readerCells, type ColumnReader, type OutputColumn } from '../../output';
import { lazyIssueList, type IssueList } from '../issue-list';
import {
  BLOCKING,
  HYGIENE,
  ISSUE_KINDS,
  ISSUE_KIND_NAMES,
  NO_RATE_KIND as noRateKind,
  isHygiene,
  nameText,
} from '../issues';
import { Interner } from '../rows/columns';
import { YES_NO, text, yesNo, type TableBody, type TableSpec } from './spec';

function valueText(v: CellValue): string | null {
  if (v === null || v === '') return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

const COLUMNS: readonly OutputColumn[] = [
  { header: 'Row', format: 'integer', total: 'none' },
  text('Opportunity'),
  text('Column'),
  text('Value'),
  text('Kind'),
  text('Severity'),
  text('Problem'),
  text('Row Kept'),
];

/** Kind and Severity labels, by kind code (Row Kept's are YES_NO, by kept flag). */
const KIND_LABELS: readonly string[] = ISSUE_KINDS.map((k) => ISSUE_KIND_NAMES[k]);
const SEVERITY_LABELS: readonly string[] = [BLOCKING, HYGIENE];
const SEVERITY_OF = Int32Array.from(ISSUE_KINDS, (k) => (isHygiene(k) ? 1 : 0));

/**
 * The table read from the run's issue columns (no DataIssue is built): a reader
 * per column, in COLUMNS' order, each cell as the DataIssue's row below has it.
 */
function fromColumns(issues: IssueList): TableBody {
  const { store, headers, nameColumn } = issues;
  const p = store.p;
  const list = p.issues;
  const { firstRow, source } = p;
  const pos = issues.positions();
  // Issue i's parse issue (>= 0) or ~deal of its no-rate issue.
  const at = (i: number): number => (pos === null ? i : pos[i]!);
  const dealOf = (q: number): number => (q >= 0 ? list.deal[q]! : ~q);
  // The Column cell: a header's index, -1 for none (no column, or a blank header).
  const column = Int32Array.from(headers, (h, c) => (h ? c : -1));
  const noRateColumn = issues.noRateColumn >= 0 ? column[issues.noRateColumn]! : -1;
  // Problem texts repeat (one per slip date, stage, currency): a label each.
  const problems = new Interner();
  let lastProblem: string | undefined;
  let lastLabel = -1;
  const readers: ColumnReader[] = [
    { kind: 'number', at: (i) => firstRow + source[dealOf(at(i))]! },
    {
      kind: 'cell',
      at: (i) => (nameColumn < 0 ? null : nameText(store.cell(dealOf(at(i)), nameColumn))),
    },
    {
      kind: 'label',
      labels: headers,
      at(i) {
        const q = at(i);
        if (q < 0) return noRateColumn;
        const c = list.column[q]!;
        return c >= 0 ? column[c]! : -1;
      },
    },
    {
      kind: 'cell',
      at(i) {
        const q = at(i);
        if (q < 0) return valueText(p.currencies.values[p.currency[~q]!]!);
        const c = list.column[q]!;
        return c >= 0 ? valueText(store.cell(list.deal[q]!, c)) : null;
      },
    },
    {
      kind: 'label',
      labels: KIND_LABELS,
      at(i) {
        const q = at(i);
        return q < 0 ? noRateKind : list.kind[q]!;
      },
    },
    {
      kind: 'label',
      labels: SEVERITY_LABELS,
      at(i) {
        const q = at(i);
        return SEVERITY_OF[q < 0 ? noRateKind : list.kind[q]!]!;
      },
    },
    {
      kind: 'label',
      labels: problems.values,
      at(i) {
        const q = at(i);
        const t = q >= 0 ? list.texts[q]! : store.noRateText(p.currency[~q]!);
        if (t !== lastProblem) {
          lastProblem = t;
          lastLabel = problems.id(t);
        }
        return lastLabel;
      },
    },
    {
      kind: 'label',
      labels: YES_NO,
      at(i) {
        const q = at(i);
        return q < 0 ? 0 : list.kept[q]!;
      },
    },
  ];
  const width = readers.length;
  const fill = readerCells(
    readers,
    readers.map((_, c) => c),
  );
  return {
    columns: [...COLUMNS],
    rowCount: issues.size,
    readers,
    fillRow(i, row) {
      fill(i, row);
      if (row.length > width) row.length = width;
    },
  };
}

export const dataIssuesTable: TableSpec<'DataIssues'> = {
  key: 'DataIssues',
  build(result) {
    // From the run's columns while result.issues has not been read or replaced.
    const lazy = lazyIssueList(result);
    if (lazy) return fromColumns(lazy);
    const issues = result.issues;
    return {
      columns: [...COLUMNS],
      // Rows made as the writer asks for them: a million-row file can have half a million issues.
      rowCount: issues.length,
      fillRow(i, row) {
        const x = issues[i]!;
        row[0] = x.row;
        row[1] = x.opportunity ?? null;
        row[2] = x.column || null;
        row[3] = valueText(x.value);
        row[4] = ISSUE_KIND_NAMES[x.kind];
        row[5] = isHygiene(x.kind) ? HYGIENE : BLOCKING;
        row[6] = x.problem;
        row[7] = yesNo(x.rowKept);
        if (row.length > 8) row.length = 8;
      },
    };
  },
};
