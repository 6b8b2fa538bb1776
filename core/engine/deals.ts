/**
 * Per-deal results kept in columns. A million DealRecord objects cost more
 * than the whole forecast, so they are built only when someone reads
 * result.deals; the FunnelData table reads the columns straight
 * (core/engine/tables/funnel-data.ts).
 */
import type { CellSource, CellValue } from '../cells';
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
import type { Pyramid } from './pyramid';
import type { DataIssue, DealRecord, ForecastResult } from './types';

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

export class DealStore {
  private readonly dates = new Map<number, Date>();

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

  original(i: number): CellValue[] {
    return this.grid()[this.p.source[i]!]!;
  }

  /** Deal i's cell in column c (null when its row has none). */
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
    const prob = p.probability[i]!;
    const known = prob === prob;
    const isCounted = this.counted[i] === 1;
    const close = dayOf(p.closeDay, i);
    const tier = this.pyramid.tierOfDeal(i);
    const label = p.stageLabel[i]!;
    const cur = p.currency[i]!;
    const src = p.amount[i]!;
    const flags = p.flags[i]!;
    return {
      row: p.firstRow + p.source[i]!,
      original: this.original(i),
      amount: isCounted ? this.amount[i]! : null,
      currency: cur >= 0 ? p.currencies.values[cur]! : this.base,
      stage: known ? ladderNames[p.ladder[i]!]! : null,
      stageLabel: label >= 0 ? p.stageLabels.values[label]! : null,
      probability: known ? prob : null,
      weighted: isCounted ? cleanMoney(this.amount[i]! * prob) : null,
      category: known ? categoryNames[p.category[i]!]! : null,
      status: known ? statusNames[p.status[i]!]! : null,
      closeDate: this.dateOf(close),
      createdDate: this.dateOf(dayOf(p.createdDay, i)),
      period: this.periodLabels[this.period[i]!]!,
      fiscalYear: close === close ? this.names.fiscalYear(close) : null,
      fiscalQuarter: close === close ? this.names.fiscalQuarter(close) : null,
      account: p.account[i]! >= 0 ? p.accounts.values[p.account[i]!]! : null,
      owner: p.owner[i]! >= 0 ? p.owners.values[p.owner[i]!]! : null,
      tier: tier < this.pyramid.labels.length ? this.pyramid.labels[tier]! : null,
      slipped: (flags & flagSlipped) !== 0,
      issues: this.issuesText(i),
      counted: isCounted,
      sourceAmount: src === src ? src : null,
      lastActivity: this.hasLastActivity ? this.dateOf(dayOf(p.lastActivityDay, i)) : null,
      stale: (flags & flagStale) !== 0,
    };
  }

  private readonly dayTexts = new Map<number, string>();

  /** A day as JSON: "YYYY-MM-DD", or null. */
  private dayJson(day: number): string {
    if (Number.isNaN(day)) return 'null';
    let t = this.dayTexts.get(day);
    if (t === undefined) this.dayTexts.set(day, (t = `"${isoOfDay(day)}"`));
    return t;
  }

  /** JSON of the strings of the interned lists (stages, owners, periods...), each made once. */
  private readonly jsonTexts = new Map<readonly string[], string[]>();

  private jsonAt(list: readonly string[], k: number): string {
    let texts = this.jsonTexts.get(list);
    if (!texts) this.jsonTexts.set(list, (texts = []));
    return texts[k] ?? (texts[k] = JSON.stringify(list[k]!));
  }

  private readonly fiscalTexts = new Map<number, string>();

  /** The fiscal year and quarter members of a deal's JSON, by close day. */
  private fiscalJson(close: number): string {
    if (close !== close) return ',"fiscalYear":null,"fiscalQuarter":null';
    let t = this.fiscalTexts.get(close);
    if (t === undefined) {
      t = `,"fiscalYear":${JSON.stringify(this.names.fiscalYear(close))},"fiscalQuarter":${JSON.stringify(this.names.fiscalQuarter(close))}`;
      this.fiscalTexts.set(close, t);
    }
    return t;
  }

  /**
   * Deal i as the JSON text of deal(i) (dates as YYYY-MM-DD, original values
   * keyed by header), written without building the record: a million deals
   * stream to stdout without a million objects. keys: the JSON of each
   * distinct header, with the column whose value it shows (the last of equal headers).
   */
  json(i: number, keys: readonly { key: string; column: number }[]): string {
    const p = this.p;
    const prob = p.probability[i]!;
    const known = prob === prob;
    const isCounted = this.counted[i] === 1;
    const close = dayOf(p.closeDay, i);
    const tier = this.pyramid.tierOfDeal(i);
    const label = p.stageLabel[i]!;
    const cur = p.currency[i]!;
    const src = p.amount[i]!;
    const flags = p.flags[i]!;
    const r = p.source[i]!;
    const cells = this.cells;
    let original = '{';
    for (let k = 0; k < keys.length; k++) {
      const { key, column } = keys[k]!;
      original += `${k ? ',' : ''}${key}:${cellJson(cells.cell(r, column))}`;
    }
    original += '}';
    const at = (list: readonly string[], k: number): string => this.jsonAt(list, k);
    return (
      `{"row":${p.firstRow + p.source[i]!},"original":${original}` +
      `,"amount":${isCounted ? numberJson(this.amount[i]!) : 'null'}` +
      `,"currency":${cur >= 0 ? at(p.currencies.values, cur) : this.base === null ? 'null' : JSON.stringify(this.base)}` +
      `,"stage":${known ? at(ladderNames, p.ladder[i]!) : 'null'}` +
      `,"stageLabel":${label >= 0 ? at(p.stageLabels.values, label) : 'null'}` +
      `,"probability":${known ? numberJson(prob) : 'null'}` +
      `,"weighted":${isCounted ? numberJson(cleanMoney(this.amount[i]! * prob)) : 'null'}` +
      `,"category":${known ? at(categoryNames, p.category[i]!) : 'null'}` +
      `,"status":${known ? at(statusNames, p.status[i]!) : 'null'}` +
      `,"closeDate":${this.dayJson(close)}` +
      `,"createdDate":${this.dayJson(dayOf(p.createdDay, i))}` +
      `,"period":${at(this.periodLabels, this.period[i]!)}` +
      this.fiscalJson(close) +
      `,"account":${p.account[i]! >= 0 ? at(p.accounts.values, p.account[i]!) : 'null'}` +
      `,"owner":${p.owner[i]! >= 0 ? at(p.owners.values, p.owner[i]!) : 'null'}` +
      `,"tier":${tier < this.pyramid.labels.length ? at(this.pyramid.labels, tier) : 'null'}` +
      `,"slipped":${(flags & flagSlipped) !== 0}` +
      `,"issues":${JSON.stringify(this.issuesText(i))}` +
      `,"counted":${isCounted}` +
      `,"sourceAmount":${src === src ? numberJson(src) : 'null'}` +
      `,"lastActivity":${this.hasLastActivity ? this.dayJson(dayOf(p.lastActivityDay, i)) : 'null'}` +
      `,"stale":${(flags & flagStale) !== 0}}`
    );
  }

  all(): DealRecord[] {
    const out: DealRecord[] = new Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.deal(i);
    return out;
  }
}

