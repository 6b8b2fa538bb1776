/**
 * A snapshot: one run of the engine on one export of the deal sheet, with
 * the key that matches its deals to another snapshot's. Nothing is parsed
 * again: amounts (in the base currency), stages, status, close dates and
 * segments come from the run's own columns (core/engine/deals.ts).
 */
import type { CellValue } from '../cells';
import { FunnelError, describeValue } from '../errors';
import { dealStoreOf, type DealStore } from '../engine/deals';
import { headerKey } from '../engine/headers';
import { TIER_SEGMENT } from '../engine/run';
import type { ForecastResult, ForecastSettings } from '../engine/types';
import { clean } from '../money';
import { normalizeLabel } from '../text';
import { parseIsoDay } from '../read/date';
import type { ChangeIssue } from './types';

/**
 * Headers that hold a deal's id, best first (headerKey form). The opportunity
 * name is the fallback key: names repeat more often than ids, and each
 * repeat is reported.
 */
export const KEY_HEADERS: readonly string[] = [
  'opportunityid',
  'dealid',
  'recordid',
  'opportunitynumber',
  'dealnumber',
  'crmid',
  'id',
  '商机编号',
  '商机id',
  '机会编号',
  '项目编号',
];

export interface Snapshot {
  /** File, sheet or table name, for messages. */
  name: string;
  /** The snapshot's date (the run's as-of date, ISO) and its day number. */
  date: string;
  day: number;
  keyHeader: string;
  result: ForecastResult;
  store: DealStore;
  /** Deals (data rows) in the snapshot. */
  n: number;
  /** Each deal's key ('' when blank). */
  keys: string[];
  /** Key to the deal that carries it in the bridge (its first row). */
  index: Map<string, number>;
  /** 1 when the deal takes part in the bridge: counted, with a key seen first on its row. */
  present: Uint8Array;
  /** Weighted amount per counted deal (amount x probability, as FunnelData writes it). */
  weighted: Float64Array;
  /** Segment values per deal, joined by U+0000 in segmentHeaders order ('' when unsegmented). */
  segmentKey: string[];
  segmentHeaders: string[];
  /** Rows left out: repeated or blank keys. */
  issues: ChangeIssue[];
  notes: string[];
}

/** The key column: the one the user named, else a deal-id header, else the mapped opportunity column. */
function keyColumn(
  result: ForecastResult,
  key: string | null | undefined,
): { col: number; how: string } {
  const headers = result.mapping.headers;
  if (key !== undefined && key !== null && key.trim() !== '') {
    const want = headerKey(key);
    const col = headers.findIndex((h) => headerKey(h) === want);
    if (col < 0) {
      throw new FunnelError(
        '#VALUE!',
        `The key column ${describeValue(key)} is not a header of this sheet; the headers are ${headers.join(', ')}.`,
        { column: key },
      );
    }
    return { col, how: 'chosen' };
  }
  const keys = headers.map(headerKey);
  for (const k of KEY_HEADERS) {
    const col = keys.indexOf(k);
    if (col >= 0) return { col, how: 'a deal id' };
  }
  const opp = result.mapping.fields.opportunity;
  if (opp) return { col: opp.column, how: 'the opportunity column (no deal id column found)' };
  throw new FunnelError(
    '#VALUE!',
    'No key to match deals between snapshots: the sheet has no opportunity id or name column. Choose one (key=Header).',
  );
}

/**
 * A date written in a file name (deals-2026-11-08.csv, export_20261108.xlsx),
 * the default date of an earlier export; null when there is none or it is
 * not a real date. Callers say that the date came from the name.
 */
export function dateInFileName(name: string): string | null {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const m = /(20\d{2})[-_.]?([01]\d)[-_.]?([0-3]\d)/.exec(base);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return Number.isNaN(parseIsoDay(iso)) ? null : iso;
}

const rows = (n: number): string => (n === 1 ? '1 row' : `${n} rows`);

