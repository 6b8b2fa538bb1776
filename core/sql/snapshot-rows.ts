/**
 * A run of the engine as rows of the snapshot table: the engine parses the
 * deal sheet (amounts, dates, stages, probabilities, currencies, segment
 * values), these rows hold its parsed values, and the SQL aggregates them.
 * Values are text in the exact form each column's type reads (money to the
 * cent, probabilities to 9 places, dates ISO), or null.
 */
import type { CellValue } from '../cells';
import { FunnelError, describeValue } from '../errors';
import { headerKey } from '../engine/headers';
import { dealStoreOf, labelText, type DealLabel } from '../engine/deals';
import { dayAt, segmentText } from '../engine/parse-rows';
import { TIER_SEGMENT } from '../engine/run';
import type { ForecastResult } from '../engine/types';
import { isBlankValue } from '../read/blank';
import { isoOfDay } from '../read/date';
import { SNAPSHOT_COLUMNS, segmentColumns, type SegmentColumn } from './schema';

export interface SnapshotRows {
  /** Column names: SNAPSHOT_COLUMNS, then the segment columns. */
  columns: string[];
  segments: SegmentColumn[];
  /** Segment column to the header the Forecast names it by. */
  segmentHeaders: string[];
  /** How many rows the snapshot stores (deals whose key is kept). */
  size: number;
  /**
   * Row k written into out (one value per column): built on demand from the
   * engine's columns, so a million rows are never held at once.
   */
  fillRow(k: number, out: (string | null)[]): void;
  /** The header the deal key was read from. */
  keyHeader: string;
  /** Plain notes: amounts rounded to the cent, probabilities to 9 places. */
  notes: string[];
}

/** A snapshot key that repeats or is blank: the row cannot be stored (it would be a guess). */
export class SnapshotKeyError extends FunnelError {}

const iso = (d: Date | null | undefined): string | null =>
  d ? d.toISOString().slice(0, 10) : null;

/** What a snapshot row reads of deal i: texts as stored (dates ISO), numbers as the engine read them. */
interface DealColumns {
  size: number;
  /** Deal i's source cell in column c (null when its row has none). */
  cell(i: number, c: number): CellValue;
  row(i: number): number;
  sourceAmount(i: number): number | null;
  probability(i: number): number | null;
  account(i: number): string | null;
  owner(i: number): string | null;
  stageLabel(i: number): string | null;
  currency(i: number): string | null;
  closeDate(i: number): string | null;
  createdDate(i: number): string | null;
  category(i: number): string | null;
  ladder(i: number): string | null;
  status(i: number): string | null;
  tier(i: number): string | null;
}

/**
 * The engine's deal columns (core/engine/deals.ts), read in place: no
 * DealRecord per deal (a million of them cost seconds and a gigabyte); a
 * result built by hand (no column store) is read from result.deals.
 */
function dealColumns(result: ForecastResult): DealColumns {
  const store = dealStoreOf(result);
  if (!store) {
    const d = result.deals;
    return {
      size: d.length,
      cell: (i, c) => d[i]!.original[c] ?? null,
      row: (i) => d[i]!.row,
      sourceAmount: (i) => d[i]!.sourceAmount ?? null,
      probability: (i) => d[i]!.probability,
      account: (i) => d[i]!.account,
      owner: (i) => d[i]!.owner,
      stageLabel: (i) => d[i]!.stageLabel,
      currency: (i) => d[i]!.currency,
      closeDate: (i) => iso(d[i]!.closeDate),
      createdDate: (i) => iso(d[i]!.createdDate),
      category: (i) => d[i]!.category,
      ladder: (i) => d[i]!.stage,
      status: (i) => d[i]!.status,
      tier: (i) => d[i]!.tier,
    };
  }
  const p = store.p;
  const days = new Map<number, string>();
  const day = (column: Int32Array, i: number): string | null => {
    const n = dayAt(column, i);
    if (n !== n) return null;
    let t = days.get(n);
    if (t === undefined) days.set(n, (t = isoOfDay(n)));
    return t;
  };
  const L = store.labels;
  const text = (label: DealLabel) => (i: number) => labelText(label, i);
  return {
    size: p.n,
    cell: (i, c) => store.cell(i, c),
    row: (i) => p.firstRow + p.source[i]!,
    sourceAmount: (i) => (p.amount[i] === p.amount[i] ? p.amount[i]! : null),
    probability: (i) => (p.probability[i] === p.probability[i] ? p.probability[i]! : null),
    account: text(L.account),
    owner: text(L.owner),
    stageLabel: text(L.stageLabel),
    currency: text(L.currency),
    closeDate: (i) => day(p.closeDay, i),
    createdDate: (i) => day(p.createdDay, i),
    category: text(L.category),
    ladder: text(L.stage),
    status: text(L.status),
    tier: text(L.tier),
  };
}

