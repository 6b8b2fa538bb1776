/**
 * Per-deal results kept in columns. A million DealRecord objects cost more
 * than the whole forecast, so they are built only when someone reads
 * result.deals; the FunnelData table reads the columns straight
 * (core/engine/tables/funnel-data.ts).
 */
import type { CellSource, CellValue } from '../cells';
import { JsonBytes, jsonBytes } from '../json-bytes';
import { clean } from '../money';
import { FORECAST_CATEGORIES, LADDER_STAGES } from '../stages';
import { dateOfDay, isoOfDay } from '../read/date';
import {
  FLAG_NO_RATE,
  FLAG_SLIPPED,
  FLAG_STALE,
  STATUS_NAMES,
  dayAt,
  type ParsedRows,
} from './parse-rows';
import type { PeriodNamer } from './periods';
import { Interner } from './rows/columns';
import type { Pyramid } from './pyramid';
import type { DataIssue, DealRecord, ForecastResult } from './types';
import { labelText, type ColumnReader } from '../output';

// Imports as module constants: under a CommonJS transform (tsx, jest) each
// read of an imported binding is a getter call; deal() and json() make a dozen per deal.
const cleanMoney = clean;
const categoryNames = FORECAST_CATEGORIES;
const ladderNames = LADDER_STAGES;
const dateText = dateOfDay;
const flagNoRate = FLAG_NO_RATE;
const flagSlipped = FLAG_SLIPPED;
const flagStale = FLAG_STALE;
const statusNames = STATUS_NAMES;
const dayOf = dayAt;

/**
 * One of a deal's labels: an index into a list of texts, as a label reader
 * (ColumnReader) gives it; at(i) is deal i's (labels[at(i)], -1 for none).
 */
export type DealLabel = Extract<ColumnReader, { kind: 'label' }>;

/** The labels written per deal (its record, its JSON, FunnelData, the snapshot rows, the drill-down). */
export interface DealLabels {
  /** Ladder stage (none where the deal has no probability). */
  stage: DealLabel;
  /** The stage as the sheet names it. */
  stageLabel: DealLabel;
  status: DealLabel;
  category: DealLabel;
  /** The deal's currency, else the base currency. */
  currency: DealLabel;
  period: DealLabel;
  fiscalYear: DealLabel;
  fiscalQuarter: DealLabel;
  account: DealLabel;
  owner: DealLabel;
  /** Account tier (none for a deal without an account in the pyramid). */
  tier: DealLabel;
}

/** Deal i's text of a label (output.ts, for any label reader). */
export { labelText };

/** A label that depends on a deal's close day only (fiscal year, quarter): each day's text found once. */
function byCloseDay(p: ParsedRows, text: (day: number) => string): DealLabel {
  const labels = new Interner();
  const ofDay = new Map<number, number>();
  return {
    kind: 'label',
    labels: labels.values,
    at(i) {
      const day = dayOf(p.closeDay, i);
      if (day !== day) return -1;
      let k = ofDay.get(day);
      if (k === undefined) ofDay.set(day, (k = labels.id(text(day))));
      return k;
    },
  };
}

/** The one definition of a deal's labels, from the engine's columns. */
function dealLabels(s: DealStore): DealLabels {
  const p = s.p;
  const label = (labels: readonly string[], at: (i: number) => number): DealLabel => ({
    kind: 'label',
    labels,
    at,
  });
  // A deal the engine could not weigh (no probability) has no ladder stage, status or category.
  const known = (i: number): boolean => p.probability[i] === p.probability[i];
  const codes = p.currencies.values;
  const base = s.base === null ? -1 : codes.length;
  const tiers = s.pyramid;
  return {
    stage: label(ladderNames, (i) => (known(i) ? p.ladder[i]! : -1)),
    stageLabel: label(p.stageLabels.values, (i) => p.stageLabel[i]!),
    status: label(statusNames, (i) => (known(i) ? p.status[i]! : -1)),
    category: label(categoryNames, (i) => (known(i) ? p.category[i]! : -1)),
    currency: label(s.base === null ? codes : [...codes, s.base], (i) =>
      p.currency[i]! >= 0 ? p.currency[i]! : base,
    ),
    period: label(s.periodLabels, (i) => s.period[i]!),
    fiscalYear: byCloseDay(p, (day) => s.names.fiscalYear(day)),
    fiscalQuarter: byCloseDay(p, (day) => s.names.fiscalQuarter(day)),
    account: label(p.accounts.values, (i) => p.account[i]!),
    owner: label(p.owners.values, (i) => p.owner[i]!),
    tier: label(tiers.labels, (i) => {
      const t = tiers.tierOfDeal(i);
      return t < tiers.labels.length ? t : -1;
    }),
  };
}

