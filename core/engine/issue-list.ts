/**
 * result.issues of an engine run, read from the run's columns: as DataIssue
 * objects (built once, on the first read of result.issues) or as the JSON text
 * of each, written straight from the columns (`forecast --json` streams a
 * million-row sheet's 400,000 slipped-deal issues without an object each).
 * Order: row order; a deal's parse issues, then its no-rate issue.
 */
import { FLAG_NO_RATE } from './parse-rows';
import { ISSUE_KINDS, NO_RATE_KIND, nameText } from './issues';
import { dateReplacer, dealStoreOf, type DealStore } from './deals';
import { JsonBytes, jsonBytes } from '../json-bytes';
import type { DataIssue, ForecastResult } from './types';

const never = (): boolean => false;

export class IssueList {
  /** Parse issues plus no-rate issues. */
  readonly size: number;
  constructor(
    readonly store: DealStore,
    readonly headers: readonly string[],
    /** The column a no-rate issue points at (currency, else amount); -1 for none. */
    readonly noRateColumn: number,
    noRateCount: number,
    /** The column that names a deal (opportunity, else account); -1 for none. */
    readonly nameColumn: number,
  ) {
    this.size = store.p.issues.n + noRateCount;
  }

  /**
   * The one walk of the issues in order: calls parse(k) for each parse issue
   * and noRate(deal) for each no-rate issue. It goes in steps (a parse issue
   * when every issue is one, else a deal's issues) from step `from`; when
   * pause() says so after a step it stops and returns the next step, to be
   * resumed from there (a writer hands its bytes on); -1 once it is done.
   */
  private each(
    parse: (k: number) => void,
    noRate: (deal: number) => void,
    from = 0,
    pause: () => boolean = never,
  ): number {
    const p = this.store.p;
    if (this.size === p.issues.n) {
      for (let k = from; k < p.issues.n; k++) {
        parse(k);
        if (pause()) return k + 1;
      }
      return -1;
    }
    for (let i = from; i < p.n; i++) {
      const start = p.issueStart[i]!;
      const end = start + p.issueCount[i]!;
      for (let k = start; k < end; k++) parse(k);
      if (p.flags[i]! & FLAG_NO_RATE) noRate(i);
      if (pause()) return i + 1;
    }
    return -1;
  }

  /**
   * Where issue i is, for reading the issues by position: null when every issue
   * is a parse issue (issue i is parse issue i), else per issue its parse issue
   * k (>= 0) or, for a no-rate issue, ~deal (< 0).
   */
  positions(): Int32Array | null {
    if (this.size === this.store.p.issues.n) return null;
    const at = new Int32Array(this.size);
    let j = 0;
    this.each(
      (k) => {
        at[j++] = k;
      },
      (i) => {
        at[j++] = ~i;
      },
    );
    return at;
  }

  /** Every issue as a DataIssue. */
  objects(): DataIssue[] {
    const { store, headers, nameColumn } = this;
    const p = store.p;
    const list = p.issues;
    const cellOf = (deal: number, column: number) => store.cell(deal, column);
    const out: DataIssue[] = new Array<DataIssue>(this.size);
    const column = this.noRateColumn >= 0 ? headers[this.noRateColumn]! : '';
    let j = 0;
    this.each(
      (k) => {
        out[j++] = list.issue(k, p, cellOf, headers, nameColumn);
      },
      (i) => {
        const cur = p.currency[i]!;
        out[j++] = {
          row: p.firstRow + p.source[i]!,
          opportunity: nameColumn >= 0 ? nameText(cellOf(i, nameColumn)) : null,
          column,
          value: p.currencies.values[cur]!,
          kind: 'no-rate',
          problem: store.noRateText(cur),
          rowKept: false,
        };
      },
    );
    return out;
  }

