import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { generateSnapshots } from '../../change/snapshot-generator';
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
  return cliJson<CliForecast>(args);
}

/** `forecast --json ...args` with the JSON shape the caller reads. */
export function cliJson<T>(args: string[]): T {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'cli/main.ts', 'forecast', '--json', ...args],
    { cwd: REPO, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (run.status !== 0) {
    throw new Error(`forecast CLI exited ${run.status}: ${run.stderr}`);
  }
  return JSON.parse(run.stdout) as T;
}

export type Week = ReturnType<typeof generateSnapshots>[number];

/** An earlier and a later week of the seeded snapshot generator. */
export function twoWeeks(seed: number, deals: number): [Week, Week] {
  return generateSnapshots({ seed, deals, weeks: 2 }) as [Week, Week];
}

/**
 * `forecast` on the later week compared with the earlier one, both written as CSV
 * exports to a temporary folder; extra options after them.
 */
export function compareJson<T>(older: Week, newer: Week, ...extra: string[]): T {
  const dir = mkdtempSync(join(tmpdir(), 'ff-e2e-cli-'));
  const olderFile = join(dir, `deals-${older.asOf}.csv`);
  const newerFile = join(dir, `deals-${newer.asOf}.csv`);
  writeFileSync(olderFile, Papa.unparse(older.values));
  writeFileSync(newerFile, Papa.unparse(newer.values));
  return cliJson<T>([newerFile, '--as-of', newer.asOf, '--compare', olderFile, ...extra]);
}
