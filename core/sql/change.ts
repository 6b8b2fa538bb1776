/**
 * The pipeline-change bridge as SQL (docs/engine.md, "Pipeline change", has
 * the definitions; core/change/bridge.ts is the engine's): Start + every
 * bucket = End, per segment and in total, amount and weighted, between two
 * snapshot dates of the snapshot table, for a window of close dates.
 *
 * Relations after ff_stage and ff_deal (forecast.ts):
 * - ff_change_deal: one row per deal in Start or End, with its bucket;
 * - ff_change: Start, each bucket and End, per segment (scope 'segment',
 *   with the segment moves) and in total (scope 'total').
 */
import { windowDates, windowOfDay, windowOfLabel } from '../change/window';
import { BUCKETS } from '../change/types';
import { FunnelError } from '../errors';
import { LADDER_STAGES } from '../stages';
import { isoOfDay, parseIsoDay } from '../read/date';
import type { ForecastSettings } from '../engine/types';
import type { Dialect } from './dialect';
import { forecastSql, type WarehouseOptions, type WarehouseSql } from './forecast';

export interface ChangeSqlOptions extends WarehouseOptions {
  /** The earlier and later snapshot dates; default the two latest on or before settings.asOf. */
  fromDate?: string;
  toDate?: string;
  /** A period label of the run's scheme; default the period holding toDate (else settings.asOf). */
  window?: string;
}

/** Start, the buckets in the engine's order, End: the rows of the Pipeline change table. */
export const CHANGE_STEPS: readonly string[] = ['start', ...BUCKETS, 'end'];

function checkDate(name: string, value: string | undefined): void {
  if (value !== undefined && Number.isNaN(parseIsoDay(value)))
    throw new FunnelError('#VALUE!', `${name} ${JSON.stringify(value)} is not a YYYY-MM-DD date.`);
}

