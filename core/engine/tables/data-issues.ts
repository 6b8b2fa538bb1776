/** The DataIssues table: every cell the forecast could not use, located, with what it expected. */
import type { CellValue } from '../../cells';
import { BLOCKING, HYGIENE, ISSUE_KIND_NAMES, isHygiene } from '../issues';
import { text, yesNo, type TableSpec } from './spec';

function valueText(v: CellValue): string | null {
  if (v === null || v === '') return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

export const dataIssuesTable: TableSpec<'DataIssues'> = {
  key: 'DataIssues',
  build(result) {
    const issues = result.issues;
    return {
      columns: [
        { header: 'Row', format: 'integer', total: 'none' },
        text('Opportunity'),
        text('Column'),
        text('Value'),
        text('Kind'),
        text('Severity'),
        text('Problem'),
        text('Row Kept'),
      ],
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
