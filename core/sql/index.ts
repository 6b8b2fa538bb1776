/**
 * The warehouse SQL: the engine's definitions as SQL text for DuckDB,
 * BigQuery and Snowflake, generated from the run's settings (pure: no
 * database here; the command line runs it in DuckDB). docs/warehouse.md.
 */
export { DIALECTS, dialectOf, type Dialect, type DialectName, type SqlType } from './dialect';
export {
  SNAPSHOT_COLUMNS,
  SNAPSHOT_TABLE,
  STAGE_COLUMNS,
  STAGE_VIEW,
  segmentColumns,
  snapshotTableDdl,
  type ColumnDef,
  type SegmentColumn,
} from './schema';
export {
  FORECAST_SQL_COLUMNS,
  asQuery,
  asViews,
  forecastSql,
  sqlComment,
  type Relation,
  type WarehouseOptions,
  type WarehouseSql,
} from './forecast';
export {
  SnapshotKeyError,
  allSnapshotRows,
  snapshotRows,
  type SnapshotRows,
} from './snapshot-rows';
export { CHANGE_STEPS, changeSql, type ChangeSqlOptions } from './change';
export {
  STAGE_RATES_SQL_COLUMNS,
  ratesSql,
  type RangeSqlOptions,
  type RatesSqlOptions,
} from './rates';
export { ACCURACY_SQL_COLUMNS, accuracySql, type AccuracySqlOptions } from './accuracy';
