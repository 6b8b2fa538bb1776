import type { Grid } from './cells';
import type { ForecastSettings, SourceSheet } from './engine/types';
import { inspectSheet, runForecast, summarizeRun, toOutputTables } from './engine';
import type { OutputTable } from './output';
import type { RunSummary, SourceInspection, SourceRef } from './port';

/**
 * The low-level workbook operations each host implements. The job below is the
 * same for every host: read the source, run the engine, write the owned sheets.
 */
export interface WorkbookIO {
  readSource(source: SourceRef): Promise<SourceSheet>;
  /** Reads an A1 address, table or named range (targets, rates). */
  readRange(address: string): Promise<Grid>;
  /** Replaces the add-in's own output sheets; never touches any other sheet. */
  writeTables(
    tables: OutputTable[],
    onProgress?: (fraction: number) => void,
  ): Promise<{ written: { sheetName: string; rows: number }[]; notes: string[] }>;
}

export async function inspectSource(
  io: WorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
): Promise<SourceInspection> {
  const sheet = await io.readSource(source);
  return inspectSheet(source, sheet, settings);
}

async function withRanges(io: WorkbookIO, settings: ForecastSettings): Promise<ForecastSettings> {
  const resolved = { ...settings };
  if (settings.targetsRange) resolved.targets = await io.readRange(settings.targetsRange);
  if (settings.ratesRange) resolved.rates = await io.readRange(settings.ratesRange);
  return resolved;
}

export async function runJob(
  io: WorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
  onProgress: (fraction: number, step: string) => void = () => {},
): Promise<RunSummary> {
  onProgress(0, 'read');
  const sheet = await io.readSource(source);
  const resolved = await withRanges(io, settings);
  onProgress(0.2, 'compute');
  const result = runForecast(sheet, resolved);
  const tables = toOutputTables(result);
  onProgress(0.4, 'write');
  const { written, notes } = await io.writeTables(tables, (f) =>
    onProgress(0.4 + 0.6 * f, 'write'),
  );
  onProgress(1, 'done');
  return summarizeRun(result, resolved, tables, written, notes);
}
