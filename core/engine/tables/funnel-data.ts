/**
 * The FunnelData table: every source row as the sheet had it, the amount and
 * dates the engine parsed (where the sheet held them as text), then the
 * computed columns. Each computed column is defined once, in DEAL_COLUMNS: its
 * header and format, how it reads the engine's deal columns, and how it reads
 * a DealRecord (a result whose deals were built by hand). Its place in the
 * table is its place in that list.
 */
import type { CellValue } from '../../cells';
import { clean } from '../../money';
import type { ColumnFormat, ColumnReader, OutputColumn } from '../../output';
import { FORECAST_CATEGORIES, LADDER_STAGES } from '../../stages';
import { isDateFormat } from '../../values';
import { dealStoreOf, type DealStore } from '../deals';
import { FLAG_SLIPPED, FLAG_STALE, STATUS_NAMES, dayAt } from '../parse-rows';
import type { DealRecord, FieldName, ForecastResult } from '../types';
import { unique, yesNo, type TableSpec } from './spec';

// Imports as module constants: under a CommonJS transform (tsx, jest) each read of an
// imported binding is a getter call, and the readers below run once per deal and column.
const dayOf = dayAt;
const cleanMoney = clean;

interface DealColumn {
  column: OutputColumn;
  /** The column's cells from the engine's deal columns. */
  read(s: DealStore): ColumnReader;
  /** Its cell from a DealRecord. */
  record(d: DealRecord): CellValue;
}

const YES_NO = ['No', 'Yes'] as const;
const flagged = (s: DealStore, flag: number) => (i: number) => (s.p.flags[i]! & flag ? 1 : 0);
const known = (s: DealStore, i: number): boolean => s.p.probability[i] === s.p.probability[i];
const counted = (s: DealStore, i: number): boolean => s.counted[i] === 1;
const closeDay = (s: DealStore, i: number): number => dayOf(s.p.closeDay, i);

/** A calendar year ("2026") is written as the number it is, so a pivot groups and sorts it as one; "FY2027" stays text. */
function yearCell(label: string | null): CellValue {
  return label !== null && label.length === 4 && /^\d{4}$/.test(label) ? Number(label) : label;
}

/** A label that depends on a deal's close day only (its fiscal quarter): each day's label found once. */
function byCloseDay(s: DealStore, label: (day: number) => string): ColumnReader {
  const labels: string[] = [];
  const index = new Map<string, number>();
  const ofDay = new Map<number, number>();
  return {
    kind: 'label',
    labels,
    at(i) {
      const day = closeDay(s, i);
      if (day !== day) return -1;
      let k = ofDay.get(day);
      if (k === undefined) {
        const text = label(day);
        k = index.get(text);
        if (k === undefined) {
          k = labels.length;
          labels.push(text);
          index.set(text, k);
        }
        ofDay.set(day, k);
      }
      return k;
    },
  };
}

/** The computed FunnelData columns, in order. */
const DEAL_COLUMNS: readonly DealColumn[] = [
  {
    column: { header: 'Source Row', format: 'integer' },
    read: (s) => ({ kind: 'number', at: (i) => s.p.firstRow + s.p.source[i]! }),
    record: (d) => d.row,
  },
  {
    column: { header: 'Counted', format: 'text' },
    read: (s) => ({ kind: 'label', labels: YES_NO, at: (i) => (counted(s, i) ? 1 : 0) }),
    record: (d) => yesNo(d.counted !== false),
  },
  {
    column: { header: 'Ladder Stage', format: 'text' },
    read: (s) => ({
      kind: 'label',
      labels: LADDER_STAGES,
      at: (i) => (known(s, i) ? s.p.ladder[i]! : -1),
    }),
    record: (d) => d.stage,
  },
  {
    column: { header: 'Deal Status', format: 'text' },
    read: (s) => ({
      kind: 'label',
      labels: STATUS_NAMES,
      at: (i) => (known(s, i) ? s.p.status[i]! : -1),
    }),
    record: (d) => d.status,
  },
  {
    column: { header: 'Probability Used', format: 'percent' },
    read: (s) => ({ kind: 'number', at: (i) => s.p.probability[i]! }),
    record: (d) => d.probability,
  },
  {
    column: { header: 'Deal Amount', format: 'currency' },
    read: (s) => ({ kind: 'number', at: (i) => (counted(s, i) ? s.amount[i]! : NaN) }),
    record: (d) => d.amount,
  },
  {
    column: { header: 'Deal Currency', format: 'text' },
    read: (s) => {
      // The deal's own currency, or the base currency where the amount named none.
      const codes = s.p.currencies.values;
      const labels = s.base === null ? codes : [...codes, s.base];
      const base = s.base === null ? -1 : codes.length;
      return {
        kind: 'label',
        labels,
        at: (i) => (s.p.currency[i]! >= 0 ? s.p.currency[i]! : base),
      };
    },
    record: (d) => d.currency,
  },
  {
    column: { header: 'Weighted Amount', format: 'currency' },
    read: (s) => ({
      kind: 'number',
      at: (i) => (counted(s, i) ? cleanMoney(s.amount[i]! * s.p.probability[i]!) : NaN),
    }),
    record: (d) => d.weighted,
  },
  {
    column: { header: 'Category Used', format: 'text' },
    read: (s) => ({
      kind: 'label',
      labels: FORECAST_CATEGORIES,
      at: (i) => (known(s, i) ? s.p.category[i]! : -1),
    }),
    record: (d) => d.category,
  },
  {
    column: { header: 'Close Date Used', format: 'date' },
    read: (s) => ({ kind: 'day', at: (i) => closeDay(s, i) }),
    record: (d) => d.closeDate,
  },
  {
    column: { header: 'Period', format: 'text' },
    read: (s) => ({ kind: 'label', labels: s.periodLabels, at: (i) => s.period[i]! }),
    record: (d) => d.period,
  },
  {
    column: { header: 'Fiscal Year', format: 'text' },
    read: (s) => {
      const ofDay = new Map<number, CellValue>();
      return {
        kind: 'cell',
        at(i) {
          const day = closeDay(s, i);
          if (day !== day) return null;
          let v = ofDay.get(day);
          if (v === undefined) ofDay.set(day, (v = yearCell(s.names.fiscalYear(day))));
          return v;
        },
      };
    },
    record: (d) => yearCell(d.fiscalYear),
  },
  {
    column: { header: 'Fiscal Quarter', format: 'text' },
    read: (s) => byCloseDay(s, (day) => s.names.fiscalQuarter(day)),
    record: (d) => d.fiscalQuarter,
  },
  {
    column: { header: 'Account Tier', format: 'text' },
    read: (s) => ({ kind: 'label', labels: s.pyramid.labels, at: (i) => s.pyramid.tierOfDeal(i) }),
    record: (d) => d.tier,
  },
  {
    column: { header: 'Slipped', format: 'text' },
    read: (s) => ({ kind: 'label', labels: YES_NO, at: flagged(s, FLAG_SLIPPED) }),
    record: (d) => yesNo(d.slipped),
  },
  {
    column: { header: 'Stale', format: 'text' },
    read: (s) => ({ kind: 'label', labels: YES_NO, at: flagged(s, FLAG_STALE) }),
    record: (d) => yesNo(d.stale),
  },
  {
    column: { header: 'Issues', format: 'text' },
    read: (s) => ({ kind: 'cell', at: (i) => s.issuesText(i) || null }),
    record: (d) => d.issues || null,
  },
];

