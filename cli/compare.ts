/**
 * `forecast NEW.csv --compare OLD.csv [--compare-as-of YYYY-MM-DD] [--window LABEL] [--key HEADER]`:
 * the pipeline-change bridge between earlier exports and the forecast's
 * file (core/change). forecast-command.ts calls in at three points: the
 * options, the run (compareRun) and the outputs (changeJson, renderChange).
 */
import type { Command } from 'commander';
import {
  changeSince,
  dateInFileName,
  changeTables,
  type ChangeResult,
  type DealChange,
  type SnapshotSource,
} from '../core/change';
import type { ForecastResult, ForecastSettings, SourceSheet } from '../core';
import { cellsOf } from '../core';
import type { OutputTable } from '../core/output';
import { isIsoDate } from '../core/read/date';
import { money } from './format';

export interface CompareOptions {
  compare?: string[];
  compareAsOf?: string[];
  window?: string;
  key?: string;
  sheet?: string;
}

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

/** Adds the compare options to the forecast command. */
export function addCompareOptions(command: Command): void {
  command
    .option(
      '--compare <file>',
      'an earlier export of the same deal sheet (repeatable): the latest is the bridge\'s "from", all feed the Trend',
      collect,
    )
    .option(
      '--compare-as-of <date>',
      'the date of each --compare file, YYYY-MM-DD, in the same order (default: a date in the file name)',
      collect,
    )
    .option(
      '--window <label>',
      'close-date window of the bridge: a period label (2026-Q4, 2026-11, FY2027-Q2, 2026); default: the period holding the as-of date',
    )
    .option(
      '--key <header>',
      'the column that identifies a deal in both files (default: an opportunity id column, else the opportunity name)',
    );
}

/** A problem with the compare options: forecast-command reports it as a usage error. */
export class CompareUsageError extends Error {}

export interface CompareDeps {
  /** Reads a file's sheets (forecast-command's reader: same checks and messages). */
  readSheets(path: string, what: string): Promise<SourceSheet[]>;
  /** Picks the deal sheet of a workbook (forecast-command's rule). */
  chooseSheet(sheets: SourceSheet[], settings: ForecastSettings): SourceSheet;
  /** Notes for the user (stderr). */
  say(line: string): void;
}

/**
 * The bridge from the --compare files to the forecast's run, or null without
 * --compare. `result` and `settings` are the forecast's (its as-of date is
 * the later snapshot's date).
 */
export async function compareRun(
  opts: CompareOptions,
  result: ForecastResult,
  settings: ForecastSettings,
  name: string,
  deps: CompareDeps,
): Promise<ChangeResult | null> {
  const earlier = await compareSources(opts, settings, name, deps);
  if (earlier === null) return null;
  return changeSince({ result, settings, name }, earlier, {
    window: opts.window ?? null,
    key: opts.key ?? null,
  });
}

/**
 * The --compare files with their dates, checked (also the stage history of
 * --calibrate, cli/calibrate.ts), or null without --compare. `name` and
 * `settings.asOf` are the forecast file's.
 */
export async function compareSources(
  opts: CompareOptions,
  settings: ForecastSettings,
  name: string,
  deps: CompareDeps,
): Promise<SnapshotSource[] | null> {
  const files = opts.compare ?? [];
  if (files.length === 0) {
    for (const [flag, v] of [
      ['--compare-as-of', opts.compareAsOf?.length],
      ['--window', opts.window],
      ['--key', opts.key],
    ] as const) {
      if (v) throw new CompareUsageError(`${flag} needs --compare FILE (an earlier export).`);
    }
    return null;
  }
  const dates = opts.compareAsOf ?? [];
  if (dates.length > files.length) {
    throw new CompareUsageError(
      `--compare-as-of is given ${dates.length} times for ${files.length} --compare files: one date per file, in the same order.`,
    );
  }
  const asOf = settings.asOf!;
  const earlier: SnapshotSource[] = [];
  for (let k = 0; k < files.length; k++) {
    const file = files[k]!;
    let date = dates[k];
    if (date === undefined) {
      const named = dateInFileName(file);
      if (named === null) {
        throw new CompareUsageError(
          `--compare ${file}: give its date with --compare-as-of YYYY-MM-DD (the file name holds none).`,
        );
      }
      date = named;
      deps.say(`compare: ${file} dated ${date} (from its name; --compare-as-of to change)`);
    } else if (!isIsoDate(date)) {
      throw new CompareUsageError(`--compare-as-of ${date}: write the date as YYYY-MM-DD.`);
    }
    if (date > asOf) {
      throw new CompareUsageError(
        `--compare ${file} is dated ${date}, after ${name} (${asOf}): compare with earlier exports, or set --as-of.`,
      );
    }
    const sheets = await deps.readSheets(file, '--compare');
    let sheet: SourceSheet;
    if (sheets.length === 1) sheet = sheets[0]!;
    else {
      const want = opts.sheet?.toLowerCase();
      sheet =
        sheets.find((s) => s.name.toLowerCase() === want) ?? deps.chooseSheet(sheets, settings);
    }
    if (!cellsOf(sheet).rows)
      throw new CompareUsageError(`--compare ${file}: the sheet "${sheet.name}" is empty.`);
    earlier.push({ sheet, asOf: date });
  }
  return earlier;
}

