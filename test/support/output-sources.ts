import type { CellValue } from '../../core/cells';
import {
  outputNames,
  type ColumnFormat,
  type OutputKey,
  type OutputSource,
} from '../../core/output';

/**
 * A table source for the writers' tests: `columns` columns headed C1, C2...
 * (number columns unless format says otherwise), row i's cell c being cell(i, c).
 */
export function cellSource(
  key: OutputKey,
  rowCount: number,
  columns: number,
  cell: (i: number, c: number) => CellValue,
  format: (c: number) => ColumnFormat = () => 'number',
): OutputSource {
  return {
    ...outputNames(key),
    columns: Array.from({ length: columns }, (_, c) => ({
      header: `C${c + 1}`,
      format: format(c),
    })),
    rowCount,
    fillRow: (i, out) => {
      for (let c = 0; c < columns; c++) out[c] = cell(i, c);
    },
  };
}
