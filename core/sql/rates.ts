/**
 * Stage rates as SQL: the calibrated Beta-binomial rates of core/rates
 * (docs/calibration.md states the method; computeStageRates is the engine's)
 * over the snapshots of the snapshot table, each deal of each snapshot a
 * history row dated with the snapshot's date, its stage label and its status
 * (as historyFromSnapshots makes them from the deal sheets).
 *
 * Relations after ff_stage and ff_deal (forecast.ts):
 * - ff_rate_index, ff_rate_def: the candidate stage tables (the settings'
 *   table, the four built-in ones, and the lookup order), written as rows;
 * - ff_rate_row: the history rows (counted deals of the snapshots in range);
 * - ff_rate_table: the table the stages are listed from (the settings', else
 *   the built-in one that knows most of the history's labels);
 * - ff_rate_stage: the stages listed, in funnel order;
 * - ff_rate_deal: each closed deal's outcome, highest open stage and closing stage;
 * - ff_stage_rates: per stage n, won, the calibrated rate, the raw rate and
 *   the Beta parameters of its interval.
 */
import { FunnelError } from '../errors';
import { resolveSettings } from '../engine/settings';
import type { ForecastSettings } from '../engine/types';
import { DEFAULT_PRIOR_STRENGTH } from '../rates/stage-rates';
import { BUILT_IN_TABLES, LADDER_STAGES, type StageDef, type StageTable } from '../stages';
import { normalizeLabel } from '../text';
import { isoOfDay, parseIsoDay } from '../read/date';
import type { Dialect } from './dialect';
import { forecastSql, type WarehouseOptions, type WarehouseSql } from './forecast';

export interface RangeSqlOptions extends WarehouseOptions {
  /** The first and last snapshot dates used (inclusive); default every snapshot (up to settings.asOf). */
  fromDate?: string;
  toDate?: string;
}

export interface RatesSqlOptions extends RangeSqlOptions {
  /** k, the prior strength in deals (default 10; 0 = raw rates). */
  priorStrength?: number;
}

/** The columns of ff_stage_rates, in order. */
export const STAGE_RATES_SQL_COLUMNS = [
  'stage_order',
  'stage',
  'probability',
  'category',
  'ladder_stage',
  'status',
  'n',
  'won',
  'raw_rate',
  'previous_probability',
  'alpha',
  'beta',
] as const;

/** Table number of the lookup order (the settings' table, then the built-in ones, first key wins). */
const LOOKUP_TABLE = 9;

export function checkRangeDates(options: RangeSqlOptions): void {
  for (const [name, value] of [
    ['fromDate', options.fromDate],
    ['toDate', options.toDate],
  ] as const) {
    if (value !== undefined && Number.isNaN(parseIsoDay(value)))
      throw new FunnelError(
        '#VALUE!',
        `${name} ${JSON.stringify(value)} is not a YYYY-MM-DD date.`,
      );
  }
}

/** The WHERE condition on snapshot_date of the range (TRUE when open on both ends). */
export function rangeCondition(
  settings: ForecastSettings,
  dialect: Dialect,
  options: RangeSqlOptions,
  column = 'snapshot_date',
): string {
  const lit = dialect.literal;
  const to = options.toDate ?? settings.asOf;
  const parts = [
    ...(options.fromDate ? [`${column} >= DATE ${lit(options.fromDate)}`] : []),
    ...(to ? [`${column} <= DATE ${lit(isoOfDay(parseIsoDay(to)))}`] : []),
  ];
  return parts.length ? parts.join(' AND ') : '1 = 1';
}

/** A double literal that reads back as the same double (the shortest round-trip text). */
function doubleLiteral(x: number, dialect: Dialect): string {
  return `CAST(${dialect.literal(String(x))} AS ${dialect.type('double')})`;
}

function readPriorStrength(k: number | undefined): number {
  const value = k ?? DEFAULT_PRIOR_STRENGTH;
  if (!Number.isFinite(value) || value < 0)
    throw new FunnelError(
      '#VALUE!',
      `The prior strength ${value} is not a number of deals, 0 or more (0 = raw rates).`,
    );
  return value;
}

