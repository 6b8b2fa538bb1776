import {
  CALIBRATION_ORDER,
  CHANGE_ORDER,
  OUTPUT_ORDER,
  tableNameFor,
  type OutputKey,
} from '../../core/output';

/**
 * Which sheets belong to the add-in. A sheet is the add-in's when it holds one
 * of the add-in's tables (ffFunnelData, ffForecast, ...) or its PivotTable
 * (ffForecastPivot). Those names are the add-in's namespace: a user's sheet
 * never gets one by accident, and a re-run finds its sheets again even when
 * the user renamed them.
 */
export type OwnedKey = OutputKey | 'ForecastPivot';

export interface WorkbookScan {
  /** Every worksheet name, in tab order. */
  sheets: string[];
  /** Table name -> sheet name. */
  tables: Map<string, string>;
  /** PivotTable name -> sheet name. */
  pivots: Map<string, string>;
}

export interface SheetTarget {
  key: OwnedKey;
  sheetName: string;
  /** true: the add-in's sheet from an earlier run, replaced in place; false: a new sheet. */
  exists: boolean;
}

/** The table that marks the FF Snapshots sheet (snapshots.ts). */
export const SNAPSHOT_TABLE = 'ffSnapshots';

export const PIVOT_NAME = 'ffForecastPivot';
export const PIVOT_SHEET = 'Forecast pivot';
export const CHART_NAME = 'ffFunnelChart';
export const WATERFALL_NAME = 'ffBridgeWaterfall';

/** Excel's rules for sheet names: 31 characters, none of : \ / ? * [ ]. */
const MAX_SHEET_NAME = 31;

function alternatives(preferred: string): string[] {
  const base = `FF ${preferred}`.slice(0, MAX_SHEET_NAME);
  const names = [base];
  for (let i = 2; i <= 99; i++) {
    const suffix = ` ${i}`;
    names.push(base.slice(0, MAX_SHEET_NAME - suffix.length) + suffix);
  }
  return names;
}

/**
 * Decides, for each sheet the add-in wants, where it goes: its own sheet from
 * an earlier run, else a new sheet under the preferred name, else (a user's
 * sheet already has that name) a new sheet named "FF <name>", with a note that
 * says so. A user's sheet is never reused, renamed or written to.
 */
export function planSheets(
  scan: WorkbookScan,
  wanted: { key: OwnedKey; preferred: string; marker: string }[],
): { targets: SheetTarget[]; notes: string[] } {
  const taken = new Set(scan.sheets.map((s) => s.toLocaleLowerCase()));
  const notes: string[] = [];
  const targets: SheetTarget[] = [];
  for (const { key, preferred, marker } of wanted) {
    const own = scan.tables.get(marker) ?? scan.pivots.get(marker);
    if (own !== undefined) {
      targets.push({ key, sheetName: own, exists: true });
      continue;
    }
    let name = preferred;
    if (taken.has(name.toLocaleLowerCase())) {
      const free = alternatives(preferred).find((n) => !taken.has(n.toLocaleLowerCase()));
      if (free === undefined) {
        throw new Error(
          `Every sheet name the add-in could use for "${preferred}" is taken; rename or delete some of the "FF ${preferred}" sheets.`,
        );
      }
      notes.push(
        `A sheet named "${preferred}" already exists and is not the add-in's, so it was left untouched; the output went to "${free}".`,
      );
      name = free;
    }
    taken.add(name.toLocaleLowerCase());
    targets.push({ key, sheetName: name, exists: false });
  }
  return { targets, notes };
}

/** Sheets that hold the add-in's output, so the source list can leave them out. */
export function ownedSheets(scan: WorkbookScan): Set<string> {
  const owned = new Set<string>();
  for (const key of [...OUTPUT_ORDER, ...CHANGE_ORDER, ...CALIBRATION_ORDER]) {
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
