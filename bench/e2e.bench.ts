/**
 * End to end, as a user runs it: a seeded 1,048,576-row Salesforce-style CSV
 * (Excel's row count: a header and 1,048,575 deals, so that --out makes a
 * workbook Excel can open; id, account, amount, stage, close date, created
 * date, owner, region; in a temp folder) through the bundled command line, forecast by region x
 * quarter, beside two plain Node references written in bench/: a naive script
 * (e2e-naive.mjs) and a one-pass byte-level one (e2e-bytes.mjs). Runs are
 * interleaved; each prints its median wall time and peak memory (maxRSS,
 * reported by each process on exit through bench/maxrss.cjs) and the ratios;
 * the contenders must agree to the cent. Then 100,000 rows as XLSX vs CSV.
 *
 * Run: npm run bench -- e2e   (E2E_ROWS, E2E_RUNS, E2E_XLSX_ROWS to change sizes;
 *   E2E_WRITE=path only writes the generated CSV there, for profiling by hand)
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { ForecastRow } from '../core/engine';
import { SALESFORCE_PRESET } from '../core/stages';
import { readTableFile } from '../files';
import { SALESFORCE_HEADER, median, seededRandom, xlsxCells } from './support';

const ROWS = Number(process.env.E2E_ROWS ?? 1_048_576);
const RUNS = Number(process.env.E2E_RUNS ?? 5);
const XLSX_ROWS = Number(process.env.E2E_XLSX_ROWS ?? 100_000);
const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'dist/cli/main.mjs');
const MAXRSS = join(__dirname, 'maxrss.cjs');
const AS_OF = '2026-06-30';

/** Salesforce's default stages (e2e-naive.mjs and e2e-bytes.mjs list them with their probabilities). */
const STAGES = SALESFORCE_PRESET.stages.map((s) => s.label);
const REGIONS = ['North America', 'EMEA', 'APAC', 'LATAM', 'Japan', 'ANZ'];

const iso = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);
const DAY_2025 = Date.UTC(2025, 0, 1) / 86_400_000;

/** Row i of the seeded deal sheet, as CSV fields. */
function dealRows(n: number, seed: number): () => string[] | null {
  const rnd = seededRandom(seed);
  let i = 0;
  return () => {
    if (i >= n) return null;
    i++;
    const close = DAY_2025 + Math.floor(rnd() * 1095);
    return [
      `006${i.toString(36).toUpperCase().padStart(12, '0')}AAA`,
      `Account ${String(Math.floor(rnd() * 50_000)).padStart(5, '0')}`,
      (Math.floor(rnd() * 10_000_000) / 100).toFixed(2),
      STAGES[Math.floor(rnd() * STAGES.length)]!,
      iso(close),
      iso(close - 10 - Math.floor(rnd() * 200)),
      `Rep ${String(Math.floor(rnd() * 400)).padStart(3, '0')}`,
      REGIONS[Math.floor(rnd() * REGIONS.length)]!,
    ];
  };
}

