/**
 * Pass 1, per row: the owner, the account and the segment combination, as
 * interned ids (a million rows name a few hundred owners and regions). One
 * segment column maps a cell straight to its id; several join their texts.
 */
import type { CellSource, CellValue } from '../../cells';
import type { ColumnMap } from '../headers';
import { BLANK_SEGMENT, CellIds, segmentText, type ParsedRows } from './columns';

const textOf = segmentText;

export class IdPass {
  private readonly cOwner: number;
  private readonly cAccount: number;
  private readonly owners: CellIds;
  private readonly accounts: CellIds;
  private readonly segCols: readonly number[];
  private readonly segCaches: Map<CellValue, string>[];
  private readonly seg0: number;
  /** The one segment column's ids: a cell's text (segmentText) interned as its segment. */
  private readonly seg1: CellIds;

  constructor(
    private readonly out: ParsedRows,
    map: ColumnMap,
    cells: CellSource,
  ) {
    this.cOwner = map.col.owner;
    this.cAccount = map.col.account;
    this.owners = new CellIds(out.owners);
    this.accounts = new CellIds(out.accounts);
    this.owners.useCodes(cells, this.cOwner);
    this.accounts.useCodes(cells, this.cAccount);
    this.segCols = map.segmentCols;
    this.segCaches = map.segmentCols.map(() => new Map<CellValue, string>());
    this.seg0 = map.segmentCols[0] ?? -1;
    this.seg1 = new CellIds(out.segments, undefined, BLANK_SEGMENT);
    if (map.segmentCols.length === 1) this.seg1.useCodes(cells, this.seg0);
  }

  read(cells: CellSource, r: number, i: number): void {
    const out = this.out;
    out.owner[i] = this.cOwner >= 0 ? this.owners.idAt(cells, r, this.cOwner) : -1;
    out.account[i] = this.cAccount >= 0 ? this.accounts.idAt(cells, r, this.cAccount) : -1;
    const segCols = this.segCols;
    if (segCols.length === 1) {
      // One segment column: the reader's code, else the raw cell value, maps straight to its segment id.
      out.segment[i] = this.seg1.idAt(cells, r, this.seg0);
    } else if (segCols.length) {
      out.segment[i] = this.combination(cells, r);
    } else {
      out.segment[i] = 0;
    }
  }

  /** The segment id of the row's combination of several segment columns. */
  private combination(cells: CellSource, r: number): number {
    const segCols = this.segCols;
    let key = '';
    for (let s = 0; s < segCols.length; s++) {
      const v = cells.cell(r, segCols[s]!);
      const cache = this.segCaches[s]!;
      let text = cache.get(v);
      if (text === undefined) {
        text = textOf(v);
        if (!(v instanceof Date)) cache.set(v, text);
      }
      key = s === 0 ? text : `${key}\u0000${text}`;
    }
    return this.out.segments.id(key);
  }
}