export function changeSql(
  settings: ForecastSettings,
  dialect: Dialect,
  options: ChangeSqlOptions = {},
): WarehouseSql & { window: { label: string; first: string; last: string } } {
  checkDate('fromDate', options.fromDate);
  checkDate('toDate', options.toDate);
  const base = forecastSql(settings, dialect, options);
  const lit = dialect.literal;
  const fys = settings.fiscalYearStart ?? 1;
  const anchor = options.toDate ?? settings.asOf;
  if (!options.window && !anchor)
    throw new FunnelError(
      '#VALUE!',
      'The window of close dates is missing: give a period label (window) or an as-of date.',
    );
  const win = options.window
    ? windowOfLabel(options.window, fys)
    : windowOfDay(parseIsoDay(anchor!), settings.period ?? 'quarter', fys);
  const dates = windowDates(win);
  const lo = `DATE ${lit(dates.first)}`;
  const hi = `DATE ${lit(isoOfDay(win.hi))}`;
  const seg = base.segments.map((s) => s.column);
  const t = base.snapshotTable;

  const pair = `SELECT ${
    options.fromDate
      ? `DATE ${lit(options.fromDate)}`
      : `(SELECT MAX(snapshot_date) FROM ${t} WHERE snapshot_date < ${options.toDate ? `DATE ${lit(options.toDate)}` : `(SELECT MAX(snapshot_date) FROM ${t}${settings.asOf ? ` WHERE snapshot_date <= DATE ${lit(settings.asOf)}` : ''})`})`
  } AS from_date, ${
    options.toDate
      ? `DATE ${lit(options.toDate)}`
      : `(SELECT MAX(snapshot_date) FROM ${t}${settings.asOf ? ` WHERE snapshot_date <= DATE ${lit(settings.asOf)}` : ''})`
  } AS to_date`;

  const rank = `CASE ladder_stage ${LADDER_STAGES.map((l, i) => `WHEN ${lit(l)} THEN ${i}`).join(' ')} END`;
  const side = (alias: string, dateCol: string) => `${alias} AS (
  SELECT d.*, ${rank} AS ladder_rank,
    CASE WHEN status = 'open' AND close_date >= ${lo} AND close_date < ${hi} THEN 1 ELSE 0 END AS in_window
  FROM ff_deal d, ff_change_pair p
  WHERE d.snapshot_date = p.${dateCol} AND d.counted = 'Yes'
)`;
  const segCols = (prefix: string) =>
    seg.map((c) => `${prefix}.${c} AS ${prefix === 'f' ? 'from' : 'to'}_${c}, `).join('');
  const moved = seg.length
    ? `CASE WHEN f.deal_key IS NOT NULL AND t.deal_key IS NOT NULL AND (${seg
        .map((c) => `COALESCE(f.${c}, '') <> COALESCE(t.${c}, '')`)
        .join(' OR ')}) THEN 1 ELSE 0 END`
    : '0';
  const dealBody = `WITH ${side('f', 'from_date')},
${side('t', 'to_date')},
joined AS (
  SELECT COALESCE(f.deal_key, t.deal_key) AS deal_key,
    COALESCE(f.in_window, 0) AS in_start, COALESCE(t.in_window, 0) AS in_end,
    ${moved} AS moved,
    CASE WHEN f.deal_key IS NULL THEN 0 ELSE 1 END AS in_from,
    CASE WHEN t.deal_key IS NULL THEN 0 ELSE 1 END AS in_to,
    ${segCols('f')}${segCols('t')}f.opportunity AS from_opportunity, t.opportunity AS to_opportunity,
    f.account AS from_account, t.account AS to_account, f.owner AS from_owner, t.owner AS to_owner,
    f.stage AS from_stage, t.stage AS to_stage,
    f.ladder_stage AS from_ladder_stage, t.ladder_stage AS to_ladder_stage,
    f.ladder_rank AS from_rank, t.ladder_rank AS to_rank,
    f.status AS from_status, t.status AS to_status,
    f.base_amount AS from_amount, t.base_amount AS to_amount,
    f.weighted_amount AS from_weighted, t.weighted_amount AS to_weighted,
    f.close_date AS from_close_date, t.close_date AS to_close_date,
    f.category AS from_category, t.category AS to_category,
    f.probability AS from_probability, t.probability AS to_probability
  FROM f FULL OUTER JOIN t ON f.deal_key = t.deal_key
)
SELECT j.*,
  CASE
    WHEN in_start = 1 AND in_end = 1 THEN CASE
      WHEN to_amount > from_amount THEN 'increased'
      WHEN to_amount < from_amount THEN 'decreased'
      WHEN to_rank > from_rank THEN 'advanced'
      WHEN to_rank < from_rank THEN 'regressed'
      ELSE 'unchanged' END
    WHEN in_start = 1 THEN CASE
      WHEN in_to = 0 THEN 'removed'
      WHEN to_status = 'won' THEN 'won'
      WHEN to_status = 'lost' THEN 'lost'
      WHEN to_close_date IS NULL OR to_close_date >= ${hi} THEN 'pushedOut'
      ELSE 'pulledOut' END
    ELSE CASE
      WHEN in_from = 0 THEN 'new'
      WHEN from_status <> 'open' THEN 'reopened'
      WHEN from_close_date IS NOT NULL AND from_close_date >= ${hi} THEN 'pulledIn'
      ELSE 'pushedIn' END
  END AS bucket,
  CASE WHEN in_start = 1 AND in_end = 1 THEN to_amount - from_amount WHEN in_start = 1 THEN 0 - from_amount ELSE to_amount END AS amount_change,
  CASE WHEN in_start = 1 AND in_end = 1 THEN to_weighted - from_weighted WHEN in_start = 1 THEN 0 - from_weighted ELSE to_weighted END AS weighted_change,
  CASE WHEN from_close_date IS NOT NULL AND to_close_date IS NOT NULL THEN ${dialect.daysBetween('from_close_date', 'to_close_date')} END AS close_days_moved
FROM joined j
WHERE in_start = 1 OR in_end = 1`;

  // Contributions: each deal adds to Start/End and to one bucket, in total and in its segment(s).
  const nulls = seg.map((c) => `CAST(NULL AS ${dialect.type('text')}) AS ${c}, `).join('');
  const fromSeg = seg.map((c) => `from_${c} AS ${c}, `).join('');
  const toSeg = seg.map((c) => `to_${c} AS ${c}, `).join('');
  const parts = [
    `SELECT 'total' AS scope, ${nulls}'start' AS step, 1 AS deals, from_amount AS amount, from_weighted AS weighted FROM ff_change_deal WHERE in_start = 1`,
    `SELECT 'total', ${seg.map(() => 'NULL, ').join('')}'end', 1, to_amount, to_weighted FROM ff_change_deal WHERE in_end = 1`,
    `SELECT 'total', ${seg.map(() => 'NULL, ').join('')}bucket, 1, amount_change, weighted_change FROM ff_change_deal`,
  ];
  if (seg.length) {
    parts.push(
      `SELECT 'segment', ${fromSeg}'start', 1, from_amount, from_weighted FROM ff_change_deal WHERE in_start = 1`,
      `SELECT 'segment', ${toSeg}'end', 1, to_amount, to_weighted FROM ff_change_deal WHERE in_end = 1`,
      // The from side: a moved deal leaves its earlier segment (movedOut), else its bucket.
      `SELECT 'segment', ${fromSeg}CASE WHEN moved = 1 THEN 'movedOut' ELSE bucket END, 1, CASE WHEN moved = 1 THEN 0 - from_amount ELSE amount_change END, CASE WHEN moved = 1 THEN 0 - from_weighted ELSE weighted_change END FROM ff_change_deal WHERE in_start = 1`,
      // The to side: a deal only in End, or a moved deal entering its later segment (movedIn).
      `SELECT 'segment', ${toSeg}CASE WHEN moved = 1 THEN 'movedIn' ELSE bucket END, 1, CASE WHEN moved = 1 THEN to_amount ELSE amount_change END, CASE WHEN moved = 1 THEN to_weighted ELSE weighted_change END FROM ff_change_deal WHERE in_end = 1 AND (in_start = 0 OR moved = 1)`,
    );
  }
  const steps = CHANGE_STEPS.map(
    (s, i) => `SELECT ${lit(s)}${i ? '' : ' AS step'}, ${i}${i ? '' : ' AS step_order'}`,
  ).join('\nUNION ALL ');
  const money = (x: string) => `CAST(ROUND(${x}, 2) AS ${dialect.type('money')})`;
  const segList = seg.map((c) => `${c}, `).join('');
  const segOn = seg.map((c) => ` AND COALESCE(c.${c}, '') = COALESCE(k.${c}, '')`).join('');
  const changeBody = `WITH contributions AS (
${parts.join('\nUNION ALL\n')}
),
steps AS (
SELECT * FROM (
${steps}
) s
),
scopes AS (
  SELECT 'total' AS scope, ${nulls}1 AS one
  UNION ALL
  SELECT DISTINCT scope, ${segList}1 FROM contributions WHERE scope = 'segment'
),
grid AS (
  SELECT k.*, s.step, s.step_order FROM scopes k, steps s
  WHERE k.scope = 'segment' OR s.step NOT IN ('movedOut', 'movedIn')
)
SELECT k.scope, ${seg.map((c) => `k.${c}, `).join('')}k.step, k.step_order,
  COUNT(c.step) AS deals,
  ${money('COALESCE(SUM(c.amount), 0)')} AS amount,
  ${money('COALESCE(SUM(c.weighted), 0)')} AS weighted
FROM grid k
LEFT JOIN contributions c ON c.scope = k.scope AND c.step = k.step${segOn}
GROUP BY k.scope, ${seg.map((c) => `k.${c}, `).join('')}k.step, k.step_order`;

  return {
    ...base,
    window: dates,
    relations: [
      ...base.relations.filter((r) => r.name === 'ff_stage' || r.name === 'ff_deal'),
      {
        name: 'ff_change_pair',
        body: pair,
        about: 'the two snapshot dates compared: from (earlier) and to (later)',
      },
      {
        name: 'ff_change_deal',
        body: dealBody,
        about: `each deal of Start or End in the window ${dates.label} (close dates ${dates.first} to ${dates.last}), with its bucket`,
      },
      {
        name: 'ff_change',
        body: changeBody,
        about:
          'the Pipeline change: Start, each bucket, End, per segment (with the moves) and in total',
      },
    ],
  };
}
