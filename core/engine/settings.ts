/** Settings checked and defaulted once, before any row is read. */
import type { Grid } from '../cells';
import { FunnelError, describeValue } from '../errors';
import { parseStageTable, type StageTable } from '../stages';
import { normalizeLabel } from '../text';
import { parseAmount, parseCurrency } from '../read/amount';
import { isBlankValue } from '../read/blank';
import { isoOfDay, parseDateValue, parseIsoDay } from '../read/date';
import type { ForecastSettings, PeriodKind, TierMeasure } from './types';

/**
 * The settings a run need not give, and what it takes for them: the one place
 * these defaults are set. The engine (resolveSettings), the run summary, the
 * task pane's first settings and the command line's option defaults read them here.
 */
export const FORECAST_DEFAULTS: {
  readonly period: PeriodKind;
  readonly fiscalYearStart: number;
  readonly tierMeasure: TierMeasure;
  readonly staleDays: number;
} = { period: 'quarter', fiscalYearStart: 1, tierMeasure: 'won', staleDays: 30 };

/**
 * The one check of each setting a user chooses by value: undefined when the
 * value is fine, else what to give instead. The engine (resolveSettings,
 * naming the setting) and the command line (naming its option) both ask here.
 */
export const SETTING_CHECKS = {
  period: (v: unknown): string | undefined =>
    v === 'month' || v === 'quarter' || v === 'year' ? undefined : 'use month, quarter or year.',
  fiscalYearStart: (v: unknown): string | undefined =>
    Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 12
      ? undefined
      : 'give the first month of the fiscal year, 1-12.',
  tierMeasure: (v: unknown): string | undefined =>
    v === 'won' || v === 'open' || v === 'weighted' || v === 'total'
      ? undefined
      : 'use won, open, weighted or total.',
  staleDays: (v: unknown): string | undefined =>
    typeof v === 'number' && v > 0 ? undefined : 'give a number of days above 0.',
} as const;

function checked<T>(name: keyof typeof SETTING_CHECKS, value: T): T {
  const problem = SETTING_CHECKS[name](value);
  if (problem) throw new FunnelError('#VALUE!', `${name} ${describeValue(value)}: ${problem}`);
  return value;
}

export interface ResolvedSettings {
  /** The settings as given. */
  settings: ForecastSettings;
  asOfDay: number;
  asOf: string;
  period: PeriodKind;
  fiscalYearStart: number;
  tierMeasure: TierMeasure;
  staleDays: number;
  stageTable?: StageTable;
  segmentBy: string[];
  baseCurrency: string | null;
  /** Currency code to units of base currency per unit. */
  rates: Map<string, number>;
  targets: Target[];
  dayOrder?: 'day-first' | 'month-first';
  decimalSeparator?: '.' | ',';
  /** What reading the rates and targets tables noticed (each with its table row), for the run's notes. */
  notes: string[];
}

export interface Target {
  /** Normalized owner or segment value ("total" for the whole team). */
  key: string;
  label: string;
  /** Period label as written, or the label of the date given. */
  period: string | { day: number };
  amount: number;
  /** 1-based row of the targets table, for messages. */
  row?: number;
}

export function requireAsOf(settings: ForecastSettings): { day: number; iso: string } {
  const iso = settings.asOf;
  if (!iso) {
    throw new FunnelError(
      '#VALUE!',
      'The as-of date is missing: give settings.asOf as YYYY-MM-DD (the engine never reads the clock).',
    );
  }
  const day = parseIsoDay(iso);
  if (Number.isNaN(day)) {
    throw new FunnelError(
      '#VALUE!',
      `The as-of date ${describeValue(iso)} is not a YYYY-MM-DD date.`,
      {
        value: iso,
      },
    );
  }
  return { day, iso: iso.trim() };
}