export function ratesSql(
  settings: ForecastSettings,
  dialect: Dialect,
  options: RatesSqlOptions = {},
): WarehouseSql & { priorStrength: number } {
  checkRangeDates(options);
  const k = readPriorStrength(options.priorStrength);
  const base = forecastSql(settings, dialect, options);
  const rs = resolveSettings({ ...settings, asOf: settings.asOf ?? '1970-01-01' });
  const lit = dialect.literal;
  const user: StageTable | undefined = rs.stageTable;

  // The candidate tables: 0 the settings' table, 1-4 the built-in ones (the order rankPresets
  // breaks ties in), LOOKUP_TABLE the lookup order (lookupStage: a stage the listing table lacks).
  const candidates: [number, StageTable][] = [
    ...(user ? [[0, user] as [number, StageTable]] : []),
    ...BUILT_IN_TABLES.map((t, i) => [i + 1, t] as [number, StageTable]),
  ];
  const indexRows: string[][] = [];
  const defRows: string[][] = [];
  const ladderRank = (d: StageDef) => LADDER_STAGES.indexOf(d.ladder);
  const defRow = (table: number, d: StageDef, order: number) => [
    String(table),
    lit(normalizeLabel(d.label)),
    lit(d.label),
    doubleLiteral(d.probability, dialect),
    lit(d.category),
    lit(d.ladder),
    lit(d.status),
    String(ladderRank(d)),
    String(order),
  ];
  for (const [no, table] of candidates) {
    for (const [key, def] of table.index)
      indexRows.push([String(no), lit(key), lit(normalizeLabel(def.label))]);
    const listed = new Set<string>();
    for (const def of table.stages) {
      const key = normalizeLabel(def.label);
      if (listed.has(key)) continue;
      listed.add(key);
      defRows.push(defRow(no, def, listed.size));
    }
  }
  // The lookup order: the settings' table, then the built-in ones; the first table that knows a key wins.
  const seenKey = new Set<string>();
  const seenDef = new Set<string>();
  for (const [, table] of candidates) {
    for (const [key, def] of table.index) {
      if (seenKey.has(key)) continue;
      seenKey.add(key);
      indexRows.push([String(LOOKUP_TABLE), lit(key), lit(normalizeLabel(def.label))]);
      const defKey = normalizeLabel(def.label);
      if (seenDef.has(defKey)) continue;
      seenDef.add(defKey);
      defRows.push(defRow(LOOKUP_TABLE, def, seenDef.size));
    }
  }
  // Rows as a UNION ALL of SELECTs, named in the first (in a subquery: some parsers trip on a bare UNION view).
  const union = (rows: string[][], cols: string[]) =>
    `SELECT * FROM (\n${rows
      .map((r, i) => `SELECT ${r.map((v, c) => (i ? v : `${v} AS ${cols[c]}`)).join(', ')}`)
      .join('\nUNION ALL ')}\n) t`;

  const range = rangeCondition(settings, dialect, options);
  const rowBody = `SELECT deal_key, snapshot_date, LOWER(TRIM(stage)) AS label_key, status
FROM ff_deal
WHERE counted = 'Yes' AND stage IS NOT NULL AND TRIM(stage) <> '' AND ${range}`;

  const tableBody = user
    ? 'SELECT 0 AS table_no'
    : `SELECT table_no FROM (
  SELECT c.table_no, ROW_NUMBER() OVER (ORDER BY COALESCE(m.matched, 0) DESC, c.table_no) AS rn
  FROM (${BUILT_IN_TABLES.map((_, i) => `SELECT ${i + 1}${i ? '' : ' AS table_no'}`).join(' UNION ALL ')}) c
  LEFT JOIN (
    SELECT i.table_no, COUNT(*) AS matched
    FROM ff_rate_index i
    JOIN (SELECT DISTINCT label_key FROM ff_rate_row) r ON r.label_key = i.label_key
    GROUP BY i.table_no
  ) m ON m.table_no = c.table_no
) ranked
WHERE rn = 1`;

  // Each history row's stage: the listing table's, else the lookup order's (an extra stage).
  const resolved = `resolved AS (
  SELECT r.deal_key, r.snapshot_date, r.status, COALESCE(c.stage_key, l.stage_key) AS stage_key
  FROM ff_rate_row r
  CROSS JOIN ff_rate_table t
  LEFT JOIN ff_rate_index c ON c.table_no = t.table_no AND c.label_key = r.label_key
  LEFT JOIN ff_rate_index l ON l.table_no = ${LOOKUP_TABLE} AND l.label_key = r.label_key
)`;
  const stageBody = `WITH listed AS (
  SELECT d.*, 0 AS grp FROM ff_rate_def d JOIN ff_rate_table t ON d.table_no = t.table_no
),
${resolved},
extra AS (
  SELECT d.*, 1 AS grp FROM ff_rate_def d
  WHERE d.table_no = ${LOOKUP_TABLE}
    AND d.stage_key IN (SELECT stage_key FROM resolved WHERE stage_key IS NOT NULL)
    AND d.stage_key NOT IN (SELECT stage_key FROM listed)
),
stages AS (
  SELECT * FROM listed
  UNION ALL
  SELECT * FROM extra
)
SELECT s.stage_key, s.stage, s.probability, s.category, s.ladder_stage, s.status,
  ROW_NUMBER() OVER (ORDER BY s.ladder_rank, s.grp, s.list_order) AS stage_order,
  CASE WHEN s.status = 'open' THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN s.status = 'open' THEN 1 ELSE 0 END ORDER BY s.ladder_rank, s.grp, s.list_order) END AS open_pos
FROM stages s`;

  const dealBody = `WITH ${resolved},
used AS (
  SELECT r.deal_key, r.snapshot_date, r.status, s.stage_order, s.open_pos, s.status AS stage_status
  FROM resolved r JOIN ff_rate_stage s ON s.stage_key = r.stage_key
),
latest AS (
  SELECT deal_key, status,
    CASE WHEN status <> 'open' AND stage_status = status THEN stage_order END AS closed_order
  FROM (
    SELECT u.*, ROW_NUMBER() OVER (PARTITION BY deal_key ORDER BY snapshot_date DESC) AS rn FROM used u
  ) x
  WHERE rn = 1
),
highest AS (
  SELECT deal_key, MAX(open_pos) AS highest FROM used GROUP BY deal_key
),
firsts AS (
  SELECT status, MIN(stage_order) AS first_order FROM ff_rate_stage GROUP BY status
)
SELECT l.deal_key, l.status, COALESCE(h.highest, 0) AS highest,
  COALESCE(l.closed_order, f.first_order) AS closed_order
FROM latest l
JOIN highest h ON h.deal_key = l.deal_key
LEFT JOIN firsts f ON f.status = l.status
WHERE l.status IN ('won', 'lost')`;

  const kk = doubleLiteral(k, dialect);
  const ratesBody = `WITH counts AS (
  SELECT s.stage_key, COUNT(*) AS n, SUM(CASE WHEN d.status = 'won' THEN 1 ELSE 0 END) AS won
  FROM ff_rate_stage s
  JOIN ff_rate_deal d
    ON (s.status = 'open' AND (d.status = 'won' OR d.highest >= s.open_pos))
    OR (s.status <> 'open' AND d.closed_order = s.stage_order)
  GROUP BY s.stage_key
),
stage_counts AS (
  SELECT s.stage_order, s.stage, s.probability AS p0, s.category, s.ladder_stage, s.status,
    COALESCE(c.n, 0) AS n, COALESCE(c.won, 0) AS won
  FROM ff_rate_stage s LEFT JOIN counts c ON c.stage_key = s.stage_key
)
SELECT stage_order, stage,
  CASE WHEN n + ${kk} > 0 THEN (won + ${kk} * p0) / (n + ${kk}) ELSE p0 END AS probability,
  category, ladder_stage, status, n, won,
  CASE WHEN n > 0 THEN CAST(won AS ${dialect.type('double')}) / n END AS raw_rate,
  p0 AS previous_probability,
  won + ${kk} * p0 AS alpha,
  n - won + ${kk} * (1 - p0) AS beta
FROM stage_counts`;

  return {
    ...base,
    priorStrength: k,
    relations: [
      ...base.relations.filter((r) => r.name === 'ff_stage' || r.name === 'ff_deal'),
      {
        name: 'ff_rate_index',
        body: union(indexRows, ['table_no', 'label_key', 'stage_key']),
        about: `the stage tables' labels and aliases: 0 the settings' table, 1-4 the built-in ones, ${LOOKUP_TABLE} the lookup order`,
      },
      {
        name: 'ff_rate_def',
        body: union(defRows, [
          'table_no',
          'stage_key',
          'stage',
          'probability',
          'category',
          'ladder_stage',
          'status',
          'ladder_rank',
          'list_order',
        ]),
        about: 'the stages each table lists, in its order',
      },
      {
        name: 'ff_rate_row',
        body: rowBody,
        about: 'the stage history: each counted deal of each snapshot in range',
      },
      {
        name: 'ff_rate_table',
        body: tableBody,
        about: user
          ? "the table the stages are listed from: the settings' stage table"
          : "the table the stages are listed from: the built-in one that knows most of the history's stage labels",
      },
      {
        name: 'ff_rate_stage',
        body: stageBody,
        about:
          'the stages, in funnel order (ladder stage, then as the table lists them; stages only another table knows after)',
      },
      {
        name: 'ff_rate_deal',
        body: dealBody,
        about:
          'each closed deal: its latest status, the highest open stage it reached, the stage it closed at',
      },
      {
        name: 'ff_stage_rates',
        body: ratesBody,
        about: `the Stage rates: n, won, rate = (won + ${k} p0) / (n + ${k}), raw rate, the Beta(alpha, beta) of the interval`,
      },
    ],
  };
}
