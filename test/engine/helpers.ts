import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CellValue, Grid } from '../../core/cells';
import type { DealRecord, SourceSheet } from '../../core/engine';
import { JsonBytes } from '../../core/json-bytes';
import { SAMPLE_AS_OF, SAMPLE_RATES, generateSampleSheet } from '../../core/sample';
import { readCsv } from '../../files';

/** A CSV file read as the command line and the page read it (test/fixtures holds the files). */
export function csvFileSheet(file: string): SourceSheet {
  return readCsv(path.basename(file), readFileSync(file));
}

/** A sheet from a header row and data rows. */
export function sheet(rows: CellValue[][], name = 'Deals'): SourceSheet {
  return { name, values: rows };
}

/** The sample's rates for EUR only: its GBP and JPY deals cannot be weighed (no rate). */
export const EUR_ONLY: Grid = SAMPLE_RATES.filter((r) => r[0] === 'EUR');

/**
 * The built-in sample in a language and the settings the engine tests run it
 * with: its as-of date, segmented by region, with these rates (default: all of
 * the sample's).
 */
export function sampleCase(language: 'en' | 'zh', rates: Grid = SAMPLE_RATES) {
  return {
    sheet: generateSampleSheet({ language }),
    settings: {
      asOf: SAMPLE_AS_OF,
      rates,
      segmentBy: [language === 'zh' ? '区域' : 'Region'],
    },
  };
}

/**
 * Dates as YYYY-MM-DD, an invalid date as null: what the JSON outputs write,
 * for JSON.stringify (written here apart from core's dateReplacer, to check it).
 */
export function isoDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date)
    return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  return value;
}

/**
 * The bytes a JSON writer wrote through out (taken whenever it yields, which it
 * does only when out is full), decoded, in brackets. A writer that resumes
 * from its start again never ends: this fails rather than hangs.
 */
export function jsonWritten(write: (out: JsonBytes) => Iterable<void>, chunk?: number): string {
  const out = new JsonBytes(chunk);
  const parts: Uint8Array[] = [];
  for (const _ of write(out)) {
    if (!out.full) throw new Error('the writer yielded before its bytes were due');
    parts.push(out.take());
    if (parts.length > 100_000) throw new Error('the writer does not end');
  }
  parts.push(out.take());
  return `[${Buffer.concat(parts).toString('utf8')}]`;
}

/** A deal's JSON as the command line printed it before the byte writer: its record, `original` keyed by header. */
export function recordText(d: DealRecord, headers: readonly string[]): string {
  const original: Record<string, unknown> = {};
  headers.forEach((h, c) => (original[h] = d.original[c] ?? null));
  return JSON.stringify({ ...d, original }, isoDates);
}
