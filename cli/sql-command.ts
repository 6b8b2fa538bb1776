/**
 * `npm run cli -- sql --dialect duckdb|bigquery|snowflake [--settings FILE]`:
 * prints the warehouse SQL (views over the snapshot table) generated from the
 * run's settings, the same settings the pane saves. docs/warehouse.md.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isFunnelError } from '../core/errors';
import type { ForecastSettings } from '../core';
import { DEFAULT_PRIOR_STRENGTH } from '../core/rates/stage-rates';
import {
  DIALECTS,
  accuracySql,
  asQuery,
  asViews,
  changeSql,
  dialectOf,
  forecastSql,
  ratesSql,
  snapshotTableDdl,
  sqlComment,
  type WarehouseSql,
} from '../core/sql';
import { priorStrengthOf } from './calibrate';
import { UsageError } from './forecast-command';

interface SqlOptions {
  dialect: string;
  settings?: string;
  snapshotTable?: string;
  ddl?: boolean;
  query?: boolean;
  window?: string;
  priorStrength?: string;
}

export function registerSqlCommand(program: Command): void {
  program
    .command('sql')
    .description(
      "Print the SQL that computes the Forecast, the Pipeline change (with the settings' asOf or --window), the Stage rates and the Forecast accuracy over a snapshot table, for DuckDB, BigQuery or Snowflake (views, or one SELECT per table).",
    )
    .requiredOption('--dialect <name>', DIALECTS.join(', '))
    .option(
      '--settings <file.json>',
      'the run settings as JSON (period, fiscalYearStart, segmentBy, stageTable, rates, baseCurrency, asOf, priorStrength)',
    )
    .option('--snapshot-table <name>', 'the snapshot table ([dataset.]table)', 'ff_snapshot')
    .option(
      '--window <label>',
      "the pipeline change's window of close dates, e.g. 2026-Q4 (default: the period holding the settings' asOf)",
    )
    .option(
      '--prior-strength <k>',
      `the Stage rates' prior strength in deals (0 = raw rates; default the settings' priorStrength, else ${DEFAULT_PRIOR_STRENGTH})`,
    )
    .option('--ddl', 'start with CREATE TABLE for the snapshot table')
    .option('--query', 'one SELECT per table (the views as CTEs) instead of CREATE VIEW statements')
    .action((opts: SqlOptions) => {
      try {
        process.stdout.write(sqlText(opts));
      } catch (e) {
        if (e instanceof UsageError || isFunnelError(e)) {
          // One line, whatever the message quotes from the settings.
          process.stderr.write(`sql: ${e.message.replace(/\r?\n/g, '\\n')}\n`);
          process.exitCode = 2;
          return;
        }
        process.stderr.write(`sql: unexpected error: ${(e as Error).message ?? String(e)}\n`);
        process.exitCode = 1;
      }
    });
}

/** The settings JSON: the pane's settings, plus priorStrength for the Stage rates. */
type SqlSettings = ForecastSettings & { priorStrength?: number };

function readSettings(path: string): SqlSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--settings ${path}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--settings ${path}: not JSON (${(e as Error).message}).`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`--settings ${path}: give a JSON object of settings.`);
  return value as SqlSettings;
}

export function sqlText(opts: SqlOptions): string {
  const dialect = dialectOf(opts.dialect);
  const settings: SqlSettings = opts.settings ? readSettings(opts.settings) : {};
  // --prior-strength, else the settings', else the default; a bad one is refused, named.
  const priorStrength =
    opts.priorStrength !== undefined
      ? priorStrengthOf(opts.priorStrength)
      : priorStrengthOf(settings.priorStrength, 'priorStrength');
  const sql = forecastSql(settings, dialect, { snapshotTable: opts.snapshotTable });
  const head = [
    `Funnel Forecast: the Forecast over ${sql.snapshotTable} (${dialect.name}). Generated; docs/warehouse.md.`,
    `Settings: period ${settings.period ?? 'quarter'}, fiscal year start ${settings.fiscalYearStart ?? 1}, as of ${settings.asOf ?? '(latest snapshot)'}, base currency ${settings.baseCurrency ?? '(most common per snapshot)'}.`,
    ...sql.segments.map((s) => `Segment ${JSON.stringify(s.header)}: column ${s.column}.`),
  ];
  // The pipeline change needs a window: --window, or the period holding the as-of date.
  const change =
    opts.window || settings.asOf
      ? changeSql(settings, dialect, {
          snapshotTable: opts.snapshotTable,
          ...(opts.window ? { window: opts.window } : {}),
        })
      : null;
  if (change)
    head.push(
      `Pipeline change: the two latest snapshots on or before ${settings.asOf ?? 'the latest'}, window ${change.window.label} (close dates ${change.window.first} to ${change.window.last}).`,
    );
  else head.push('Pipeline change: give asOf in the settings, or --window, to generate it.');
  const changeOnly = change
    ? { ...change, relations: change.relations.filter((r) => r.name.startsWith('ff_change')) }
    : null;
  // Stage rates and Forecast accuracy over every snapshot up to the settings' asOf.
  const rates = ratesSql(settings, dialect, { snapshotTable: opts.snapshotTable, priorStrength });
  const accuracy = accuracySql(settings, dialect, { snapshotTable: opts.snapshotTable });
  head.push(
    `Stage rates: prior strength ${priorStrength}; the interval's Beta(alpha, beta) is given, its quantiles are computed by the command line (docs/warehouse.md).`,
    `Forecast accuracy: each snapshot's forecast of a period ended by the latest snapshot${settings.asOf ? ` on or before ${settings.asOf}` : ''}, against that snapshot's Closed amount.`,
  );
  const own = (w: WarehouseSql, prefixes: string[]) => ({
    ...w,
    relations: w.relations.filter((r) => prefixes.some((p) => r.name.startsWith(p))),
  });
  const statements = [
    ...(opts.ddl ? [snapshotTableDdl(dialect, sql.segments, sql.snapshotTable)] : []),
    ...(opts.query ? [asQuery(sql)] : asViews(sql)),
    ...(change && changeOnly
      ? opts.query
        ? [asQuery(change, 'SELECT * FROM ff_change')]
        : asViews(changeOnly)
      : []),
    ...(opts.query
      ? [
          asQuery(rates, 'SELECT * FROM ff_stage_rates ORDER BY stage_order'),
          asQuery(accuracy, 'SELECT * FROM ff_accuracy'),
        ]
      : [
          ...asViews(own(rates, ['ff_rate', 'ff_stage_rates'])),
          ...asViews(own(accuracy, ['ff_accuracy'])),
        ]),
  ];
  return `${head.map(sqlComment).join('\n')}\n\n${statements.join(';\n\n')};\n`;
}
