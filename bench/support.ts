/** What every benchmark shares: seeded data and one way of timing and printing a case. */

/**
 * Deterministic pseudo-random numbers in [0, 1) (no Math.random: figures stay
 * comparable run to run). Each benchmark makes its own stream.
 */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Runs body `runs` times after a GC each and prints wall-clock and CPU time.
 * The machine is shared, so the minimum and the process CPU time (which other
 * processes' load inflates less) are printed next to the median.
 */
export function time<T>(
  label: string,
  runs: number,
  body: () => T,
): { wall: number; cpu: number; last: T } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    last = undefined; // the previous run's result is garbage before the GC
    (globalThis as { gc?: () => void }).gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = body();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const result = { wall: median(wall), cpu: median(cpu), last: last as T };
  const list = wall.map((x) => x.toFixed(0)).join(', ');
  console.log(
    `${label}: wall median ${result.wall.toFixed(0)} ms, min ${Math.min(...wall).toFixed(0)} ms (runs ${list}); CPU median ${result.cpu.toFixed(0)} ms`,
  );
  return result;
}

/** Stage names as a mixed real sheet writes them: ladder, Chinese, Salesforce. */
export const MIXED_STAGE_NAMES = [
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
] as const;

/** The columns of a Salesforce opportunity report as the CSV benchmarks generate it. */
export const SALESFORCE_HEADER = [
  'Opportunity ID',
  'Account Name',
  'Amount',
  'Stage',
  'Close Date',
  'Created Date',
  'Opportunity Owner',
  'Region',
];

/** The bare loops' stage probabilities for the sample sheet's ladder stages. */
export const LADDER_PROBABILITY = new Map<string, number>([
  ['Leads', 0],
  ['Prospect', 0.1],
  ['Opportunity', 0.2],
  ['Pipeline', 0.5],
  ['Upside', 0.6],
  ['Committed', 0.7],
  ['Won', 1],
  ['Lost', 0],
]);

/**
 * A generated Salesforce-style row (SALESFORCE_HEADER; amount and the two dates as
 * text) as an XLSX writer's cells: the amount a number, the dates as dates.
 */
export function xlsxCells(r: readonly string[]): (string | number | Date)[] {
  return [
    r[0]!,
    r[1]!,
    Number(r[2]),
    r[3]!,
    new Date(`${r[4]}T00:00:00Z`),
    new Date(`${r[5]}T00:00:00Z`),
    r[6]!,
    r[7]!,
  ];
}