export function resolveSettings(settings: ForecastSettings): ResolvedSettings {
  const { day, iso } = requireAsOf(settings);
  const period = checked('period', settings.period ?? FORECAST_DEFAULTS.period);
  const fys = checked(
    'fiscalYearStart',
    settings.fiscalYearStart ?? FORECAST_DEFAULTS.fiscalYearStart,
  );
  const tierMeasure = checked('tierMeasure', settings.tierMeasure ?? FORECAST_DEFAULTS.tierMeasure);
  const staleDays = checked('staleDays', settings.staleDays ?? FORECAST_DEFAULTS.staleDays);
  const dayOrder = settings.dayOrder;
  if (dayOrder !== undefined && dayOrder !== 'day-first' && dayOrder !== 'month-first') {
    throw new FunnelError(
      '#VALUE!',
      `dayOrder ${describeValue(dayOrder)}: use day-first or month-first.`,
    );
  }
  const decimalSeparator = settings.decimalSeparator;
  if (decimalSeparator !== undefined && decimalSeparator !== '.' && decimalSeparator !== ',') {
    throw new FunnelError(
      '#VALUE!',
      `decimalSeparator ${describeValue(decimalSeparator)}: use "." or ",".`,
    );
  }
  const notes: string[] = [];
  const stageTable = settings.stageTable?.length ? parseStageTable(settings.stageTable) : undefined;
  const baseCurrency = settings.baseCurrency ? parseCurrency(settings.baseCurrency) : null;
  return {
    settings,
    asOfDay: day,
    asOf: iso,
    period,
    fiscalYearStart: fys,
    tierMeasure,
    staleDays,
    stageTable,
    segmentBy: settings.segmentBy ?? [],
    baseCurrency,
    rates: parseRates(settings.rates, notes),
    targets: parseTargets(settings.targets, notes),
    notes,
    ...(dayOrder ? { dayOrder } : {}),
    ...(decimalSeparator ? { decimalSeparator } : {}),
  };
}

/** Drops a first row whose number column holds text: a header row. */
function dataRows(grid: Grid, numberCol: number): { cells: Grid[number]; row: number }[] {
  const rows = grid.map((cells, i) => ({ cells, row: i + 1 }));
  const first = rows[0];
  if (first && typeof first.cells[numberCol] === 'string') {
    const parsed = parseAmount(first.cells[numberCol]);
    if (parsed === null || 'error' in parsed) rows.shift();
  }
  return rows.filter((r) => !r.cells.every((c) => isBlankValue(c)));
}

/** The largest exchange rate taken (units of base currency per unit): beyond it a rate is a typo. */
export const RATE_LIMIT = 1e9;

/** Refuses a row with filled cells past the table's width: usually an unquoted "1,08" split in two. */
function checkWidth(table: string, row: number, cells: Grid[number], width: number, shape: string) {
  let used = 0;
  for (let c = 0; c < cells.length; c++) if (!isBlankValue(cells[c])) used = c + 1;
  if (used > width) {
    throw new FunnelError(
      '#VALUE!',
      `${table} row ${row}: ${used} cells (${cells
        .slice(0, used)
        .map((c) => describeValue(c))
        .join(
          ', ',
        )}) where ${width} are expected (${shape}); a decimal comma splits an unquoted 1,08 into two cells: write 1.08, or quote the number.`,
      { row, value: cells[width] ?? null },
    );
  }
}

/**
 * Rates table: rows of (currency, rate to the base currency); a header row is
 * optional. Refused, with the row: a row wider than two cells, a rate that is
 * not above 0 (or beyond RATE_LIMIT), a currency given twice with two rates
 * (which one is meant would be a guess). The same rate given twice is a note.
 */
