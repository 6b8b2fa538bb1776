/**
 * The host-neutral write policy: which sheets the add-in owns, what they are
 * called, where a sheet goes when a user's sheet already has its name, and
 * the order the tables are written in. Excel, Sheets (and any new host) ask
 * here; only how a sheet is marked as the add-in's differs by host (Excel:
 * the table or PivotTable on it; Sheets: developer metadata).
 */
import {
  CALIBRATION_ORDER,
  CHANGE_ORDER,
  OUTPUT_ORDER,
  outputRank,
  type OutputKey,
} from '../output';

/** The PivotTable of the weighted forecast (Excel: a PivotTable; Sheets: a pivot table). */
export const PIVOT_KEY = 'ForecastPivot';
/** The pivot's sheet name (fixed, never translated, like every output sheet name). */
export const PIVOT_SHEET = 'Forecast pivot';

/** Every sheet the add-in may write a run's output to: one per output table, and the pivot. */
export type OwnedKey = OutputKey | typeof PIVOT_KEY;

/** Every output table key, in writing order (the forecast's, the change tables, the calibration tables). */
export const TABLE_KEYS: readonly OutputKey[] = [
  ...OUTPUT_ORDER,
  ...CHANGE_ORDER,
  ...CALIBRATION_ORDER,
];

/** The tables in the order every host writes them (outputRank): FunnelData first. */
export function writingOrder<T extends { key: OutputKey }>(tables: readonly T[]): T[] {
  return [...tables].sort((a, b) => outputRank(a.key) - outputRank(b.key));
}

/**
 * Excel's sheet-name limit, 31 characters; applied on every host so a workbook
 * moved between Excel and Sheets keeps the same sheet names.
 */
export const MAX_SHEET_NAME = 31;

/** The names tried, in order, when a user's sheet has the preferred name: "FF <name>", then "FF <name> 2".. "FF <name> 99". */
export function fallbackNames(preferred: string): string[] {
  const base = `FF ${preferred}`.slice(0, MAX_SHEET_NAME);
  const names = [base];
  for (let i = 2; i <= 99; i++) {
    const suffix = ` ${i}`;
    names.push(base.slice(0, MAX_SHEET_NAME - suffix.length) + suffix);
  }
  return names;
}

export interface SheetTarget<K extends string = OwnedKey> {
  key: K;
  sheetName: string;
  /** true: the add-in's sheet from an earlier run, replaced in place; false: a new sheet. */
  exists: boolean;
}

/**
 * Decides, for each sheet the add-in wants, where it goes: its own sheet from
 * an earlier run (ownedSheet), else a new sheet under the preferred name, else
 * (a user's sheet already has that name, compared without regard to case) a
 * new sheet named "FF <name>", with a note that says so. A user's sheet is
 * never reused, renamed or written to. `product` names the add-in in the
 * notes as the host's users know it ("add-in" in Excel, "add-on" in Sheets).
 */
export function planSheets<K extends string>(
  sheets: readonly string[],
  wanted: readonly { key: K; preferred: string }[],
  ownedSheet: (key: K) => string | undefined,
  product: 'add-in' | 'add-on' = 'add-in',
): { targets: SheetTarget<K>[]; notes: string[] } {
  const taken = new Set(sheets.map((s) => s.toLocaleLowerCase()));
  const notes: string[] = [];
  const targets: SheetTarget<K>[] = [];
  for (const { key, preferred } of wanted) {
    const own = ownedSheet(key);
    if (own !== undefined) {
      targets.push({ key, sheetName: own, exists: true });
      continue;
    }
    let name = preferred;
    if (taken.has(name.toLocaleLowerCase())) {
      const free = fallbackNames(preferred).find((n) => !taken.has(n.toLocaleLowerCase()));
      if (free === undefined) {
        throw new Error(
          `Every sheet name the ${product} could use for "${preferred}" is taken; rename or delete some of the "FF ${preferred}" sheets.`,
        );
      }
      notes.push(
        `A sheet named "${preferred}" already exists and is not the ${product}'s, so it was left untouched; the output went to "${free}".`,
      );
      name = free;
    }
    taken.add(name.toLocaleLowerCase());
    targets.push({ key, sheetName: name, exists: false });
  }
  return { targets, notes };
}
