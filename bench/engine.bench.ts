/**
 * The forecast engine on 1,048,576 deals (Excel's row limit), side by side in
 * one process with a bare single-pass loop over the same grid that does only
 * the essential work: read the amount as a number, look the stage up in a map,
 * bucket the close date into a quarter, sum amount x probability by segment
 * and period. Goal: the engine within 3x of the loop.
 * Run: npm run bench -- engine   (bench/run.ts gives node --expose-gc)
 */
import { loadavg } from 'node:os';
import type { CellValue } from '../core/cells';
import { runForecast, toOutputTables, type ForecastSettings } from '../core/engine';
import { SAMPLE_RATES, generateSampleSheet } from '../core/sample';
import { LADDER_PROBABILITY, time } from './support';

const DEALS = Number(process.env.BENCH_DEALS ?? 1_048_576);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const gc = (globalThis as { gc?: () => void }).gc;
let peakRss = 0;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sampleRss, 10);
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;

/** The bare loop: the least work that gives weighted totals by region and quarter. */
function bareLoop(values: CellValue[][], from: number): Map<string, number> {
  const totals = new Map<string, number>();
  for (let r = from; r < values.length; r++) {
    const row = values[r]!;
    const a = row[8];
    const amount = typeof a === 'number' ? a : Number(String(a).replace(/[^0-9.-]/g, ''));
    const p = LADDER_PROBABILITY.get(row[6] as string) ?? 0;
    const close = row[11] as string;
    const quarter = `${close.slice(0, 4)}-Q${Math.floor((Number(close.slice(5, 7)) - 1) / 3) + 1}`;
    const key = `${row[3] as string}|${quarter}`;
    totals.set(key, (totals.get(key) ?? 0) + amount * p);
  }
  return totals;
}

function main(): void {
  console.log(`Generating ${DEALS.toLocaleString('en-US')} deals...`);
  let t0 = performance.now();
  const sheet = generateSampleSheet({ deals: DEALS, clean: true, seed: 7 });
  console.log(`generated in ${(performance.now() - t0).toFixed(0)} ms`);
  gc?.();
  const gridHeap = process.memoryUsage().heapUsed;
  console.log(
    `grid in memory: heapUsed after gc ${mb(gridHeap)}, rss ${mb(process.memoryUsage().rss)}`,
  );
  peakRss = 0;
  sampleRss();

  const settings: ForecastSettings = {
    asOf: '2026-06-30',
    segmentBy: ['Region'],
    rates: SAMPLE_RATES,
  };
  const bare = time('bare loop (amount, stage map, quarter, sum by region x quarter)', RUNS, () =>
    bareLoop(sheet.values, 1),
  );
  const engine = time('engine: runForecast', RUNS, () => runForecast(sheet, settings));
  // What a result holding its deals and issues as plain arrays would cost: both built at once.
  const eager = time('engine: runForecast + result.deals + result.issues read', RUNS, () => {
    const result = runForecast(sheet, settings);
    return { deals: result.deals.length, issues: result.issues.length };
  });
  const all = time('engine: runForecast + toOutputTables', RUNS, () => {
    const result = runForecast(sheet, settings);
    return { result, tables: toOutputTables(result) };
  });
  gc?.();
  const retained = process.memoryUsage().heapUsed - gridHeap;
  t0 = performance.now();
  const check = engine.last.forecast.reduce((s, f) => s + f.weighted, 0);
  const bareTotal = [...bare.last.values()].reduce((s, v) => s + v, 0);
  clearInterval(timer);
  sampleRss();
  console.log(
    `deals ${engine.last.counts.rows}, counted ${engine.last.counts.counted}, forecast rows ${engine.last.forecast.length}, FunnelData rows ${all.last.tables[0]!.rows.length}`,
  );
  console.log(
    `weighted total: engine ${check.toFixed(2)} (base currency, JPY apart), bare loop ${bareTotal.toFixed(2)} (no conversion)`,
  );
  console.log(
    `ratio runForecast / bare loop: wall ${(engine.wall / bare.wall).toFixed(2)}x, CPU ${(engine.cpu / bare.cpu).toFixed(2)}x (goal: within 3x)`,
  );
  console.log(
    `ratio runForecast + result.deals + result.issues / runForecast: wall ${(eager.wall / engine.wall).toFixed(2)}x, CPU ${(eager.cpu / engine.cpu).toFixed(2)}x (${eager.last.deals} deals, ${eager.last.issues} issues)`,
  );
  console.log(
    `ratio runForecast + toOutputTables / bare loop: wall ${(all.wall / bare.wall).toFixed(2)}x, CPU ${(all.cpu / bare.cpu).toFixed(2)}x`,
  );
  console.log(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `peak rss ${mb(Math.max(peakRss, process.resourceUsage().maxRSS * 1024))} (sampled, and the OS's max RSS); heapUsed after gc: grid ${mb(gridHeap)}, result + tables retained ${mb(retained)}`,
  );
}

main();
