/**
 * Pass 1, per row: a status column's cells (open, won, lost, in English and
 * Chinese) with a closed flag (yes/no) beside them where the sheet has one.
 */
import type { CellSource, CellValue } from '../../cells';
import { describeValue } from '../../errors';
import type { DealStatus, StageDef } from '../../stages';
import { normalizeLabel } from '../../text';
import { isBlankValue } from '../../read/blank';
import type { IssueSink } from './sink';

const STATUS_WORDS = new Map<string, DealStatus>([
  ['open', 'open'],
  ['active', 'open'],
  ['in progress', 'open'],
  ['pending', 'open'],
  ['ongoing', 'open'],
  ['进行中', 'open'],
  ['跟进中', 'open'],
  ['未关闭', 'open'],
  ['won', 'won'],
  ['win', 'won'],
  ['closed won', 'won'],
  ['closed - won', 'won'],
  ['closed-won', 'won'],
  ['赢单', 'won'],
  ['成交', 'won'],
  ['已成交', 'won'],
  ['赢', 'won'],
  ['lost', 'lost'],
  ['loss', 'lost'],
  ['closed lost', 'lost'],
  ['closed - lost', 'lost'],
  ['closed-lost', 'lost'],
  ['dead', 'lost'],
  ['abandoned', 'lost'],
  ['disqualified', 'lost'],
  ['输单', 'lost'],
  ['丢单', 'lost'],
  ['流失', 'lost'],
  ['失败', 'lost'],
  ['输', 'lost'],
]);

/** A yes/no cell: true, false, or null when it is neither. */
export function truthy(v: CellValue): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (['true', 'yes', 'y', '1', '是'].includes(t)) return true;
    if (['false', 'no', 'n', '0', '否'].includes(t)) return false;
  }
  return null;
}

/** A status cell: its status, null when blank (or a "no" beside a closed flag), else an error. */
export function readStatus(
  v: CellValue,
  withClosedFlag: boolean,
): DealStatus | null | { error: string } {
  if (isBlankValue(v)) return null;
  const t = truthy(v);
  if (t !== null && typeof v !== 'string') return t ? 'won' : withClosedFlag ? null : null;
  if (typeof v === 'string') {
    const key = normalizeLabel(v);
    const hit = STATUS_WORDS.get(key);
    if (hit) return hit;
    if (t !== null) return t ? 'won' : null;
  }
  return { error: 'not a status (open, won or lost)' };
}

export class StatusReader {
  private readonly cache = new Map<CellValue, DealStatus | null | { error: string }>();

  constructor(
    private readonly sink: IssueSink,
    private readonly cStatus: number,
    private readonly cClosedFlag: number,
  ) {}

  /** The status column's word for the row (with the closed flag), null when it does not decide. */
  read(
    cells: CellSource,
    r: number,
    def: StageDef | undefined,
    stageCell: CellValue,
  ): DealStatus | null {
    const sv = cells.cell(r, this.cStatus);
    const withFlag = this.cClosedFlag >= 0;
    let hit = this.cache.get(sv);
    if (hit === undefined) {
      hit = readStatus(sv, withFlag);
      if (!(sv instanceof Date)) this.cache.set(sv, hit);
    }
    let status: DealStatus | null = null;
    if (withFlag && (hit === 'won' || hit === null)) {
      const closed = truthy(cells.cell(r, this.cClosedFlag));
      if (hit === 'won') status = closed === false ? 'open' : 'won';
      else if (closed !== null && truthy(sv) === false) status = closed ? 'lost' : 'open';
    } else if (hit !== null && typeof hit === 'object') {
      this.sink.add(
        'bad-status',
        this.cStatus,
        `${describeValue(sv)} is ${hit.error}; the stage decides.`,
        true,
      );
    } else {
      status = hit;
    }
    if (status && def && def.status !== 'open' && status !== def.status) {
      this.sink.add(
        'bad-status',
        this.cStatus,
        `the status says ${status} but the stage ${describeValue(stageCell)} says ${def.status}; the status is followed.`,
        true,
      );
    }
    return status;
  }
}
