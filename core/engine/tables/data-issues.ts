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
      rows: result.issues.map((x) => [
        x.row,
        x.opportunity ?? null,
        x.column || null,
        valueText(x.value),
        ISSUE_KIND_NAMES[x.kind],
        isHygiene(x.kind) ? HYGIENE : BLOCKING,
        x.problem,
        yesNo(x.rowKept),
      ]),
    };
  },
};
