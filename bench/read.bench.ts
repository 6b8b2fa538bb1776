/**
 * Reading a deal file into a grid, side by side in one process:
 * - CSV, 1,048,576 Salesforce-style rows (id, account, amount, stage, close
 *   date, created date, owner, region; about 100 MB): a bare `split` loop (the
 *   reference: lines and fields as strings, no typing, no rules), papaparse
 *   alone, the previous reader (papaparse + a regular expression per cell), and
 *   files/ readCsv (the hand-written reader with every rule of issue 9).
 * - XLSX, 100,000 of those rows: files/ readTableFile (one pass over the sheet
 *   XML) and exceljs's loader (the previous reader) against readCsv on the
 *   same rows as CSV.
 * Run: npm run bench -- read   (BENCH_ROWS, BENCH_XLSX_ROWS, BENCH_RUNS to change)
 */
import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { CellValue } from '../core/cells';
import { readCsv, readTableFile } from '../files';
import { SALESFORCE_HEADER, median, seededRandom, xlsxCells } from './support';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_048_576);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;

const STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
];
const REGIONS = ['EMEA', 'North America', 'APAC', 'LATAM'];

function iso(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Seeded rows as a Salesforce report exports them. */
function generateRows(n: number): string[][] {
  const rand = seededRandom(11);
  const base = Date.UTC(2025, 0, 1) / 86_400_000;
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const created = base + Math.floor(rand() * 500);
    rows.push([
      `0065g${String(10_000_000_000 + i).padStart(13, '0')}`,
      `Account ${Math.floor(rand() * 20_000)}`,
      (Math.floor(rand() * 50_000_000) / 100).toFixed(2),
      STAGES[Math.floor(rand() * STAGES.length)]!,
      iso(created + 30 + Math.floor(rand() * 300)),
      iso(created),
      `Owner ${Math.floor(rand() * 300)}`,
      REGIONS[Math.floor(rand() * REGIONS.length)]!,
    ]);
  }
  return rows;
}

function toCsv(rows: string[][]): Uint8Array {
  const parts: string[] = [SALESFORCE_HEADER.join(',')];
  for (const r of rows) parts.push(r.join(','));
  return new TextEncoder().encode(`${parts.join('\r\n')}\r\n`);
}

async function toXlsx(rows: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Opportunities');
  ws.addRow(SALESFORCE_HEADER);
  for (const r of rows) {
    const row = ws.addRow(xlsxCells(r));
    row.getCell(5).numFmt = 'yyyy-mm-dd';
    row.getCell(6).numFmt = 'yyyy-mm-dd';
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The reference: lines and fields split as strings, no typing, no quotes, no rules. */
function bareSplit(bytes: Uint8Array): string[][] {
  const text = new TextDecoder().decode(bytes);
  const lines = text.split('\r\n');
  const out: string[][] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) out[i] = lines[i]!.split(',');
  return out;
}

function papaAlone(bytes: Uint8Array): string[][] {
  return Papa.parse<string[]>(new TextDecoder().decode(bytes), { skipEmptyLines: false }).data;
}

/** The reader this project had before: papaparse, then a regular expression per cell. */
const NUMBER_RE = /^-?(0|[1-9]\d{0,14})(\.\d+)?$/;
function previousReader(bytes: Uint8Array): CellValue[][] {
  const data = papaAlone(bytes);
  const values = data.map((row) =>
    row.map((t): CellValue => (t === '' ? null : NUMBER_RE.test(t) ? Number(t) : t)),
  );
  while (values.length && values[values.length - 1]!.every((c) => c === null)) values.pop();
  return values;
}

async function previousXlsx(bytes: Uint8Array): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  let cells = 0;
  const ws = wb.worksheets[0]!;
  for (let r = 1; r <= ws.rowCount; r++) {
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell) => {
      if (cell.value !== null) cells++;
    });
  }
  return cells;
}

interface Timing<T> {
  wall: number;
  cpu: number;
  last: T;
}

/** Median wall and CPU time of RUNS runs, a GC before each. */
async function time<T>(label: string, body: () => T | Promise<T>): Promise<Timing<T>> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    last = undefined;
    gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = await body();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const result = { wall: median(wall), cpu: median(cpu), last: last as T };
  console.log(
    `${label}: wall median ${result.wall.toFixed(0)} ms (runs ${wall.map((x) => x.toFixed(0)).join(', ')}), CPU median ${result.cpu.toFixed(0)} ms`,
  );
  return result;
}

