/**
 * Per-deal results kept in columns. A million DealRecord objects cost more
 * than the whole forecast, so they are built only when someone reads
 * result.deals; the FunnelData table is filled straight from the columns.
 */
import type { CellValue } from '../cells';
import { clean } from '../money';
import { FORECAST_CATEGORIES, LADDER_STAGES } from '../stages';
import { dateOfDay } from '../values';
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
// read of an imported binding is a getter call; fillCells makes a dozen per row.
const cleanMoney = clean;
const categoryNames = FORECAST_CATEGORIES;
const ladderNames = LADDER_STAGES;
const dateText = dateOfDay;
const flagNoRate = FLAG_NO_RATE;
const flagSlipped = FLAG_SLIPPED;
const flagStale = FLAG_STALE;
const statusNames = STATUS_NAMES;
const dayOf = dayAt;

/** A calendar year ("2026") is written as the number it is, so a pivot groups and sorts it as one; "FY2027" stays text. */
function yearCell(label: string): string | number {
  return label.length === 4 && /^\d{4}$/.test(label) ? Number(label) : label;
}

export class DealStore {
  private readonly dates = new Map<number, Date>();

  constructor(
    readonly values: CellValue[][],
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
    return this.values[this.p.source[i]!]!;
  }

  private date(day: number): Date | null {
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

  /** The FunnelData computed cells of deal i, in FUNNEL_DATA_COLUMNS order, written into out at offset. */
  fillCells(i: number, out: CellValue[], offset: number): void {
    const p = this.p;
    const prob = p.probability[i]!;
    const known = prob === prob;
    const isCounted = this.counted[i] === 1;
    const close = dayOf(p.closeDay, i);
    const tier = this.pyramid.tierOfDeal(i);
    const cur = p.currency[i]!;
    const flags = p.flags[i]!;
    const issues = this.issuesText(i);
    out[offset] = p.firstRow + p.source[i]!;
    out[offset + 1] = isCounted ? 'Yes' : 'No';
    out[offset + 2] = known ? ladderNames[p.ladder[i]!]! : null;
    out[offset + 3] = known ? statusNames[p.status[i]!]! : null;
    out[offset + 4] = known ? prob : null;
    out[offset + 5] = isCounted ? this.amount[i]! : null;
    out[offset + 6] = cur >= 0 ? p.currencies.values[cur]! : this.base;
    out[offset + 7] = isCounted ? cleanMoney(this.amount[i]! * prob) : null;
    out[offset + 8] = known ? categoryNames[p.category[i]!]! : null;
    out[offset + 9] = this.date(close);
    out[offset + 10] = this.periodLabels[this.period[i]!]!;
    out[offset + 11] = close === close ? yearCell(this.names.fiscalYear(close)) : null;
    out[offset + 12] = close === close ? this.names.fiscalQuarter(close) : null;
    out[offset + 13] = tier < this.pyramid.labels.length ? this.pyramid.labels[tier]! : null;
    out[offset + 14] = flags & flagSlipped ? 'Yes' : 'No';
    out[offset + 15] = flags & flagStale ? 'Yes' : 'No';
    out[offset + 16] = issues || null;
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
      closeDate: this.date(close),
      createdDate: this.date(dayOf(p.createdDay, i)),
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
      lastActivity: this.hasLastActivity ? this.date(dayOf(p.lastActivityDay, i)) : null,
      stale: (flags & flagStale) !== 0,
    };
  }

  all(): DealRecord[] {
    const out: DealRecord[] = new Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.deal(i);
    return out;
  }
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
