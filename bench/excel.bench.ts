/**
 * The Excel host's own costs, through the generated custom-function wrappers
 * (argument unwrapping, core call, result mapping to Excel's 2D arrays and
 * CustomFunctions.Error):
 * 1. 100,000 calls of FUNNEL_WEIGHT([@Amount], [@Stage], Stages), each with its
 *    own copy of the same 10-row stage table, as Excel hands every call a fresh
 *    array; the stage table is parsed once and then found by content. For
 *    contrast, 10,000 calls with the cache emptied before each call.
 * 2. One FUNNEL_WEIGHT call over a 1,000,000-cell range (amounts, stages and an
 *    own-probability column of 1,000,000 x 1 each).
 * 3. The workbook adapter against the fake Excel: round trips and payload bytes
 *    to read a 100,000-row deal sheet and to write a 100,000-row output table
 *    (Excel's own time is not measured here; the counts are what the 5 MB limit
 *    and the round trips cost in real Excel).
 * Run: npm run bench -- excel
 */
import { clearStageTableCache } from '../core/functions/stage-table-argument';
import { sheetNameFor, tableNameFor, type OutputTable } from '../core/output';
import { funnelWeight } from '../excel-addin/functions/functions.generated';
import { ExcelWorkbookIO } from '../excel-addin/workbook/excel-io';
import { FakeExcel } from '../test/excel/fake-excel';
import { dealSheet } from '../test/excel/helpers';
import { seededRandom, time } from './support';

// The CustomFunctions global as Excel's runtime provides it (only what the wrappers touch).
class CustomFunctionError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message);
  }
}
(globalThis as Record<string, unknown>).CustomFunctions = {
  Error: CustomFunctionError,
  ErrorCode: {
    invalidValue: '#VALUE!',
    notAvailable: '#N/A',
    invalidNumber: '#NUM!',
    divisionByZero: '#DIV/0!',
  },
};

const CALLS = 100_000;
const UNCACHED_CALLS = 10_000;
const CELLS = 1_000_000;
const RUNS = 5;

const next = seededRandom(7);

const STAGE_TABLE = [
  ['Stage', 'Probability', 'Category'],
  ['Discovery', '10%', 'Pipeline'],
  ['Demo', '25%', 'Pipeline'],
  ['Evaluation', '40%', 'Pipeline'],
  ['Proposal', '60%', 'Best Case'],
  ['Negotiation', '75%', 'Best Case'],
  ['Contract', '90%', 'Commit'],
  ['Signed', '100%', 'Closed'],
  ['Dropped', '0%', 'Omitted'],
  ['On hold', '5%', 'Omitted'],
];
const STAGE_NAMES = STAGE_TABLE.slice(1).map((r) => r[0]!);

// --- 1. 100,000 calls, one per row, the same stage table by content ---
const rows = Array.from({ length: CALLS }, () => ({
  amount: [[Math.round(next() * 10_000_000) / 100]],
  stage: [[STAGE_NAMES[Math.floor(next() * STAGE_NAMES.length)]!]],
  // A fresh copy per call: Excel deserialises the range for every call.
  table: STAGE_TABLE.map((r) => [...r]),
}));

let checksum = 0;
const perCall = time(
  `FUNNEL_WEIGHT x ${CALLS.toLocaleString('en')} calls, same stage table`,
  RUNS,
  () => {
    for (const r of rows) checksum += funnelWeight(r.amount, r.stage, r.table)[0]![0] as number;
  },
);
console.log(
  `  = ${((perCall.wall * 1000) / CALLS).toFixed(2)} µs wall, ${((perCall.cpu * 1000) / CALLS).toFixed(2)} µs CPU per call`,
);

const uncached = time(
  `FUNNEL_WEIGHT x ${UNCACHED_CALLS.toLocaleString('en')} calls, stage-table cache emptied before each`,
  3,
  () => {
    for (let i = 0; i < UNCACHED_CALLS; i++) {
      clearStageTableCache();
      const r = rows[i]!;
      checksum += funnelWeight(r.amount, r.stage, r.table)[0]![0] as number;
    }
  },
);
console.log(
  `  = ${((uncached.cpu * 1000) / UNCACHED_CALLS).toFixed(2)} µs CPU per call without the cache (${(
    uncached.cpu /
    UNCACHED_CALLS /
    (perCall.cpu / CALLS)
  ).toFixed(1)}x the cached cost)`,
);

