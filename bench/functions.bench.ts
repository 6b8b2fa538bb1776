/**
 * Custom functions (core): FUNNEL_WEIGHT over 1,000,000 cells, and 100,000
 * separate calls that share one stage table (as 100,000 formulas in Excel do).
 * Run: npm run bench -- functions
 */
import { funnelWeight } from '../core/functions/funnel-weight';
import { clearStageTableCache } from '../core/functions/stage-table-argument';
import { tier } from '../core/functions/tier';

const CELLS = 1_000_000;
const CALLS = 100_000;
const RUNS = 5;

const STAGES = [
  'Prospect',
  'Opportunity',
  'Pipeline',
  'Upside',
  'Committed',
  'Won',
  'Lost',
  '评估中',
  'Closed Won',
  'Negotiation/Review',
];

// Deterministic pseudo-random data (no Math.random: figures stay comparable run to run).
let seed = 42;
function next(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Wall-clock and CPU time per run. The machine is shared, so the minimum and the
 * process CPU time (which another process's load does not inflate much) are
 * printed next to the median.
 */
function time(label: string, body: () => unknown): void {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    body();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const f = (xs: number[]) => xs.map((m) => m.toFixed(0)).join(', ');
  console.log(
    `${label}: wall median ${median(wall).toFixed(0)} ms, min ${Math.min(...wall).toFixed(0)} ms (runs ${f(wall)}); CPU median ${median(cpu).toFixed(0)} ms`,
  );
}

const userTable = [
  ['Stage', 'Probability', 'Category'],
  ['Discovery', '10%', 'Pipeline'],
  ['Demo', '30%', 'Pipeline'],
  ['Proposal', '60%', 'Best Case'],
  ['Contract', '85%', 'Commit'],
  ['Signed', '100%', 'Closed'],
  ['Dropped', '0%', 'Omitted'],
];
const userStages = ['Discovery', 'Demo', 'Proposal', 'Contract', 'Signed', 'Dropped'];
const amount = () => Math.round(next() * 10_000_000) / 100;

// The call-heavy cases run first, before the million-row inputs fill the heap:
// each case is measured on the heap it would have on its own.
const callAmounts = Array.from({ length: CALLS }, amount);
time(
  `FUNNEL_WEIGHT, ${CALLS.toLocaleString('en')} single calls sharing one stage table (fresh copy per call)`,
  () => {
    clearStageTableCache();
    for (let i = 0; i < CALLS; i++) {
      // Excel hands each formula its own copy of the range.
      const copy = userTable.map((row) => [...row]);
      funnelWeight(callAmounts[i], userStages[i % userStages.length], copy);
    }
  },
);

const values = callAmounts.map((v) => [v]);
time(`TIER, ${CALLS.toLocaleString('en')} values against themselves`, () => {
  tier(values);
});

const amounts: number[][] = [];
const stages: string[][] = [];
const probabilities: (number | null)[][] = [];
for (let i = 0; i < CELLS; i++) {
  amounts.push([amount()]);
  // Fresh string objects per cell, as a host hands them over.
  stages.push([`${STAGES[Math.floor(next() * STAGES.length)]!}`.slice(0)]);
  // One deal in five carries its own probability.
  probabilities.push([next() < 0.2 ? Math.round(next() * 100) / 100 : null]);
}

// Calibration: the least any 1,000,000 x 1 result costs (one row array per cell).
// On a shared machine, compare the functions' figures with this one.
time(`baseline: allocate a ${CELLS.toLocaleString('en')} x 1 result, no work`, () => {
  const out = new Array<number[]>(CELLS);
  for (let i = 0; i < CELLS; i++) out[i] = [amounts[i]![0]! * 0.5];
  return out;
});

time(
  `FUNNEL_WEIGHT, ${CELLS.toLocaleString('en')} cells (10 stage names, 20% own probability)`,
  () => {
    const r = funnelWeight(amounts, stages, null, probabilities) as unknown[][];
    if (r.length !== CELLS) throw new Error('wrong shape');
  },
);

const userStageCells = stages.map((_, i) => [userStages[i % userStages.length]!]);
time(`FUNNEL_WEIGHT, ${CELLS.toLocaleString('en')} cells with a user stage table`, () => {
  funnelWeight(amounts, userStageCells, userTable);
});
