/**
 * The pipeline-change bridge between two snapshots of 1,048,576 deals each,
 * side by side in one process with a bare loop that joins the two grids by
 * key and sums amount and weighted amount by bucket: read the amount as a
 * number, look the stage up in a map, compare the ISO close date with the
 * window, find the earlier row by key in a Map, pick the bucket, add.
 * Goal: the bridge (both engine runs, the snapshots, the comparison) within
 * 3x of the loop.
 * Run: npm run bench -- change   (bench/run.ts gives node --expose-gc)
 */
import { loadavg } from 'node:os';
import type { CellValue, Grid } from '../core/cells';
import { compareSnapshots, snapshotOf, type ChangeResult } from '../core/change';
import { runForecast, type ForecastSettings } from '../core/engine';
import { SAMPLE_RATES, generateSampleSheet, mulberry32 } from '../core/sample';
import { LADDER_PROBABILITY, time } from './support';

const DEALS = Number(process.env.BENCH_DEALS ?? 1_048_576);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FROM_DATE = '2026-06-30';
const TO_DATE = '2026-07-07';

const gc = (globalThis as { gc?: () => void }).gc;
let peakRss = 0;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sampleRss, 10);
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;

// Columns of the clean sample sheet, with the key put first.
const KEY = 0;
const STAGE = 7;
const AMOUNT = 9;
const CLOSE = 12;
const OWNER = 3;

/**
 * The earlier snapshot (the sample with an id column) and a week later: 3%
 * of the deals gone, 4% won or lost, 5% with another amount, 5% with the
 * close date a quarter later, 3% a stage up, 2% another owner, 3% new.
 */
