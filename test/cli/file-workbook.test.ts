/**
 * The command line runs the pipeline every host runs (core/app/pipeline.ts)
 * over files: cli/file-workbook.ts is a WorkbookIO. Its writes stream, and a
 * run that writes nothing (--json without --out) never builds a table.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import {
  DISPLAY_ROW_CAP,
  FORECAST_DEFAULTS,
  runForecast,
  runJob,
  runJobWith,
  summarizeRun,
  toOutputTables,
} from '../../core';
import { generateSampleSheet, SAMPLE_AS_OF } from '../../core/sample';
import { FileWorkbookIO, fileSource, readFile } from '../../cli/file-workbook';
import { registerForecastCommand } from '../../cli/forecast-command';
import { DEFAULT_SETTINGS } from '../../ui/model/settings';

const tmp = mkdtempSync(path.join(tmpdir(), 'ff-file-io-'));
const settings = { asOf: SAMPLE_AS_OF, segmentBy: ['Region'] };

describe('FileWorkbookIO', () => {
  it('runJob over it gives the summary the engine gives, and writes the XLSX in output order', async () => {
    const out = path.join(tmp, 'sample.xlsx');
    const io = new FileWorkbookIO({ out });
    const summary = await runJob(io, fileSource(undefined), settings);
    const result = runForecast(generateSampleSheet(), settings);
    const tables = toOutputTables(result);
    const expected = summarizeRun(
      result,
      settings,
      tables,
      tables.map((t) => ({ sheetName: t.sheetName, rows: t.rows.length })),
      [],
    );
    expect(summary).toEqual(expected);
    const written = await readFile(out, 'Output');
    expect(written.map((t) => t.name)).toEqual(tables.map((t) => t.sheetName));
    // Header row plus the table's rows.
    expect(written.find((t) => t.name === 'Forecast')!.values.length).toBe(
      1 + tables.find((t) => t.key === 'Forecast')!.rows.length,
    );
  });

  it('without --out it writes nothing and builds no table; the summary is built only when asked', async () => {
    const io = new FileWorkbookIO();
    const build = jest.fn(() => []);
    expect(await io.writeSources(build)).toEqual({ written: [], notes: [] });
    expect(build).not.toHaveBeenCalled();
    const run = await runJobWith(io, fileSource(undefined), settings, []);
    expect(run.written).toEqual({ written: [], notes: [] });
    expect(run.result.counts.rows).toBe(360);
    expect(run.summary().written).toEqual([]);
    expect(run.summary()).toBe(run.summary());
  });

  it('after --out, the summary counts the issues without building them and builds only the rows it shows', async () => {
    // 1,200 slipped deals: 1,200 issues, more rows in Data issues than a summary shows.
    const csv = path.join(tmp, 'slipped.csv');
    const lines = ['Opportunity,Amount,Stage,Close Date'];
    for (let i = 1; i <= 1200; i++) lines.push(`Deal ${i},${i * 10},Proposal,2026-01-15`);
    writeFileSync(csv, lines.join('\n'));
    const run = await runJobWith(
      new FileWorkbookIO({ out: path.join(tmp, 'slipped.xlsx') }),
      fileSource(csv),
      { asOf: '2026-06-30' },
      [],
    );
    const summary = run.summary();
    // Still the lazy property: no DataIssue was built for the count.
    expect(Object.getOwnPropertyDescriptor(run.result, 'issues')?.get).toBeDefined();
    const n = summary.counts.issues;
    expect(n).toBeGreaterThanOrEqual(1200);
    const shown = summary.tables.find((t) => t.key === 'DataIssues')!;
    const full = toOutputTables(run.result).find((t) => t.key === 'DataIssues')!;
    expect(full.rows).toHaveLength(n);
    expect(shown.rows).toEqual(full.rows.slice(0, DISPLAY_ROW_CAP));
    expect(run.result.issues).toHaveLength(n);
  });

  it('a range is a file: targets given as a path are read by the pipeline', async () => {
    const targets = path.join(tmp, 'targets.csv');
    writeFileSync(targets, 'Owner,Period,Target\nTotal,2026-Q2,1000000\n');
    const summary = await runJob(new FileWorkbookIO(), fileSource(undefined), {
      ...settings,
      targetsRange: targets,
    });
    expect(summary.targetsByPeriod).toEqual({ '2026-Q2': 1000000 });
  });
});

describe('one place for the defaults', () => {
  it("the command line's option defaults and the task pane's first settings are core's", () => {
    const program = new Command('funnel-forecast');
    registerForecastCommand(program);
    const forecast = program.commands.find((c) => c.name() === 'forecast')!;
    const defaults = Object.fromEntries(
      forecast.options.map((o) => [o.attributeName(), o.defaultValue as unknown]),
    );
    expect(defaults).toMatchObject({
      period: FORECAST_DEFAULTS.period,
      fiscalYearStart: String(FORECAST_DEFAULTS.fiscalYearStart),
      tierMeasure: FORECAST_DEFAULTS.tierMeasure,
      staleDays: String(FORECAST_DEFAULTS.staleDays),
    });
    expect(DEFAULT_SETTINGS).toEqual({
      period: FORECAST_DEFAULTS.period,
      fiscalYearStart: FORECAST_DEFAULTS.fiscalYearStart,
      tierMeasure: FORECAST_DEFAULTS.tierMeasure,
    });
  });
});
