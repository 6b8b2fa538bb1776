/**
 * What changed: snapshots of the deal sheet and the pipeline-change bridge
 * between them. docs/engine.md, "Pipeline change", has the definitions.
 */
import { runForecast } from '../engine/run';
import type { ForecastSettings, SourceSheet } from '../engine/types';
import { compareSnapshots, type ChangeOptions } from './bridge';
import { snapshotOf } from './snapshot';
import type { ChangeResult } from './types';

export * from './types';
export { compareSnapshots, type ChangeOptions } from './bridge';
export { snapshotOf, KEY_HEADERS, type Snapshot } from './snapshot';
export { changeTables, TOTAL_SEGMENT } from './tables';
export { windowOfLabel, windowOfDay } from './window';

export interface SnapshotSource {
  sheet: SourceSheet;
  /** The snapshot's date (YYYY-MM-DD): the day the export was taken. */
  asOf: string;
  /** For messages; default the sheet's name. */
  name?: string;
}

export interface PipelineChangeOptions extends ChangeOptions {
  /** Header of the key column; default a deal-id column, else the opportunity column. */
  key?: string | null;
}

/** Runs the engine on each snapshot (same settings, each with its own date) and bridges the two latest. */
export function runPipelineChange(
  sources: readonly SnapshotSource[],
  settings: ForecastSettings,
  options: PipelineChangeOptions = {},
): ChangeResult {
  const snaps = sources.map((s) =>
    snapshotOf(
      runForecast(s.sheet, { ...settings, asOf: s.asOf }),
      { ...settings, asOf: s.asOf },
      s.name ?? s.sheet.name,
      options.key,
    ),
  );
  return compareSnapshots(snaps, settings, options);
}
