/**
 * @jest-environment node
 *
 * (The port reads files with TextDecoder, which Node has and jsdom lacks.)
 */
/**
 * The standalone page's second file: an earlier export, compared with the
 * current sheet through the same job every host runs (core/job.ts
 * readSnapshots). The figures equal the core bridge's (and the CLI's, which
 * test/cli/compare.test.ts ties to the core).
 */
import Papa from 'papaparse';
import { runPipelineChange } from '../../core/change';
import { BrowserPort } from '../../web/browser-port';
import { RATES, generateSnapshots } from '../change/snapshot-generator';

jest.setTimeout(60_000);

const [w1, w2] = generateSnapshots({ seed: 9, deals: 80, weeks: 2 }) as [
  ReturnType<typeof generateSnapshots>[number],
  ReturnType<typeof generateSnapshots>[number],
];
const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const csv = (values: unknown[][]) => bytes(Papa.unparse(values));

async function pagePort(): Promise<BrowserPort> {
  const port = new BrowserPort({ sheets: [], storage: null, language: 'en-US' });
  await port.openFile({ name: 'deals-now.csv', bytes: csv(w2.values) });
  return port;
}

describe('the page compares with an earlier export', () => {
  test('the run adds the change tables, with the core bridge figures', async () => {
    const port = await pagePort();
    const name = await port.setEarlierFile(
      { name: 'deals-last.csv', bytes: csv(w1.values) },
      w1.asOf,
    );
    expect(name).toBe('deals-last.csv');
    const [source] = await port.listSources();
    const summary = await port.run(source!, { asOf: w2.asOf, rates: RATES });
    const keys = summary.tables.map((t) => t.key);
    expect(keys).toEqual(
      expect.arrayContaining(['PipelineChange', 'DealChanges', 'StageFlow', 'ChangeIssues']),
    );
    expect(summary.written.map((w) => w.sheetName)).toContain('Pipeline change');
    expect(summary.notes.some((n) => n.startsWith('Window 2026-Q4'))).toBe(true);
    const core = runPipelineChange(
      [
        { sheet: { name: 'a', values: w1.values }, asOf: w1.asOf },
        { sheet: { name: 'b', values: w2.values }, asOf: w2.asOf },
      ],
      { rates: RATES },
    );
    const table = summary.tables.find((t) => t.key === 'PipelineChange')!;
    expect(table.rows.map((r) => [r[0], r[2], r[3], r[4]])).toEqual(
      core.rows.map((r) => [r.bucket, r.deals, r.amount, r.weighted]),
    );
    // The downloaded workbook holds them too.
    const out = await port.downloadOutputs();
    expect(out.bytes.byteLength).toBeGreaterThan(0);
    expect(port.lastOutputs.map((t) => t.sheetName)).toContain('Deal changes');
  });

  test('no earlier file, no change tables; a file dated after the run is refused', async () => {
    const port = await pagePort();
    const [source] = await port.listSources();
    const plain = await port.run(source!, { asOf: w2.asOf, rates: RATES });
    expect(plain.tables.map((t) => t.key)).not.toContain('PipelineChange');
    await port.setEarlierFile({ name: 'later.csv', bytes: csv(w1.values) }, '2027-01-01');
    await expect(port.run(source!, { asOf: w2.asOf, rates: RATES })).rejects.toThrow(
      /later\.csv is dated 2027-01-01, after/,
    );
    await port.setEarlierFile(null, '');
    const again = await port.run(source!, { asOf: w2.asOf, rates: RATES });
    expect(again.tables.map((t) => t.key)).not.toContain('PipelineChange');
  });
});
