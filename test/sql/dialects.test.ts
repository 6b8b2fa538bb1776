/**
 * The warehouse SQL in its three dialects: BigQuery's and Snowflake's parse
 * with node-sql-parser for those dialects, DuckDB's runs in DuckDB, and each
 * dialect's text differs from DuckDB's only at the documented points
 * (docs/warehouse.md): type names and string-literal escapes.
 */
import { Parser } from 'node-sql-parser';
import { openStore, queryRows } from '../../cli/history-store';
import type { ForecastSettings } from '../../core/engine';
import {
  accuracySql,
  asQuery,
  asViews,
  changeSql,
  dialectOf,
  forecastSql,
  ratesSql,
  snapshotTableDdl,
  type DialectName,
  type WarehouseSql,
} from '../../core/sql';

const SETTINGS: Record<string, ForecastSettings> = {
  default: {},
  fiscal: {
    period: 'quarter',
    fiscalYearStart: 7,
    segmentBy: ['Region', '区域', 'Tier'],
    asOf: '2026-03-31',
  },
  month: { period: 'month', segmentBy: ['Owner'], baseCurrency: 'USD', rates: [['EUR', 1.08]] },
  year: {
    period: 'year',
    fiscalYearStart: 4,
    stageTable: [
      ['Stage', 'Probability', 'Category'],
      ["Customer's \\ review", 0.35, 'Best Case'],
      ['Legal\r\nreview', 0.6, 'Commit'],
      ['Signed', 1, 'Closed'],
    ],
  },
};

function scripts(name: DialectName, settings: ForecastSettings): string[] {
  const sql = forecastSql(settings, dialectOf(name));
  const change = changeSql({ ...settings, asOf: settings.asOf ?? '2026-11-15' }, dialectOf(name));
  const rates = ratesSql(settings, dialectOf(name), { fromDate: '2026-01-01', priorStrength: 2.5 });
  const accuracy = accuracySql(settings, dialectOf(name), {
    toDate: '2026-12-31',
    ...(settings.period === 'month' ? { window: '2026-03' } : {}),
  });
  const only = (s: WarehouseSql, prefix: string) => ({
    ...s,
    relations: s.relations.filter((r) => r.name.startsWith(prefix)),
  });
  return [
    snapshotTableDdl(dialectOf(name), sql.segments),
    ...asViews(sql),
    asQuery(sql),
    ...asViews(change),
    asQuery(change, 'SELECT * FROM ff_change'),
    ...asViews(only(rates, 'ff_rate')),
    ...asViews(only(rates, 'ff_stage_rates')),
    asQuery(rates, 'SELECT * FROM ff_stage_rates'),
    ...asViews(only(accuracy, 'ff_accuracy')),
    asQuery(accuracy, 'SELECT * FROM ff_accuracy'),
  ];
}

/** Documented function points, written back in DuckDB's form before the token comparison. */
const FUNCTION_POINTS: Record<Exclude<DialectName, 'duckdb'>, [RegExp, string][]> = {
  // Whole days between two dates: DATE_DIFF(b, a, DAY) in BigQuery, b - a elsewhere.
  bigquery: [
    [/DATE_DIFF\((\w+), (\w+), DAY\)/g, '($1 - $2)'],
    // A DATE from year, month and day: DATE(y, m, d) in BigQuery, DATE_FROM_PARTS in Snowflake.
    [/\bDATE\(CAST\(/g, 'MAKE_DATE(CAST('],
  ],
  snowflake: [[/\bDATE_FROM_PARTS\(/g, 'MAKE_DATE(']],
};

/** Tokens: string literals (either escape style), decimal types, words, numbers, punctuation. */
function tokens(text: string): string[] {
  const withoutComments = text.replace(/^--.*$/gm, '');
  return (
    withoutComments.match(
      /'(?:[^'\\]|\\.|'')*'|DECIMAL\(\d+, \d+\)|[A-Za-z_][A-Za-z0-9_.]*|\d+(?:\.\d+)?|\S/g,
    ) ?? []
  );
}

/** The value of a string literal, read with its dialect's escapes. */
function literalValue(token: string, dialect: DialectName): string {
  const body = token.slice(1, -1);
  return dialect === 'duckdb'
    ? body.replace(/''/g, "'")
    : body
        .replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c))
        .replace(/''/g, "'");
}