function snapshots(): { from: Grid; to: Grid } {
  const sample = generateSampleSheet({ deals: DEALS, clean: true, seed: 7 }).values;
  const from: Grid = sample.map((row, r) => [r === 0 ? 'Opportunity ID' : `OPP-${r}`, ...row]);
  const rand = mulberry32(99);
  const ladder = ['Leads', 'Prospect', 'Opportunity', 'Pipeline', 'Upside', 'Committed'];
  const to: Grid = [from[0]!];
  for (let r = 1; r < from.length; r++) {
    const x = rand();
    if (x < 0.03) continue;
    const row = [...from[r]!];
    if (x < 0.05) row[STAGE] = 'Won';
    else if (x < 0.07) row[STAGE] = 'Lost';
    else if (x < 0.12) {
      const a = row[AMOUNT];
      if (typeof a === 'number') row[AMOUNT] = Math.round(a * 110) / 100;
    } else if (x < 0.17 && typeof row[CLOSE] === 'string') {
      const d = new Date(`${row[CLOSE]}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + 3);
      row[CLOSE] = d.toISOString().slice(0, 10);
    } else if (x < 0.2) {
      const i = ladder.indexOf(row[STAGE] as string);
      if (i >= 0 && i < ladder.length - 1) row[STAGE] = ladder[i + 1]!;
    } else if (x < 0.22) row[OWNER] = `${String(row[OWNER])} (new)`;
    to.push(row);
  }
  const extra = Math.round(DEALS * 0.03);
  for (let k = 0; k < extra; k++) {
    const row = [...from[1 + Math.floor(rand() * DEALS)]!];
    row[KEY] = `NEW-${k}`;
    to.push(row);
  }
  return { from, to };
}

/**
 * The bare loop: the least work that gives the bridge's buckets in total
 * (Start, removed/won/lost/pushed out/pulled out, in-buckets, in-both
 * buckets, End) for amount and weighted amount. No currency conversion, no
 * issues, no segments.
 */
function bareLoop(from: Grid, to: Grid, lo: string, hi: string): Float64Array {
  const sums = new Float64Array(17 * 2);
  const read = (row: CellValue[]) => {
    const a = row[AMOUNT];
    const amount = typeof a === 'number' ? a : Number(String(a).replace(/[^0-9.-]/g, ''));
    const stage = row[STAGE] as string;
    const p = LADDER_PROBABILITY.get(stage) ?? 0;
    const close = (row[CLOSE] as string | null) ?? '';
    const open = stage !== 'Won' && stage !== 'Lost';
    return { amount, p, close, open, stage, inWin: open && close >= lo && close < hi };
  };
  const add = (b: number, amount: number, weighted: number) => {
    sums[b * 2]! += amount;
    sums[b * 2 + 1]! += weighted;
  };
  const index = new Map<string, number>();
  for (let r = 1; r < to.length; r++) index.set(to[r]![KEY] as string, r);
  const fromIndex = new Map<string, number>();
  for (let r = 1; r < from.length; r++) {
    const key = from[r]![KEY] as string;
    fromIndex.set(key, r);
    const f = read(from[r]!);
    if (!f.inWin) continue;
    add(0, f.amount, f.amount * f.p);
    const j = index.get(key);
    if (j === undefined) {
      add(1, -f.amount, -f.amount * f.p);
      continue;
    }
    const t = read(to[j]!);
    if (t.inWin) {
      const b = t.amount !== f.amount ? 10 : t.p !== f.p ? 11 : 12;
      add(b, t.amount - f.amount, t.amount * t.p - f.amount * f.p);
    } else {
      const b = t.stage === 'Won' ? 2 : t.stage === 'Lost' ? 3 : t.close >= hi || !t.close ? 4 : 5;
      add(b, -f.amount, -f.amount * f.p);
    }
  }
  for (let r = 1; r < to.length; r++) {
    const t = read(to[r]!);
    if (!t.inWin) continue;
    add(16, t.amount, t.amount * t.p);
    const i = fromIndex.get(to[r]![KEY] as string);
    if (i === undefined) {
      add(9, t.amount, t.amount * t.p);
      continue;
    }
    const f = read(from[i]!);
    if (f.inWin) continue;
    add(!f.open ? 6 : f.close >= hi ? 7 : 8, t.amount, t.amount * t.p);
  }
  return sums;
}

function main(): void {
  console.log(`Generating two snapshots of ${DEALS.toLocaleString('en-US')} deals...`);
  const t0 = performance.now();
  const { from, to } = snapshots();
  console.log(
    `generated in ${(performance.now() - t0).toFixed(0)} ms: ${from.length - 1} and ${to.length - 1} deals`,
  );
  gc?.();
  const gridHeap = process.memoryUsage().heapUsed;
  console.log(`grids in memory: heapUsed after gc ${mb(gridHeap)}`);
  peakRss = 0;
  sampleRss();

  const settings: ForecastSettings = { rates: SAMPLE_RATES, segmentBy: ['Region'] };
  const fromSettings = { ...settings, asOf: FROM_DATE };
  const toSettings = { ...settings, asOf: TO_DATE };
  const bridge = (): ChangeResult => {
    const b = runForecast({ name: 'to', values: to }, toSettings);
    const base = b.baseCurrency ?? undefined;
    const a = runForecast({ name: 'from', values: from }, { ...fromSettings, baseCurrency: base });
    return compareSnapshots(
      [snapshotOf(a, fromSettings, 'from'), snapshotOf(b, toSettings, 'to')],
      settings,
    );
  };
  const bare = time('bare loop (join two grids by key, buckets, sums)', RUNS, () =>
    bareLoop(from, to, '2026-07-01', '2026-10-01'),
  );
  const full = time('bridge: runForecast x2 + snapshots + compareSnapshots', RUNS, bridge);
  const a = runForecast({ name: 'from', values: from }, fromSettings);
  const b = runForecast({ name: 'to', values: to }, toSettings);
  const only = time('of which snapshots + compareSnapshots alone', RUNS, () =>
    compareSnapshots(
      [snapshotOf(a, fromSettings, 'from'), snapshotOf(b, toSettings, 'to')],
      settings,
    ),
  );
  clearInterval(timer);
  sampleRss();
  const c = full.last;
  const total = c.rows.filter((r) => Object.keys(r.segment).length === 0);
  const start = total.find((r) => r.bucket === 'start')!;
  const end = total.find((r) => r.bucket === 'end')!;
  console.log(
    `window ${c.window.label}: Start ${start.deals} deals ${start.amount.toFixed(2)}, End ${end.deals} deals ${end.amount.toFixed(2)}; deal changes ${c.dealCount}; bare loop Start ${bare.last[0]!.toFixed(2)} (no conversion), End ${bare.last[32]!.toFixed(2)}`,
  );
  console.log(
    `ratio bridge / bare loop: wall ${(full.wall / bare.wall).toFixed(2)}x, CPU ${(full.cpu / bare.cpu).toFixed(2)}x (goal: within 3x)`,
  );
  console.log(
    `snapshots + compareSnapshots alone / bare loop: wall ${(only.wall / bare.wall).toFixed(2)}x, CPU ${(only.cpu / bare.cpu).toFixed(2)}x; deal changes ${only.last.dealCount}`,
  );
  console.log(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `peak rss ${mb(Math.max(peakRss, process.resourceUsage().maxRSS * 1024))}; heapUsed after gc: grids ${mb(gridHeap)}`,
  );
}

main();