/** The change tables for --out, after the forecast's. */
export function compareTables(change: ChangeResult | null): OutputTable[] {
  return change ? changeTables(change) : [];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);

function dealJson(d: DealChange): Record<string, unknown> {
  return { ...d, fromCloseDate: iso(d.fromCloseDate), toCloseDate: iso(d.toCloseDate) };
}

/**
 * The --json keys of the bridge, each a `"key":value` fragment for the
 * forecast's JSON object: change, dealChanges (written in chunks through
 * `write`), stageFlow, trend, changeIssues, changeInfo.
 */
export async function changeJson(
  change: ChangeResult,
  write: (chunk: string) => Promise<void>,
): Promise<void> {
  await write(`,"change":${JSON.stringify(change.rows)},"dealChanges":[`);
  let buf = '';
  for (let k = 0; k < change.dealCount; k++) {
    buf += (k ? ',' : '') + JSON.stringify(dealJson(change.deal(k)));
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  const issues = change.issues.map((x) => ({
    ...x,
    value: x.value instanceof Date ? iso(x.value) : x.value,
  }));
  const info = {
    from: change.from,
    to: change.to,
    window: change.window,
    segments: change.segments,
    baseCurrency: change.baseCurrency,
    keptApart: change.keptApart,
    notes: change.notes,
  };
  await write(
    `${buf}],"stageFlow":${JSON.stringify(change.stageFlow)},"trend":${JSON.stringify(change.trend)},"changeIssues":${JSON.stringify(issues)},"changeInfo":${JSON.stringify(info)}`,
  );
}

/** The bridge in the terminal summary: the total's Start, non-empty buckets and End. */
export function renderChange(change: ChangeResult): string {
  const lines = [
    '',
    `Pipeline change ${change.window.label} (close dates ${change.window.first} to ${change.window.last}), from ${change.from.name} (${change.from.date}) to ${change.to.name} (${change.to.date}):`,
  ];
  const total = change.rows.filter((r) => Object.keys(r.segment).length === 0);
  const shown = total.filter((r) => r.bucket === 'start' || r.bucket === 'end' || r.deals > 0);
  const width = Math.max(...shown.map((r) => r.bucket.length));
  const cells = shown.map((r) => [String(r.deals), money(r.amount), money(r.weighted)]);
  const w = [0, 1, 2].map((c) => Math.max(...cells.map((x) => x[c]!.length), 8));
  lines.push(
    `  ${'bucket'.padEnd(width)}  ${'deals'.padStart(w[0]!)}  ${'amount'.padStart(w[1]!)}  ${'weighted'.padStart(w[2]!)}`,
  );
  shown.forEach((r, i) =>
    lines.push(
      `  ${r.bucket.padEnd(width)}  ${cells[i]!.map((c, k) => c.padStart(w[k]!)).join('  ')}`,
    ),
  );
  for (const k of change.keptApart) {
    lines.push(
      `  Kept apart (no rate) in ${k.snapshot}: ${k.currency} ${money(k.amount)} in ${k.deals} deals`,
    );
  }
  const dup = change.issues.filter((x) => x.kind === 'duplicate-key').length;
  const blank = change.issues.length - dup;
  if (dup || blank) {
    lines.push(
      `  Left out of the bridge: ${dup} rows with a repeated key, ${blank} rows with no key (--out: Change issues; --json: changeIssues).`,
    );
  }
  for (const n of change.notes) lines.push(`  Note: ${n}`);
  return `${lines.join('\n')}\n`;
}
