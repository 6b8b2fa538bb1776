/**
 * Reading a stage-history file into HistoryRows: the header row and the
 * key / stage / date / outcome columns found by their headers, as Salesforce
 * (OpportunityHistory, OpportunityFieldHistory, Fivetran's opportunity_history),
 * HubSpot and plain sheets write them. Every decision is stated in the notes,
 * every mapping can be overridden, every row is used or reported.
 */
import { type CellValue, type Grid } from '../cells';
import { isBlank } from '../read/blank';
import { FunnelError, describeValue } from '../errors';
import { headerKey, uniqueHeaders } from '../engine/headers';
import { detectDayOrder, parseDateValue } from '../read/date';
import { readOutcome } from './outcome';
import type { HistoryIssue, HistoryRow } from './stage-rates';

export type HistoryField = 'key' | 'stage' | 'date' | 'outcome';
export const HISTORY_FIELDS: readonly HistoryField[] = ['key', 'stage', 'date', 'outcome'];

/** Known headers per field, best first, as headerKey() keys. */
const SYNONYMS: Record<HistoryField, readonly string[]> = {
  key: [
    'opportunityid',
    'dealid',
    'recordid',
    'opportunity',
    'opportunityname',
    'deal',
    'dealname',
    'key',
    'id',
    '商机编号',
    '商机id',
    '商机',
    '商机名称',
  ],
  stage: [
    'stagename',
    'stage',
    'tostage',
    'newstage',
    'dealstage',
    'salesstage',
    'opportunitystage',
    '阶段',
    '商机阶段',
    '销售阶段',
  ],
  date: [
    // Fivetran's history mode: when this version of the row began.
    'fivetranstart',
    // Salesforce OpportunityHistory / FieldHistory: when the change was made.
    'createddate',
    'editdate',
    'changedate',
    'stagechangedate',
    'dateenteredstage',
    'enteredstage',
    'date',
    'timestamp',
    'changedat',
    'modifieddate',
    'lastmodifieddate',
    'systemmodstamp',
    '变更时间',
    '变更日期',
    '日期',
    '时间',
  ],
  outcome: ['outcome', 'result', 'status', 'dealstatus', 'iswon', 'won', '结果', '状态'],
};

/** OpportunityFieldHistory: one row per changed field; the stage is NewValue where Field is StageName. */
const FIELD_NAME_KEYS = ['field', 'changedfield', 'fieldname'];
const NEW_VALUE_KEYS = ['newvalue', 'tovalue'];
const CLOSED_FLAG_KEYS = ['isclosed', 'closed'];
const DELETED_KEYS = ['isdeleted', 'deleted'];

export interface HistoryMapping {
  headerRow: number;
  headers: string[];
  /** Field to 0-based column, -1 when absent. */
  col: Record<HistoryField, number>;
  /** How each found field was chosen. */
  how: Partial<Record<HistoryField, 'detected' | 'user'>>;
  notes: string[];
}

export interface HistoryRead {
  rows: HistoryRow[];
  mapping: HistoryMapping;
  issues: HistoryIssue[];
  notes: string[];
}

function rank(field: HistoryField, key: string): number {
  const i = SYNONYMS[field].indexOf(key);
  return i < 0 ? Infinity : i;
}

function findHeaderRow(grid: Grid): number {
  let best = 0;
  let bestScore = 0;
  for (let r = 0; r < Math.min(grid.length, 30); r++) {
    const keys = (grid[r] ?? []).map((c) => (typeof c === 'string' ? headerKey(c) : ''));
    let score = 0;
    for (const f of HISTORY_FIELDS) if (keys.some((k) => rank(f, k) < Infinity)) score++;
    if (keys.some((k) => NEW_VALUE_KEYS.includes(k))) score++;
    if (score > bestScore) {
      bestScore = score;
      best = r;
    }
  }
  return best;
}

/**
 * Maps a history grid's columns. `mapping` names headers for fields the user
 * chose (an unknown header is an error listing the headers; "" = none).
 */