const ratio = (a: Timing<unknown>, b: Timing<unknown>): string =>
  `wall ${(a.wall / b.wall).toFixed(2)}x, CPU ${(a.cpu / b.cpu).toFixed(2)}x`;

async function main(): Promise<void> {
  await csvSection();
  // The XLSX section runs on a heap without the million rows (a large old
  // generation slows every allocation-heavy step down, CSV and XLSX alike).
  gc?.();
  await xlsxSection();
  console.log(
    `\nload average at the end: ${loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')}; max RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
}

async function csvSection(): Promise<void> {
  console.log(`Generating ${ROWS.toLocaleString('en-US')} rows...`);
  // The rows themselves are not kept: only the file's bytes are in memory while timing.
  const csv = (() => {
    const rows = generateRows(ROWS);
    // The same cells from both readers (on the first 20,000 rows), before any timing.
    const sample = toCsv(rows.slice(0, 20_000));
    if (!isDeepStrictEqual(readCsv('s.csv', sample).values, previousReader(sample))) {
      throw new Error('readCsv and the previous reader disagree on the sample');
    }
    return toCsv(rows);
  })();
  console.log(`CSV: ${mb(csv.length)}`);

  console.log(`\n### CSV, ${ROWS.toLocaleString('en-US')} rows`);
  // Only the timings are kept: each contender's grid is dropped before the next runs.
  const split = await time(
    'bare split loop (reference: strings only)',
    () => bareSplit(csv).length,
  );
  const papa = await time('papaparse alone (strings only)', () => papaAlone(csv).length);
  const previous = await time(
    'previous reader: papaparse + regular expression per cell',
    () => previousReader(csv).length,
  );
  const mine = await time(
    'readCsv (hand-written, every rule)',
    () => readCsv('big.csv', csv).values.length,
  );
  console.log(`rows read: ${mine.last - 1}`);
  console.log(`readCsv / bare split: ${ratio(mine, split)}`);
  console.log(`papaparse alone / bare split: ${ratio(papa, split)}`);
  console.log(`previous reader / bare split: ${ratio(previous, split)}`);
  console.log(`readCsv / previous reader: ${ratio(mine, previous)}`);
}

async function xlsxSection(): Promise<void> {
  console.log(`\n### XLSX, ${XLSX_ROWS.toLocaleString('en-US')} rows`);
  const few = generateRows(XLSX_ROWS);
  const fewCsv = toCsv(few);
  const xlsx = await toXlsx(few);
  console.log(`same rows: CSV ${mb(fewCsv.length)}, XLSX ${mb(xlsx.length)}`);
  const x = (await readTableFile('big.xlsx', xlsx))[0]!;
  const c = readCsv('big.csv', fewCsv);
  // Same cells but for the dates (Date cells in the XLSX, ISO text in the CSV).
  const asText = (v: CellValue) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
  if (
    !isDeepStrictEqual(
      x.values.map((r) => r.map(asText)),
      c.values,
    )
  ) {
    throw new Error('the XLSX and CSV readings disagree');
  }
  const csvSmall = await time('readCsv, CSV', () => readCsv('big.csv', fewCsv));
  // As the command line reads it: Node's zlib passed in as the inflater.
  const inflateRaw = (d: Uint8Array, max: number) => inflateRawSync(d, { maxOutputLength: max });
  const xlsxMine = await time('readTableFile, XLSX, zlib inflater (the command line)', () =>
    readTableFile('big.xlsx', xlsx, { inflateRaw }),
  );
  const xlsxWeb = await time('readTableFile, XLSX, DecompressionStream (the page)', () =>
    readTableFile('big.xlsx', xlsx),
  );
  const xlsxOld = await time('exceljs load + cell walk (the previous XLSX reader)', () =>
    previousXlsx(xlsx),
  );
  console.log(
    `XLSX / CSV (readTableFile with zlib / readCsv): ${ratio(xlsxMine, csvSmall)} (goal: within 2x)`,
  );
  console.log(`XLSX with DecompressionStream / CSV: ${ratio(xlsxWeb, csvSmall)}`);
  console.log(`exceljs / CSV: ${ratio(xlsxOld, csvSmall)}`);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
