/**
 * The Forecast as SQL, generated from the run's settings: one definition for
 * DuckDB, BigQuery and Snowflake (dialect.ts holds the only differences).
 * docs/warehouse.md documents the tables, the views and how to run them.
 *
 * Relations, each a view (script) or a CTE (query):
 * - ff_stage: the stage table (the settings' table, then the built-in ones);
 * - ff_deal: one row per snapshot row, resolved as the engine resolves it
 *   (status, probability, category, ladder stage, base currency, period);
 * - ff_forecast: segments x periods per snapshot date, money DECIMAL(38, 2);
 * - ff_unconverted: deals with no exchange rate, per currency (kept apart);
 * - ff_snapshot_as_of, ff_deal_as_of, ff_forecast_as_of: the rows of the latest
 *   snapshot on or before the as-of date (the latest when the settings give
 *   none), and ff_deal and ff_forecast computed on those rows only. The date is
 *   picked below the stage join and the sums, not by a filter on ff_forecast:
 *   DuckDB pushes such a filter down only at run time, when the date's subquery
 *   happens to finish before the scan starts (docs/benchmarks.md, history).
 */
import { FunnelError } from '../errors';
import { NO_CLOSE_DATE } from '../engine/periods';
import { resolveSettings } from '../engine/settings';
import type { ForecastSettings } from '../engine/types';
import {
  BUILT_IN_TABLES,
  LADDER_STAGES,
  ladderDefault,
  type StageDef,
  type StageTable,
} from '../stages';
import type { Dialect } from './dialect';
import { SNAPSHOT_TABLE, STAGE_VIEW, segmentColumns, type SegmentColumn } from './schema';

export interface Relation {
  name: string;
  /** A SELECT (it may open with its own WITH). */
  body: string;
  about: string;
}

export interface WarehouseSql {
  dialect: Dialect;
  relations: Relation[];
  segments: SegmentColumn[];
  snapshotTable: string;
}

export interface WarehouseOptions {
  /** The snapshot table (optionally dataset- or schema-qualified). Default ff_snapshot. */
  snapshotTable?: string;
  /** The segment columns, when the table names them otherwise than segmentColumns(segmentBy). */
  segments?: SegmentColumn[];
}

/** Period order of rows with no close date: after every period. */
const NO_CLOSE_ORDER = 999999;

/** The Forecast's columns in the views, after snapshot_date and the segment columns. */
export const FORECAST_SQL_COLUMNS = [
  'period',
  'period_order',
  'deals',
  'amount',
  'weighted',
  'closed_amount',
  'commit_amount',
  'best_case_amount',
  'pipeline_amount',
  'omitted_amount',
  'commit_cumulative',
  'best_case_cumulative',
  'pipeline_cumulative',
  'spread',
  'open_amount',
] as const;

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_-]*){0,2}$/;

