/**
 * What changed: snapshots of the deal sheet and the pipeline-change bridge
 * between them. docs/engine.md, "Pipeline change", has the definitions.
 */
import { runForecast } from '../engine/run';
import { FunnelError } from '../errors';
import type { ForecastResult, ForecastSettings, SourceSheet } from '../engine/types';
import { parseIsoDay } from '../read/date';
import { compareSnapshots, type ChangeOptions } from './bridge';
import { snapshotOf } from './snapshot';
import type { ChangeResult } from './types';

export * from './types';
export { compareSnapshots, type ChangeOptions } from './bridge';
export { snapshotOf, dateInFileName, KEY_HEADERS, type Snapshot } from './snapshot';
export { changeTables, TOTAL_SEGMENT } from './tables';
export { windowOfLabel, windowOfDay } from './window';
export * from './store';

export interface SnapshotSource {
  sheet: SourceSheet;
  /** The snapshot's date (YYYY-MM-DD): the day the export was taken. */
  asOf: string;
  /** For messages; default the sheet's name. */
  name?: string;
  /**
   * Settings of this snapshot's own sheet over the run's (a saved snapshot
   * has its header on row 1 whatever the source's header row is).
   */
  settings?: Pick<ForecastSettings, 'headerRow'>;
}

export interface PipelineChangeOptions extends ChangeOptions {
  /** Header of the key column; default a deal-id column, else the opportunity column. */
  key?: string | null;
}

/**
 * The bridge from earlier snapshots to a run (the later snapshot: its as-of
 * date is its date). Each earlier snapshot runs with the same settings, its
 * own date and, unless the settings name one, the run's base currency, so
 * all amounts are in one currency. A snapshot dated after the run is refused.
 */
export function changeSince(
  current: { result: ForecastResult; settings: ForecastSettings; name: string },
  earlier: readonly SnapshotSource[],
  options: PipelineChangeOptions = {},
): ChangeResult {
  const { result, settings, name } = current;
  const asOf = (result.asOf ?? settings.asOf ?? '').trim();
  const base = settings.baseCurrency ?? result.baseCurrency ?? undefined;
  const snaps = earlier.map((s) => {
    const date = s.asOf.trim();
    const label = s.name ?? s.sheet.name;
    if (Number.isNaN(parseIsoDay(date))) {
      throw new FunnelError('#VALUE!', `The date of ${label} is missing: give it as YYYY-MM-DD.`);
    }
    if (date > asOf) {
      throw new FunnelError(
        '#VALUE!',
        `${label} is dated ${date}, after ${name} (${asOf}): compare with earlier snapshots, or change the as-of date.`,
      );
    }
    const own: ForecastSettings = {
      ...settings,
      ...s.settings,
      asOf: date,
      ...(base !== undefined ? { baseCurrency: base } : {}),
    };
    return snapshotOf(runForecast(s.sheet, own), own, label, options.key);
  });
  // The run last: among equal dates the later snapshot is the one given last.
  snaps.push(snapshotOf(result, settings, name, options.key));
  return compareSnapshots(snaps, settings, options);
}

/**
 * Runs the engine on each snapshot (the same settings, each with its own
 * date) and bridges the two latest: changeSince with the latest as the run.
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
  const last = sources[latest]!;
  const own = { ...settings, asOf: last.asOf };
  return changeSince(
    { result: runForecast(last.sheet, own), settings: own, name: last.name ?? last.sheet.name },
    sources.filter((_, i) => i !== latest),
    options,
  );
}