/** A number as JSON.stringify writes it (null where JSON has no number). */
function numberJson(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

/** A source cell as JSON, as JSON.stringify with the CLI's date replacer writes it. */
export function cellJson(v: CellValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return numberJson(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) {
    const t = v.getTime();
    return t === t ? `"${v.toISOString().slice(0, 10)}"` : 'null';
  }
  return JSON.stringify(v) ?? 'null';
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

/** Distinct headers as JSON keys, each with the column it shows (the last of equal headers). */
function headerKeys(headers: readonly string[]): { key: string; column: number }[] {
  const at = new Map<string, number>();
  headers.forEach((h, c) => at.set(h, c));
  const seen = new Set<string>();
  const keys: { key: string; column: number }[] = [];
  for (const h of headers) {
    if (seen.has(h)) continue;
    seen.add(h);
    keys.push({ key: JSON.stringify(h), column: at.get(h)! });
  }
  return keys;
}

/** Dates as YYYY-MM-DD, as the JSON outputs write them. */
export function dateReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date)
    return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  return value;
}

/**
 * The deals of a result as JSON texts, one per deal in order: each the JSON of
 * its DealRecord with `original` keyed by header. From the engine's columns
 * when it kept them (no DealRecord is built), else from result.deals.
 */
export function dealJsonTexts(result: ForecastResult): { size: number; json(i: number): string } {
  const keys = headerKeys(result.mapping.headers);
  const store = STORES.get(result);
  if (store) return { size: store.size, json: (i) => store.json(i, keys) };
  const deals = result.deals;
  return {
    size: deals.length,
    json: (i) => {
      const d = deals[i]!;
      let original = '{';
      keys.forEach(({ key, column }, k) => {
        original += `${k ? ',' : ''}${key}:${cellJson(d.original[column])}`;
      });
      const text = JSON.stringify({ ...d, original: null }, dateReplacer);
      return text.replace('"original":null', `"original":${original}}`);
    },
  };
}