function writeCsv(path: string, n: number): void {
  const fd = openSync(path, 'w');
  let buf = `${SALESFORCE_HEADER.join(',')}\n`;
  const next = dealRows(n, 20261204);
  for (let r = next(); r; r = next()) {
    buf += `${r.join(',')}\n`;
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
}

/** The same rows as an ordinary Excel workbook (shared strings, numbers as numbers, dates as dates). */
async function writeXlsx(path: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const ws = wb.addWorksheet('Opportunities');
  ws.addRow(SALESFORCE_HEADER).commit();
  const next = dealRows(n, 20261204);
  for (let r = next(); r; r = next()) {
    ws.addRow(xlsxCells(r)).commit();
  }
  await wb.commit();
}

interface Run {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  stdout: string;
}

/**
 * Before a timed series: the files just written (a 100 MB CSV, the workbooks) go to disk now,
 * not while the series runs (the kernel's writeback takes a core of this 2-core machine).
 */
function settle(): void {
  spawnSync('sync', { stdio: 'ignore' });
}

/** One process: wall time from spawn to exit, peak memory as the process itself reports it. */
function runOnce(args: string[], stdoutFile: string | null, dir: string): Run {
  const rssFile = join(dir, 'maxrss.txt');
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', MAXRSS, ...args], {
    cwd: ROOT,
    stdio: ['ignore', out, 'pipe'],
    env: { ...process.env, FF_MAXRSS_FILE: rssFile },
    maxBuffer: 16 << 20,
  });
  const ms = performance.now() - t0;
  if (typeof out === 'number') closeSync(out);
  if (r.status !== 0) {
    throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(-2000)}`);
  }
  const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRSS: number; cpuMs: number };
  return {
    ms,
    cpuMs: usage.cpuMs,
    maxRssMb: usage.maxRSS / 1024,
    stdout: stdoutFile ? readFileSync(stdoutFile, 'utf8') : '',
  };
}

interface Contender {
  label: string;
  args: string[];
  /** Keep stdout (to check the sums); otherwise it goes to /dev/null. */
  keep: boolean;
  runs: Run[];
}

function report(contenders: Contender[], base: Contender): void {
  const rows = contenders.map((c) => ({
    label: c.label,
    ms: median(c.runs.map((r) => r.ms)),
    cpu: median(c.runs.map((r) => r.cpuMs)),
    rss: Math.max(...c.runs.map((r) => r.maxRssMb)),
    all: c.runs.map((r) => (r.ms / 1000).toFixed(2)).join(', '),
  }));
  const baseMs = median(base.runs.map((r) => r.ms));
  const baseCpu = median(base.runs.map((r) => r.cpuMs));
  console.log(
    `| contender | wall (median) | CPU (median) | peak memory | wall / ${base.label} | CPU / ${base.label} | wall runs (s) |`,
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${(r.ms / 1000).toFixed(2)} s | ${(r.cpu / 1000).toFixed(2)} s | ${r.rss.toFixed(0)} MB | ${(r.ms / baseMs).toFixed(2)}x | ${(r.cpu / baseCpu).toFixed(2)}x | ${r.all} |`,
    );
  }
}

/** Region|quarter -> weighted, from the command line's forecast rows. */
function cliSums(json: string): Map<string, number> {
  const j = JSON.parse(json) as { forecast: ForecastRow[] };
  return new Map(j.forecast.map((r) => [`${r.segment.Region}|${r.period}`, r.weighted]));
}

