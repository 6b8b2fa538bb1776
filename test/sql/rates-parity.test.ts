/**
 * Parity: the Stage rates and the Forecast accuracy computed by the generated
 * SQL in DuckDB equal core/rates' (computeStageRates on historyFromSnapshots'
 * rows; forecastAccuracy on the snapshots' runs), cell for cell: n and won
 * exactly, rates to the engine's double, money to the cent, on the seeded
 * snapshot generator of test/change (ladder labels; Salesforce labels with
 * ladder labels mixed in, so the preset is chosen and extra stages listed;
 * a user stage table) and on every shared pipeline-change vector.
 */
import { openStore, queryRows, writeSnapshot, type Store } from '../../cli/history-store';
import type { SnapshotSource } from '../../core/change';
import type { CellValue, Grid } from '../../core/cells';
import type { ForecastSettings } from '../../core/engine';
import { runForecast } from '../../core/engine';
import { forecastAccuracy } from '../../core/rates/accuracy';
import { historyFromSnapshots } from '../../core/rates/snapshots';
import { computeStageRates } from '../../core/rates/stage-rates';
import { parseStageTable } from '../../core/stages';
import { accuracySql, asQuery, dialectOf, ratesSql, snapshotRows } from '../../core/sql';
import { RATES, generateSnapshots } from '../change/snapshot-generator';
import { cellFromJson, changeVectorFiles, readChangeVector } from '../vectors/change-vectors';

const sameCents = (sql: unknown, engine: number): boolean =>
  Math.abs(Number(sql) - engine) <= 0.005 + 1e-9 * Math.abs(engine);
/** A double the SQL computed the engine's way: equal to the last bits (1e-12 relative). */
const sameDouble = (sql: unknown, engine: number | null): boolean =>
  engine === null
    ? sql === null
    : sql !== null && Math.abs(Number(sql) - engine) <= 1e-12 * Math.max(1, Math.abs(engine));

/** Stage labels as a Salesforce org writes them; Upside stays a ladder label (an extra stage). */
const SALESFORCE: Record<string, string> = {
  Prospect: 'Prospecting',
  Opportunity: 'Needs Analysis',
  Pipeline: 'Value Proposition',
  Committed: 'Negotiation/Review',
  Won: 'Closed Won',
  Lost: 'Closed Lost',
};
const relabel = (values: CellValue[][], names: Record<string, string>): CellValue[][] =>
  values.map((r, i) =>
    i === 0 ? r : r.map((v, c) => (c === 4 && typeof v === 'string' ? (names[v] ?? v) : v)),
  );

/**
 * The store refuses a snapshot whose key repeats or is blank (history add), and the Forecast
 * counts every row: the generator's planted repeats and blank keys are dropped from the sheets
 * of both sides (the first row of a key kept, as the bridge keeps it).
 */
function uniqueKeys(values: CellValue[][], keyHeader: string): CellValue[][] {
  const col = values[0]!.indexOf(keyHeader);
  if (col < 0) throw new Error(`no key column ${keyHeader} in the header row`);
  const seen = new Set<string>();
  return values.filter((r, i) => {
    if (i === 0) return true;
    const k = r[col];
    if (k === null || k === undefined || String(k).trim() === '') return false;
    if (seen.has(String(k).trim())) return false;
    seen.add(String(k).trim());
    return true;
  });
}

const USER_TABLE: Grid = [
  ['Stage', 'Probability', 'Category', 'Ladder stage'],
  ['Prospect', 0.05, 'Pipeline', 'Prospect'],
  ['Opportunity', 0.15, 'Pipeline', 'Opportunity'],
  ['Pipeline', 0.4, 'Pipeline', 'Pipeline'],
  ['Upside', 0.35, 'Best Case', 'Upside'],
  ['Committed', 0.8, 'Commit', 'Committed'],
  ['Won', 1, 'Closed', 'Won'],
  ['Lost', 0, 'Omitted', 'Lost'],
];

