/**
 * Dates between Sheets and the core. Sheets hands a date cell over as the
 * instant of its midnight in the SPREADSHEET's time zone (and reads a Date
 * written back the same way), while the core works with calendar dates held
 * as UTC midnight. Shifting by a fixed offset would be wrong across daylight
 * saving changes, so each distinct instant goes through Utilities once
 * (a deal sheet has far fewer distinct dates than cells).
 */
const WALL_CLOCK = "yyyy-MM-dd'T'HH:mm:ss.SSS";

export class SheetClock {
  private readonly fromSheetCache = new Map<number, Date>();
  private readonly toSheetCache = new Map<number, Date>();

  constructor(readonly timeZone: string) {}

  /** A Date read from a cell: the same wall-clock date and time, as a UTC instant. */
  fromSheet(date: Date): Date {
    const t = date.getTime();
    if (Number.isNaN(t)) return date;
    let out = this.fromSheetCache.get(t);
    if (!out) {
      out = new Date(`${Utilities.formatDate(date, this.timeZone, WALL_CLOCK)}Z`);
      this.fromSheetCache.set(t, out);
    }
    return new Date(out.getTime());
  }

  /** A core date (UTC wall clock): the instant Sheets shows as that date and time. */
  toSheet(date: Date): Date {
    const t = date.getTime();
    if (Number.isNaN(t)) return date;
    let out = this.toSheetCache.get(t);
    if (!out) {
      out = Utilities.parseDate(date.toISOString().slice(0, 23), this.timeZone, WALL_CLOCK);
      this.toSheetCache.set(t, out);
    }
    return new Date(out.getTime());
  }

  /** Converts every Date of a grid read from Sheets in place (values arrays are fresh copies). */
  gridFromSheet(values: unknown[][]): void {
    for (const row of values) {
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        if (v instanceof Date) row[c] = this.fromSheet(v);
      }
    }
  }
}

export function spreadsheetClock(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
): SheetClock {
  return new SheetClock(spreadsheet.getSpreadsheetTimeZone() || 'Etc/UTC');
}