/** Agree to the cent: every region x quarter sum within half a cent (float sums in another order differ in the last bits). */
function agree(label: string, a: Map<string, number>, b: Map<string, number>): void {
  const keys = new Set([...a.keys(), ...b.keys()]);
  let worst = 0;
  for (const k of keys) {
    const d = Math.abs((a.get(k) ?? NaN) - (b.get(k) ?? NaN));
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  if (!(worst < 0.005)) {
    throw new Error(
      `${label}: the sums differ by up to ${worst} over ${keys.size} region x quarter cells`,
    );
  }
  console.log(
    `${label}: agree to the cent on ${keys.size} region x quarter cells (largest difference ${worst.toExponential(1)})`,
  );
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['build/cli.mjs'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('npm run build:cli failed');
  const dir = mkdtempSync(join(tmpdir(), 'ff-e2e-'));
  try {
    // Startup: the bundled command line on the built-in sample (360 deals), summary on stdout.
    const startup: Contender[] = [
      { label: 'cli forecast (sample)', args: [CLI, 'forecast'], keep: false, runs: [] },
      {
        label: 'node scripts/cli.cjs forecast (npm run cli without npm)',
        args: [join(ROOT, 'scripts/cli.cjs'), 'forecast'],
        keep: false,
        runs: [],
      },
    ];
    for (let i = 0; i < Math.max(5, RUNS); i++) {
      for (const c of startup) c.runs.push(runOnce(c.args, null, dir));
    }
    report(startup, startup[0]!);

    const csv = join(dir, 'big.csv');
    let t0 = performance.now();
    writeCsv(csv, ROWS - 1);
    settle();
    console.log(
      `${ROWS.toLocaleString('en-US')} rows (header + ${(ROWS - 1).toLocaleString('en-US')} deals), ${(statSync(csv).size / 1e6).toFixed(0)} MB of CSV, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}; ${RUNS} runs each, interleaved`,
    );
    const forecast = ['forecast', csv, '--segment-by', 'Region', '--as-of', AS_OF];
    const contenders: Contender[] = [
      { label: 'cli --json', args: [CLI, ...forecast, '--json'], keep: true, runs: [] },
      {
        label: 'cli --json --deals',
        args: [CLI, ...forecast, '--json', '--deals'],
        keep: false,
        runs: [],
      },
      {
        label: 'cli --out',
        args: [CLI, ...forecast, '--out', join(dir, 'out.xlsx')],
        keep: false,
        runs: [],
      },
      {
        label: 'naive script',
        args: [join(__dirname, 'e2e-naive.mjs'), csv],
        keep: true,
        runs: [],
      },
      {
        label: 'byte-level script',
        args: [join(__dirname, 'e2e-bytes.mjs'), csv],
        keep: true,
        runs: [],
      },
    ];
    for (let i = 0; i < RUNS; i++) {
      for (const c of contenders) {
        c.runs.push(runOnce(c.args, c.keep ? join(dir, 'stdout.json') : null, dir));
      }
    }
    const naive = contenders[3]!;
    report(contenders, naive);
    const fromCli = cliSums(contenders[0]!.runs[0]!.stdout);
    const toMap = (s: string) => new Map(Object.entries(JSON.parse(s) as Record<string, number>));
    agree('cli --json vs naive script', fromCli, toMap(naive.runs[0]!.stdout));
    agree('cli --json vs byte-level script', fromCli, toMap(contenders[4]!.runs[0]!.stdout));
    const med = (c: Contender, k: 'ms' | 'cpuMs') => median(c.runs.map((r) => r[k]));
    const ratio = (a: Contender, b: Contender) =>
      `wall ${(med(a, 'ms') / med(b, 'ms')).toFixed(2)}x, CPU ${(med(a, 'cpuMs') / med(b, 'cpuMs')).toFixed(2)}x`;
    console.log(
      `cli --out: workbook ${(statSync(join(dir, 'out.xlsx')).size / 1e6).toFixed(0)} MB; --out / --json ${ratio(contenders[2]!, contenders[0]!)}; --json --deals / --json ${ratio(contenders[1]!, contenders[0]!)}`,
    );
    // The workbook says what --json says: its Forecast sheet, read back.
    const [sheet] = await readTableFile('out.xlsx', readFileSync(join(dir, 'out.xlsx')), {
      sheet: 'Forecast',
    });
    const [head, ...body] = sheet!.values;
    const col = (name: string) => head!.indexOf(name);
    agree(
      'cli --out (its Forecast sheet) vs naive script',
      new Map(
        body.map((r) => [`${r[col('Region')]}|${r[col('Period')]}`, r[col('Weighted')] as number]),
      ),
      toMap(naive.runs[0]!.stdout),
    );
    rmSync(csv);
    rmSync(join(dir, 'out.xlsx'));

    // The same rows as XLSX and as CSV.
    const small = join(dir, 'small.csv');
    const book = join(dir, 'small.xlsx');
    t0 = performance.now();
    writeCsv(small, XLSX_ROWS);
    await writeXlsx(book, XLSX_ROWS);
    settle();
    console.log(
      `\n${XLSX_ROWS.toLocaleString('en-US')} rows as XLSX (${(statSync(book).size / 1e6).toFixed(1)} MB) and CSV (${(statSync(small).size / 1e6).toFixed(1)} MB), generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const pair: Contender[] = [
      {
        label: 'cli --json on CSV',
        args: [CLI, 'forecast', small, '--segment-by', 'Region', '--as-of', AS_OF, '--json'],
        keep: true,
        runs: [],
      },
      {
        label: 'cli --json on XLSX',
        args: [CLI, 'forecast', book, '--segment-by', 'Region', '--as-of', AS_OF, '--json'],
        keep: true,
        runs: [],
      },
    ];
    for (let i = 0; i < RUNS; i++) {
      for (const c of pair) c.runs.push(runOnce(c.args, join(dir, 'stdout.json'), dir));
    }
    report(pair, pair[0]!);
    agree('XLSX vs CSV', cliSums(pair[1]!.runs[0]!.stdout), cliSums(pair[0]!.runs[0]!.stdout));
    console.log(
      `load average after: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// E2E_WRITE=path: only write the generated CSV there (for profiling the CLI on it by hand).
const only = process.env.E2E_WRITE;
(only ? Promise.resolve(writeCsv(only, ROWS - 1)) : main()).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
