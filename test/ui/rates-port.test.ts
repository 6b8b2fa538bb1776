/**
 * @jest-environment node
 *
 * (The port reads files with TextDecoder, which Node has and jsdom lacks.)
 */
/**
 * "Use calibrated rates" through the port: the host only reads the sheet and
 * its snapshots; the rates are core's (historyFromSnapshots + computeStageRates).
 * Checked on the page, with an earlier export and with snapshots saved on the page.
 */
import Papa from 'papaparse';
import { historyFromSnapshots } from '../../core/rates/snapshots';
import { computeStageRates } from '../../core/rates/stage-rates';
import { stageRatesJson } from '../../core/rates/table';
import { parseStageTable } from '../../core/stages';
import { BrowserPort } from '../../web/browser-port';
import { RATES, generateSnapshots } from '../change/snapshot-generator';

jest.setTimeout(60_000);

const weeks = generateSnapshots({ seed: 11, deals: 120, weeks: 4 });
const first = weeks[0]!;
const last = weeks[weeks.length - 1]!;
const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const csv = (values: unknown[][]) => bytes(Papa.unparse(values));

async function pagePort(): Promise<BrowserPort> {
  const port = new BrowserPort({ sheets: [], storage: null, language: 'en-US' });
  await port.openFile({ name: 'deals-now.csv', bytes: csv(last.values) });
  return port;
}

describe('stage rates through the port', () => {
  test('an earlier export and the sheet now give core rates; the stage table parses', async () => {
    const port = await pagePort();
    await port.setEarlierFile({ name: 'deals-then.csv', bytes: csv(first.values) }, first.asOf);
    const [source] = await port.listSources();
    const settings = { asOf: last.asOf, rates: RATES };
    const view = await port.stageRates(source!, settings);

    const history = historyFromSnapshots(
      [
        { sheet: { name: 'deals-then.csv', values: first.values }, asOf: first.asOf },
        { sheet: { name: 'deals-now.csv', values: last.values }, asOf: last.asOf },
      ],
      settings,
      null,
    );
    const core = computeStageRates(history.rows);
    expect(view.rows).toEqual(stageRatesJson(core));
    expect(view.snapshots.map((s) => s.asOf)).toEqual([first.asOf, last.asOf]);
    expect(view.closedDeals).toBe(core.counts.won + core.counts.lost);
    expect(view.closedDeals).toBeGreaterThan(0);
    // Every rate comes with its n, and the stage table is the rates' first four columns.
    const table = parseStageTable(view.stageTable);
    expect(table.stages.map((s) => [s.label, s.probability])).toEqual(
      view.rows.map((r) => [r.stage, expect.closeTo(r.probability, 12)]),
    );
  });

  test('snapshots saved on the page are the history when the settings name the latest', async () => {
    const port = await pagePort();
    const [source] = await port.listSources();
    // The page saves the sheet it has open: save "now" under two earlier dates is not history;
    // without a saved date the run reads no snapshot at all.
    const alone = await port.stageRates(source!, { asOf: last.asOf, rates: RATES });
    expect(alone.snapshots).toHaveLength(1);
    await port.saveSnapshot(source!, { asOf: first.asOf, rates: RATES });
    const saved = await port.stageRates(source!, {
      asOf: last.asOf,
      rates: RATES,
      compareWith: first.asOf,
    });
    expect(saved.snapshots.map((s) => s.asOf)).toEqual([first.asOf, last.asOf]);
  });

  test('no as-of date: refused in one line, no guess', async () => {
    const port = await pagePort();
    const [source] = await port.listSources();
    await expect(port.stageRates(source!, {})).rejects.toThrow(/as-of date/);
  });
});
