/**
 * Where the passes of pass 1 put the located issues of the row being read:
 * a few numbers per issue in the run's IssueColumns (the DataIssue objects
 * are built on demand, core/engine/issue-list.ts).
 */
import { KIND_CODE } from '../issues';
import type { IssueKind } from '../types';
import type { ParsedRows } from './columns';

/**
 * Collects located issues. A class rather than a closure over the row loop's
 * variables, so the loop's counters stay in registers.
 */
export class IssueSink {
  /** The row (ParsedRows index) being read. */
  index = 0;

  constructor(
    private readonly headers: readonly string[],
    private readonly out: ParsedRows,
  ) {}

  add(kind: IssueKind, column: number, problem: string, rowKept: boolean): void {
    const header = column >= 0 ? this.headers[column]! : '';
    this.addText(kind, column, header ? `${header}: ${problem}` : problem, rowKept);
  }

  /**
   * Like add, with the full text (header prefix included) given. The issue's
   * value is the row's cell in column (none for -1), read back when needed.
   */
  addText(kind: IssueKind, column: number, text: string, rowKept: boolean): void {
    const out = this.out;
    const i = this.index;
    const count = out.issueCount[i]!;
    if (count === 0) out.issueStart[i] = out.issues.n;
    if (count < 255) {
      out.issueCount[i] = count + 1;
      out.issues.push(i, KIND_CODE.get(kind)!, column, rowKept, text);
    }
  }
}

/** The problem text of a row whose cell count differs from the header's. */
export function raggedText(cells: number, expected: number, kept: boolean): string {
  return `the row has ${cells} cells but the header has ${expected}: its values may be in the wrong columns (an unquoted comma in a number or text?); ${kept ? 'the row is counted as read (keepRaggedRows)' : 'the deal is not counted'}.`;
}