/** A key as text: trimmed, '' for a blank cell (one trim per key: a million keys per snapshot). */
function keyText(v: CellValue): string {
  if (typeof v === 'string') return v.trim();
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** Segment headers of a run in the user's order (as the Forecast orders them), "Tier" included. */
function segmentHeadersOf(result: ForecastResult, settings: ForecastSettings): string[] {
  const found = result.mapping.segments;
  const out: string[] = [];
  for (const s of settings.segmentBy ?? []) {
    const n = normalizeLabel(s);
    if (n === normalizeLabel(TIER_SEGMENT)) out.push(TIER_SEGMENT);
    else {
      const h = found.find((x) => normalizeLabel(x) === n);
      if (h !== undefined && !out.includes(h)) out.push(h);
    }
  }
  return out;
}

/**
 * The snapshot of a run. `settings` are the run's (its as-of date is the
 * snapshot's date); `key` names the key column (default: detected, and the
 * notes say which).
 */
export function snapshotOf(
  result: ForecastResult,
  settings: ForecastSettings,
  name: string,
  key?: string | null,
): Snapshot {
  const store = dealStoreOf(result);
  if (!store) {
    throw new FunnelError(
      '#VALUE!',
      'A snapshot needs a result of runForecast (its deal columns).',
    );
  }
  const date = (result.asOf ?? settings.asOf ?? '').trim();
  const day = parseIsoDay(date);
  if (Number.isNaN(day)) {
    throw new FunnelError('#VALUE!', `The snapshot ${name} has no as-of date (YYYY-MM-DD).`);
  }
  const p = store.p;
  const n = store.size;
  const { col, how } = keyColumn(result, key);
  const keyHeader = result.mapping.headers[col]!;
  const notes = [`${name}: deals matched by ${keyHeader} (${how}).`];

  const keys: string[] = new Array(n);
  const index = new Map<string, number>();
  const present = new Uint8Array(n);
  const issues: ChangeIssue[] = [];
  const keyIssue = (
    row: number,
    value: CellValue,
    kind: ChangeIssue['kind'],
    problem: string,
  ): void => {
    issues.push({ snapshot: name, date, row, column: keyHeader, value, kind, problem });
  };
  for (let i = 0; i < n; i++) {
    const v = store.cell(i, col);
    const k = keyText(v);
    keys[i] = k;
    const row = p.firstRow + p.source[i]!;
    if (k === '') {
      keyIssue(
        row,
        v,
        'missing-key',
        `the key (${keyHeader}) is blank: the deal cannot be matched with another snapshot and is left out of the change bridge.`,
      );
      continue;
    }
    const first = index.get(k);
    if (first !== undefined) {
      keyIssue(
        row,
        v,
        'duplicate-key',
        `the key ${describeValue(k)} is already on row ${p.firstRow + p.source[first]!}: this row is left out of the change bridge (keys must be unique in a snapshot).`,
      );
      continue;
    }
    index.set(k, i);
    if (store.counted[i]) present[i] = 1;
  }

  const weighted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (store.counted[i]) weighted[i] = clean(store.amount[i]! * p.probability[i]!);
  }

  const segmentHeaders = segmentHeadersOf(result, settings);
  const segmentKey: string[] = new Array(n);
  if (segmentHeaders.length === 0) segmentKey.fill('');
  else {
    const found = result.mapping.segments;
    const parts = segmentHeaders.map((h) => (h === TIER_SEGMENT ? -1 : found.indexOf(h)));
    const tierLabels = store.pyramid.labels;
    const cache = new Map<number, string>();
    const tiers = tierLabels.length + 1;
    for (let i = 0; i < n; i++) {
      const seg = p.segment[i]!;
      const tier = parts.includes(-1) ? store.pyramid.tierOfDeal(i) : 0;
      const id = seg * tiers + tier;
      let text = cache.get(id);
      if (text === undefined) {
        const values = found.length ? p.segments.values[seg]!.split('\u0000') : [];
        text = parts
          .map((c) =>
            c < 0 ? (tier < tierLabels.length ? tierLabels[tier]! : '(no account)') : values[c]!,
          )
          .join('\u0000');
        cache.set(id, text);
      }
      segmentKey[i] = text;
    }
  }

  const dups = issues.filter((x) => x.kind === 'duplicate-key').length;
  const blanks = issues.length - dups;
  if (dups || blanks) {
    notes.push(
      `${name}: ${[dups ? `${rows(dups)} repeat a key` : '', blanks ? `${rows(blanks)} without a key` : ''].filter(Boolean).join(' and ')}: left out of the bridge and listed.`,
    );
  }
  return {
    name,
    date,
    day,
    keyHeader,
    result,
    store,
    n,
    keys,
    index,
    present,
    weighted,
    segmentKey,
    segmentHeaders,
    issues,
    notes,
  };
}