export class DealStore {
  private readonly dates = new Map<number, Date>();
  private dealLabels: DealLabels | undefined;

  constructor(
    /** The sheet's cells: the issues read their names and values here. */
    readonly cells: CellSource,
    /** The sheet's rows (a CSV's built on first asking): the deals' original rows. */
    private readonly grid: () => CellValue[][],
    readonly p: ParsedRows,
    /** Amount in the base currency (valid where counted). */
    readonly amount: Float64Array,
    readonly counted: Uint8Array,
    readonly period: Int32Array,
    readonly periodLabels: readonly string[],
    readonly names: PeriodNamer,
    readonly pyramid: Pyramid,
    readonly base: string | null,
    readonly hasLastActivity: boolean,
    /** Problem text of a no-rate issue by currency id. */
    readonly noRateText: (currency: number) => string,
    /** Excel number formats of the first data row, where the host gave them. */
    readonly formats?: string[],
  ) {}

  get size(): number {
    return this.p.n;
  }

  /** The labels of deal i: each label's list and deal i's index into it (made once). */
  get labels(): DealLabels {
    return (this.dealLabels ??= dealLabels(this));
  }

  original(i: number): CellValue[] {
    return this.grid()[this.p.source[i]!]!;
  }

  /** Deal i's cell in column c (null when its row has none): every read of an original cell by the issue and deal writers goes through here. */
  cell(i: number, c: number): CellValue {
    return this.cells.cell(this.p.source[i]!, c);
  }

  /** A day's Date (UTC midnight), one object per day; null for NaN (no date). */
  dateOf(day: number): Date | null {
    if (Number.isNaN(day)) return null;
    let d = this.dates.get(day);
    if (!d) this.dates.set(day, (d = dateText(day)));
    return d;
  }

  /** The problems of deal i joined with "; ", in the order found (its no-rate issue last). */
  issuesText(i: number): string {
    const p = this.p;
    const count = p.issueCount[i]!;
    const noRate = (p.flags[i]! & flagNoRate) !== 0 ? this.noRateText(p.currency[i]!) : null;
    if (count === 0) return noRate ?? '';
    const start = p.issueStart[i]!;
    const texts = p.issues.texts;
    if (count === 1 && noRate === null) return texts[start]!;
    const parts = texts.slice(start, start + count);
    if (noRate !== null) parts.push(noRate);
    return parts.join('; ');
  }

  deal(i: number): DealRecord {
    const p = this.p;
    const L = this.labels;
    const prob = p.probability[i]!;
    const known = prob === prob;
    const isCounted = this.counted[i] === 1;
    const close = dayOf(p.closeDay, i);
    const src = p.amount[i]!;
    const flags = p.flags[i]!;
    return {
      row: p.firstRow + p.source[i]!,
      original: this.original(i),
      amount: isCounted ? this.amount[i]! : null,
      currency: labelText(L.currency, i),
      stage: labelText(L.stage, i) as DealRecord['stage'],
      stageLabel: labelText(L.stageLabel, i),
      probability: known ? prob : null,
      weighted: isCounted ? cleanMoney(this.amount[i]! * prob) : null,
      category: labelText(L.category, i) as DealRecord['category'],
      status: labelText(L.status, i) as DealRecord['status'],
      closeDate: this.dateOf(close),
      createdDate: this.dateOf(dayOf(p.createdDay, i)),
      period: labelText(L.period, i)!,
      fiscalYear: labelText(L.fiscalYear, i),
      fiscalQuarter: labelText(L.fiscalQuarter, i),
      account: labelText(L.account, i),
      owner: labelText(L.owner, i),
      tier: labelText(L.tier, i),
      slipped: (flags & flagSlipped) !== 0,
      issues: this.issuesText(i),
      counted: isCounted,
      sourceAmount: src === src ? src : null,
      lastActivity: this.hasLastActivity ? this.dateOf(dayOf(p.lastActivityDay, i)) : null,
      stale: (flags & flagStale) !== 0,
    };
  }

  /** Days as JSON bytes ("YYYY-MM-DD"), each made once. */
  private readonly dayBytes = new Map<number, Uint8Array>();

  /** A day as JSON: "YYYY-MM-DD", or null. */
  private day(day: number, out: JsonBytes): void {
    if (day !== day) {
      out.null();
      return;
    }
    let b = this.dayBytes.get(day);
    if (b === undefined) this.dayBytes.set(day, (b = jsonBytes(`"${isoOfDay(day)}"`)));
    out.bytes(b);
  }

  /** JSON bytes of the strings of the interned lists (stages, owners, periods...), each made once. */
  private readonly listBytes = new Map<readonly string[], Uint8Array[]>();