/** The computed FunnelData columns, in order (as the list above defines them). */
export const FUNNEL_DATA_COLUMNS: readonly OutputColumn[] = DEAL_COLUMNS.map((d) => d.column);

/** Format of an original column from a sample of its values (and Excel number formats, where given). */
function originalFormat(
  n: number,
  original: (i: number) => readonly CellValue[],
  c: number,
  formats?: (string | undefined)[],
): ColumnFormat {
  let numbers = 0;
  let dates = 0;
  let others = 0;
  const step = Math.max(1, Math.floor(n / 2000));
  for (let i = 0; i < n; i += step) {
    const v = original(i)[c];
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
    const original = store ? (i: number) => store.original(i) : (i: number) => deals![i]!.original;
    const taken = new Set(FUNNEL_DATA_COLUMNS.map((c) => c.header.toLowerCase()));
    const originalColumns: OutputColumn[] = unique(mapping.headers, taken).map((header, c) => ({
      header,
      format: originalFormat(n, original, c, options.formats ?? store?.formats),
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
    const { values, p } = store;
    const readers = reads.map((r): ColumnReader => {
      if (r.from === 'original') {
        const c = r.c;
        return { kind: 'cell', at: (i) => values[p.source[i]!]![c] ?? null };
      }
      if (r.from === 'parsed') return parsedReader(parsed[r.k]!.field, store);
      return DEAL_COLUMNS[r.k]!.read(store);
    });
    // A row's original cells are copied from its source row at once; the rest are read,
    // grouped by kind (one loop per kind, no switch per cell).
    const dest = Int32Array.from(reads.flatMap((r, at) => (r.from === 'original' ? [at] : [])));
    const ofKind = <K extends ColumnReader['kind']>(kind: K) => {
      const at = readers.flatMap((r, c) =>
        r.kind === kind && reads[c]!.from !== 'original' ? [c] : [],
      );
      return {
        at: Int32Array.from(at),
        readers: at.map((c) => readers[c] as Extract<ColumnReader, { kind: K }>),
      };
    };
    const numbers = ofKind('number');
    const labels = ofKind('label');
    const days = ofKind('day');
    const cells = ofKind('cell');
    return {
      columns,
      rowCount: n,
      readers,
      fillRow(i, row) {
        const src = values[p.source[i]!]!;
        for (let c = 0; c < width; c++) row[dest[c]!] = src[c] ?? null;
        for (let k = 0; k < numbers.at.length; k++) {
          const v = numbers.readers[k]!.at(i);
          row[numbers.at[k]!] = v === v ? v : null;
        }
        for (let k = 0; k < labels.at.length; k++) {
          const r = labels.readers[k]!;
          const x = r.at(i);
          row[labels.at[k]!] = x >= 0 && x < r.labels.length ? r.labels[x]! : null;
        }
        for (let k = 0; k < days.at.length; k++)
          row[days.at[k]!] = store.dateOf(days.readers[k]!.at(i));
        for (let k = 0; k < cells.at.length; k++) row[cells.at[k]!] = cells.readers[k]!.at(i);
        if (row.length > total) row.length = total;
      },
    };
  },
};
