/**
 * The FunnelData table: every source row as the sheet had it, the amount and
 * dates the engine parsed (where the sheet held them as text), then the
 * computed columns, each defined once in DEAL_COLUMNS (deal-columns.ts).
 */
import type { CellValue } from '../../cells';
import { readerCells, type ColumnFormat, type ColumnReader, type OutputColumn } from '../../output';
import { isDateFormat } from '../../read/date';
import { dealStoreOf, type DealStore } from '../deals';
import { dayAt } from '../parse-rows';
import type { DealRecord, FieldName, ForecastResult } from '../types';
import { DEAL_COLUMNS, FUNNEL_DATA_COLUMNS } from './deal-columns';
import { unique, type TableSpec } from './spec';

export { FUNNEL_DATA_COLUMNS } from './deal-columns';

// An import as a module constant: under a CommonJS transform (tsx, jest) each read of an
// imported binding is a getter call, and the parsed-date readers run once per deal.
const dayOf = dayAt;

/** Format of an original column from a sample of its values (and Excel number formats, where given). */
function originalFormat(
  n: number,
  cellOf: (i: number, c: number) => CellValue | undefined,
  c: number,
  formats?: (string | undefined)[],
): ColumnFormat {
  let numbers = 0;
  let dates = 0;
  let others = 0;
  const step = Math.max(1, Math.floor(n / 2000));
  for (let i = 0; i < n; i += step) {
    const v = cellOf(i, c);
    if (v === null || v === undefined || v === '') continue;
    if (typeof v === 'number') numbers++;
    else if (v instanceof Date) dates++;
    else others++;
  }
  if (others > 0 || numbers + dates === 0) return 'text';
  if (dates > 0 && numbers === 0) return 'date';
  if (numbers > 0 && dates === 0) {
    return formats?.[c] && isDateFormat(formats[c]) ? 'date' : 'number';
  }
  return 'text';
}

/** The fields whose parsed value is written beside the original column, and the type they parse to. */
const PARSED_FIELDS = [
  ['amount', 'number'],
  ['closeDate', 'date'],
  ['createdDate', 'date'],
  ['lastActivity', 'date'],
] as const satisfies readonly (readonly [FieldName, ColumnFormat])[];
type ParsedField = (typeof PARSED_FIELDS)[number][0];

interface ParsedColumn {
  field: ParsedField;
  /** The original column it follows. */
  after: number;
  column: OutputColumn;
}

/**
 * The parsed columns to write: one per mapped amount or date field whose original
 * column is not already of the parsed type (text such as "$1,200" or "15/03/2026",
 * or a mix), in column order. Headers are "<original header> (parsed)".
 */
function parsedColumns(
  result: ForecastResult,
  originals: readonly OutputColumn[],
  taken: Set<string>,
): ParsedColumn[] {
  const out: ParsedColumn[] = [];
  for (const [field, format] of PARSED_FIELDS) {
    const m = result.mapping.fields[field];
    if (!m || m.column < 0 || m.column >= originals.length) continue;
    const original = originals[m.column]!;
    if (original.format === format) continue;
    const [header] = unique([`${original.header} (parsed)`], taken);
    const note =
      field === 'amount'
        ? `${original.header} as the forecast read it, in the deal's own currency (Deal Currency); blank where it could not be read.`
        : `${original.header} as the forecast read it; blank where it could not be read.`;
    out.push({ field, after: m.column, column: { header: header!, format, note } });
  }
  return out.sort((a, b) => a.after - b.after);
}

/** Deal i's parsed value of a field, from the engine's deal columns. */
function parsedReader(field: ParsedField, s: DealStore): ColumnReader {
  const p = s.p;
  if (field === 'amount') return { kind: 'number', at: (i) => p.amount[i]! };
  if (field === 'closeDate') return { kind: 'day', at: (i) => dayOf(p.closeDay, i) };
  if (field === 'createdDate') return { kind: 'day', at: (i) => dayOf(p.createdDay, i) };
  if (!s.hasLastActivity) return { kind: 'day', at: () => NaN };
  return { kind: 'day', at: (i) => dayOf(p.lastActivityDay, i) };
}

/** Deal i's parsed value of a field, from a DealRecord. */
function parsedRecord(field: ParsedField): (d: DealRecord) => CellValue {
  if (field === 'amount') return (d) => d.sourceAmount ?? null;
  if (field === 'closeDate') return (d) => d.closeDate;
  if (field === 'createdDate') return (d) => d.createdDate;
  return (d) => d.lastActivity ?? null;
}

