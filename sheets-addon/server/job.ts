import type { ForecastSettings } from '../../core/engine/types';
import { inspectSheet, runForecast, summarizeRun, toOutputTables } from '../../core/engine';
import type { RunSummary, SourceInspection, SourceRef } from '../../core/port';
import type { SheetsWorkbook } from './workbook';

/**
 * core/job.ts's pipeline, step for step, run synchronously. An Apps Script
 * function called by google.script.run must return its result, not a Promise:
 * the runtime serialises the value returned before any `await` continues. The
 * engine steps are synchronous; only the IO is async in core/job.ts, and the
 * Sheets IO is synchronous underneath, so the steps are the same calls in the
 * same order (test/sheets/sidebar.test.ts runs both on one sheet and compares them).
 */
export function inspectNow(
  workbook: SheetsWorkbook,
  source: SourceRef,
  settings: ForecastSettings,
): SourceInspection {
  return inspectSheet(source, workbook.readSource(source), settings);
}

export function runNow(
  workbook: SheetsWorkbook,
  source: SourceRef,
  settings: ForecastSettings,
  onProgress: (fraction: number, step: string) => void = () => {},
): RunSummary {
  onProgress(0, 'read');
  const sheet = workbook.readSource(source);
  const resolved = { ...settings };
  if (settings.targetsRange) resolved.targets = workbook.readRange(settings.targetsRange);
  if (settings.ratesRange) resolved.rates = workbook.readRange(settings.ratesRange);
  onProgress(0.2, 'compute');
  const result = runForecast(sheet, resolved);
  const tables = toOutputTables(result);
  onProgress(0.4, 'write');
  const { written, notes } = workbook.writeTables(tables, (f) =>
    onProgress(0.4 + 0.6 * f, 'write'),
  );
  onProgress(1, 'done');
  return summarizeRun(result, resolved, tables, written, notes);
}