/** Exact decimal text of a number with `places` decimals, or null. */
function decimal(x: number | null | undefined, places: number): string | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const s = x.toFixed(places);
  return s.charCodeAt(0) === 45 && /^-0\.0*$/.test(s) ? s.slice(1) : s;
}

export function snapshotRows(
  result: ForecastResult,
  options: {
    date: string;
    segmentBy?: readonly string[];
    /** The segment columns the store already holds (segmentColumns' `existing`). */
    storedSegments?: readonly SegmentColumn[];
    keyHeader?: string | null;
    /**
     * 'refuse' (the history store): a blank or repeated key is an error.
     * 'first' (as the pipeline-change bridge does): such rows are left out and counted in a note.
     */
    repeatedKeys?: 'refuse' | 'first';
  },
): SnapshotRows {
  const headers = result.mapping.headers;
  const fields = result.mapping.fields;
  let keyHeader = options.keyHeader ?? null;
  let keyCol = -1;
  if (keyHeader) {
    keyCol = headers.findIndex((h) => headerKey(h) === headerKey(keyHeader!));
    if (keyCol < 0) {
      throw new FunnelError(
        '#VALUE!',
        `The key column ${describeValue(keyHeader)} is not a header of this sheet; the headers are ${headers.join(', ')}.`,
      );
    }
  } else if (fields.opportunity) {
    keyCol = fields.opportunity.column;
  } else {
    throw new FunnelError(
      '#VALUE!',
      'No deal key: the sheet has no opportunity column; name the key column (--key HEADER).',
    );
  }
  keyHeader = headers[keyCol]!;

  const segments = segmentColumns(options.segmentBy ?? [], options.storedSegments);
  const report = result.mapping.segments;
  const deals = dealColumns(result);
  let next = 0;
  const segmentHeaders: string[] = [];
  const segmentOf: ((i: number) => string)[] = segments.map((s) => {
    if (s.header === TIER_SEGMENT) {
      segmentHeaders.push(TIER_SEGMENT);
      return (i) => deals.tier(i) ?? '(no account)';
    }
    const header = report[next++]!;
    segmentHeaders.push(header);
    const col = headers.indexOf(header);
    return (i) => segmentText(deals.cell(i, col));
  });

  // First the keys (a repeated or blank one is refused before anything is written), counting
  // what will be rounded; the rows themselves are built when they are written (fillRow).
  const seen = new Map<string, number>();
  const kept = new Int32Array(deals.size);
  const keys: string[] = new Array<string>(deals.size);
  let size = 0;
  let roundedAmounts = 0;
  let leftOut = 0;
  let roundedProbabilities = 0;
  const lenient = options.repeatedKeys === 'first';
  const probabilityTexts = new Map<number, { text: string | null; rounded: boolean }>();
  /** A probability's text, each distinct one written (and checked) once. */
  const probabilityText = (p: number) => {
    let t = probabilityTexts.get(p);
    if (t === undefined) {
      const text = decimal(p, 9);
      probabilityTexts.set(p, (t = { text, rounded: text !== null && Number(text) !== p }));
    }
    return t;
  };
  for (let i = 0; i < deals.size; i++) {
    const keyCell: CellValue = deals.cell(i, keyCol);
    if (lenient && (isBlankValue(keyCell) || seen.has(keyText(keyCell)))) {
      leftOut++;
      continue;
    }
    if (isBlankValue(keyCell)) {
      const row = deals.row(i);
      throw new SnapshotKeyError(
        '#VALUE!',
        `Row ${row}: the key ${keyHeader} is blank; every deal of a snapshot needs its key.`,
        { row, column: keyHeader },
      );
    }
    const key = keyText(keyCell);
    const before = seen.get(key);
    if (before !== undefined) {
      const row = deals.row(i);
      throw new SnapshotKeyError(
        '#VALUE!',
        `Row ${row}: the key ${keyHeader} ${describeValue(key)} repeats row ${before}; a snapshot holds each deal once.`,
        { row, column: keyHeader, value: key },
      );
    }
    seen.set(key, deals.row(i));
    keys[size] = key;
    kept[size++] = i;
    const source = deals.sourceAmount(i);
    // Whole cents pass the cheap test; the rest are written and read back to tell.
    if (
      source !== null &&
      Number.isFinite(source) &&
      Math.round(source * 100) / 100 !== source &&
      Number(decimal(source, 2)) !== source
    )
      roundedAmounts++;
    const p = deals.probability(i);
    if (p !== null && probabilityText(p).rounded) roundedProbabilities++;
  }
  const oppCol = fields.opportunity?.column ?? -1;
  const fillRow = (k: number, out: (string | null)[]): void => {
    const i = kept[k]!;
    const p = deals.probability(i);
    out[0] = options.date;
    out[1] = keys[k]!;
    out[2] = oppCol >= 0 ? text(deals.cell(i, oppCol)) : null;
    out[3] = deals.account(i);
    out[4] = deals.owner(i);
    out[5] = deals.stageLabel(i);
    out[6] = decimal(deals.sourceAmount(i), 2);
    out[7] = deals.currency(i);
    // A deal the engine could not weigh has no probability: the SQL leaves it out, as the engine does.
    out[8] = p === null ? null : probabilityText(p).text;
    out[9] = deals.closeDate(i);
    out[10] = deals.createdDate(i);
    out[11] = deals.category(i);
    out[12] = deals.ladder(i);
    out[13] = deals.status(i);
    for (let c = 0; c < segmentOf.length; c++) out[14 + c] = segmentOf[c]!(i);
  };
  const notes: string[] = [];
  if (leftOut)
    notes.push(`${leftOut} rows with a blank or repeated key ${keyHeader} were left out.`);
  if (roundedAmounts)
    notes.push(`${roundedAmounts} amounts had digits below the cent: stored rounded to the cent.`);
  if (roundedProbabilities)
    notes.push(`${roundedProbabilities} probabilities had more than 9 decimals: stored rounded.`);
  return {
    columns: [...SNAPSHOT_COLUMNS.map((c) => c.name), ...segments.map((s) => s.column)],
    segments,
    segmentHeaders,
    size,
    fillRow,
    keyHeader,
    notes,
  };
}

const keyText = (v: CellValue): string => (v instanceof Date ? iso(v)! : String(v).trim());

function text(v: CellValue | undefined): string | null {
  if (v === undefined || isBlankValue(v)) return null;
  return v instanceof Date ? iso(v) : String(v).trim();
}

/** Every row of a snapshot, each its own array (tests and small snapshots). */
export function allSnapshotRows(snap: SnapshotRows): (string | null)[][] {
  return Array.from({ length: snap.size }, (_, k) => {
    const out = new Array<string | null>(snap.columns.length).fill(null);
    snap.fillRow(k, out);
    return out;
  });
}