export const funnelDataTable: TableSpec<'FunnelData'> = {
  key: 'FunnelData',
  build(result, options) {
    const { mapping } = result;
    const width = mapping.headers.length;
    const store = dealStoreOf(result);
    const deals = store ? null : result.deals;
    const n = store ? store.size : deals!.length;
    // Deal i's original cell in column c: from the sheet's cells (a CSV's grid is not built).
    const cellOf = store
      ? (i: number, c: number) => store.cell(i, c)
      : (i: number, c: number) => deals![i]!.original[c];
    const taken = new Set(FUNNEL_DATA_COLUMNS.map((c) => c.header.toLowerCase()));
    const originalColumns: OutputColumn[] = unique(mapping.headers, taken).map((header, c) => ({
      header,
      format: originalFormat(n, cellOf, c, options.formats ?? store?.formats),
    }));
    // Columns the engine parsed (amount, dates) that the sheet did not already hold as
    // numbers or dates are written again, parsed, right beside the original text, so a
    // PivotTable sums and groups them; the original stays as the sheet had it.
    const parsed = parsedColumns(result, originalColumns, taken);
    // The table's columns in order, each with how its cells are read.
    const columns: OutputColumn[] = [];
    type Read =
      { from: 'original'; c: number } | { from: 'parsed'; k: number } | { from: 'deal'; k: number };
    const reads: Read[] = [];
    for (let c = 0, k = 0; c < width; c++) {
      columns.push(originalColumns[c]!);
      reads.push({ from: 'original', c });
      for (; k < parsed.length && parsed[k]!.after === c; k++) {
        columns.push(parsed[k]!.column);
        reads.push({ from: 'parsed', k });
      }
    }
    // The computed money columns carry the base currency; a calendar fiscal year is a
    // number (2026), one that starts later a label (FY2027).
    const cur = result.baseCurrency ?? undefined;
    DEAL_COLUMNS.forEach((d, k) => {
      let c = d.column;
      if (c.header === 'Fiscal Year' && (result.assumptions?.fiscalYearStart ?? 1) === 1)
        c = { ...c, format: 'integer', total: 'none', grouping: false };
      if (c.format === 'currency' && cur) c = { ...c, currency: cur };
      if (c.format === 'percent') c = { ...c, decimals: 1 };
      columns.push(c);
      reads.push({ from: 'deal', k });
    });
    const total = columns.length;

    if (!store) {
      const cells = reads.map((r): ((d: DealRecord) => CellValue) => {
        if (r.from === 'original') return (d) => d.original[r.c] ?? null;
        if (r.from === 'parsed') return parsedRecord(parsed[r.k]!.field);
        return DEAL_COLUMNS[r.k]!.record;
      });
      return {
        columns,
        rowCount: n,
        fillRow(i, row) {
          const d = deals![i]!;
          for (let c = 0; c < total; c++) row[c] = cells[c]!(d);
          if (row.length > total) row.length = total;
        },
      };
    }
    const { p } = store;
    const source = store.cells;
    const readers = reads.map((r): ColumnReader => {
      if (r.from === 'original') {
        const c = r.c;
        const at = (i: number): CellValue => source.cell(p.source[i]!, c);
        const coded = source.codes?.(c);
        if (!coded) return { kind: 'cell', at };
        const codes = coded.codes;
        const rows = p.source;
        return { kind: 'cell', at, texts: coded.texts, code: (i) => codes[rows[i]!]! - 1 };
      }
      if (r.from === 'parsed') return parsedReader(parsed[r.k]!.field, store);
      return DEAL_COLUMNS[r.k]!.read(store);
    });
    // A row's original cells are copied from its source row at once; the rest are read,
    // grouped by kind (one loop per kind, no switch per cell).
    const dest = Int32Array.from(reads.flatMap((r, at) => (r.from === 'original' ? [at] : [])));
    const computed = reads.flatMap((r, at) => (r.from === 'original' ? [] : [at]));
    const fill = readerCells(
      computed.map((c) => readers[c]!),
      computed,
      (day) => store.dateOf(day),
    );
    return {
      columns,
      rowCount: n,
      readers,
      fillRow(i, row) {
        const r = p.source[i]!;
        for (let c = 0; c < width; c++) row[dest[c]!] = source.cell(r, c);
        fill(i, row);
        if (row.length > total) row.length = total;
      },
    };
  },
};
