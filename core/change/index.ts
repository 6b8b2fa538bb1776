/**
 * What changed: snapshots of the deal sheet and the pipeline-change bridge
 * between them. docs/engine.md, "Pipeline change", has the definitions.
 */
import { runForecast } from '../engine/run';
import type { ForecastSettings, SourceSheet } from '../engine/types';
import { compareSnapshots, type ChangeOptions } from './bridge';
import { snapshotOf, type Snapshot } from './snapshot';
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

/**
 * Runs the engine on each snapshot (the same settings, each with its own
 * date) and bridges the two latest. Without a base currency in the settings,
 * the latest snapshot's (its most common currency) is used for all of them,
 * so their amounts are in one currency.
 */
export function runPipelineChange(
  sources: readonly SnapshotSource[],
  settings: ForecastSettings,
  options: PipelineChangeOptions = {},
): ChangeResult {
  const latest = sources.reduce(
    (best, s, i) => (s.asOf.trim() >= sources[best]!.asOf.trim() ? i : best),
    0,
  );
  const snaps: Snapshot[] = new Array(sources.length);
  const take = (i: number, base: ForecastSettings) => {
    const s = sources[i]!;
    const own = { ...base, asOf: s.asOf };
    snaps[i] = snapshotOf(runForecast(s.sheet, own), own, s.name ?? s.sheet.name, options.key);
  };
  take(latest, settings);
  const base = settings.baseCurrency ?? snaps[latest]!.result.baseCurrency ?? undefined;
  const others = base === undefined ? settings : { ...settings, baseCurrency: base };
  sources.forEach((_, i) => i !== latest && take(i, others));
  return compareSnapshots(snaps, settings, options);
}