  /**
   * A member: its key, then list[k] (a label's list and a deal's index into it) as JSON, or null. The
   * callers read the index at a call site per label (a label's `at` is called
   * from one place, monomorphic, and inlined).
   */
  private at(key: Uint8Array, list: readonly string[], k: number, out: JsonBytes): void {
    out.bytes(key);
    if (k < 0 || k >= list.length) {
      out.null();
      return;
    }
    let bytes = this.listBytes.get(list);
    if (!bytes) this.listBytes.set(list, (bytes = []));
    out.bytes(bytes[k] ?? (bytes[k] = jsonBytes(JSON.stringify(list[k]!))));
  }

  private readonly fiscalBytes = new Map<number, Uint8Array>();

  /** The fiscal year and quarter members of deal i's JSON, made once per close day. */
  private fiscal(i: number, close: number, out: JsonBytes): void {
    let b = this.fiscalBytes.get(close);
    if (b === undefined) {
      const L = this.labels;
      b = jsonBytes(
        `,"fiscalYear":${JSON.stringify(labelText(L.fiscalYear, i))},"fiscalQuarter":${JSON.stringify(labelText(L.fiscalQuarter, i))}`,
      );
      this.fiscalBytes.set(close, b);
    }
    out.bytes(b);
  }

  /**
   * Deal i as the JSON of deal(i) (dates as YYYY-MM-DD, original values keyed
   * by header), written as bytes into out without building the record: a
   * million deals stream to stdout without a million objects or strings.
   */
  writeJson(i: number, keys: DealKeys, out: JsonBytes): void {
    const p = this.p;
    const L = this.labels;
    const prob = p.probability[i]!;
    const isCounted = this.counted[i] === 1;
    const close = dayOf(p.closeDay, i);
    const src = p.amount[i]!;
    const flags = p.flags[i]!;
    const k = DEAL_KEYS;
    out.bytes(k.row);
    out.uint(p.firstRow + p.source[i]!);
    writeOriginal(keys, (column) => this.cell(i, column), out);
    // (JsonBytes.number writes null for NaN: a deal not counted, a probability or amount unknown.)
    out.bytes(k.amount);
    out.number(isCounted ? this.amount[i]! : NaN);
    this.at(k.currency, L.currency.labels, L.currency.at(i), out);
    this.at(k.stage, L.stage.labels, L.stage.at(i), out);
    this.at(k.stageLabel, L.stageLabel.labels, L.stageLabel.at(i), out);
    out.bytes(k.probability);
    out.number(prob);
    out.bytes(k.weighted);
    out.number(isCounted ? cleanMoney(this.amount[i]! * prob) : NaN);
    this.at(k.category, L.category.labels, L.category.at(i), out);
    this.at(k.status, L.status.labels, L.status.at(i), out);
    out.bytes(k.closeDate);
    this.day(close, out);
    out.bytes(k.createdDate);
    this.day(dayOf(p.createdDay, i), out);
    this.at(k.period, L.period.labels, L.period.at(i), out);
    this.fiscal(i, close, out);
    this.at(k.account, L.account.labels, L.account.at(i), out);
    this.at(k.owner, L.owner.labels, L.owner.at(i), out);
    this.at(k.tier, L.tier.labels, L.tier.at(i), out);
    out.bytes((flags & flagSlipped) !== 0 ? k.slippedIssues : k.notSlippedIssues);
    out.string(this.issuesText(i));
    out.bytes(isCounted ? k.countedSource : k.notCountedSource);
    out.number(src);
    out.bytes(k.lastActivity);
    if (this.hasLastActivity) this.day(dayOf(p.lastActivityDay, i), out);
    else out.null();
    out.bytes((flags & flagStale) !== 0 ? k.staleEnd : k.freshEnd);
  }

  all(): DealRecord[] {
    const out: DealRecord[] = new Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.deal(i);
    return out;
  }
}

/** The constant parts of a deal's JSON, as bytes. */
const DEAL_KEYS = {
  row: jsonBytes('{"row":'),
  amount: jsonBytes(',"amount":'),
  currency: jsonBytes(',"currency":'),
  stage: jsonBytes(',"stage":'),
  stageLabel: jsonBytes(',"stageLabel":'),
  probability: jsonBytes(',"probability":'),
  weighted: jsonBytes(',"weighted":'),
  category: jsonBytes(',"category":'),
  status: jsonBytes(',"status":'),
  closeDate: jsonBytes(',"closeDate":'),
  createdDate: jsonBytes(',"createdDate":'),
  period: jsonBytes(',"period":'),
  account: jsonBytes(',"account":'),
  owner: jsonBytes(',"owner":'),
  tier: jsonBytes(',"tier":'),
  slippedIssues: jsonBytes(',"slipped":true,"issues":'),
  notSlippedIssues: jsonBytes(',"slipped":false,"issues":'),
  countedSource: jsonBytes(',"counted":true,"sourceAmount":'),
  notCountedSource: jsonBytes(',"counted":false,"sourceAmount":'),
  lastActivity: jsonBytes(',"lastActivity":'),
  staleEnd: jsonBytes(',"stale":true}'),
  freshEnd: jsonBytes(',"stale":false}'),
};

