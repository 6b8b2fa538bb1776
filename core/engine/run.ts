/**
 * runForecast: a deal sheet in, the forecast, funnel, value pyramid, rep plans
 * and the located data issues out. The header row and columns are found first
 * (prepare.ts); pass 1 reads the rows into typed columns (parse-rows.ts and
 * rows/); pass 2 converts currencies (currency.ts) and the accounts are tiered
 * (pyramid.ts); pass 3 adds every deal into its forecast cell, funnel stage
 * and rep (totals.ts), and the tables are made from those totals
 * (forecast-rows.ts, funnel.ts, reps.ts).
 */
import { FunnelError } from '../errors';
import { isoOfDay } from '../read/date';
import { normalizeLabel } from '../text';
import { convertCurrencies, issueCounts } from './currency';
import { DealStore, attachDeals } from './deals';
import { applyForecastTargets, forecastRows, noteUnusedTargets } from './forecast-rows';
import { funnelTable } from './funnel';
import { issueListOf } from './issue-list';
import { NO_DAY, parseRows, type ParsedRows } from './parse-rows';
import { makePeriodNamer, periodIds } from './periods';
import {
  TIER_SEGMENT,
  noDealColumns,
  prepareSheet,
  recordWidth,
  type PreparedSheet,
} from './prepare';
import { tierAccounts } from './pyramid';
import { repTable } from './reps';
import { resolveSettings, type ResolvedSettings, type Target } from './settings';
import { sumTotals } from './totals';
import type { ForecastResult, ForecastSettings, SourceSheet } from './types';

export { TIER_SEGMENT, noDealColumns, prepareSheet } from './prepare';
export type { PreparedSheet } from './prepare';
export { periodMatches } from './forecast-rows';

export function runForecast(sheet: SourceSheet, settings: ForecastSettings): ForecastResult {
  const rs = resolveSettings(settings);
  const prep = prepareSheet(sheet, settings);
  const problem = noDealColumns(sheet.name, prep);
  if (problem) throw new FunnelError('#VALUE!', problem);
  const { headers, map } = prep;
  const parsed = parseRows({
    cells: prep.cells,
    numberFormats: sheet.numberFormats,
    headerIndex: prep.headerIndex,
    firstRow: sheet.firstRow ?? 1,
    headers,
    map,
    userTable: rs.stageTable,
    asOfDay: rs.asOfDay,
    staleDays: rs.staleDays,
    dayOrder: rs.dayOrder,
    decimalSeparator: rs.decimalSeparator,
    delimiter: sheet.delimiter,
    recordWidth: recordWidth(sheet, prep.cells, prep.headerIndex),
    keepRaggedRows: settings.keepRaggedRows === true,
  });
  map.report.notes.push(...parsed.notes);
  if (parsed.stagePreset) map.report.stagePreset = parsed.stagePreset.source;
  return aggregate(sheet, prep, parsed, rs);
}

/** Passes 2 and 3 and the result. */
function aggregate(
  sheet: SourceSheet,
  prep: PreparedSheet,
  p: ParsedRows,
  rs: ResolvedSettings,
): ForecastResult {
  const { n } = p;
  const col = prep.map.col;
  const notes: string[] = [...rs.notes];
  const names = makePeriodNamer(rs.period, rs.fiscalYearStart);
  const thisPeriod = names.period(rs.asOfDay);

  // Pass 2: base currency and conversion; the accounts' tiers by the chosen measure.
  const money = convertCurrencies(p, rs, col.currency >= 0 ? col.currency : col.amount, notes);
  const { base, amount, counted, noRate } = money;
  const pyramid = tierAccounts(p, amount, counted, rs.tierMeasure, notes);

  // Pass 3: forecast, funnel, reps. Period ids first (a day table), then the totals.
  const tierSeg = rs.segmentBy.some((s) => normalizeLabel(s) === normalizeLabel(TIER_SEGMENT));
  const periods = periodIds(p.closeDay, n, NO_DAY, names, thisPeriod);
  const { period, labels: periodLabels, minDay, maxDay } = periods;
  const totals = sumTotals({
    p,
    amount,
    counted,
    period,
    periods: periodLabels.length,
    nowId: periods.nowId,
    segIds: prep.map.segmentCols.length > 0,
    tierSeg,
    pyramid,
  });

  const tierCount = pyramid.labels.length;
  const forecast = forecastRows(
    totals.groups,
    p,
    tierSeg ? tierCount + 1 : 1,
    periodLabels.length,
    tierCount,
    pyramid.labels,
    periodLabels,
    names.order,
    rs,
    tierSeg,
    prep,
  );
  const usedTargets = new Set<Target>();
  applyForecastTargets(forecast, rs.targets, notes, names.period, usedTargets);
  const repRows = repTable(
    totals.reps,
    totals.noOwner,
    p,
    rs.targets,
    thisPeriod,
    notes,
    names.period,
    usedTargets,
  );
  noteUnusedTargets(rs.targets, usedTargets, p, periodLabels, thisPeriod, names.period, notes);

  // Per-deal records, the pivot source: kept in columns, built on demand.
  const store = new DealStore(
    prep.cells,
    () => sheet.values,
    p,
    amount,
    counted,
    period,
    periodLabels,
    names,
    pyramid,
    base,
    col.lastActivity >= 0,
    (cur) => noRate.texts[cur]!,
    sheet.numberFormats?.[prep.headerIndex + 1],
  );

  const countedDeals = totals.countedDeals;
  const result: ForecastResult = attachDeals(
    {
      mapping: prep.map.report,
      forecast,
      funnel: funnelTable(totals.funnel),
      tiers: pyramid.rows,
      reps: repRows,
      issues: [], // replaced by a property that builds the list on first read
      counts: {
        rows: n,
        counted: countedDeals,
        excluded: n - countedDeals,
        byKind: issueCounts(p, noRate),
      },
      unconverted: money.unconverted,
      notes,
      baseCurrency: base,
      asOf: rs.asOf,
      closeDates:
        minDay <= maxDay ? { first: isoOfDay(minDay), last: isoOfDay(maxDay) } : undefined,
      assumptions: {
        source: sheet.name,
        settings: rs.settings,
        stages: [...p.stageUsage].map(([label, u]) => ({ label, deals: u.deals, def: u.def })),
        rates: [...rs.rates],
        period: rs.period,
        fiscalYearStart: rs.fiscalYearStart,
        tierMeasure: rs.tierMeasure,
        staleDays: rs.staleDays,
      },
    },
    store,
    () => issueListOf(result, store).objects(),
  );
  return result;
}