export function parseRates(grid: Grid | undefined, notes: string[] = []): Map<string, number> {
  const rates = new Map<string, number>();
  if (!grid?.length) return rates;
  const rowOf = new Map<string, number>();
  for (const { cells, row } of dataRows(grid, 1)) {
    checkWidth('Rates', row, cells, 2, 'currency, rate');
    const code = parseCurrency(cells[0]);
    const parsed = parseAmount(cells[1]);
    if (
      !code ||
      parsed === null ||
      'error' in parsed ||
      !(parsed.value > 0) ||
      parsed.value > RATE_LIMIT
    ) {
      throw new FunnelError(
        '#VALUE!',
        `Rates row ${row}: ${describeValue(cells[0])} ${describeValue(cells[1])} is not a currency and a rate above 0 (e.g. EUR, 1.08).`,
        { row, value: cells[1] ?? null },
      );
    }
    const before = rates.get(code);
    if (before !== undefined) {
      if (before !== parsed.value) {
        throw new FunnelError(
          '#VALUE!',
          `Rates row ${row}: ${code} is given twice, ${before} in row ${rowOf.get(code)} and ${parsed.value} here; keep one rate per currency.`,
          { row, value: cells[1] ?? null },
        );
      }
      notes.push(`Rates row ${row}: ${code} ${parsed.value} repeats row ${rowOf.get(code)}.`);
      continue;
    }
    rates.set(code, parsed.value);
    rowOf.set(code, row);
  }
  return rates;
}

const TOTAL_KEYS = new Set(['total', 'all', 'team', '(all)', '合计', '总计', '全部']);

/** A target's period as text, for messages and for finding the same period twice. */
export function targetPeriodText(period: Target['period']): string {
  return typeof period === 'string'
    ? period
    : Number.isNaN(period.day)
      ? '(invalid date)'
      : isoOfDay(period.day);
}

/**
 * Targets table: rows of (owner or segment value, period, target); a header
 * row is optional. Refused, with the row: a row wider than three cells, a
 * negative target, an owner and period given twice with two targets. A target
 * of 0, or the same target given twice, is a note.
 */
export function parseTargets(grid: Grid | undefined, notes: string[] = []): Target[] {
  if (!grid?.length) return [];
  const out: Target[] = [];
  const seen = new Map<string, Target>();
  for (const { cells, row } of dataRows(grid, 2)) {
    checkWidth('Targets', row, cells, 3, 'owner or segment value, period, target');
    const [keyCell, periodCell, amountCell] = cells;
    const parsed = parseAmount(amountCell);
    if (isBlankValue(keyCell) || isBlankValue(periodCell) || parsed === null || 'error' in parsed) {
      throw new FunnelError(
        '#VALUE!',
        `Targets row ${row}: expected owner or segment value, period (e.g. 2026-Q1) and a target amount; got ${describeValue(keyCell)}, ${describeValue(periodCell)}, ${describeValue(amountCell)}.`,
        { row, value: amountCell ?? null },
      );
    }
    if (parsed.value < 0) {
      throw new FunnelError(
        '#VALUE!',
        `Targets row ${row}: the target ${describeValue(amountCell)} is negative; give 0 or more.`,
        { row, value: amountCell ?? null },
      );
    }
    const label = String(keyCell).trim();
    let key = normalizeLabel(label);
    if (TOTAL_KEYS.has(key)) key = 'total';
    let period: Target['period'];
    if (periodCell instanceof Date) {
      const d = parseDateValue(periodCell);
      period = { day: typeof d === 'number' ? d : NaN };
    } else {
      period = String(periodCell).normalize('NFKC').trim().toUpperCase().replace(/\s+/g, '');
    }
    const target: Target = { key, label, period, amount: parsed.value, row };
    const id = `${key}\u0000${targetPeriodText(period)}`;
    const before = seen.get(id);
    if (before) {
      if (before.amount !== target.amount) {
        throw new FunnelError(
          '#VALUE!',
          `Targets row ${row}: ${label}, ${targetPeriodText(period)} is given twice, ${before.amount} in row ${before.row} and ${target.amount} here; keep one target per owner and period.`,
          { row, value: amountCell ?? null },
        );
      }
      notes.push(
        `Targets row ${row}: ${label}, ${targetPeriodText(period)} repeats row ${before.row}.`,
      );
      continue;
    }
    seen.set(id, target);
    if (target.amount === 0)
      notes.push(
        `Targets row ${row}: the target for ${label}, ${targetPeriodText(period)} is 0; its coverage is left blank.`,
      );
    out.push(target);
  }
  return out;
}
