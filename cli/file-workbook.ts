/**
 * The command line's workbook: files on disk behind core's WorkbookIO, so
 * `forecast` runs the same pipeline as the add-ins and the page
 * (core/app/pipeline.ts). A source is a CSV or XLSX file (or the built-in
 * sample), a range is a file (targets, rates), the earlier snapshots are the
 * --compare files, and the output is an XLSX workbook written by the
 * streaming writer (writeSources), FunnelData row by row, or nothing at all.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import {
  inspectSheet,
  type ForecastSettings,
  type Grid,
  type SourceRef,
  type SourceSheet,
  type WorkbookIO,
  type WrittenTables,
} from '../core';
import type { SnapshotSource } from '../core/change';
import type { OutputSource, OutputTable } from '../core/output';
import { generateSampleSheet } from '../core/sample';
import { LIMITS, megabytes } from '../files/limits';
import type { ReadOptions } from '../files/read';
import { cellsOf, fromRows } from '../core';
import { writeOutWorkbook } from './forecast/out';
import { UsageError } from './forecast/usage';

/** Reads a CSV or XLSX file into its sheets; a file that cannot be one is a usage error naming it. */
export async function readFile(
  path: string,
  what: string,
  options: ReadOptions = {},
): Promise<SourceSheet[]> {
  if (!existsSync(path)) throw new UsageError(`${what} ${path}: no such file.`);
  const stat = statSync(path);
  if (stat.isDirectory()) throw new UsageError(`${what} ${path}: is a directory, not a file.`);
  // Only regular files: a device (/dev/zero), a pipe or a socket never ends or cannot be sized.
  if (!stat.isFile())
    throw new UsageError(`${what} ${path}: not a regular file; give a CSV or XLSX file.`);
  if (stat.size > LIMITS.textBytes) {
    throw new UsageError(
      `${what} ${path}: the file is ${megabytes(stat.size)}; files are read up to ${megabytes(LIMITS.textBytes)}. Split it, or filter the rows you need.`,
    );
  }
  // Node's zlib inflates XLSX parts faster than DecompressionStream; maxOutputLength stops a zip bomb.
  const inflateRaw = (data: Uint8Array, maxBytes: number) =>
    inflateRawSync(data, { maxOutputLength: maxBytes });
  // Loaded on first use: the readers cost startup time a run on the sample never needs.
  const { readTableFile } = await import('../files/read');
  return readTableFile(basename(path), readFileSync(path), { ...options, inflateRaw });
}

/** The first sheet of a file, as a grid (stage tables, targets, rates, a stage history). */
export async function readGrid(path: string, what: string): Promise<Grid> {
  const [first] = await readFile(path, what);
  if (!first || first.values.length === 0)
    throw new UsageError(`${what} ${path}: the file is empty.`);
  return first.values;
}

/** Among an XLSX's sheets, the one whose headers map the most deal fields. */
export function chooseSheet(sheets: SourceSheet[], settings: ForecastSettings): SourceSheet {
  let best = sheets[0]!;
  let bestScore = -1;
  for (const s of sheets) {
    if (!s.values.length) continue;
    try {
      const { mapping } = inspectSheet({ kind: 'sheet', id: s.name, label: s.name }, s, {
        ...settings,
        segmentBy: [],
      });
      const score = Object.keys(mapping.fields).length + (mapping.fields.amount ? 10 : 0);
      if (score > bestScore) {
        bestScore = score;
        best = s;
      }
    } catch {
      // a sheet the user's mapping does not fit is simply not the deal sheet
    }
  }
  return best;
}

/** The deal sheet a file source stands for: the built-in sample when the id is empty. */
export function fileSource(file: string | undefined): SourceRef {
  return file === undefined
    ? { kind: 'sheet', id: '', label: 'the built-in sample' }
    : { kind: 'sheet', id: file, label: file };
}

