// PLACEHOLDER until the engine lands (issue 3): signatures are the contract.
import type { ForecastResult, ForecastSettings, SourceSheet } from './types';
import type { OutputTable } from '../output';
import type { RunSummary, SourceInspection, SourceRef } from '../port';

export * from './types';

export function inspectSheet(
  _source: SourceRef,
  _sheet: SourceSheet,
  _settings: ForecastSettings,
): SourceInspection {
  throw new Error('engine not implemented yet');
}
export function runForecast(_sheet: SourceSheet, _settings: ForecastSettings): ForecastResult {
  throw new Error('engine not implemented yet');
}
export function toOutputTables(_result: ForecastResult): OutputTable[] {
  throw new Error('engine not implemented yet');
}
export function summarizeRun(
  _result: ForecastResult,
  _settings: ForecastSettings,
  _tables: OutputTable[],
  _written: { sheetName: string; rows: number }[],
  _notes: string[],
): RunSummary {
  throw new Error('engine not implemented yet');
}
