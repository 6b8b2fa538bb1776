/**
 * Pass 1, per row: the owner, the account and the segment combination, as
 * interned ids (a million rows name a few hundred owners and regions). One
 * segment column maps a cell straight to its id; several join their texts.
 */
import type { CellSource, CellValue } from '../../cells';
import type { ColumnMap } from '../headers';
import { CellIds, UNSEEN, byCodeOf, segmentText, type ParsedRows } from './columns';

const textOf = segmentText;
const unseen = UNSEEN;

export class IdPass {
  private readonly cOwner: number;
  private readonly cAccount: number;
  private readonly owners: CellIds;
  private readonly accounts: CellIds;
  private readonly segCols: readonly number[];
  private readonly segCaches: Map<CellValue, string>[];
  private readonly seg0: number;
  private readonly seg1Cache = new Map<CellValue, number>();
  private seg1Last: CellValue | undefined = undefined;
  private seg1LastId = 0;
  /** The one segment column's ids by reader code, where it has codes. */
  private readonly seg1Codes: { codes: Int32Array; byCode: Int32Array } | null;

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
    this.seg1Codes = map.segmentCols.length === 1 ? byCodeOf(cells, this.seg0) : null;
  }

  read(cells: CellSource, r: number, i: number): void {
    const out = this.out;
    out.owner[i] = this.cOwner >= 0 ? this.owners.idAt(cells, r, this.cOwner) : -1;
    out.account[i] = this.cAccount >= 0 ? this.accounts.idAt(cells, r, this.cAccount) : -1;
    const segCols = this.segCols;
    if (segCols.length === 1) {
      // One segment column: the reader's code, else the raw cell value, maps straight to its segment id.
      const sc = this.seg1Codes;
      if (sc !== null) {
        const k = sc.codes[r]!;
        if (k !== 0) {
          let id = sc.byCode[k - 1]!;
          if (id === unseen) id = sc.byCode[k - 1] = this.seg1(cells.cell(r, this.seg0));
          out.segment[i] = id;
          return;
        }
      }
      out.segment[i] = this.seg1(cells.cell(r, this.seg0));
    } else if (segCols.length) {
      out.segment[i] = this.combination(cells, r);
    } else {
      out.segment[i] = 0;
    }
  }

  /** The segment id of a cell of the one segment column. */
  private seg1(v: CellValue): number {
    if (v === this.seg1Last) return this.seg1LastId;
    let hit = this.seg1Cache.get(v);
    if (hit === undefined) {
      hit = this.out.segments.id(textOf(v));
      if (!(v instanceof Date)) this.seg1Cache.set(v, hit);
    }
    this.seg1Last = v;
    this.seg1LastId = hit;
    return hit;
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