export function forecastSql(
  settings: ForecastSettings,
  dialect: Dialect,
  options: WarehouseOptions = {},
): WarehouseSql {
  // The as-of date only picks the snapshot here; without one the latest is used.
  const rs = resolveSettings({ ...settings, asOf: settings.asOf ?? '1970-01-01' });
  const snapshotTable = options.snapshotTable ?? SNAPSHOT_TABLE;
  if (!TABLE_NAME.test(snapshotTable)) {
    throw new FunnelError(
      '#VALUE!',
      `The snapshot table name ${JSON.stringify(snapshotTable)} is not a plain [dataset.]table name (letters, digits, _).`,
    );
  }
  const segments = options.segments ?? segmentColumns(rs.segmentBy);
  const lit = dialect.literal;
  const t = dialect.type;
  const prob = (p: number) => `CAST(${lit(probabilityText(p))} AS ${t('probability')})`;
  const seg = segments.map((s) => s.column);

  // ff_stage: the settings' table first, then the built-in ones, first label wins (as lookupStage).
  const tables: StageTable[] = [...(rs.stageTable ? [rs.stageTable] : []), ...BUILT_IN_TABLES];
  const stageRows: { key: string; def: StageDef }[] = [];
  const keys = new Set<string>();
  for (const table of tables) {
    for (const [key, def] of table.index) {
      if (keys.has(key)) continue;
      keys.add(key);
      stageRows.push({ key, def });
    }
  }
  const stageUnion = stageRows
    .map(
      ({ key, def }, i) =>
        `SELECT ${lit(key)}${i ? '' : ' AS stage_key'}, ${lit(def.label)}${i ? '' : ' AS stage'}, ${prob(def.probability)}${i ? '' : ' AS probability'}, ${lit(def.category)}${i ? '' : ' AS category'}, ${lit(def.ladder)}${i ? '' : ' AS ladder_stage'}`,
    )
    .join('\nUNION ALL ');
  // A subquery around the UNION: CREATE VIEW ... AS SELECT ... UNION trips some SQL parsers.
  const stageBody = `SELECT * FROM (\n${stageUnion}\n) stages`;

  // Base currency: the settings' one, else per snapshot the most common currency (ties: A-Z).
  const baseOf = (source: string) =>
    rs.baseCurrency
      ? { cte: '', join: '', expr: lit(rs.baseCurrency) }
      : {
          cte: `base AS (
  SELECT snapshot_date, currency AS base_currency FROM (
    SELECT snapshot_date, currency,
      ROW_NUMBER() OVER (PARTITION BY snapshot_date ORDER BY COUNT(*) DESC, currency) AS rn
    FROM ${source}
    WHERE currency IS NOT NULL AND amount IS NOT NULL
    GROUP BY snapshot_date, currency
  ) ranked
  WHERE rn = 1
),
`,
          join: '\n  LEFT JOIN base b ON b.snapshot_date = s.snapshot_date',
          expr: 'b.base_currency',
        };
  const rate = [
    `CASE WHEN currency IS NULL OR currency = base_currency THEN CAST('1' AS ${t('rate')})`,
    ...[...rs.rates].map(
      ([code, r]) =>
        `WHEN currency = ${lit(code)} THEN CAST(${lit(decimalText(r, 9))} AS ${t('rate')})`,
    ),
    'END',
  ].join(' ');

  const period = periodExpressions(rs.period, rs.fiscalYearStart, dialect);
  const segList = seg.map((c) => `${c}, `).join('');
  const segListS = seg.map((c) => `s.${c}, `).join('');

  // The engine's rules for a row the snapshot leaves undecided (docs/engine.md, "Probability
  // used"; core/stages.ts ladderForProbability, openCategory; core/engine/parse-rows.ts): a
  // stage no table knows is placed on the ladder by its own probability (100% = won), in that
  // ladder stage's category; an open deal weighted above 0% in Omitted is forecast in its
  // probability's category (Pipeline at least), or, when the row's own category says Omitted,
  // weighted 0%. Rows `history add` wrote carry the engine's decisions and pass unchanged.
  const ladderRows = LADDER_STAGES.map((l) => ladderDefault(l));
  const ladderFor = (p: string) =>
    `CASE WHEN ${p} >= ${prob(1)} THEN 'Won' ${ladderRows
      .filter((d) => d.status === 'open')
      .reverse()
      .map((d) => `WHEN ${p} >= ${prob(d.probability)} THEN ${lit(d.ladder)}`)
      .join(' ')} ELSE ${lit(LADDER_STAGES[0])} END`;
  const ladderCategory = (ladder: string) =>
    `CASE ${ladder} ${ladderRows.map((d) => `WHEN ${lit(d.ladder)} THEN ${lit(d.category)}`).join(' ')} END`;
  const openCategoryFor = (p: string) =>
    `CASE ${ladderFor(p)} ${ladderRows
      .map(
        (d) =>
          `WHEN ${lit(d.ladder)} THEN ${lit(d.category === 'Omitted' ? 'Pipeline' : d.category === 'Closed' ? 'Commit' : d.category)}`,
      )
      .join(' ')} END`;
  const omittedWeighed = `stage_category_used = 'Omitted' AND status = 'open' AND stage_weight > ${prob(0)}`;

  // ff_deal over a source of snapshot rows: the whole table, or (ff_deal_as_of) one snapshot's rows.
  const dealBodyOf = (source: string) => {
    const base = baseOf(source);
    return `WITH ${base.cte}resolved AS (
  SELECT s.snapshot_date, s.deal_key, s.opportunity, s.account, s.owner, ${segListS}s.stage,
    s.amount AS source_amount, s.currency, s.close_date, s.created_date,
    COALESCE(s.ladder_stage, st.ladder_stage) AS known_ladder,
    s.probability AS own_probability, st.probability AS stage_probability,
    s.category AS own_category, st.category AS stage_category,
    s.status AS own_status, ${base.expr} AS base_currency
  FROM ${source} s
  LEFT JOIN ${STAGE_VIEW} st ON st.stage_key = LOWER(TRIM(s.stage))${base.join}
),
statused AS (
  SELECT r.*,
    CASE
      WHEN own_status = 'won' OR (own_status IS NULL AND known_ladder = 'Won') THEN 'won'
      WHEN own_status = 'lost' OR (own_status IS NULL AND known_ladder = 'Lost') THEN 'lost'
      WHEN known_ladder IS NOT NULL THEN 'open'
      WHEN own_probability >= ${prob(1)} THEN 'won'
      ELSE 'open' END AS status
  FROM resolved r
),
laddered AS (
  SELECT u.*,
    CASE status WHEN 'won' THEN 'Won' WHEN 'lost' THEN 'Lost'
      ELSE COALESCE(known_ladder, CASE WHEN own_probability IS NOT NULL THEN ${ladderFor('own_probability')} END) END AS ladder_stage,
    CASE status WHEN 'won' THEN ${prob(1)} WHEN 'lost' THEN ${prob(0)} ELSE COALESCE(own_probability, stage_probability) END AS stage_weight,
    CASE status WHEN 'won' THEN 'Closed' WHEN 'lost' THEN 'Omitted' ELSE COALESCE(own_category_used, stage_category, ${ladderCategory('COALESCE(known_ladder, CASE WHEN own_probability IS NOT NULL THEN ' + ladderFor('own_probability') + ' END)')}) END AS stage_category_used
  FROM (SELECT v.*, CASE WHEN status = 'open' AND own_category <> 'Closed' THEN own_category END AS own_category_used FROM statused v) u
),
weighed AS (
  SELECT l.*,
    CASE WHEN ${omittedWeighed} AND own_category_used IS NOT NULL THEN ${prob(0)} ELSE stage_weight END AS probability_used,
    CASE WHEN ${omittedWeighed} AND own_category_used IS NULL THEN ${openCategoryFor('stage_weight')}
      WHEN status = 'open' AND stage_category_used = 'Closed' THEN ${openCategoryFor('stage_weight')}
      ELSE stage_category_used END AS category_used,
    ${rate} AS rate
  FROM laddered l
)
SELECT snapshot_date, deal_key, opportunity, account, owner, ${segList}stage, ladder_stage, status,
  probability_used AS probability, category_used AS category,
  source_amount, currency, base_currency, source_amount * rate AS base_amount,
  source_amount * rate * probability_used AS weighted_amount,
  close_date, created_date,
  CASE WHEN source_amount IS NOT NULL AND probability_used IS NOT NULL AND rate IS NOT NULL THEN 'Yes' ELSE 'No' END AS counted,
  CASE WHEN close_date IS NULL THEN ${lit(NO_CLOSE_DATE)} ELSE ${period.label} END AS period,
  CASE WHEN close_date IS NULL THEN ${NO_CLOSE_ORDER} ELSE ${period.order} END AS period_order,
  CASE WHEN close_date IS NULL THEN NULL ELSE ${period.fiscalYear} END AS fiscal_year,
  CASE WHEN close_date IS NULL THEN NULL ELSE ${period.fiscalQuarter} END AS fiscal_quarter
FROM weighed`;
  };

  const money = (x: string) => `CAST(ROUND(${x}, 2) AS ${t('money')})`;
  const dbl = (x: string) => `CAST(${x} AS ${t('double')})`;
  const cat = (name: string) =>
    `SUM(CASE WHEN category = ${lit(name)} THEN base_amount ELSE 0 END)`;
  const forecastBodyOf = (deal: string) => `WITH sums AS (
  SELECT snapshot_date, ${segList}period, MIN(period_order) AS period_order, COUNT(*) AS deals,
    SUM(base_amount) AS amount,
    SUM(weighted_amount) AS weighted,
    ${cat('Closed')} AS closed_amount,
    ${cat('Commit')} AS commit_amount,
    ${cat('Best Case')} AS best_case_amount,
    ${cat('Pipeline')} AS pipeline_amount,
    ${cat('Omitted')} AS omitted_amount,
    SUM(CASE WHEN status = 'open' THEN base_amount ELSE 0 END) AS open_amount,
    SUM(${dbl('base_amount')} * ${dbl('base_amount')} * ${dbl('probability')} * (1 - ${dbl('probability')})) AS variance
  FROM ${deal}
  WHERE counted = 'Yes'
  GROUP BY snapshot_date, ${segList}period
)
SELECT snapshot_date, ${segList}period, period_order, deals,
  ${money('amount')} AS amount,
  ${money('weighted')} AS weighted,
  ${money('closed_amount')} AS closed_amount,
  ${money('commit_amount')} AS commit_amount,
  ${money('best_case_amount')} AS best_case_amount,
  ${money('pipeline_amount')} AS pipeline_amount,
  ${money('omitted_amount')} AS omitted_amount,
  ${money('closed_amount + commit_amount')} AS commit_cumulative,
  ${money('closed_amount + commit_amount + best_case_amount')} AS best_case_cumulative,
  ${money('pipeline_amount + best_case_amount + commit_amount')} AS pipeline_cumulative,
  ROUND(SQRT(GREATEST(variance, 0)), 2) AS spread,
  ${money('open_amount')} AS open_amount
FROM sums`;

  // The latest snapshot on or before the as-of date is picked from the snapshot rows
  // themselves, before the stage join and the sums: the Forecast of one snapshot reads one
  // snapshot's rows whatever the engine does with a filter placed above an aggregation.
  const asOfSnapshotBody = `SELECT s.*
FROM ${snapshotTable} s
WHERE s.snapshot_date = (
  SELECT MAX(snapshot_date) FROM ${snapshotTable}${
    settings.asOf ? `\n  WHERE snapshot_date <= DATE ${lit(rs.asOf)}` : ''
  }
)`;

  return {
    dialect,
    segments,
    snapshotTable,
    relations: [
      {
        name: STAGE_VIEW,
        body: stageBody,
        about:
          "the stage table: the settings' stage table, then the default ladder and the presets",
      },
      {
        name: 'ff_deal',
        body: dealBodyOf(snapshotTable),
        about: 'one row per snapshot row: status, probability, category, base amount, period',
      },
      {
        name: 'ff_forecast',
        body: forecastBodyOf('ff_deal'),
        about: 'the Forecast: snapshot date x segments x period',
      },
      {
        name: 'ff_unconverted',
        body: `SELECT snapshot_date, currency, COUNT(*) AS deals, ${money('SUM(source_amount)')} AS amount
FROM ff_deal
WHERE base_amount IS NULL AND source_amount IS NOT NULL AND probability IS NOT NULL
GROUP BY snapshot_date, currency`,
        about:
          'deals whose currency has no rate: totalled apart per currency, never added to the base-currency figures',
      },
      {
        name: 'ff_snapshot_as_of',
        body: asOfSnapshotBody,
        about: settings.asOf
          ? `the snapshot rows of the latest snapshot on or before ${rs.asOf}`
          : 'the snapshot rows of the latest snapshot',
      },
      {
        name: 'ff_deal_as_of',
        body: dealBodyOf('ff_snapshot_as_of'),
        about: 'ff_deal of that snapshot only',
      },
      {
        name: 'ff_forecast_as_of',
        body: forecastBodyOf('ff_deal_as_of'),
        about: settings.asOf
          ? `the Forecast of the latest snapshot on or before ${rs.asOf}`
          : 'the Forecast of the latest snapshot',
      },
    ],
  };
}

