/**
 * What FunnelData's parsed columns cost (docs/engine.md, "Output tables"): the
 * same clean sample sheet twice, once as generated (amounts and dates held as
 * text, so "Amount (parsed)", "Close Date (parsed)"... are written beside them)
 * and once with those columns already numbers and dates (no parsed columns).
 * Times filling every FunnelData row, then runForecast + the whole streaming
 * XLSX write (zlib, into a byte counter).
 *
 * Run: npm run bench -- funnel-data   (BENCH_DEALS, BENCH_RUNS to change sizes)
 */
import type { CellValue } from '../core/cells';
import { runForecast, toOutputSources, type ForecastSettings } from '../core/engine';
import { SAMPLE_RATES, generateSampleSheet } from '../core/sample';
import { writeWorkbookTo } from '../files';
import { zlibDeflater } from '../cli/forecast/out';
import { median } from './support';

const DEALS = Number(process.env.BENCH_DEALS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const gc = (globalThis as { gc?: () => void }).gc;

const settings: ForecastSettings = {
  asOf: '2026-03-31',
  segmentBy: ['Region'],
  rates: SAMPLE_RATES,
};

async function measure(label: string, values: CellValue[][], name: string): Promise<void> {
  const sheet = { name, values };
  const result = runForecast(sheet, settings);
  const data = toOutputSources(result)[0]!;
  const parsed = data.columns.filter((c) => c.header.endsWith('(parsed)')).map((c) => c.header);
  const fill: number[] = [];
  const row: CellValue[] = new Array(data.columns.length);
  for (let r = 0; r < RUNS; r++) {
    gc?.();
    const t0 = performance.now();
    for (let i = 0; i < data.rowCount; i++) {
      row.fill(null);
      data.fillRow(i, row);
    }
    fill.push(performance.now() - t0);
  }
  const write: number[] = [];
  let bytes = 0;
  for (let r = 0; r < RUNS; r++) {
    gc?.();
    const t0 = performance.now();
    const sources = toOutputSources(runForecast(sheet, settings));
    bytes = 0;
    await writeWorkbookTo(
      sources,
      { write: (b: Uint8Array) => void (bytes += b.length) },
      { deflater: zlibDeflater },
    );
    write.push(performance.now() - t0);
  }
  const ms = (xs: number[]): string =>
    `median ${median(xs).toFixed(0)} ms (runs ${xs.map((x) => x.toFixed(0)).join(', ')})`;
  console.log(
    `${label}: FunnelData ${data.rowCount.toLocaleString('en-US')} x ${data.columns.length} (parsed: ${parsed.join(', ') || 'none'})\n` +
      `  fill every FunnelData row: ${ms(fill)}\n` +
      `  runForecast + XLSX write (${(bytes / 1e6).toFixed(1)} MB): ${ms(write)}`,
  );
}

async function main(): Promise<void> {
  const sheet = generateSampleSheet({ deals: DEALS, clean: true, seed: 7 });
  const values = sheet.values as CellValue[][];
  const header = values.findIndex((r) => r.includes('Amount') && r.includes('Close Date'));
  const h = values[header]!;
  const amount = h.indexOf('Amount');
  const dates = ['Created Date', 'Close Date', 'Last Activity'].map((x) => h.indexOf(x));
  const typed = values.map((r, i) => {
    if (i <= header) return r;
    const out = r.slice();
    const a = out[amount];
    if (typeof a === 'string') out[amount] = Number(a.replace(/[^0-9.-]/g, ''));
    for (const c of dates) {
      const d = out[c];
      if (typeof d === 'string' && /^\d{4}-\d\d-\d\d$/.test(d)) out[c] = new Date(`${d}T00:00:00Z`);
    }
    return out;
  });
  console.log(
    `Load average at start: ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(', ')}`,
  );
  await measure('amounts and dates as text (parsed columns written)', values, sheet.name);
  await measure('amounts and dates already typed (no parsed columns)', typed, sheet.name);
}

void main();