describe('Stage rates and Forecast accuracy in DuckDB = core/rates', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(':memory:');
  });
  afterAll(() => store.close());

  async function load(sources: SnapshotSource[], settings: ForecastSettings, key: string | null) {
    await store.conn.run('DROP TABLE IF EXISTS ff_snapshot');
    await store.conn.run('DROP TABLE IF EXISTS ff_snapshot_meta');
    for (const s of sources) {
      const own = { ...settings, asOf: s.asOf };
      const result = runForecast(s.sheet, own);
      const snap = snapshotRows(result, {
        date: s.asOf,
        segmentBy: settings.segmentBy,
        keyHeader: key,
        repeatedKeys: 'first',
      });
      await writeSnapshot(store, snap, {
        date: s.asOf,
        source: s.sheet.name,
        baseCurrency: result.baseCurrency ?? null,
        asOf: s.asOf,
      });
    }
  }

  async function checkRates(
    label: string,
    sources: SnapshotSource[],
    settings: ForecastSettings,
    key: string | null,
    priorStrength: number,
  ) {
    const history = historyFromSnapshots(sources, settings, key);
    const stageTable = settings.stageTable ? parseStageTable(settings.stageTable) : undefined;
    const want = computeStageRates(history.rows, { stageTable, priorStrength });
    const sql = ratesSql(settings, dialectOf('duckdb'), { priorStrength });
    const got = await queryRows(
      store,
      asQuery(sql, 'SELECT * FROM ff_stage_rates ORDER BY stage_order'),
    );
    expect(got.map((r) => r.stage)).toEqual(want.rates.map((r) => r.stage.label));
    want.rates.forEach((w, i) => {
      const g = got[i]!;
      const id = `${label} ${w.stage.label}`;
      expect([id, Number(g.n), Number(g.won)]).toEqual([id, w.n, w.won]);
      expect([id, g.category, g.ladder_stage]).toEqual([id, w.stage.category, w.stage.ladder]);
      for (const [col, value] of [
        ['probability', w.probability],
        ['raw_rate', w.rawRate],
        ['previous_probability', w.previousProbability],
      ] as const)
        if (!sameDouble(g[col], value))
          throw new Error(`${id} ${col}: SQL ${String(g[col])}, engine ${value}`);
    });
    return { want, history };
  }

  async function checkAccuracy(
    label: string,
    sources: SnapshotSource[],
    settings: ForecastSettings,
    key: string | null,
  ) {
    const history = historyFromSnapshots(sources, settings, key);
    const want = forecastAccuracy(history.runs, settings.fiscalYearStart ?? 1);
    const sql = accuracySql(settings, dialectOf('duckdb'));
    const rows = await queryRows(
      store,
      asQuery(sql, 'SELECT *, CAST(snapshot_date AS VARCHAR) AS day FROM ff_accuracy'),
    );
    const keyOf = (snapshot: string, values: string[], period: string) =>
      JSON.stringify([snapshot, ...values, period]);
    const byKey = new Map(
      rows.map((r) => [
        keyOf(
          String(r.day),
          sql.segments.map((s) => String(r[s.column])),
          String(r.period),
        ),
        r,
      ]),
    );
    expect(rows).toHaveLength(want.rows.length);
    for (const w of want.rows) {
      const id = keyOf(w.snapshot, Object.values(w.segment), w.period);
      const g = byKey.get(id);
      if (!g) throw new Error(`${label}: no SQL row for ${id}`);
      expect([id, Number(g.weeks_before_end), g.bias]).toEqual([id, w.weeksBeforeEnd, w.bias]);
      for (const [col, value] of [
        ['weighted', w.weighted],
        ['commit_amount', w.commit],
        ['best_case_amount', w.bestCase],
        ['actual', w.actual],
        ['error', w.error],
      ] as const)
        if (!sameCents(g[col], value))
          throw new Error(`${label} ${id} ${col}: SQL ${String(g[col])}, engine ${value}`);
      // Ratios of the cent amounts (the engine divides its unrounded sums): 1e-9 relative.
      for (const [col, value] of [
        ['ratio', w.ratio],
        ['absolute_percentage_error', w.absolutePercentageError],
      ] as const)
        if (
          value === null
            ? g[col] !== null
            : Math.abs(Number(g[col]) - value) > 1e-9 * Math.max(1, Math.abs(value))
        )
          throw new Error(`${label} ${id} ${col}: SQL ${String(g[col])}, engine ${value}`);
    }
    return want;
  }

  const seeded = (seed: number, names?: Record<string, string>): SnapshotSource[] =>
    generateSnapshots({ seed, deals: 150, weeks: 14 }).map((s) => ({
      sheet: {
        name: s.name,
        values: uniqueKeys(names ? relabel(s.values, names) : s.values, 'Opportunity ID'),
      },
      asOf: s.asOf,
    }));

  it.each([
    ['ladder labels, k = 10, by Owner, months', 1, undefined, {}, 10],
    ['ladder labels, k = 0, quarters', 2, undefined, { period: 'quarter' as const }, 0],
    ['Salesforce labels + Upside, k = 10', 3, SALESFORCE, {}, 10],
    ['a user stage table, k = 4.5, fiscal year from July', 4, undefined, {}, 4.5],
  ])('seeded snapshots: %s', async (label, seed, names, extra, k) => {
    const settings: ForecastSettings = {
      segmentBy: seed === 1 ? ['Owner'] : [],
      rates: RATES,
      period: seed === 1 ? 'month' : 'quarter',
      ...(seed === 4 ? { stageTable: USER_TABLE, fiscalYearStart: 7 } : {}),
      ...extra,
    };
    const sources = seeded(seed, names);
    await load(sources, settings, 'Opportunity ID');
    const { want } = await checkRates(label, sources, settings, 'Opportunity ID', k);
    // The comparison covered closed deals at open and closed stages.
    expect(want.counts.won).toBeGreaterThan(10);
    expect(want.counts.lost).toBeGreaterThan(10);
    if (names) expect(want.notes.join(' ')).toMatch(/Stages not in Salesforce default stages/);
    const accuracy = await checkAccuracy(label, sources, settings, 'Opportunity ID');
    expect(accuracy.rows.length).toBeGreaterThan(0);
  });

  it.each(changeVectorFiles)('change vector %s', async (file) => {
    const v = readChangeVector(file);
    const raw = v.snapshots.map((s) => ({
      sheet: { name: s.name, values: s.values.map((r) => r.map(cellFromJson)) },
      asOf: s.asOf,
    }));
    const key = v.options?.key ?? null;
    const settings = { ...v.settings };
    delete settings.asOf;
    // The key the bridge chose (a deal id column, else the opportunity column).
    const keyHeader = historyFromSnapshots(raw, settings, key).notes[0]!.match(
      / deals by (.*?)(;|\.$)/,
    )![1]!;
    const sources = raw.map((s) => ({
      ...s,
      sheet: { ...s.sheet, values: uniqueKeys(s.sheet.values, keyHeader) },
    }));
    await load(sources, settings, keyHeader);
    const { want } = await checkRates(file, sources, settings, key, 10);
    expect(want.counts.deals).toBeGreaterThan(0);
    await checkAccuracy(file, sources, settings, key);
  });
});
