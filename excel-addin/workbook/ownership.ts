import { tableNameFor } from '../../core/output';
import {
  PIVOT_SHEET,
  TABLE_KEYS,
  planSheets as planOwnedSheets,
  type OwnedKey,
  type SheetTarget,
} from '../../core';

export { PIVOT_SHEET, type OwnedKey, type SheetTarget };

/**
 * Which sheets belong to the add-in. A sheet is the add-in's when it holds one
 * of the add-in's tables (ffFunnelData, ffForecast, ...) or its PivotTable
 * (ffForecastPivot). Those names are the add-in's namespace: a user's sheet
 * never gets one by accident, and a re-run finds its sheets again even when
 * the user renamed them.
 */
export interface WorkbookScan {
  /** Every worksheet name, in tab order. */
  sheets: string[];
  /** Table name -> sheet name. */
  tables: Map<string, string>;
  /** PivotTable name -> sheet name. */
  pivots: Map<string, string>;
}

/** The table that marks the FF Snapshots sheet (snapshots.ts). */
export const SNAPSHOT_TABLE = 'ffSnapshots';

export const PIVOT_NAME = 'ffForecastPivot';
export const CHART_NAME = 'ffFunnelChart';
export const WATERFALL_NAME = 'ffBridgeWaterfall';

/**
 * Where each sheet the add-in wants goes: the host-neutral policy of
 * core/app/write-policy.ts, with Excel's mark of an owned sheet (the add-in's
 * table or PivotTable on it, `marker`).
 */
export function planSheets(
  scan: WorkbookScan,
  wanted: { key: OwnedKey; preferred: string; marker: string }[],
): { targets: SheetTarget[]; notes: string[] } {
  const markers = new Map(wanted.map((w) => [w.key, w.marker]));
  return planOwnedSheets(scan.sheets, wanted, (key) => {
    const marker = markers.get(key)!;
    return scan.tables.get(marker) ?? scan.pivots.get(marker);
  });
}

/** Sheets that hold the add-in's output, so the source list can leave them out. */
export function ownedSheets(scan: WorkbookScan): Set<string> {
  const owned = new Set<string>();
  for (const key of TABLE_KEYS) {
    const sheet = scan.tables.get(tableNameFor(key));
    if (sheet !== undefined) owned.add(sheet);
  }
  // The saved snapshots (excel-addin/workbook/snapshots.ts) are the add-in's too.
  const snapshots = scan.tables.get(SNAPSHOT_TABLE);
  if (snapshots !== undefined) owned.add(snapshots);
  const pivotSheet = scan.pivots.get(PIVOT_NAME);
  if (pivotSheet !== undefined) owned.add(pivotSheet);
  return owned;
}
