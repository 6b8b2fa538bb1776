/**
 * Output tables into an XLSX workbook: one sheet per table, each a real Excel
 * table (ListObject) with its header, number formats and a frozen header row,
 * ready for a PivotTable. FunnelData comes first.
 */
import ExcelJS from 'exceljs';
import type { CellValue } from '../core/cells';
import type { ColumnFormat, OutputTable } from '../core/output';
import { outputRank } from '../core/output';

export const NUMBER_FORMATS: Record<ColumnFormat, string | undefined> = {
  text: '@',
  integer: '#,##0',
  number: '#,##0.00',
  currency: '#,##0.00;-#,##0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
};

function width(header: string, format: ColumnFormat): number {
  const base = format === 'date' ? 12 : format === 'currency' ? 16 : format === 'text' ? 18 : 12;
  return Math.min(50, Math.max(base, header.length + 4));
}

/** Text cells stay text: a value such as "=1+1" is written as a string, never as a formula. */
function cellValue(v: CellValue): ExcelJS.CellValue {
  return v === undefined ? null : v;
}

export async function writeWorkbook(tables: OutputTable[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Funnel Forecast';
  const ordered = [...tables].sort((a, b) => outputRank(a.key) - outputRank(b.key));
  for (const t of ordered) {
    const ws = wb.addWorksheet(t.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    // An Excel table needs at least one data row.
    const rows = t.rows.length ? t.rows : [t.columns.map(() => null)];
    ws.addTable({
      name: t.tableName,
      ref: 'A1',
      headerRow: true,
      style: { theme: 'TableStyleMedium2', showRowStripes: true },
      columns: t.columns.map((c) => ({ name: c.header, filterButton: true })),
      rows: rows.map((r) => t.columns.map((_, i) => cellValue(r[i] ?? null))),
    });
    t.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = width(c.header, c.format);
      const fmt = NUMBER_FORMATS[c.format];
      if (fmt && c.format !== 'text') col.numFmt = fmt;
    });
  }
  const out = await wb.xlsx.writeBuffer();
  return new Uint8Array(out as ArrayBuffer);
}