/** Probability as exact decimal text with 9 places (DECIMAL(10, 9)). */
function probabilityText(p: number): string {
  return p.toFixed(9);
}

/** A positive number as plain decimal text with at most `places` decimals (never 1e-7). */
function decimalText(x: number, places: number): string {
  const s = x.toFixed(places);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * Period label, order, fiscal year and fiscal quarter of close_date, named
 * exactly as core/engine/periods.ts names them. Only EXTRACT, CASE, CONCAT,
 * LPAD and CAST: no dialect's date formatting function.
 */
function periodExpressions(
  kind: 'month' | 'quarter' | 'year',
  start: number,
  dialect: Dialect,
): { label: string; order: string; fiscalYear: string; fiscalQuarter: string } {
  const text = dialect.type('text');
  const y = 'EXTRACT(YEAR FROM close_date)';
  const m = 'EXTRACT(MONTH FROM close_date)';
  const fiscal = start !== 1;
  const fy = fiscal ? `(${y} + CASE WHEN ${m} >= ${start} THEN 1 ELSE 0 END)` : y;
  const yearLabel = fiscal ? `CONCAT('FY', CAST(${fy} AS ${text}))` : `CAST(${fy} AS ${text})`;
  const quarterOf = (month: number) => Math.floor(((month - start + 12) % 12) / 3) + 1;
  const groups = [1, 2, 3].map((q) =>
    Array.from({ length: 12 }, (_, i) => i + 1).filter((month) => quarterOf(month) === q),
  );
  const quarter = `CASE ${groups
    .map((months, i) => `WHEN ${m} IN (${months.join(', ')}) THEN '${i + 1}'`)
    .join(' ')} ELSE '4' END`;
  const quarterLabel = `CONCAT(${yearLabel}, '-Q', ${quarter})`;
  const monthLabel = `CONCAT(CAST(${y} AS ${text}), '-', LPAD(CAST(${m} AS ${text}), 2, '0'))`;
  return {
    label: kind === 'month' ? monthLabel : kind === 'year' ? yearLabel : quarterLabel,
    order: `${y} * 12 + ${m} - 1`,
    fiscalYear: yearLabel,
    fiscalQuarter: quarterLabel,
  };
}

/**
 * A one-line SQL comment. Its text may hold settings' values (a base currency, a header): a
 * line break there would end the comment and run the rest as SQL, so every control character
 * and line separator becomes a space.
 */
export function sqlComment(text: string): string {
  // eslint-disable-next-line no-control-regex
  return `-- ${text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, ' ')}`;
}

/** The relations as CREATE OR REPLACE VIEW statements, in dependency order. */
export function asViews(sql: WarehouseSql): string[] {
  return sql.relations.map(
    (r) => `${sqlComment(`${r.name}: ${r.about}`)}\nCREATE OR REPLACE VIEW ${r.name} AS\n${r.body}`,
  );
}

/** One SELECT with the relations as CTEs: nothing is created (the history command runs this). */
export function asQuery(sql: WarehouseSql, select = 'SELECT * FROM ff_forecast_as_of'): string {
  return `WITH ${sql.relations.map((r) => `${r.name} AS (\n${r.body}\n)`).join(',\n')}\n${select}`;
}
