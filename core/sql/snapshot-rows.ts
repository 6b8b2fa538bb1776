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
import { segmentText } from '../engine/parse-rows';
import { TIER_SEGMENT } from '../engine/run';
import type { DealRecord, ForecastResult } from '../engine/types';
import { isBlankValue } from '../values';
import { SNAPSHOT_COLUMNS, segmentColumns, type SegmentColumn } from './schema';

export interface SnapshotRows {
  /** Column names: SNAPSHOT_COLUMNS, then the segment columns. */
  columns: string[];
  segments: SegmentColumn[];
  /** Segment column to the header the Forecast names it by. */
  segmentHeaders: string[];
  rows: (string | null)[][];
  /** The header the deal key was read from. */
  keyHeader: string;
  /** Plain notes: amounts rounded to the cent, probabilities to 9 places. */
  notes: string[];
}

/** A snapshot key that repeats or is blank: the row cannot be stored (it would be a guess). */
export class SnapshotKeyError extends FunnelError {}

const iso = (d: Date | null | undefined): string | null =>
  d ? d.toISOString().slice(0, 10) : null;

/** Exact decimal text of a number with `places` decimals, or null. */
function decimal(x: number | null | undefined, places: number): string | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const s = x.toFixed(places);
  return /^-0\.0*$/.test(s) ? s.slice(1) : s;
}

export function snapshotRows(
  result: ForecastResult,
  options: {
    date: string;
    segmentBy?: readonly string[];
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

  const segments = segmentColumns(options.segmentBy ?? []);
  const report = result.mapping.segments;
  let next = 0;
  const segmentHeaders: string[] = [];
  const segmentOf: ((d: DealRecord) => string)[] = segments.map((s) => {
    if (s.header === TIER_SEGMENT) {
      segmentHeaders.push(TIER_SEGMENT);
      return (d) => d.tier ?? '(no account)';
    }
    const header = report[next++]!;
    segmentHeaders.push(header);
    const col = headers.indexOf(header);
    return (d) => segmentText(d.original[col] ?? null);
  });

  const seen = new Map<string, number>();
  const rows: (string | null)[][] = [];
  let roundedAmounts = 0;
  let leftOut = 0;
  let roundedProbabilities = 0;
  for (const d of result.deals) {
    const keyCell: CellValue = d.original[keyCol] ?? null;
    const lenient = options.repeatedKeys === 'first';
    if (lenient && (isBlankValue(keyCell) || seen.has(keyText(keyCell)))) {
      leftOut++;
      continue;
    }
    if (isBlankValue(keyCell)) {
      throw new SnapshotKeyError(
        '#VALUE!',
        `Row ${d.row}: the key ${keyHeader} is blank; every deal of a snapshot needs its key.`,
        { row: d.row, column: keyHeader },
      );
    }
    const key = keyText(keyCell);
    const before = seen.get(key);
    if (before !== undefined) {
      throw new SnapshotKeyError(
        '#VALUE!',
        `Row ${d.row}: the key ${keyHeader} ${describeValue(key)} repeats row ${before}; a snapshot holds each deal once.`,
        { row: d.row, column: keyHeader, value: key },
      );
    }
    seen.set(key, d.row);
    const source = d.sourceAmount ?? null;
    const amount = decimal(source, 2);
    if (amount !== null && Number(amount) !== source) roundedAmounts++;
    // A deal the engine could not weigh has no probability: the SQL leaves it out, as the engine does.
    const probability = decimal(d.probability, 9);
    if (probability !== null && Number(probability) !== d.probability) roundedProbabilities++;
    rows.push([
      options.date,
      key,
      text(d.original[fields.opportunity?.column ?? -1]),
      d.account,
      d.owner,
      d.stageLabel,
      amount,
      d.currency,
      probability,
      iso(d.closeDate),
      iso(d.createdDate),
      d.category,
      d.stage,
      d.status,
      ...segmentOf.map((f) => f(d)),
    ]);
  }
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
    rows,
    keyHeader,
    notes,
  };
}

const keyText = (v: CellValue): string => (v instanceof Date ? iso(v)! : String(v).trim());

function text(v: CellValue | undefined): string | null {
  if (v === undefined || isBlankValue(v)) return null;
  return v instanceof Date ? iso(v) : String(v).trim();
}
