/**
 * Pass 1, per row: the deal's own probability, on its column's scale (decided
 * once, core/engine/rows/decide.ts); a cell written on the other scale is read
 * and listed, one that does not read is listed and the stage's is used.
 */
import type { CellValue } from '../../cells';
import { describeValue } from '../../errors';
import { disagreesWithScale, parseProbability, type ProbabilityScale } from '../../probability';
import type { StageDef } from '../../stages';
import { isBlankValue } from '../../read/blank';
import type { IssueSink } from './sink';

const blankValue = isBlankValue;

/** What a fraction-looking cell read on the percent scale probably meant: 0.005 (from 0.5) -> 50. */
function meant(p: number): number {
  return Math.round(p * 1e7) / 1000;
}

/** A share as a percent text: 0.755 -> "75.5%". */
function pct(p: number): string {
  return `${Math.round(p * 100000) / 1000}%`;
}

export class OwnProbability {
  /** Cells written on the other scale than their column's. */
  disagree = 0;
  private readonly percent: boolean;

  constructor(
    private readonly sink: IssueSink,
    /** The probability column. */
    readonly column: number,
    private readonly probScale: ProbabilityScale,
    private readonly probComma: boolean,
  ) {
    this.percent = probScale === 'percent';
  }

  /** The deal's own probability (null for none), issues for cells that disagree or do not read. */
  read(pv: CellValue, def: StageDef | undefined): number | null {
    const percent = this.percent;
    if (
      typeof pv === 'number' &&
      (percent ? (pv >= 1 && pv <= 100) || pv === 0 : pv >= 0 && pv <= 1)
    )
      return percent ? pv / 100 : pv;
    if (blankValue(pv)) return null;
    const cp = this.column;
    try {
      const scale = this.probScale;
      const own = parseProbability(
        this.probComma && typeof pv === 'string' ? pv.replace(',', '.') : pv,
        scale,
        'probability',
      );
      if (own !== null && disagreesWithScale(pv, scale)) {
        this.disagree++;
        this.sink.add(
          'bad-probability',
          cp,
          percent
            ? `${describeValue(pv)} is read as ${pct(own)}: this column is on the percent scale (70 = 70%); write ${meant(own)} if you meant ${meant(own)}%.`
            : `${describeValue(pv)} is above 1 in a column of fractions (0.7 = 70%): it is read as ${pct(own)}; check it.`,
          true,
        );
      }
      return own;
    } catch {
      this.sink.add(
        'bad-probability',
        cp,
        `${describeValue(pv)} is not a probability (write 0.7, 70 or 70%)${def ? `; the stage's ${Math.round(def.probability * 100)}% is used` : ''}.`,
        def !== undefined,
      );
      return null;
    }
  }
}
