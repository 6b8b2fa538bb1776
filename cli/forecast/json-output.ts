/**
 * `forecast --json`: one JSON object streamed to stdout. By default the tables
 * (mapping, forecast, funnel, tiers, reps, issues, and with --compare the
 * change tables); with --deals also every deal record, written in chunks
 * straight from the engine's columns.
 */
import type { ChangeResult } from '../../core/change';
import { dealJsonTexts, issueJsonTexts, type ForecastResult } from '../../core/engine';
import { changeJson } from '../compare';

/** Dates as YYYY-MM-DD; everything else as JSON.stringify writes it (numbers unrounded). */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date)
    return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  return value;
}

/** Whether a record holds a Date (at its top level or one level down, as a segment would). */
function hasDate(x: unknown): boolean {
  if (x instanceof Date) return true;
  if (typeof x !== 'object' || x === null) return false;
  for (const v of Object.values(x)) {
    if (v instanceof Date) return true;
    if (typeof v === 'object' && v !== null) {
      for (const w of Object.values(v)) if (w instanceof Date) return true;
    }
  }
  return false;
}

let pipeWatched = false;
async function write(chunk: string): Promise<void> {
  if (!pipeWatched) {
    pipeWatched = true;
    // A reader that stops early (| head) is not an error.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
}

const CHUNK = 1 << 20;

export async function printJson(
  result: ForecastResult,
  withDeals: boolean,
  change: ChangeResult | null = null,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const mapping = {
    ...result.mapping,
    notes: [...result.mapping.notes, ...(result.notes ?? [])],
    counts: result.counts,
    unconverted: result.unconverted,
    baseCurrency: result.baseCurrency ?? null,
    asOf: result.asOf,
  };
  await write(`{"mapping":${JSON.stringify(mapping, replacer)}`);
  if (withDeals) {
    await write(',"deals":[');
    const deals = dealJsonTexts(result);
    let buf = '';
    for (let i = 0; i < deals.size; i++) {
      buf += (i ? ',' : '') + deals.json(i);
      if (buf.length > CHUNK) {
        await write(buf);
        buf = '';
      }
    }
    await write(`${buf}]`);
  }
  // Element by element: a million issues would not fit in one string either.
  for (const k of ['forecast', 'funnel', 'tiers', 'reps'] as const) {
    const list: readonly unknown[] = result[k];
    let buf = `,"${k}":[`;
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      // The replacer makes JSON.stringify call back for every key: only where a date needs it.
      buf += (i ? ',' : '') + (JSON.stringify(x, hasDate(x) ? replacer : undefined) ?? 'null');
      if (buf.length > CHUNK) {
        await write(buf);
        buf = '';
      }
    }
    await write(`${buf}]`);
  }
  // The issues from the engine's columns, in batches: no DataIssue object each.
  let buf = ',"issues":[';
  let first = true;
  for (const text of issueJsonTexts(result)) {
    buf += (first ? '' : ',') + text;
    first = false;
    if (buf.length > CHUNK) {
      await write(buf);
      buf = '';
    }
  }
  await write(`${buf}]`);
  // With --compare: the pipeline-change bridge, its deals and issues.
  if (change) await changeJson(change, write);
  // With --calibrate: the stage rates and the tables built on them (cli/calibrate.ts).
  for (const [k, v] of Object.entries(extra)) await write(`,"${k}":${JSON.stringify(v, replacer)}`);
  await write('}\n');
}