export function mapHistory(
  grid: Grid,
  mapping: Partial<Record<HistoryField, string | null>> = {},
): HistoryMapping & {
  fieldCol: number;
  newValueCol: number;
  closedCol: number;
  deletedCol: number;
} {
  if (grid.length === 0) throw new FunnelError('#VALUE!', 'The history is empty.');
  const headerRow = findHeaderRow(grid);
  const width = Math.max(...grid.slice(headerRow, headerRow + 50).map((r) => r.length));
  const headers = uniqueHeaders(grid[headerRow]!, width);
  const keys = headers.map(headerKey);
  const col = { key: -1, stage: -1, date: -1, outcome: -1 } as Record<HistoryField, number>;
  const how: HistoryMapping['how'] = {};
  const used = new Set<number>();
  const notes: string[] = [];
  for (const f of HISTORY_FIELDS) {
    if (!(f in mapping)) continue;
    const want = mapping[f];
    if (want === null || want === undefined || want === '') continue;
    const i = headers.findIndex(
      (h) => h.toLowerCase() === want.trim().toLowerCase() || headerKey(h) === headerKey(want),
    );
    if (i < 0) {
      throw new FunnelError(
        '#VALUE!',
        `History mapping ${f}=${want}: no column has that header; the headers are ${headers.join(', ')}.`,
        { column: want },
      );
    }
    col[f] = i;
    how[f] = 'user';
    used.add(i);
  }
  const fieldCol = keys.findIndex((k) => FIELD_NAME_KEYS.includes(k));
  const newValueCol = keys.findIndex((k) => NEW_VALUE_KEYS.includes(k));
  for (const f of HISTORY_FIELDS) {
    if (f in mapping) continue;
    let best = -1;
    let bestRank = Infinity;
    keys.forEach((k, i) => {
      const r = rank(f, k);
      if (!used.has(i) && r < bestRank) {
        best = i;
        bestRank = r;
      }
    });
    if (f === 'stage' && best < 0 && fieldCol >= 0 && newValueCol >= 0) best = newValueCol;
    if (best >= 0) {
      col[f] = best;
      how[f] = 'detected';
      used.add(best);
    }
  }
  const closedCol =
    col.outcome >= 0 && ['iswon', 'won'].includes(keys[col.outcome]!)
      ? keys.findIndex((k, i) => !used.has(i) && CLOSED_FLAG_KEYS.includes(k))
      : -1;
  const deletedCol = keys.findIndex((k, i) => !used.has(i) && DELETED_KEYS.includes(k));
  const named = HISTORY_FIELDS.filter((f) => col[f] >= 0)
    .map((f) => `${f}=${headers[col[f]]}${how[f] === 'user' ? ' (yours)' : ''}`)
    .join(', ');
  notes.push(`History: header row ${headerRow + 1}; columns ${named || '(none found)'}.`);
  if (col.stage === newValueCol && fieldCol >= 0) {
    notes.push(
      `History: a field history (${headers[fieldCol]}, ${headers[newValueCol]}): only the rows whose ${headers[fieldCol]} is StageName are read, their stage in ${headers[newValueCol]}.`,
    );
  }
  if (closedCol >= 0) {
    notes.push(
      `History: outcome from ${headers[col.outcome]} with ${headers[closedCol]} (closed and won = won, closed and not won = lost, not closed = open).`,
    );
  }
  if (col.key < 0 || col.stage < 0) {
    throw new FunnelError(
      '#VALUE!',
      `History: no ${col.key < 0 ? 'deal key' : 'stage'} column found; the headers are ${headers.join(', ')}. Name it with --history-map ${col.key < 0 ? 'key' : 'stage'}=Header.`,
    );
  }
  if (col.date < 0)
    notes.push('History: no date column; the rows of each deal are taken in file order.');
  return {
    headerRow,
    headers,
    col,
    how,
    notes,
    fieldCol: col.stage === newValueCol ? fieldCol : -1,
    newValueCol,
    closedCol,
    deletedCol,
  };
}

const TIME_RE = /[T\s](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?/;

/** The time of day of a date cell, as a fraction of a day (0 when none). */
function timeOfDay(v: CellValue): number {
  if (v instanceof Date) {
    const t = v.getTime();
    return (t - Math.floor(t / 86_400_000) * 86_400_000) / 86_400_000;
  }
  if (typeof v === 'number') return v - Math.floor(v);
  if (typeof v !== 'string') return 0;
  const m = TIME_RE.exec(v);
  if (!m) return 0;
  const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
  return Math.min(seconds, 86_399) / 86_400;
}

function isTrue(v: CellValue): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (['true', 'yes', '1', 'y'].includes(t)) return true;
    if (['false', 'no', '0', 'n', ''].includes(t)) return false;
  }
  return null;
}

/** A stage history grid (header row included) as HistoryRows, with its issues and notes. */
export function readHistory(
  grid: Grid,
  mapping: Partial<Record<HistoryField, string | null>> = {},
  firstSheetRow = 1,
): HistoryRead {
  const m = mapHistory(grid, mapping);
  const { col } = m;
  const rows: HistoryRow[] = [];
  const issues: HistoryIssue[] = [];
  const notes = [...m.notes];
  const body = grid.slice(m.headerRow + 1);
  const order = col.date >= 0 ? detectDayOrder(body.map((r) => r[col.date])) : null;
  if (col.date >= 0 && order) notes.push(`History: dates in ${m.headers[col.date]} read ${order}.`);
  let otherFields = 0;
  let deleted = 0;
  body.forEach((r, i) => {
    const row = firstSheetRow + m.headerRow + 1 + i;
    if (r.every((v) => isBlank(v))) return;
    if (m.fieldCol >= 0) {
      const f = r[m.fieldCol];
      if (typeof f !== 'string' || !['stagename', 'stage'].includes(headerKey(f))) {
        otherFields++;
        return;
      }
    }
    if (m.deletedCol >= 0 && isTrue(r[m.deletedCol] ?? null) === true) {
      deleted++;
      return;
    }
    let at: number | null = null;
    if (col.date >= 0) {
      const v = r[col.date] ?? null;
      const d = parseDateValue(v, order ?? 'month-first');
      if (typeof d === 'number') at = d + timeOfDay(v);
      else if (d !== null) {
        issues.push({
          row,
          column: 'date',
          value: v,
          problem: `${d.error}: the row counts as earlier than the deal's dated rows.`,
        });
      }
    }
    let outcome: HistoryRow['outcome'] = null;
    if (col.outcome >= 0) {
      const v = r[col.outcome] ?? null;
      if (m.closedCol >= 0) {
        const won = isTrue(v);
        const closed = isTrue(r[m.closedCol] ?? null);
        outcome = closed === null || won === null ? null : !closed ? 'open' : won ? 'won' : 'lost';
      } else {
        const o = readOutcome(v);
        if (o === undefined) {
          issues.push({
            row,
            column: 'outcome',
            value: v,
            problem: `${describeValue(v)} is not an outcome (won, lost or open): the stage decides.`,
          });
        } else outcome = o;
      }
    }
    rows.push({ key: r[col.key] ?? null, stage: r[col.stage] ?? null, at, outcome, row });
  });
  if (otherFields) {
    notes.push(`History: ${otherFields} rows change other fields than the stage; not read.`);
  }
  if (deleted)
    notes.push(`History: ${deleted} rows marked deleted (${m.headers[m.deletedCol]}); not read.`);
  return { rows, mapping: m, issues, notes };
}
