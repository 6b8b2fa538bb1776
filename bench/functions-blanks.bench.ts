/**
 * Custom functions (core): FUNNEL_WEIGHT over 1,000,000 cells whose blank own
 * probabilities arrive as null (a Sheets/CLI blank) or as "" (what Excel hands
 * over for an empty cell of a range). Blanks must cost the same either way.
 * Run: npm run bench -- functions (it runs with bench/functions.bench.ts)
 */
import { funnelWeight } from '../core/functions/funnel-weight';

const CELLS = 1_000_000;
const RUNS = 5;
const STAGES = ['Prospect', 'Pipeline', 'Committed', 'Won', '评估中', 'Closed Won'];

// Deterministic pseudo-random data (no Math.random: figures stay comparable run to run).
let seed = 7;
function next(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall-clock and process CPU time per run, a GC before each (the machine is shared). */
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
  const list = wall.map((x) => x.toFixed(0)).join(', ');
  console.log(
    `${label}: wall median ${median(wall).toFixed(0)} ms, min ${Math.min(...wall).toFixed(0)} ms (runs ${list}); CPU median ${median(cpu).toFixed(0)} ms`,
  );
}

const amounts: number[][] = [];
const stages: string[][] = [];
const withNull: (number | null)[][] = [];
const withEmptyText: (number | string)[][] = [];
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
  time(`FUNNEL_WEIGHT, ${cells} cells, 80% blank own probabilities as null`, () =>
    funnelWeight(amounts, stages, null, withNull),
  );
  time(`FUNNEL_WEIGHT, ${cells} cells, 80% blank own probabilities as ""`, () =>
    funnelWeight(amounts, stages, null, withEmptyText),
  );
}
