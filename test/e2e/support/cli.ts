import { spawnSync } from 'node:child_process';
import type { ForecastRow } from '../../../core/engine/types';
import { REPO } from './browser';

/** The shape of `forecast --json` that the comparisons use. */
export interface CliForecast {
  mapping: {
    headerRow: number;
    counts: { rows: number; counted: number; excluded: number };
    asOf: string;
  };
  forecast: Pick<
    ForecastRow,
    | 'segment'
    | 'period'
    | 'deals'
    | 'amount'
    | 'weighted'
    | 'closed'
    | 'commit'
    | 'bestCase'
    | 'pipeline'
    | 'spread'
  >[];
  funnel: { stage: string; deals: number; amount: number; weighted: number }[];
  reps: { owner: string; won: number; lost: number; weighted: number }[];
  issues: unknown[];
}

/** Runs the command line exactly as a user would: `node --import tsx cli/main.ts forecast --json ...`. */
export function cliForecast(args: string[]): CliForecast {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'cli/main.ts', 'forecast', '--json', ...args],
    { cwd: REPO, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (run.status !== 0) {
    throw new Error(`forecast CLI exited ${run.status}: ${run.stderr}`);
  }
  return JSON.parse(run.stdout) as CliForecast;
}
