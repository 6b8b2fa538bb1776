import type { ForecastSettings } from '../../core/engine/types';
import { inspectSourceSync, runJobSync } from '../../core/job';
import type { RunSummary, SourceInspection, SourceRef } from '../../core/port';
import type { SheetsWorkbook } from './workbook';

/**
 * The server side of the sidebar's inspect and run: core's pipeline with the
 * Sheets workbook, synchronously, because a function called by
 * google.script.run must return its result, not a Promise.
 */
export function inspectNow(
  workbook: SheetsWorkbook,
  source: SourceRef,
  settings: ForecastSettings,
): SourceInspection {
  return inspectSourceSync(workbook, source, settings);
}

export function runNow(
  workbook: SheetsWorkbook,
  source: SourceRef,
  settings: ForecastSettings,
  onProgress?: (fraction: number, step: string) => void,
): RunSummary {
  return runJobSync(workbook, source, settings, onProgress);
}
