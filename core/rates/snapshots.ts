/**
 * A stage history from snapshots of the deal sheet (the pipeline-change
 * exports, core/change): each deal of each snapshot is a history row dated
 * with the snapshot's date, its stage as the sheet writes it and its status as
 * the engine reads it (a status column, else the stage). Deals are matched
 * across snapshots by the same key column as the change bridge.
 */
import type { SnapshotSource } from '../change';
import { snapshotOf } from '../change';
import { runForecast, type ForecastSettings } from '../engine';
import { dealStoreOf } from '../engine/deals';
import { parseIsoDay } from '../read/date';
import type { SnapshotRun } from './accuracy';
import type { HistoryRow } from './stage-rates';

export interface SnapshotHistory {
  rows: HistoryRow[];
  /** Each snapshot's forecast run, in the order given (for Forecast accuracy). */
  runs: SnapshotRun[];
  notes: string[];
}

/**
 * History rows from snapshots, oldest first as given. `settings` are the run's
 * (each snapshot runs with its own date); `key` names the key column (default:
 * a deal id column, else the opportunity column, as the bridge does).
 */
export function historyFromSnapshots(
  sources: readonly SnapshotSource[],
  settings: ForecastSettings,
  key?: string | null,
): SnapshotHistory {
  const rows: HistoryRow[] = [];
  const notes: string[] = [];
  const runs: SnapshotRun[] = [];
  for (const s of sources) {
    const own: ForecastSettings = { ...settings, asOf: s.asOf };
    const label = s.name ?? s.sheet.name;
    const result = runForecast(s.sheet, own);
    runs.push({ date: s.asOf, result });
    const snap = snapshotOf(result, own, label, key);
    const store = dealStoreOf(snap.result)!;
    const day = parseIsoDay(s.asOf);
    let used = 0;
    for (let i = 0; i < snap.n; i++) {
      if (!snap.present[i]) continue; // blank or repeated key, or a row the run could not count
      const deal = store.deal(i);
      rows.push({
        key: snap.keys[i]!,
        stage: deal.stageLabel,
        at: day,
        outcome: deal.status,
        probability: deal.probability,
        row: deal.row,
        source: label,
      });
      used++;
    }
    notes.push(
      `History: ${label} (${s.asOf}): ${used} deals by ${snap.keyHeader}${snap.issues.length ? `; ${snap.issues.length} rows left out (blank or repeated keys, as in the change bridge)` : ''}.`,
    );
  }
  return { rows, runs, notes };
}