// --- 2. One call over a 1,000,000-cell range ---
const amounts: number[][] = [];
const stages: string[][] = [];
const probabilities: (number | string)[][] = [];
for (let i = 0; i < CELLS; i++) {
  amounts.push([Math.round(next() * 10_000_000) / 100]);
  stages.push([STAGE_NAMES[Math.floor(next() * STAGE_NAMES.length)]!.slice(0)]);
  // Excel hands a blank cell as ""; one deal in five carries its own probability.
  probabilities.push([next() < 0.2 ? Math.round(next() * 100) / 100 : '']);
}
let spilled = 0;
time(
  `FUNNEL_WEIGHT over ${CELLS.toLocaleString('en')} cells (amount, stage, table, probability)`,
  RUNS,
  () => {
    spilled = funnelWeight(amounts, stages, STAGE_TABLE, probabilities).length;
  },
);
time(
  `FUNNEL_WEIGHT over ${CELLS.toLocaleString('en')} cells (amount, stage, table; no probability column)`,
  RUNS,
  () => {
    spilled = funnelWeight(amounts, stages, STAGE_TABLE).length;
  },
);
console.log(`  spilled ${spilled.toLocaleString('en')} rows; checksum ${checksum.toFixed(2)}`);

// --- 3. Workbook adapter: round trips and payload for 100,000 rows ---
async function adapterFigures(): Promise<void> {
  const excel = new FakeExcel();
  const { values, formats } = dealSheet(100_000);
  excel.addSheet('Deals', values, formats);
  const io = new ExcelWorkbookIO(excel.run, excel.supports);
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

  let t0 = performance.now();
  await io.readSource({ kind: 'sheet', id: 'Deals', label: '' });
  const readMs = performance.now() - t0;
  const read = excel.syncs.slice();
  console.log(
    `read 100,000 x 8 deal sheet: ${read.length} syncs, responses ${mb(read.reduce((n, s) => n + s.responseBytes, 0))} (largest ${mb(Math.max(...read.map((s) => s.responseBytes)))}); adapter + fake ${readMs.toFixed(0)} ms`,
  );

  excel.resetCounters();
  const table: OutputTable = {
    key: 'FunnelData',
    sheetName: sheetNameFor('FunnelData'),
    tableName: tableNameFor('FunnelData'),
    columns: [
      { header: 'Row', format: 'integer' },
      { header: 'Account', format: 'text' },
      { header: 'Amount', format: 'currency' },
      { header: 'Close date', format: 'date' },
      { header: 'Probability', format: 'percent' },
      { header: 'Weighted', format: 'currency' },
      { header: 'Region', format: 'text' },
      { header: 'Period', format: 'text' },
    ],
    rows: values
      .slice(1)
      .map((r, i) => [
        i + 2,
        r[1]!,
        r[2]!,
        new Date(Date.UTC(2026, 0, 1 + (i % 365))),
        0.5,
        (r[2] as number) / 2,
        r[6]!,
        '2026-Q1',
      ]),
  };
  t0 = performance.now();
  await io.writeTables([table]);
  const writeMs = performance.now() - t0;
  const write = excel.syncs;
  console.log(
    `write a 100,000 x 8 output table: ${write.length} syncs, requests ${mb(write.reduce((n, s) => n + s.requestBytes, 0))} (largest ${mb(Math.max(...write.map((s) => s.requestBytes)))}), calculation suspended in every write sync: ${write.slice(1, -1).every((s) => s.suspended)}, then one recalculation sync: ${!write[write.length - 1]!.suspended && excel.calculations.join() === 'Recalculate'}; adapter + fake ${writeMs.toFixed(0)} ms`,
  );
}

adapterFigures().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
