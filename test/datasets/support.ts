/**
 * The public datasets beside the clone (../shared/datasets). These tests run
 * only with `npm run test:datasets`, and a missing folder or file is a
 * failure that says what is missing, never a skipped test.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceSheet } from '../../core/engine';
import { readCsv } from '../../files';

export const DATASETS = path.resolve(__dirname, '../../../shared/datasets');

/** The full path of a dataset file; throws a clear error when it is not there. */
export function datasetPath(rel: string): string {
  const full = path.join(DATASETS, rel);
  if (!existsSync(full)) {
    throw new Error(
      `npm run test:datasets needs the public datasets beside the clone: ${full} is missing. ` +
        'Put the shared datasets folder at ../shared/datasets (see test/fixtures/README.md).',
    );
  }
  return full;
}

export function datasetSheet(rel: string): SourceSheet {
  return readCsv(path.basename(rel), readFileSync(datasetPath(rel)));
}

/** Rows of a dataset file with no quoted fields, by a plain split: a reader independent of files/. */
export function plainCsvRows(file: string): Record<string, string>[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  const head = lines[0]!.split(',');
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']));
  });
}
