/**
 * The job takes more than one source: a step plugs a source beside the deal
 * sheet into the pipeline (core/app/pipeline.ts) with no change to the ports.
 * Calibration on a stage history runs here over a bare in-memory WorkbookIO,
 * as any host could run it, and gives what the command line gives.
 */
import {
  calibrate,
  calibrationStep,
  changeStep,
  runJobWith,
  runJobSyncWith,
  type OutputTable,
  type SourceSheet,
  type WorkbookIO,
} from '../../core';
import { readFile } from '../../cli/file-workbook';
import { OPPORTUNITY_TRACKING_CSV } from '../fixtures';
import path from 'node:path';
import type { CellValue } from '../../core/cells';
import { readCsv } from '../../files';

const HISTORY = path.join(
  __dirname,
  '..',
  'fixtures',
  'salesforce-opportunity-history',
  'OpportunityHistory.csv',
);

function memoryIO(sheet: SourceSheet): WorkbookIO & { tables: OutputTable[] } {
  const io = {
    tables: [] as OutputTable[],
    readSource: async () => sheet,
    readRange: async () => [],
    writeTables: async (tables: OutputTable[]) => {
      io.tables = tables;
      return {
        written: tables.map((t) => ({ sheetName: t.sheetName, rows: t.rows.length })),
        notes: [],
      };
    },
  };
  return io;
}

const source = { kind: 'sheet' as const, id: 'Deals', label: 'Deals' };

describe('job steps', () => {
  it('calibration plugs in as a step: its tables follow the forecast, apply changes the weights', async () => {
    const [deals] = await readFile(OPPORTUNITY_TRACKING_CSV, 'deals');
    const [history] = await readFile(HISTORY, 'history');
    const settings = { asOf: '2015-06-30' };
    const options = { history: history!.values, priorStrength: 10, apply: false, key: null };

    const io = memoryIO(deals!);
    const step = calibrationStep(options, () => null);
    const run = await runJobWith(io, source, settings, [changeStep(io), step]);
    expect(io.tables.map((t) => t.sheetName).slice(-3)).toEqual([
      'Stage rates',
      'Calibration',
      'History issues',
    ]);
    expect(step.calibration!.result.rates.length).toBeGreaterThan(0);
    expect(step.calibration!.projection!.thisPeriod.label).toBe('2015-Q2');
    expect(run.summary().written.map((w) => w.sheetName)).toContain('Stage rates');

    const applied = calibrationStep({ ...options, apply: true }, () => null);
    const appliedRun = await runJobWith(memoryIO(deals!), source, settings, [applied]);
    // The run weighs with the calibrated rates: its summary is the projection's "calibrated".
    expect(appliedRun.summary().thisPeriod.weighted).toBe(
      applied.calibration!.projection!.thisPeriod.calibrated,
    );
    expect(run.summary().thisPeriod.weighted).toBe(
      step.calibration!.projection!.thisPeriod.current,
    );
  });

  it('a step prepares before the engine and finishes after it, in order', async () => {
    const [deals] = await readFile(OPPORTUNITY_TRACKING_CSV, 'deals');
    const calls: string[] = [];
    const step = (name: string) => ({
      prepare: () => void calls.push(`prepare ${name}`),
      finish: () => {
        calls.push(`finish ${name}`);
        return { tables: [], notes: [`${name} was here`] };
      },
    });
    const run = await runJobWith(memoryIO(deals!), source, { asOf: '2015-06-30' }, [
      step('a'),
      step('b'),
    ]);
    expect(calls).toEqual(['prepare a', 'prepare b', 'finish a', 'finish b']);
    expect(run.summary().notes.slice(-2)).toEqual(['a was here', 'b was here']);
  });

  it('a synchronous host (Apps Script) runs the same steps without a promise', async () => {
    const [deals] = await readFile(OPPORTUNITY_TRACKING_CSV, 'deals');
    const [history] = await readFile(HISTORY, 'history');
    const step = calibrationStep(
      { history: history!.values, priorStrength: 10, apply: false, key: null },
      () => null,
    );
    let written: string[] = [];
    const io = {
      readSource: () => deals!,
      readRange: () => [],
      writeTables: (tables: OutputTable[]) => {
        written = tables.map((t) => t.sheetName);
        return { written: [], notes: [] };
      },
    };
    const run = runJobSyncWith(io, source, { asOf: '2015-06-30' }, [step]);
    expect(run).not.toBeInstanceOf(Promise);
    expect(written.slice(-3)).toEqual(['Stage rates', 'Calibration', 'History issues']);
    expect(() =>
      runJobSyncWith(io, source, { asOf: '2015-06-30' }, [{ prepare: async () => {} }]),
    ).toThrow(/returned a promise/);
  });

  it('calibration reads the deal sheet in place, through its cells, and never writes into it', async () => {
    // Opportunity 05, open in the history, is won on today's sheet: its current row counts.
    const csv = [
      'Opportunity ID,Opportunity Name,Stage,Amount,Close Date',
      '0065g00000Abc05AAA,Five,Closed Won,7000,2025-04-20',
      '0065g00000Abc07AAA,Seven,Perception Analysis,64000,2025-05-15',
      '0065g00000Abc09AAA,Nine,Needs Analysis,10000,2025-05-30',
    ].join('\n');
    const [history] = await readFile(HISTORY, 'history');
    const options = { history: history!.values, priorStrength: 10, apply: false, key: null };
    const run = (sheet: SourceSheet) =>
      JSON.stringify(calibrate(sheet, { asOf: '2025-04-30' }, null, options));
    const fromCsv = readCsv('now.csv', new TextEncoder().encode(csv));
    const cells = fromCsv.cells!;
    // The sheet's rows, frozen: a write into them (or into the grid) throws.
    const grid: CellValue[][] = fromCsv.values.map((r) => Object.freeze([...r]) as CellValue[]);
    Object.freeze(grid);
    const want = run({ name: 'now.csv', values: grid });
    expect(want).toMatch(
      /Calibration: 2 deals of the deal sheet are in the history \(matched by its column Opportunity ID\)/,
    );
    expect(grid.map((r) => r.join(',')).join('\n')).toBe(csv);
    // A CSV's columns are read as they are: its row grid is never asked for.
    const columnsOnly = { name: 'now.csv' } as SourceSheet;
    Object.defineProperty(columnsOnly, 'values', {
      get: () => {
        throw new Error('the row grid was built');
      },
    });
    Object.defineProperty(columnsOnly, 'cells', { value: cells, enumerable: false });
    expect(run(columnsOnly)).toBe(want);
  });
});
