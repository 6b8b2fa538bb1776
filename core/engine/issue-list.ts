/**
 * result.issues of an engine run, read from the run's columns: as DataIssue
 * objects (built once, on the first read of result.issues) or as the JSON text
 * of each, written straight from the columns (`forecast --json` streams a
 * million-row sheet's 400,000 slipped-deal issues without an object each).
 * Order: row order; a deal's parse issues, then its no-rate issue.
 */
import { FLAG_NO_RATE } from './parse-rows';
import { ISSUE_KINDS } from './issues';
import { cellJson, dateReplacer, dealStoreOf, type DealStore } from './deals';
import type { DataIssue, ForecastResult } from './types';

/** The name cell's text of an issue (the opportunity, else the account), or null. */
function nameText(v: unknown): string | null {
  return v === null || v === undefined || v === '' ? null : String(v);
}

export class IssueList {
  /** Parse issues plus no-rate issues. */
  readonly size: number;
  /** JSON texts of the problem texts, by text (the frequent ones are one shared string). */
  private readonly problemJson = new Map<string, string>();

  constructor(
    private readonly store: DealStore,
    private readonly headers: readonly string[],
    /** The column a no-rate issue points at (currency, else amount); -1 for none. */
    private readonly noRateColumn: number,
    noRateCount: number,
    /** The column that names a deal (opportunity, else account); -1 for none. */
    private readonly nameColumn: number,
  ) {
    this.size = store.p.issues.n + noRateCount;
  }

  /** Calls parse(k) for each parse issue and noRate(deal) for each no-rate issue, in order. */
  private each(parse: (k: number) => void, noRate: (deal: number) => void): void {
    const p = this.store.p;
    if (this.size === p.issues.n) {
      for (let k = 0; k < p.issues.n; k++) parse(k);
      return;
    }
    for (let i = 0; i < p.n; i++) {
      const start = p.issueStart[i]!;
      const end = start + p.issueCount[i]!;
      for (let k = start; k < end; k++) parse(k);
      if (p.flags[i]! & FLAG_NO_RATE) noRate(i);
    }
  }

  /** Every issue as a DataIssue. */
  objects(): DataIssue[] {
    const { store, headers, nameColumn } = this;
    const p = store.p;
    const list = p.issues;
    const cellOf = (deal: number, c: number) => store.cell(deal, c);
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

  private problem(text: string): string {
    let json = this.problemJson.get(text);
    if (json === undefined) {
      json = JSON.stringify(text);
      if (this.problemJson.size < 10_000) this.problemJson.set(text, json);
    }
    return json;
  }

  /**
   * The issues' JSON, in order, as JSON.stringify writes each DataIssue (dates
   * as YYYY-MM-DD), in texts of up to `batch` issues joined by commas (join
   * the texts with commas too): a caller writes them in chunks.
   */
  *json(batch = 4096): Generator<string> {
    const { store, headers, nameColumn } = this;
    const p = store.p;
    const list = p.issues;
    const headerJson = headers.map((h) => JSON.stringify(h));
    const kindJson = ISSUE_KINDS.map((k) => JSON.stringify(k));
    const noRateColumn = JSON.stringify(this.noRateColumn >= 0 ? headers[this.noRateColumn]! : '');
    const name = (deal: number): string => {
      if (nameColumn < 0) return 'null';
      const text = nameText(store.cell(deal, nameColumn));
      return text === null ? 'null' : JSON.stringify(text);
    };
    const parseJson = (k: number): string => {
      const deal = list.deal[k]!;
      const c = list.column[k]!;
      return (
        `{"opportunity":${name(deal)},"row":${p.firstRow + p.source[deal]!}` +
        `,"column":${c >= 0 ? headerJson[c]! : '""'}` +
        `,"value":${c >= 0 ? cellJson(store.cell(deal, c)) : 'null'}` +
        `,"kind":${kindJson[list.kind[k]!]!},"problem":${this.problem(list.texts[k]!)}` +
        `,"rowKept":${list.kept[k] === 1}}`
      );
    };
    const noRateJson = (i: number): string => {
      const cur = p.currency[i]!;
      return (
        `{"row":${p.firstRow + p.source[i]!},"opportunity":${name(i)}` +
        `,"column":${noRateColumn},"value":${JSON.stringify(p.currencies.values[cur]!)}` +
        `,"kind":"no-rate","problem":${this.problem(store.noRateText(cur))},"rowKept":false}`
      );
    };
    let buf = '';
    let count = 0;
    if (this.size === list.n) {
      for (let k = 0; k < list.n; k++) {
        buf += (count ? ',' : '') + parseJson(k);
        if (++count === batch) {
          yield buf;
          buf = '';
          count = 0;
        }
      }
    } else {
      for (let i = 0; i < p.n; i++) {
        const start = p.issueStart[i]!;
        const end = start + p.issueCount[i]!;
        for (let k = start; k < end; k++) buf += (count++ ? ',' : '') + parseJson(k);
        if (p.flags[i]! & FLAG_NO_RATE) buf += (count++ ? ',' : '') + noRateJson(i);
        if (count >= batch) {
          yield buf;
          buf = '';
          count = 0;
        }
      }
    }
    if (count) yield buf;
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
 * The issues of a result as JSON texts, each a comma-joined batch of issues in
 * order: from the engine's columns while result.issues has not been read or
 * replaced (no DataIssue is built), else from result.issues.
 */
export function issueJsonTexts(result: ForecastResult): Iterable<string> {
  const store = dealStoreOf(result);
  const lazy = Object.getOwnPropertyDescriptor(result, 'issues')?.get !== undefined;
  if (store && lazy) return issueListOf(result, store).json();
  return (function* () {
    const list = result.issues;
    for (let i = 0; i < list.length; i += 4096) {
      yield list
        .slice(i, i + 4096)
        .map((x) => JSON.stringify(x, dateReplacer))
        .join(',');
    }
  })();
}
