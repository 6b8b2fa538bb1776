import type { Grid } from '../../core/cells';
import type { SnapshotSource } from '../../core/change';
import {
  EXCEL_SNAPSHOT_LIMITS,
  savedSnapshots,
  snapshotsFromGrid,
  type SavedSnapshot,
  type SnapshotLimits,
  type SnapshotSave,
} from '../../core/change/store';
import type {
  ForecastSettings,
  SourceRef,
  SourceSheet,
  WorkbookIO,
  WrittenTables,
} from '../../core';
import type { OutputTable } from '../../core/output';
import { readRangeValues, readSourceSheet } from './read';
import { readSnapshotGrid, saveSnapshotSheet } from './snapshots';
import { writeOutputTables, type Supports } from './write';

/** Excel.run, or a test fake with the same shape. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** The low-level workbook operations of core/job.ts, on Office.js. */
export class ExcelWorkbookIO implements WorkbookIO {
  constructor(
    private readonly run: ExcelRun,
    private readonly supports: Supports,
    private readonly snapshotLimits: SnapshotLimits = EXCEL_SNAPSHOT_LIMITS,
  ) {}

  readSource(source: SourceRef): Promise<SourceSheet> {
    return this.run((context) => readSourceSheet(context, source));
  }

  readRange(address: string): Promise<Grid> {
    return this.run((context) => readRangeValues(context, address));
  }

  /** The saved snapshots up to settings.compareWith (none without it). */
  async readSnapshots(settings: ForecastSettings): Promise<SnapshotSource[]> {
    const date = settings.compareWith?.trim();
    if (!date) return [];
    const grid = await this.run((context) => readSnapshotGrid(context, this.supports));
    return snapshotsFromGrid(grid, date);
  }

  async listSnapshots(): Promise<SavedSnapshot[]> {
    return savedSnapshots(await this.run((context) => readSnapshotGrid(context, this.supports)));
  }

  saveSnapshot(source: SourceRef, settings: ForecastSettings): Promise<SnapshotSave> {
    return this.run(async (context) => {
      const sheet = await readSourceSheet(context, source);
      return saveSnapshotSheet(context, this.supports, sheet, settings, this.snapshotLimits);
    });
  }

  writeTables(
    tables: OutputTable[],
    onProgress?: (fraction: number) => void,
  ): Promise<WrittenTables> {
    return this.run((context) => writeOutputTables(context, this.supports, tables, onProgress));
  }
}
