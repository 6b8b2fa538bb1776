/**
 * The documented tables the warehouse SQL reads (docs/warehouse.md):
 *
 * - the snapshot table, one row per deal per snapshot date;
 * - the stage table, one row per stage label (the view ff_stage is generated
 *   from the run's stage table, the default ladder and the presets).
 *
 * Segment columns are named seg_<header in snake_case> (seg_1, seg_2... when
 * the header has no ASCII letter or digit), so no identifier needs quoting.
 */
import { TIER_SEGMENT } from '../engine/run';
import { normalizeLabel } from '../text';
import type { Dialect, SqlType } from './dialect';

export interface ColumnDef {
  name: string;
  type: SqlType;
  /** What the column holds, for docs and the DDL's comments. */
  about: string;
}

export const SNAPSHOT_TABLE = 'ff_snapshot';

/** The snapshot table's fixed columns, in order; the segment columns follow. */
export const SNAPSHOT_COLUMNS: readonly ColumnDef[] = [
  { name: 'snapshot_date', type: 'date', about: 'date of the snapshot (its as-of date)' },
  { name: 'deal_key', type: 'text', about: 'deal id; unique within a snapshot date' },
  { name: 'opportunity', type: 'text', about: 'opportunity name' },
  { name: 'account', type: 'text', about: 'account (customer) name' },
  { name: 'owner', type: 'text', about: 'deal owner' },
  { name: 'stage', type: 'text', about: 'stage label as the CRM writes it' },
  {
    name: 'amount',
    type: 'money',
    about: 'amount in the deal currency; NULL when the source amount could not be read',
  },
  { name: 'currency', type: 'text', about: 'ISO currency code; NULL = the base currency' },
  {
    name: 'probability',
    type: 'probability',
    about: "probability 0-1; NULL = the stage table's",
  },
  { name: 'close_date', type: 'date', about: 'expected or actual close date; NULL = none' },
  { name: 'created_date', type: 'date', about: 'created date' },
  {
    name: 'category',
    type: 'text',
    about:
      "forecast category (Omitted, Pipeline, Best Case, Commit, Closed); NULL = the stage table's",
  },
  {
    name: 'ladder_stage',
    type: 'text',
    about: "ladder stage (Leads ... Committed, Won, Lost); NULL = the stage table's",
  },
  { name: 'status', type: 'text', about: 'open, won or lost; NULL = from the ladder stage' },
];

export const STAGE_VIEW = 'ff_stage';

/** The stage table's columns (the ff_stage view), in order. */
export const STAGE_COLUMNS: readonly ColumnDef[] = [
  {
    name: 'stage_key',
    type: 'text',
    about: 'the label, lower-cased and trimmed: what a snapshot row is matched on',
  },
  { name: 'stage', type: 'text', about: 'stage label' },
  { name: 'probability', type: 'probability', about: 'probability 0-1' },
  { name: 'category', type: 'text', about: 'forecast category' },
  { name: 'ladder_stage', type: 'text', about: 'ladder stage' },
];

export interface SegmentColumn {
  /** The segment as the settings and the Forecast table name it. */
  header: string;
  /** Its column in the snapshot table and the views. */
  column: string;
}

/**
 * Column names of the segments, in the settings' order; "Tier" is the account tier (seg_tier).
 * `existing`: the columns a table already holds (the history store's earlier snapshots): a
 * header already there keeps its column, a new one never takes a column another header has
 * (区域 then 地区 in two adds are seg_1 and seg_2, not both seg_1).
 */
export function segmentColumns(
  segmentBy: readonly string[] = [],
  existing: readonly SegmentColumn[] = [],
): SegmentColumn[] {
  const known = new Map(existing.map((s) => [normalizeLabel(s.header), s.column]));
  const taken = new Set<string>(existing.map((s) => s.column));
  const seen = new Set<string>();
  const out: SegmentColumn[] = [];
  segmentBy.forEach((raw, i) => {
    const header = normalizeLabel(raw) === normalizeLabel(TIER_SEGMENT) ? TIER_SEGMENT : raw.trim();
    if (seen.has(normalizeLabel(header))) return;
    seen.add(normalizeLabel(header));
    const stored = known.get(normalizeLabel(header));
    if (stored !== undefined) {
      out.push({ header, column: stored });
      return;
    }
    const snake = header
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    let column = snake ? `seg_${snake}` : `seg_${i + 1}`;
    for (let n = 2; taken.has(column); n++) column = `seg_${snake || i + 1}_${n}`;
    taken.add(column);
    out.push({ header, column });
  });
  return out;
}

/** CREATE TABLE for the snapshot table with these segment columns. */
export function snapshotTableDdl(
  dialect: Dialect,
  segments: readonly SegmentColumn[],
  table = SNAPSHOT_TABLE,
): string {
  const cols = [
    ...SNAPSHOT_COLUMNS.map((c) => `  ${c.name} ${dialect.type(c.type)}`),
    ...segments.map((s) => `  ${s.column} ${dialect.type('text')}`),
  ];
  return `CREATE TABLE IF NOT EXISTS ${table} (\n${cols.join(',\n')}\n)`;
}
