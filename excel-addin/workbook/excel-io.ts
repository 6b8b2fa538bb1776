import type { Grid } from '../../core/cells';
import type { SourceSheet } from '../../core/engine/types';
import type { WorkbookIO } from '../../core/job';
import type { OutputTable } from '../../core/output';
import type { SourceRef } from '../../core/port';
import { readRangeValues, readSourceSheet } from './read';
import { writeOutputTables, type Supports, type WriteResult } from './write';

/** Excel.run, or a test fake with the same shape. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** The low-level workbook operations of core/job.ts, on Office.js. */
export class ExcelWorkbookIO implements WorkbookIO {
  constructor(
    private readonly run: ExcelRun,
    private readonly supports: Supports,
  ) {}

  readSource(source: SourceRef): Promise<SourceSheet> {
    return this.run((context) => readSourceSheet(context, source));
  }

  readRange(address: string): Promise<Grid> {
    return this.run((context) => readRangeValues(context, address));
  }

  writeTables(
    tables: OutputTable[],
    onProgress?: (fraction: number) => void,
  ): Promise<WriteResult> {
    return this.run((context) => writeOutputTables(context, this.supports, tables, onProgress));
  }
}