/** The documented dialect points: DuckDB token -> the dialect's token. */
const TYPE_POINTS: Record<Exclude<DialectName, 'duckdb'>, Record<string, string>> = {
  bigquery: {
    VARCHAR: 'STRING',
    DOUBLE: 'FLOAT64',
    BIGINT: 'INT64',
    'DECIMAL(38, 2)': 'NUMERIC',
    'DECIMAL(10, 9)': 'NUMERIC',
    'DECIMAL(38, 9)': 'NUMERIC',
  },
  snowflake: {},
};

describe.each(Object.entries(SETTINGS))('warehouse SQL, settings %s', (_name, settings) => {
  const duck = scripts('duckdb', settings);

  it.each(['bigquery', 'snowflake'] as const)('%s parses with node-sql-parser', (dialect) => {
    const parser = new Parser();
    // The views and the DDL (the --query forms are the same bodies as CTEs).
    for (const statement of scripts(dialect, settings).filter((x) => !x.startsWith('WITH '))) {
      expect(() => parser.astify(statement, { database: dialect })).not.toThrow();
    }
  });

  it.each(['bigquery', 'snowflake'] as const)(
    '%s writes no raw line break inside a string literal (BigQuery refuses one)',
    (dialect) => {
      for (const statement of scripts(dialect, settings)) {
        for (const t of tokens(statement).filter((x) => x.startsWith("'")))
          expect(t).not.toMatch(/[\r\n]/);
      }
    },
  );

  it.each(['bigquery', 'snowflake'] as const)(
    '%s differs from DuckDB only at the documented points',
    (dialect) => {
      const other = scripts(dialect, settings);
      const points = TYPE_POINTS[dialect];
      const used = new Set<string>();
      other.forEach((statement, s) => {
        const a = tokens(duck[s]!);
        let text = statement;
        for (const [pattern, duckForm] of FUNCTION_POINTS[dialect]) {
          if (pattern.test(text)) used.add(String(pattern));
          text = text.replace(pattern, duckForm);
        }
        const b = tokens(text);
        expect(b).toHaveLength(a.length);
        a.forEach((t, i) => {
          const u = b[i]!;
          if (t === u) return;
          if (t.startsWith("'")) {
            expect([i, literalValue(u, dialect)]).toEqual([i, literalValue(t, 'duckdb')]);
            used.add('literal');
          } else {
            expect([i, t, u]).toEqual([i, t, points[t]]);
            used.add(t);
          }
        });
      });
      // Snowflake's text is DuckDB's, but for string escapes and DATE_FROM_PARTS.
      if (dialect === 'snowflake')
        expect([...used].filter((u) => u !== 'literal')).toEqual([
          String(FUNCTION_POINTS.snowflake[0]![0]),
        ]);
      else
        expect([...used].filter((u) => u !== 'literal').sort()).toEqual(
          [
            String(FUNCTION_POINTS.bigquery[0]![0]),
            String(FUNCTION_POINTS.bigquery[1]![0]),
            'BIGINT',
            'DECIMAL(10, 9)',
            'DECIMAL(38, 2)',
            'DECIMAL(38, 9)',
            'DOUBLE',
            'VARCHAR',
          ].sort(),
        );
    },
  );

  it('DuckDB runs the DDL and the views', async () => {
    const store = await openStore(':memory:');
    try {
      for (const statement of duck.slice(0, -1)) await store.conn.run(statement);
      const rows = await queryRows(store, 'SELECT COUNT(*) AS n FROM ff_forecast_as_of');
      expect(Number(rows[0]!.n)).toBe(0);
      const stages = await queryRows(store, 'SELECT stage, probability FROM ff_stage');
      if (settings.stageTable)
        expect(stages[0]).toEqual({ stage: "Customer's \\ review", probability: '0.350000000' });
    } finally {
      store.close();
    }
  });
});