/**
 * The distinct headers of a sheet as the keys of a deal's `original` object:
 * `,"original":{"key":` for the first and `,"key":` for the others, each with
 * the column whose value it shows (the last of equal headers).
 */
type DealKeys = readonly { key: Uint8Array; column: number }[];

function headerKeys(headers: readonly string[]): DealKeys {
  const at = new Map<string, number>();
  headers.forEach((h, c) => at.set(h, c));
  const seen = new Set<string>();
  const keys: { key: Uint8Array; column: number }[] = [];
  for (const h of headers) {
    if (seen.has(h)) continue;
    seen.add(h);
    const key = `${keys.length ? ',' : ',"original":{'}${JSON.stringify(h)}:`;
    keys.push({ key: jsonBytes(key), column: at.get(h)! });
  }
  return keys;
}

const ORIGINAL_EMPTY = jsonBytes(',"original":{}');
const OBJECT_END = jsonBytes('}');

/** The `,"original":{...}` member of a deal's JSON: each key with its column's cell. */
function writeOriginal(
  keys: DealKeys,
  cell: (column: number) => CellValue | undefined,
  out: JsonBytes,
): void {
  if (keys.length === 0) {
    out.bytes(ORIGINAL_EMPTY);
    return;
  }
  for (let k = 0; k < keys.length; k++) {
    const { key, column } = keys[k]!;
    out.bytes(key);
    out.cell(cell(column));
  }
  out.bytes(OBJECT_END);
}

const STORES = new WeakMap<ForecastResult, DealStore>();

/** The column store behind a result, when the engine made it (not for a result built by hand). */
export function dealStoreOf(result: ForecastResult): DealStore | undefined {
  return STORES.get(result);
}

/** Replaces a lazy property by its value (plain data from then on; JSON and spreads see it). */
function settle<K extends 'deals' | 'issues'>(
  target: ForecastResult,
  key: K,
  value: ForecastResult[K],
): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * Gives a result its deals and issues: properties that build the DealRecords
 * and DataIssues on first read and then keep them.
 */
export function attachDeals(
  result: Omit<ForecastResult, 'deals'>,
  store: DealStore,
  issues: () => DataIssue[],
): ForecastResult {
  const full = result as ForecastResult;
  Object.defineProperty(full, 'deals', {
    configurable: true,
    enumerable: true,
    get(): DealRecord[] {
      const deals = store.all();
      settle(full, 'deals', deals);
      return deals;
    },
    set(value: DealRecord[]) {
      settle(full, 'deals', value);
      STORES.delete(full);
    },
  });
  Object.defineProperty(full, 'issues', {
    configurable: true,
    enumerable: true,
    get(): DataIssue[] {
      const list = issues();
      settle(full, 'issues', list);
      return list;
    },
    set(value: DataIssue[]) {
      settle(full, 'issues', value);
    },
  });
  STORES.set(full, store);
  return full;
}

/** Dates as YYYY-MM-DD, as the JSON outputs write them. */
export function dateReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date)
    return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  return value;
}

/**
 * Writes the deals of a result as JSON into out, in order, separated by commas
 * (the caller writes the brackets): each the JSON of its DealRecord with
 * `original` keyed by header. Yields whenever out is full, for the caller to
 * take its bytes and write them. From the engine's columns when it kept them
 * (no DealRecord is built), else from result.deals.
 */
export function* writeDealsJson(result: ForecastResult, out: JsonBytes): Generator<void> {
  const keys = headerKeys(result.mapping.headers);
  const store = STORES.get(result);
  if (store) {
    for (let i = 0; i < store.size; i++) {
      if (i) out.utf8(',');
      store.writeJson(i, keys, out);
      if (out.full) yield;
    }
    return;
  }
  const deals = result.deals;
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i]!;
    if (i) out.utf8(',');
    // The record as JSON.stringify writes it, its original object keyed by header in place of null.
    const text = JSON.stringify({ ...d, original: null }, dateReplacer);
    const at = text.indexOf(',"original":null');
    if (at < 0) out.utf8(text);
    else {
      out.utf8(text.slice(0, at));
      writeOriginal(keys, (column) => d.original[column], out);
      out.utf8(text.slice(at + ',"original":null'.length));
    }
    if (out.full) yield;
  }
}
