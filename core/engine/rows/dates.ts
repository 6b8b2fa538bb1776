/**
 * Pass 1, per row: the close, created and last-activity dates (each column
 * read in the day order decided for it, core/engine/rows/decide.ts) into the
 * day columns, and the hygiene flags they give an open deal: slipped (closing
 * before the as-of date) and stale (no activity for more than staleDays).
 */
import type { CellSource, CellValue } from '../../cells';
import { describeValue } from '../../errors';
import type { DateResult } from '../../read/date';
import type { ColumnMap } from '../headers';
import { FLAG_SLIPPED, FLAG_STALE, NO_DAY, byCodeOf, type ParsedRows } from './columns';
import type { DateField } from './decide';
import type { IssueSink } from './sink';

// Imported constants as module constants: under a CommonJS transform (tsx,
// jest) each read of an imported binding is a getter call.
const noDay = NO_DAY;
const flagSlipped = FLAG_SLIPPED;
const flagStale = FLAG_STALE;

/**
 * A date column's dates by reader code, where the reader has codes (a CSV's
 * repeated dates): each parsed once. The parsing stays with the caller, at a
 * call site per column (monomorphic, inlined).
 */
class DateCodes {
  private readonly codes: Int32Array | null;
  private readonly byCode: (DateResult | undefined)[];

  constructor(cells: CellSource, c: number) {
    const t = byCodeOf(cells, c, (size) => new Array<DateResult | undefined>(size));
    this.codes = t ? t.codes : null;
    this.byCode = t ? t.byCode : [];
  }

  /** Row r's date when its code's is known, else undefined. */
  cached(r: number): DateResult | undefined {
    const codes = this.codes;
    if (codes === null) return undefined;
    const k = codes[r]!;
    return k === 0 ? undefined : this.byCode[k - 1];
  }

  /** Keeps row r's date for its code (when it has one); returns it. */
  keep(r: number, d: DateResult): DateResult {
    const codes = this.codes;
    if (codes !== null) {
      const k = codes[r]!;
      if (k !== 0) this.byCode[k - 1] = d;
    }
    return d;
  }
}

export class DatePass {
  private readonly cClose: number;
  private readonly cCreated: number;
  private readonly cActivity: number;
  /** The texts of the most frequent issues, built once rather than per deal. */
  private readonly slippedText: string;
  private readonly staleTexts = new Map<number, string>();
  private readonly closeParse: (v: CellValue) => DateResult;
  private readonly createdParse: (v: CellValue) => DateResult;
  private readonly activityParse: (v: CellValue) => DateResult;
  private readonly closeCodes: DateCodes;
  private readonly createdCodes: DateCodes;
  private readonly activityCodes: DateCodes;

  constructor(
    private readonly out: ParsedRows,
    private readonly sink: IssueSink,
    map: ColumnMap,
    private readonly headers: readonly string[],
    parsers: Record<DateField, (v: CellValue) => DateResult>,
    private readonly asOfDay: number,
    private readonly staleDays: number,
    cells: CellSource,
  ) {
    this.cClose = map.col.closeDate;
    this.cCreated = map.col.createdDate;
    this.cActivity = map.col.lastActivity;
    this.closeParse = parsers.closeDate;
    this.createdParse = parsers.createdDate;
    this.activityParse = parsers.lastActivity;
    this.closeCodes = new DateCodes(cells, this.cClose);
    this.createdCodes = new DateCodes(cells, this.cCreated);
    this.activityCodes = new DateCodes(cells, this.cActivity);
    this.slippedText =
      this.cClose >= 0
        ? `${headers[this.cClose]}: the deal is open but its close date is before the as-of date; it has slipped.`
        : '';
  }

  /** A date cell that gave no day (d: null for blank): its issue, and NaN. */
  private noDay(cv: CellValue, d: DateResult, c: number, close: boolean): number {
    if (d === null) {
      if (close)
        this.sink.add(
          'missing-close-date',
          c,
          'no close date; the deal stays in the totals under "(no close date)".',
          true,
        );
    } else if (typeof d === 'object')
      this.sink.add(
        'bad-date',
        c,
        `${describeValue(cv)} is ${d.error}; expected a date such as 2026-03-15${close ? '; the deal stays in the totals under "(no close date)"' : ''}.`,
        true,
      );
    return NaN;
  }

  /** The stale issue of the row: its text built once per number of days. */
  private stale(days: number): void {
    let text = this.staleTexts.get(days);
    if (text === undefined) {
      text = `${this.headers[this.cActivity]}: no activity for ${days} days (more than ${this.staleDays}).`;
      this.staleTexts.set(days, text);
    }
    this.sink.addText('stale', this.cActivity, text, true);
  }

  /** Row i's dates and flags; open: whether the deal is open (status code STATUS_OPEN). */
  read(cells: CellSource, r: number, i: number, open: boolean): void {
    const out = this.out;
    // Each column's reader called at a call site of its own (monomorphic, inlined).
    const cClose = this.cClose;
    let close = NaN;
    if (cClose >= 0) {
      let d = this.closeCodes.cached(r);
      if (d === undefined) d = this.closeCodes.keep(r, this.closeParse(cells.cell(r, cClose)));
      close = typeof d === 'number' ? d : this.noDay(cells.cell(r, cClose), d, cClose, true);
    }
    out.closeDay[i] = close === close ? close : noDay;
    let flags = 0;
    if (open && close < this.asOfDay) {
      flags |= flagSlipped;
      this.sink.addText('slipped', cClose, this.slippedText, true);
    }
    const cCreated = this.cCreated;
    let created = NaN;
    if (cCreated >= 0) {
      let d = this.createdCodes.cached(r);
      if (d === undefined)
        d = this.createdCodes.keep(r, this.createdParse(cells.cell(r, cCreated)));
      created = typeof d === 'number' ? d : this.noDay(cells.cell(r, cCreated), d, cCreated, false);
    }
    out.createdDay[i] = created === created ? created : noDay;
    const cActivity = this.cActivity;
    let activity = NaN;
    if (cActivity >= 0) {
      let d = this.activityCodes.cached(r);
      if (d === undefined)
        d = this.activityCodes.keep(r, this.activityParse(cells.cell(r, cActivity)));
      activity =
        typeof d === 'number' ? d : this.noDay(cells.cell(r, cActivity), d, cActivity, false);
      const days = this.asOfDay - activity;
      if (open && days > this.staleDays) {
        flags |= flagStale;
        this.stale(days);
      }
    }
    out.lastActivityDay[i] = activity === activity ? activity : noDay;
    out.flags[i] = flags;
  }
}
