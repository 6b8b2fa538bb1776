import { FunnelError } from '../errors';
/**
 * The three SQL dialects the warehouse SQL is generated for. Everything a
 * dialect changes is here, and only here (docs/warehouse.md lists the same
 * points): type names, string literals. Identifiers are lower-case snake_case
 * and never quoted, so they read the same in all three (Snowflake folds them
 * to upper case, consistently).
 */

export const DIALECTS = ['duckdb', 'bigquery', 'snowflake'] as const;
export type DialectName = (typeof DIALECTS)[number];

/** The logical column types of the snapshot and stage tables and of the views. */
export type SqlType = 'money' | 'probability' | 'rate' | 'text' | 'date' | 'double' | 'integer';

export interface Dialect {
  name: DialectName;
  /** The type's name in this dialect. */
  type(t: SqlType): string;
  /** A string literal. */
  literal(text: string): string;
  /** Whole days from one DATE to another, as an integer. */
  daysBetween(from: string, to: string): string;
  /** The DATE of integer year, month and day expressions. */
  dateFromParts(year: string, month: string, day: string): string;
}

/**
 * Money: DECIMAL(38, 2), exact. BigQuery has one exact decimal type in
 * common use, NUMERIC (38 digits, 9 after the point): money is NUMERIC there,
 * rounded to the cent by ROUND(x, 2) like everywhere else.
 */
const DECIMAL_TYPES: Record<'money' | 'probability' | 'rate', string> = {
  money: 'DECIMAL(38, 2)',
  probability: 'DECIMAL(10, 9)',
  rate: 'DECIMAL(38, 9)',
};

/** Standard SQL quoting: a quote is doubled; backslash is an ordinary character. */
const standardLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;
/**
 * BigQuery and Snowflake read backslash escapes inside '...': escape the backslash and the
 * quote, and write line breaks as \n and \r (a quoted BigQuery string may not contain a raw
 * line break, even after a backslash).
 */
const backslashLiteral = (text: string): string =>
  `'${text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')}'`;

const DUCKDB: Dialect = {
  name: 'duckdb',
  type: (t) =>
    t === 'text'
      ? 'VARCHAR'
      : t === 'date'
        ? 'DATE'
        : t === 'double'
          ? 'DOUBLE'
          : t === 'integer'
            ? 'BIGINT'
            : DECIMAL_TYPES[t],
  literal: standardLiteral,
  daysBetween: (from, to) => `(${to} - ${from})`,
  dateFromParts: (y, m, d) => `MAKE_DATE(${y}, ${m}, ${d})`,
};

const BIGQUERY: Dialect = {
  name: 'bigquery',
  type: (t) =>
    t === 'text'
      ? 'STRING'
      : t === 'date'
        ? 'DATE'
        : t === 'double'
          ? 'FLOAT64'
          : t === 'integer'
            ? 'INT64'
            : 'NUMERIC',
  literal: backslashLiteral,
  // DATE - DATE is an INTERVAL in BigQuery.
  daysBetween: (from, to) => `DATE_DIFF(${to}, ${from}, DAY)`,
  dateFromParts: (y, m, d) => `DATE(${y}, ${m}, ${d})`,
};

const SNOWFLAKE: Dialect = {
  ...DUCKDB,
  name: 'snowflake',
  literal: backslashLiteral,
  dateFromParts: (y, m, d) => `DATE_FROM_PARTS(${y}, ${m}, ${d})`,
};

export function dialectOf(name: string): Dialect {
  switch (name.trim().toLowerCase()) {
    case 'duckdb':
      return DUCKDB;
    case 'bigquery':
      return BIGQUERY;
    case 'snowflake':
      return SNOWFLAKE;
    default:
      throw new FunnelError(
        '#VALUE!',
        `Unknown SQL dialect "${name}": use ${DIALECTS.join(', ')}.`,
      );
  }
}
