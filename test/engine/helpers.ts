import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CellValue } from '../../core/cells';
import type { SourceSheet } from '../../core/engine';
import { readCsv } from '../../files';

/** A CSV file read as the command line and the page read it (test/fixtures holds the files). */
export function csvFileSheet(file: string): SourceSheet {
  return readCsv(path.basename(file), readFileSync(file));
}

/** A sheet from a header row and data rows. */
export function sheet(rows: CellValue[][], name = 'Deals'): SourceSheet {
  return { name, values: rows };
}