  /**
   * Writes the issues' JSON into out, in order, separated by commas, as
   * JSON.stringify writes each DataIssue (dates as YYYY-MM-DD); yields
   * whenever out is full, for the caller to take its bytes and write them.
   * The constant parts of an issue are bytes made once.
   */
  *write(out: JsonBytes): Generator<void> {
    const { store, headers, nameColumn } = this;
    const p = store.p;
    const list = p.issues;
    const firstRow = p.firstRow;
    const source = p.source;
    const kinds = list.kind;
    const kept = list.kept;
    const texts = list.texts;
    const open = jsonBytes('{"opportunity":');
    const row = jsonBytes(',"row":');
    // `,"column":<header>,"value":` by column; the value of an issue with no column is null.
    const columnValue = headers.map((h) => jsonBytes(`,"column":${JSON.stringify(h)},"value":`));
    const noColumn = jsonBytes(',"column":"","value":null');
    // `,"kind":<kind>,"problem":<problem>,"rowKept":<kept>}` by kind, kept and problem text.
    const tails = ISSUE_KINDS.flatMap(() => [new Map<string, Uint8Array>(), new Map()]);
    const tail = (kind: number, rowKept: number, problem: string): Uint8Array => {
      const known = tails[kind * 2 + rowKept]!;
      let b = known.get(problem);
      if (b === undefined) {
        b = jsonBytes(
          `,"kind":${JSON.stringify(ISSUE_KINDS[kind])},"problem":${JSON.stringify(problem)},"rowKept":${rowKept === 1}}`,
        );
        if (known.size < 10_000) known.set(problem, b);
      }
      return b;
    };
    const name = (deal: number): void => {
      const text = nameColumn < 0 ? null : nameText(store.cell(deal, nameColumn));
      if (text === null) out.null();
      else out.string(text);
    };
    // Issues are separated by commas.
    const comma = jsonBytes(',');
    let first = true;
    const separate = (): void => {
      if (first) first = false;
      else out.bytes(comma);
    };
    const parse = (k: number): void => {
      separate();
      const deal = list.deal[k]!;
      const c = list.column[k]!;
      out.bytes(open);
      name(deal);
      out.bytes(row);
      out.uint(firstRow + source[deal]!);
      if (c >= 0) {
        out.bytes(columnValue[c]!);
        out.cell(store.cell(deal, c));
      } else out.bytes(noColumn);
      out.bytes(tail(kinds[k]!, kept[k]!, texts[k]!));
    };
    const noRateOpen = jsonBytes('{"row":');
    const noRateName = jsonBytes(',"opportunity":');
    const noRateColumn = jsonBytes(
      `,"column":${JSON.stringify(this.noRateColumn >= 0 ? headers[this.noRateColumn]! : '')},"value":`,
    );
    const noRate = (i: number): void => {
      separate();
      const cur = p.currency[i]!;
      out.bytes(noRateOpen);
      out.uint(firstRow + source[i]!);
      out.bytes(noRateName);
      name(i);
      out.bytes(noRateColumn);
      out.string(p.currencies.values[cur]!);
      out.bytes(tail(NO_RATE_KIND, 0, store.noRateText(cur)));
    };
    const full = () => out.full;
    let at = this.each(parse, noRate, 0, full);
    while (at >= 0) {
      yield;
      at = this.each(parse, noRate, at, full);
    }
  }
}

/** The issue list of an engine result, from the columns the run kept. */
export function issueListOf(result: ForecastResult, store: DealStore): IssueList {
  const f = result.mapping.fields;
  const nameColumn = f.opportunity?.column ?? f.account?.column ?? -1;
  const noRateColumn = f.currency?.column ?? f.amount?.column ?? -1;
  return new IssueList(
    store,
    result.mapping.headers,
    noRateColumn,
    result.counts.byKind['no-rate'] ?? 0,
    nameColumn,
  );
}

/**
 * The issue list of a result read from its columns, while result.issues has
 * not been read or replaced (no DataIssue built yet); null otherwise.
 */
export function lazyIssueList(result: ForecastResult): IssueList | null {
  const store = dealStoreOf(result);
  const lazy = Object.getOwnPropertyDescriptor(result, 'issues')?.get !== undefined;
  return store && lazy ? issueListOf(result, store) : null;
}

/** How many issues a result has, without building them when they are still in the run's columns. */
export function issueCount(result: ForecastResult): number {
  return lazyIssueList(result)?.size ?? result.issues.length;
}

/**
 * Writes the issues of a result as JSON into out, in order, separated by
 * commas (the caller writes the brackets); yields whenever out is full, for the
 * caller to take its bytes and write them. From the engine's columns while
 * result.issues has not been read or replaced (no DataIssue is built), else
 * from result.issues.
 */
export function* writeIssuesJson(result: ForecastResult, out: JsonBytes): Generator<void> {
  const lazy = lazyIssueList(result);
  if (lazy) {
    yield* lazy.write(out);
    return;
  }
  const list = result.issues;
  for (let i = 0; i < list.length; i++) {
    if (i) out.utf8(',');
    out.utf8(JSON.stringify(list[i], dateReplacer));
    if (out.full) yield;
  }
}
