/**
 * Custom functions (core): FUNNEL_WEIGHT over 1,000,000 cells whose blank own
 * probabilities arrive as null (a Sheets/CLI blank) or as "" (what Excel hands
 * over for an empty cell of a range). Blanks must cost the same either way.
 * Run: npm run bench -- functions (it runs with bench/functions.bench.ts)
 */
import { funnelWeight } from '../core/functions/funnel-weight';
import { seededRandom, time } from './support';

const CELLS = 1_000_000;
const RUNS = 5;
const STAGES = ['Prospect', 'Pipeline', 'Committed', 'Won', '评估中', 'Closed Won'];

const next = seededRandom(7);

const amounts: number[][] = [];
const stages: string[][] = [];
const withNull: (number | null)[][] = [];
const withEmptyText: (number | string)[][] = [];
// A probability column filled down past the last deal: every own probability blank.
const allNull = Array.from({ length: CELLS }, () => [null]);
const allEmptyText = Array.from({ length: CELLS }, () => ['']);
for (let i = 0; i < CELLS; i++) {
  amounts.push([Math.round(next() * 10_000_000) / 100]);
  stages.push([`${STAGES[Math.floor(next() * STAGES.length)]!}`.slice(0)]);
  // One deal in five carries its own probability; the rest are blank.
  const own = next() < 0.2 ? Math.round(next() * 100) / 100 : null;
  withNull.push([own]);
  withEmptyText.push([own ?? '']);
}

const cells = CELLS.toLocaleString('en');
// Alternated, so a change of machine load during the run hits both cases alike.
for (let round = 0; round < 2; round++) {
  time(`FUNNEL_WEIGHT, ${cells} cells, 80% blank own probabilities as null`, RUNS, () =>
    funnelWeight(amounts, stages, null, withNull),
  );
  time(`FUNNEL_WEIGHT, ${cells} cells, 80% blank own probabilities as ""`, RUNS, () =>
    funnelWeight(amounts, stages, null, withEmptyText),
  );
}
for (let round = 0; round < 2; round++) {
  time(`FUNNEL_WEIGHT, ${cells} cells, every own probability blank as null`, RUNS, () =>
    funnelWeight(amounts, stages, null, allNull),
  );
  time(`FUNNEL_WEIGHT, ${cells} cells, every own probability blank as ""`, RUNS, () =>
    funnelWeight(amounts, stages, null, allEmptyText),
  );
}
