import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CellValue } from '../../core/cells';
import type { SourceSheet } from '../../core/engine';
import { readCsv } from '../../files';

/** The shared public datasets sit beside the repo (shared/datasets next to the clone). */
export const DATASETS = path.resolve(__dirname, '../../../shared/datasets');

export function datasetSheet(rel: string): SourceSheet {
  return readCsv(path.basename(rel), readFileSync(path.join(DATASETS, rel)));
}

/** A sheet from a header row and data rows. */
export function sheet(rows: CellValue[][], name = 'Deals'): SourceSheet {
  return { name, values: rows };
}