export interface FileWorkbookOptions {
  /** How the deal sheet is read: the sheet of a workbook, the text encoding and delimiter of a CSV. */
  read?: Pick<ReadOptions, 'sheet' | 'encoding' | 'delimiter'>;
  /** The settings that choose among a workbook's sheets (its mapping). */
  settings?: ForecastSettings;
  /** Which built-in sample an empty source id means. */
  sample?: 'en' | 'zh';
  /** The XLSX to write the output tables to; undefined writes nothing. */
  out?: string;
  /** The earlier snapshots (the --compare files, checked), read after the deal sheet. */
  snapshots?: (sheet: SourceSheet, settings: ForecastSettings) => Promise<SnapshotSource[]>;
  /** Lines for the user (stderr): which sheet of a workbook was taken. */
  say?: (line: string) => void;
  onWriteProgress?: (done: number, total: number) => void;
}

/** core's WorkbookIO over files: see the file's comment. */
export class FileWorkbookIO implements WorkbookIO {
  private readonly sheets = new Map<string, SourceSheet>();
  /** The deal sheet last read (the snapshots are checked against it). */
  private dealSheet: SourceSheet | null = null;

  constructor(private readonly options: FileWorkbookOptions = {}) {}

  async readSource(source: SourceRef): Promise<SourceSheet> {
    const cached = this.sheets.get(source.id);
    if (cached) return cached;
    const sheet =
      source.id === ''
        ? generateSampleSheet({ language: this.options.sample ?? 'en' })
        : await this.readDealFile(source.id);
    this.sheets.set(source.id, sheet);
    this.dealSheet = sheet;
    return sheet;
  }

  private async readDealFile(file: string): Promise<SourceSheet> {
    const read = this.options.read ?? {};
    const sheets = await readFile(file, 'File', read);
    let sheet: SourceSheet;
    if (read.sheet === undefined && sheets.length > 1) {
      sheet = chooseSheet(sheets, this.options.settings ?? {});
      this.options.say?.(`using sheet "${sheet.name}" (--sheet to choose another)`);
    } else if (read.sheet !== undefined) {
      const want = read.sheet.toLowerCase();
      const found = sheets.find((s) => s.name.toLowerCase() === want);
      if (!found) {
        if (sheets.length === 1 && /\.csv$/i.test(file)) sheet = sheets[0]!;
        else
          throw new UsageError(
            `--sheet ${read.sheet}: the sheets are ${sheets.map((s) => s.name).join(', ')}.`,
          );
      } else sheet = found;
    } else {
      sheet = sheets[0]!;
    }
    if (!cellsOf(sheet).rows)
      throw new UsageError(`File ${file}: the sheet "${sheet.name}" is empty.`);
    return sheet;
  }

  /** A range is a file: its first sheet. */
  readRange(address: string): Promise<Grid> {
    return readGrid(address, 'Range');
  }

  async readSnapshots(settings: ForecastSettings): Promise<SnapshotSource[]> {
    if (!this.options.snapshots || !this.dealSheet) return [];
    return this.options.snapshots(this.dealSheet, settings);
  }

  writeTables(
    tables: OutputTable[],
    onProgress?: (fraction: number) => void,
  ): Promise<WrittenTables> {
    return this.writeSources(() => tables.map(fromRows), onProgress);
  }

  /** Streams the tables into the --out workbook; without one, writes (and builds) nothing. */
  async writeSources(
    tables: () => OutputSource[],
    onProgress?: (fraction: number) => void,
  ): Promise<WrittenTables> {
    const target = this.options.out;
    if (target === undefined) return { written: [], notes: [] };
    const sources = tables();
    const report = await writeOutWorkbook(target, sources, (done, total) => {
      this.options.onWriteProgress?.(done, total);
      onProgress?.(done / Math.max(1, total));
    });
    const notes = report.truncated.map(
      (t) =>
        `${t.sheet} row ${t.row}, column ${t.column}: ${t.length.toLocaleString('en-US')} characters, cut to Excel's 32,767 in the workbook.`,
    );
    return {
      written: sources.map((t) => ({ sheetName: t.sheetName, rows: t.rowCount })),
      notes,
    };
  }
}
