/**
 * Custom functions (core): FUNNEL_WEIGHT over 1,000,000 cells, and 100,000
 * separate calls that share one stage table (as 100,000 formulas in Excel do).
 * Run: npm run bench -- functions
 */
import { funnelWeight } from '../core/functions/funnel-weight';
import { clearStageTableCache } from '../core/functions/stage-table-argument';
import { tier } from '../core/functions/tier';
import { seededRandom, time, MIXED_STAGE_NAMES } from './support';

const CELLS = 1_000_000;
const CALLS = 100_000;
const RUNS = 5;
const timed = (label: string, body: () => unknown) => time(label, RUNS, body);

const STAGES = MIXED_STAGE_NAMES;

const next = seededRandom(42);

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
timed(
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
timed(`TIER, ${CALLS.toLocaleString('en')} values against themselves`, () => {
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
timed(`baseline: allocate a ${CELLS.toLocaleString('en')} x 1 result, no work`, () => {
  const out = new Array<number[]>(CELLS);
  for (let i = 0; i < CELLS; i++) out[i] = [amounts[i]![0]! * 0.5];
  return out;
});

timed(
  `FUNNEL_WEIGHT, ${CELLS.toLocaleString('en')} cells (10 stage names, 20% own probability)`,
  () => {
    const r = funnelWeight(amounts, stages, null, probabilities) as unknown[][];
    if (r.length !== CELLS) throw new Error('wrong shape');
  },
);

const userStageCells = stages.map((_, i) => [userStages[i % userStages.length]!]);
timed(`FUNNEL_WEIGHT, ${CELLS.toLocaleString('en')} cells with a user stage table`, () => {
  funnelWeight(amounts, userStageCells, userTable);
});
