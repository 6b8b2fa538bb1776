/**
 * Forecast accuracy as SQL (docs/calibration.md, "Forecast accuracy";
 * core/rates/accuracy.ts is the engine's): what each earlier snapshot of the
 * range forecast for a period that has ended since, against the Closed (won)
 * amount of the same segment and period in the latest snapshot of the range.
 *
 * Relations after ff_stage and ff_deal (forecast.ts):
 * - ff_accuracy_now: the latest snapshot date of the range (the actuals);
 * - ff_accuracy: one row per earlier snapshot x segments x period that ended
 *   after the snapshot's date and on or before ff_accuracy_now's.
 */
import { windowOfLabel } from '../change/window';
import { FunnelError } from '../errors';
import { resolveSettings } from '../engine/settings';
import type { ForecastSettings } from '../engine/types';
import type { Dialect } from './dialect';
import { forecastSql, type WarehouseSql } from './forecast';
import { checkRangeDates, rangeCondition, type RangeSqlOptions } from './rates';

export interface AccuracySqlOptions extends RangeSqlOptions {
  /** Only this period (a label of the run's scheme); default every period that ended. */
  window?: string;
}

/** The columns of ff_accuracy after the segment columns' place (snapshot_date, weeks first). */
export const ACCURACY_SQL_COLUMNS = [
  'snapshot_date',
  'weeks_before_end',
  'period',
  'period_order',
  'weighted',
  'commit_amount',
  'best_case_amount',
  'actual',
  'error',
  'ratio',
  'absolute_percentage_error',
  'bias',
] as const;

export function accuracySql(
  settings: ForecastSettings,
  dialect: Dialect,
  options: AccuracySqlOptions = {},
): WarehouseSql & { window: string | null } {
  checkRangeDates(options);
  const base = forecastSql(settings, dialect, options);
  const rs = resolveSettings({ ...settings, asOf: settings.asOf ?? '1970-01-01' });
  const w = options.window ? windowOfLabel(options.window, rs.fiscalYearStart) : null;
  if (w && w.kind !== rs.period)
    throw new FunnelError(
      '#VALUE!',
      `The window ${w.label} is a ${w.kind}, but the periods are ${rs.period}s: give a ${rs.period} label, or the period ${w.kind}.`,
      { value: options.window },
    );
  const window = w ? w.label : null;
  const lit = dialect.literal;
  const seg = base.segments.map((s) => s.column);
  const range = rangeCondition(settings, dialect, options);
  const start = rs.fiscalYearStart;
  const dbl = (x: string) => `CAST(${x} AS ${dialect.type('double')})`;

  // The first month after the period, as a month index (year x 12 + month - 1), from the month
  // index of a close date in it (period_order): integer arithmetic, the same in every dialect.
  const offset = `MOD(MOD(period_order, 12) + ${12 - (start - 1)}, 12)`;
  const endIndex =
    rs.period === 'month'
      ? 'period_order + 1'
      : rs.period === 'quarter'
        ? `period_order - MOD(${offset}, 3) + 3`
        : `period_order - ${offset} + 12`;
  const endDate = dialect.dateFromParts(
    `CAST(FLOOR(end_index / 12) AS ${dialect.type('integer')})`,
    `MOD(end_index, 12) + 1`,
    '1',
  );
  const segOn = seg.map((c) => ` AND COALESCE(a.${c}, '') = COALESCE(e.${c}, '')`).join('');
  const segList = seg.map((c) => `e.${c}, `).join('');
  const money = (x: string) => `CAST(ROUND(${x}, 2) AS ${dialect.type('money')})`;

  const nowBody = `SELECT MAX(snapshot_date) AS now_date FROM ${base.snapshotTable} WHERE ${range}`;
  const cat = (names: string[]) =>
    `SUM(CASE WHEN category IN (${names.map(lit).join(', ')}) THEN base_amount ELSE 0 END)`;
  const dealSeg = seg.map((c) => `${c}, `).join('');
  // The sums are ff_forecast's, left exact (unrounded): error, ratio and bias are computed on
  // them and rounded to the cent once, at the end, as the engine keeps its sums unrounded.
  const accuracyBody = `WITH sums AS (
  SELECT snapshot_date, ${dealSeg}period, MIN(period_order) AS period_order,
    SUM(weighted_amount) AS weighted,
    ${cat(['Closed'])} AS closed_amount,
    ${cat(['Closed', 'Commit'])} AS commit_amount,
    ${cat(['Closed', 'Commit', 'Best Case'])} AS best_case_amount
  FROM ff_deal
  WHERE counted = 'Yes' AND close_date IS NOT NULL AND ${range}
  GROUP BY snapshot_date, ${dealSeg}period
),
ended AS (
  SELECT f.*, ${endIndex} AS end_index
  FROM sums f${window ? `\n  WHERE f.period = ${lit(window)}` : ''}
),
dated AS (
  SELECT x.*, ${endDate} AS period_end FROM ended x
),
actual AS (
  SELECT f.* FROM sums f, ff_accuracy_now n WHERE f.snapshot_date = n.now_date
),
compared AS (
  SELECT e.snapshot_date, ${segList}e.period, e.period_order, e.period_end,
    e.weighted, e.commit_amount, e.best_case_amount,
    COALESCE(a.closed_amount, 0) AS actual
  FROM dated e
  CROSS JOIN ff_accuracy_now n
  LEFT JOIN actual a ON a.period = e.period${segOn}
  WHERE e.snapshot_date < n.now_date AND e.period_end <= n.now_date AND e.snapshot_date < e.period_end
)
SELECT snapshot_date,
  CAST(CEIL(${dialect.daysBetween('snapshot_date', 'period_end')} / 7.0) AS ${dialect.type('integer')}) AS weeks_before_end,
  ${seg.map((c) => `${c}, `).join('')}period, period_order,
  ${money('weighted')} AS weighted,
  ${money('commit_amount')} AS commit_amount,
  ${money('best_case_amount')} AS best_case_amount,
  ${money('actual')} AS actual,
  ${money('weighted - actual')} AS error,
  CASE WHEN actual <> 0 THEN ${dbl('weighted')} / ${dbl('actual')} END AS ratio,
  CASE WHEN actual <> 0 THEN ABS(${dbl('weighted - actual')}) / ABS(${dbl('actual')}) END AS absolute_percentage_error,
  CASE WHEN weighted > actual THEN 'over' WHEN weighted < actual THEN 'under' ELSE 'exact' END AS bias
FROM compared`;

  return {
    ...base,
    window,
    relations: [
      ...base.relations.filter((r) => r.name === 'ff_stage' || r.name === 'ff_deal'),
      {
        name: 'ff_accuracy_now',
        body: nowBody,
        about: 'the latest snapshot date of the range: its Closed amounts are the actuals',
      },
      {
        name: 'ff_accuracy',
        body: accuracyBody,
        about: `Forecast accuracy: each earlier snapshot's forecast of a period${window ? ` (${window})` : ''} that has ended, against the Closed amount of the latest snapshot`,
      },
    ],
  };
}
