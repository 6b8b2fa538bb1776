/**
 * The host contract: what every host adapter must do with the same deal
 * sheet, run here on each of them (hosts.ts: Excel, Sheets, the standalone
 * page, the command line's files). Read, write, re-run, a user's sheet in the
 * way, formula-looking text, settings. A new host adds its harness to HOSTS.
 */
import { runForecast, toOutputTables, type CellValue, type Grid } from '../../core';
import { FORECAST_ORDER, sheetNameFor } from '../../core/output';
import { HOSTS, quietGlobals } from './hosts';

const FORMULA_LOOKING = ['=HYPERLINK("http://example.invalid")', '+1 555 0100', '@risk'];

const DEALS: Grid = [
  ['Opportunity', 'Account', 'Amount', 'Stage', 'Close Date', 'Owner', 'Region'],
  ['Big renewal', 'Acme', 4245.74, 'Pipeline', '2026-02-15', 'Ann', 'North'],
  ['Expansion', FORMULA_LOOKING[0]!, 12285, 'Committed', '2026-03-20', 'Bob', 'South'],
  ['New logo', FORMULA_LOOKING[1]!, 8000, 'Won', '2026-01-10', 'Ann', 'North'],
  ['Pilot', FORMULA_LOOKING[2]!, 3000, 'Lost', '2026-02-01', 'Bob', 'South'],
  ['Upsell', 'Acme', 5000, 'Upside', '2026-05-05', 'Ann', 'North'],
  ['Next year', 'Stark', 20000, 'Prospect', '2027-01-15', 'Cid', 'East'],
];

const SETTINGS = { asOf: '2026-03-31', segmentBy: ['Region'] };

/** A cell as every host reads it back: blank is "", numbers and text as they are. */
const plain = (v: CellValue | undefined): CellValue =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : v;
const plainGrid = (g: Grid): Grid => g.map((r) => r.map(plain));

/** The engine's own table, as a grid with its header row. */
function engineTable(sheetName: string): Grid {
  const result = runForecast({ name: 'Deals', values: DEALS, firstRow: 1 }, SETTINGS);
  const t = toOutputTables(result).find((x) => x.sheetName === sheetName)!;
  return plainGrid([t.columns.map((c) => c.header), ...t.rows]);
}

const OUTPUT_SHEETS = FORECAST_ORDER.map(sheetNameFor);

afterEach(() => {
  for (const name of quietGlobals) delete (globalThis as Record<string, unknown>)[name];
});

/**
 * A case a host cannot have (no user sheets beside the output, no saved settings:
 * the capabilities in hosts.ts say which) is not registered at all, rather than
 * reported as skipped: every registered case asserts something.
 */
const notApplicable = (_name: string, _fn: () => Promise<void>): void => undefined;

describe.each(HOSTS.map((h) => [h.name, h] as const))('%s', (_name, harness) => {
  it('reads the deal sheet: header found, columns mapped, rows counted', async () => {
    const host = harness.create(DEALS);
    const inspection = await host.inspect(SETTINGS);
    expect(inspection.rows).toBe(DEALS.length - 1);
    expect(inspection.problem).toBeUndefined();
    expect(inspection.mapping.fields.amount?.header).toBe('Amount');
    expect(inspection.mapping.fields.stage?.header).toBe('Stage');
    expect(inspection.mapping.fields.closeDate?.header).toBe('Close Date');
  });

  it("writes the output tables in order, each holding the engine's table; the deal sheet untouched", async () => {
    const host = harness.create(DEALS);
    const summary = await host.run(SETTINGS);
    const written = summary.written.map((w) => w.sheetName).filter((n) => n !== 'Forecast pivot');
    expect(written).toEqual(OUTPUT_SHEETS);
    for (const name of ['Forecast', 'Funnel', 'Reps']) {
      expect(plainGrid(await host.cells(name))).toEqual(engineTable(name));
    }
    expect(plainGrid(await host.cells('Deals'))).toEqual(plainGrid(DEALS));
    expect(summary.counts).toMatchObject({ rows: 6, counted: 6 });
  });

  it('a re-run replaces its own sheets in place: same sheets, same cells, nothing added', async () => {
    const host = harness.create(DEALS);
    await host.run(SETTINGS);
    const sheets = await host.sheetNames();
    const forecast = await host.cells('Forecast');
    const again = await host.run(SETTINGS);
    expect(await host.sheetNames()).toEqual(sheets);
    expect(await host.cells('Forecast')).toEqual(forecast);
    expect(again.notes.join('\n')).not.toMatch(/already exists/);
  });

  it('formula-looking text stays text: read back as written, no formula anywhere', async () => {
    const host = harness.create(DEALS);
    await host.run(SETTINGS);
    const data = await host.cells('FunnelData');
    const account = data[0]!.indexOf('Account');
    expect(data.slice(1).map((r) => r[account])).toEqual(expect.arrayContaining(FORMULA_LOOKING));
    expect(await host.formulaCells()).toBe(0);
  });

  // The page and the files have no user sheets beside the output: no clash to handle.
  (harness.userSheets ? it : notApplicable)(
    "a user's sheet with an output's name is never touched; the output goes beside it, with a note",
    async () => {
      const host = harness.create(DEALS);
      const mine: Grid = [['my own numbers', 42]];
      host.addUserSheet!('Forecast', mine);
      const summary = await host.run(SETTINGS);
      expect(await host.cells('Forecast')).toEqual(mine);
      expect(summary.written.map((w) => w.sheetName)).toContain('FF Forecast');
      expect(plainGrid(await host.cells('FF Forecast'))).toEqual(engineTable('Forecast'));
      expect(summary.notes.join('\n')).toMatch(/"Forecast" already exists.*"FF Forecast"/);
    },
  );

  // The command line takes its settings as options; it keeps none.
  (harness.keepsSettings ? it : notApplicable)(
    'settings round-trip: saved, loaded back equal, cleared to none',
    async () => {
      const host = harness.create(DEALS);
      const settings = {
        period: 'month' as const,
        fiscalYearStart: 4,
        segmentBy: ['Region'],
        mapping: { amount: 'Amount', owner: null },
        stageTable: [
          ['Pipeline', 0.5],
          ['交渉中', 0.7],
        ],
      };
      await host.settings!.save(settings);
      expect(await host.settings!.load()).toEqual(settings);
      await host.settings!.clear();
      expect(await host.settings!.load()).toBeNull();
    },
  );

  (harness.keepsSettings ? it : notApplicable)(
    'settings edited by hand load with the malformed ones dropped, the rest kept',
    async () => {
      const host = harness.create(DEALS);
      await host.settings!.saveRaw({
        period: 'fortnight',
        fiscalYearStart: 13,
        segmentBy: ['Region'],
        stageTable: 'not a table',
        tierMeasure: 'open',
        unknown: 1,
      });
      expect(await host.settings!.load()).toEqual({ segmentBy: ['Region'], tierMeasure: 'open' });
    },
  );
});
