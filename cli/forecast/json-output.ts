/**
 * `forecast --json`: one JSON object streamed to stdout. By default the tables
 * (mapping, forecast, funnel, tiers, reps, issues, and with --compare the
 * change tables); with --deals also every deal record. The deals and issues
 * are written as JSON bytes straight from the engine's columns, everything in
 * chunks of about 1 MB that an ordered writer hands to the kernel on libuv's
 * thread pool while the next chunk is made (cli/ordered-writer.ts).
 */
import type { ChangeResult } from '../../core/change';
import { dateReplacer, writeDealsJson, writeIssuesJson, type ForecastResult } from '../../core';
import { JsonBytes } from '../../core/json-bytes';
import { changeJson } from '../compare';
import { stdoutWriter } from '../ordered-writer';

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

export async function printJson(
  result: ForecastResult,
  withDeals: boolean,
  change: ChangeResult | null = null,
  extra: Record<string, unknown> = {},
): Promise<void> {
  // Everything goes through one byte buffer, taken in chunks of about 1 MB and
  // written in order by the ordered writer while the next chunk is made.
  const out = new JsonBytes();
  const sink = stdoutWriter({ written: (chunk) => out.give(chunk) });
  const flush = async (): Promise<void> => {
    if (out.full) await sink.write(out.take());
  };
  const write = async (text: string): Promise<void> => {
    out.utf8(text);
    await flush();
  };
  const mapping = {
    ...result.mapping,
    notes: [...result.mapping.notes, ...(result.notes ?? [])],
    counts: result.counts,
    unconverted: result.unconverted,
    baseCurrency: result.baseCurrency ?? null,
    asOf: result.asOf,
  };
  await write(`{"mapping":${JSON.stringify(mapping, dateReplacer)}`);
  if (withDeals) {
    out.utf8(',"deals":[');
    for (const _ of writeDealsJson(result, out)) await sink.write(out.take());
    await write(']');
  }
  // Element by element: a million issues would not fit in one string either.
  for (const k of ['forecast', 'funnel', 'tiers', 'reps'] as const) {
    const list: readonly unknown[] = result[k];
    out.utf8(`,"${k}":[`);
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      if (i) out.utf8(',');
      // The replacer makes JSON.stringify call back for every key: only where a date needs it.
      out.utf8(JSON.stringify(x, hasDate(x) ? dateReplacer : undefined) ?? 'null');
      await flush();
    }
    await write(']');
  }
  // The issues as bytes from the engine's columns: no DataIssue object, no string each.
  out.utf8(',"issues":[');
  for (const _ of writeIssuesJson(result, out)) await sink.write(out.take());
  await write(']');
  // With --compare: the pipeline-change bridge, its deals and issues.
  if (change) await changeJson(change, write);
  // With --calibrate: the stage rates and the tables built on them (cli/calibrate.ts).
  for (const [k, v] of Object.entries(extra))
    await write(`,"${k}":${JSON.stringify(v, dateReplacer)}`);
  out.utf8('}\n');
  await sink.write(out.take());
  await sink.end();
}
