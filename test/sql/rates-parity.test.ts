/**
 * Parity: the Stage rates and the Forecast accuracy computed by the generated
 * SQL in DuckDB equal core/rates' (computeStageRates on historyFromSnapshots'
 * rows; forecastAccuracy on the snapshots' runs), cell for cell: n and won
 * exactly, rates to the engine's double, money to the cent, on the seeded
 * snapshot generator of test/change (ladder labels; Salesforce labels with
 * ladder labels mixed in, so the preset is chosen and extra stages listed;
 * a user stage table) and on every shared pipeline-change vector.
 */
import { openStore, type Store } from '../../cli/history-store';
import type { SnapshotSource } from '../../core/change';
import type { CellValue, Grid } from '../../core/cells';
import type { ForecastSettings } from '../../core/engine';
import { historyFromSnapshots } from '../../core/rates/snapshots';
import { RATES, generateSnapshots } from '../change/snapshot-generator';
import { cellFromJson, changeVectorFiles, readChangeVector } from '../vectors/change-vectors';
import { checkAccuracy, checkRates, loadSnapshots, uniqueKeys } from './support/parity';

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

  const load = (sources: SnapshotSource[], settings: ForecastSettings, key: string | null) =>
    loadSnapshots(store, sources, settings, key);

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
    const want = await checkRates(store, label, sources, settings, 'Opportunity ID', k);
    // The comparison covered closed deals at open and closed stages.
    expect(want.counts.won).toBeGreaterThan(10);
    expect(want.counts.lost).toBeGreaterThan(10);
    if (names) expect(want.notes.join(' ')).toMatch(/Stages not in Salesforce default stages/);
    const accuracy = await checkAccuracy(store, label, sources, settings, 'Opportunity ID');
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
    const want = await checkRates(store, file, sources, settings, key, 10);
    expect(want.counts.deals).toBeGreaterThan(0);
    await checkAccuracy(store, file, sources, settings, key);
  });
});
