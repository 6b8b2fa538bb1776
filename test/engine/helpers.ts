import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CellValue, Grid } from '../../core/cells';
import type { SourceSheet } from '../../core/engine';
import { SAMPLE_AS_OF, SAMPLE_RATES, generateSampleSheet } from '../../core/sample';
import { readCsv } from '../../files';

/** A CSV file read as the command line and the page read it (test/fixtures holds the files). */
export function csvFileSheet(file: string): SourceSheet {
  return readCsv(path.basename(file), readFileSync(file));
}

/** A sheet from a header row and data rows. */
export function sheet(rows: CellValue[][], name = 'Deals'): SourceSheet {
  return { name, values: rows };
}

/** The sample's rates for EUR only: its GBP and JPY deals cannot be weighed (no rate). */
export const EUR_ONLY: Grid = SAMPLE_RATES.filter((r) => r[0] === 'EUR');

/**
 * The built-in sample in a language and the settings the engine tests run it
 * with: its as-of date, segmented by region, with these rates (default: all of
 * the sample's).
 */
export function sampleCase(language: 'en' | 'zh', rates: Grid = SAMPLE_RATES) {
  return {
    sheet: generateSampleSheet({ language }),
    settings: {
      asOf: SAMPLE_AS_OF,
      rates,
      segmentBy: [language === 'zh' ? '区域' : 'Region'],
    },
  };
}
