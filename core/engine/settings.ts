/** Settings checked and defaulted once, before any row is read. */
import type { Grid } from '../cells';
import { FunnelError, describeValue } from '../errors';
import { parseStageTable, type StageTable } from '../stages';
import { normalizeLabel } from '../text';
import { isBlankValue, parseAmount, parseCurrency, parseDateValue, parseIsoDay } from '../values';
import type { ForecastSettings, PeriodKind, TierMeasure } from './types';

export const DEFAULT_STALE_DAYS = 30;

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
}

export interface Target {
  /** Normalized owner or segment value ("total" for the whole team). */
  key: string;
  label: string;
  /** Period label as written, or the label of the date given. */
  period: string | { day: number };
  amount: number;
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
  const period = settings.period ?? 'quarter';
  if (!['month', 'quarter', 'year'].includes(period)) {
    throw new FunnelError(
      '#VALUE!',
      `period ${describeValue(period)}: use month, quarter or year.`,
    );
  }
  const fys = settings.fiscalYearStart ?? 1;
  if (!Number.isInteger(fys) || fys < 1 || fys > 12) {
    throw new FunnelError(
      '#VALUE!',
      `fiscalYearStart ${describeValue(fys)}: give the first month of the fiscal year, 1-12.`,
    );
  }
  const tierMeasure = settings.tierMeasure ?? 'won';
  if (!['won', 'open', 'weighted', 'total'].includes(tierMeasure)) {
    throw new FunnelError(
      '#VALUE!',
      `tierMeasure ${describeValue(tierMeasure)}: use won, open, weighted or total.`,
    );
  }
  const staleDays = settings.staleDays ?? DEFAULT_STALE_DAYS;
  if (!(staleDays > 0)) {
    throw new FunnelError(
      '#VALUE!',
      `staleDays ${describeValue(staleDays)}: give a number of days above 0.`,
    );
  }
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
    rates: parseRates(settings.rates),
    targets: parseTargets(settings.targets),
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

/** Rates table: rows of (currency, rate to the base currency); a header row is optional. */
export function parseRates(grid: Grid | undefined): Map<string, number> {
  const rates = new Map<string, number>();
  if (!grid?.length) return rates;
  for (const { cells, row } of dataRows(grid, 1)) {
    const code = parseCurrency(cells[0]);
    const parsed = parseAmount(cells[1]);
    if (!code || parsed === null || 'error' in parsed || !(parsed.value > 0)) {
      throw new FunnelError(
        '#VALUE!',
        `Rates row ${row}: ${describeValue(cells[0])} ${describeValue(cells[1])} is not a currency and a rate above 0 (e.g. EUR, 1.08).`,
        { row, value: cells[1] ?? null },
      );
    }
    rates.set(code, parsed.value);
  }
  return rates;
}

const TOTAL_KEYS = new Set(['total', 'all', 'team', '(all)', '合计', '总计', '全部']);

/** Targets table: rows of (owner or segment value, period, target); a header row is optional. */
export function parseTargets(grid: Grid | undefined): Target[] {
  if (!grid?.length) return [];
  const out: Target[] = [];
  for (const { cells, row } of dataRows(grid, 2)) {
    const [keyCell, periodCell, amountCell] = cells;
    const parsed = parseAmount(amountCell);
    if (isBlankValue(keyCell) || isBlankValue(periodCell) || parsed === null || 'error' in parsed) {
      throw new FunnelError(
        '#VALUE!',
        `Targets row ${row}: expected owner or segment value, period (e.g. 2026-Q1) and a target amount; got ${describeValue(keyCell)}, ${describeValue(periodCell)}, ${describeValue(amountCell)}.`,
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
    out.push({ key, label, period, amount: parsed.value });
  }
  return out;
}
