/**
 * Stage rates for the pane's "Use calibrated rates": the deal sheet now and the
 * snapshots the host can read (FF Snapshots, or the page's earlier exports)
 * become a stage history (historyFromSnapshots), and computeStageRates gives
 * the rates. The answer is plain data, so it can cross google.script.run.
 */
import type { SnapshotSource } from '../change';
import type { Grid } from '../cells';
import type { ForecastSettings, SourceSheet } from '../engine/types';
import { clean } from '../money';
import { parseStageTable } from '../stages';
import { historyFromSnapshots } from './snapshots';
import { computeStageRates, FEW_DEALS } from './stage-rates';
import { stageRatesJson, type StageRatesRow } from './table';

export type { StageRatesRow };

export interface StageRatesView {
  rows: StageRatesRow[];
  /** The Stage rates table's first four columns, one row per stage (no header): a stage table the settings can hold. */
  stageTable: Grid;
  /** The snapshots read, oldest first (the deal sheet itself, dated as of the run, is the last). */
  snapshots: { name: string; asOf: string }[];
  /** Deals in the history (by key). */
  deals: number;
  /** Closed (won or lost) deals in the history: 0 means the rates are only the current probabilities. */
  closedDeals: number;
  /** Below this n a stage's rate leans mostly on its previous probability. */
  fewDeals: number;
  notes: string[];
}

export function stageRatesView(
  sheet: SourceSheet,
  settings: ForecastSettings,
  earlier: readonly SnapshotSource[],
): StageRatesView {
  const asOf = settings.asOf?.trim();
  if (!asOf)
    throw new Error(
      'Stage rates need the as-of date of the deal sheet: set one in the Periods step.',
    );
  const sources: SnapshotSource[] = [...earlier, { sheet, asOf, name: sheet.name }];
  const history = historyFromSnapshots(sources, { ...settings, asOf }, null);
  const stageTable = settings.stageTable?.length ? parseStageTable(settings.stageTable) : undefined;
  const result = computeStageRates(history.rows, { stageTable });
  const rows = stageRatesJson(result);
  return {
    rows,
    stageTable: rows.map((r) => [r.stage, `${clean(r.probability * 100)}%`, r.category, r.ladder]),
    snapshots: sources.map((s) => ({ name: s.name ?? s.sheet.name, asOf: s.asOf })),
    deals: result.counts.deals,
    closedDeals: result.counts.won + result.counts.lost,
    fewDeals: FEW_DEALS,
    notes: [...history.notes, ...result.notes],
  };
}
