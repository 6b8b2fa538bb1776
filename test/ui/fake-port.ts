import type { ForecastSettings, MappingReport } from '../../core/engine/types';
import type {
  RunSummary,
  SourceInspection,
  SourceRef,
  StageRatesView,
  StageUsage,
  WorkbookPort,
} from '../../core/ports';
import type { OutputTable } from '../../core/output';

/**
 * A scripted WorkbookPort for the UI suites: answers like a host would and
 * records every call, so tests assert what the UI asked the workbook to do.
 */
export const SOURCES: SourceRef[] = [
  { kind: 'table', id: 'Deals', label: 'Table Deals (Sheet1!A3:F9)' },
  { kind: 'sheet', id: 'Sheet2', label: 'Sheet2 (A1:D4)' },
];

const HEADERS = ['Account', 'Deal', 'Amount', 'Stage', 'Close', 'Rep', 'Region'];

export function mappingFor(settings: ForecastSettings): MappingReport {
  const detected: Record<string, string> = {
    account: 'Account',
    opportunity: 'Deal',
    amount: 'Amount',
    stage: 'Stage',
    closeDate: 'Close',
    owner: 'Rep',
  };
  const fields: MappingReport['fields'] = {};
  for (const [field, header] of Object.entries(detected)) {
    const chosen = settings.mapping?.[field as keyof typeof settings.mapping];
    const h = chosen === undefined ? header : chosen;
    if (h) {
      fields[field as keyof typeof fields] = {
        field: field as never,
        header: h,
        column: HEADERS.indexOf(h),
        how: chosen === undefined ? 'detected' : 'user',
      };
    }
  }
  return { headerRow: 3, headers: HEADERS, fields, segments: ['Region'], notes: [] };
}

export const FORECAST_TABLE: OutputTable = {
  key: 'Forecast',
  sheetName: 'Forecast',
  tableName: 'ffForecast',
  columns: [
    { header: 'Region', format: 'text' },
    { header: 'Period', format: 'text' },
    { header: 'Deals', format: 'integer' },
    { header: 'Weighted', format: 'currency' },
    { header: 'Closed', format: 'currency' },
    { header: 'Commit', format: 'currency' },
    { header: 'Best Case', format: 'currency' },
    { header: 'Pipeline', format: 'currency' },
  ],
  rows: [
    ['East', 'FY2025 Q2', 3, 2122.87, 1000, 0, 0, 2245.74],
    ['West', 'FY2025 Q3', 2, 8599.5, 0, 12285, 0, 0],
  ],
};

export const FUNNEL_TABLE: OutputTable = {
  key: 'Funnel',
  sheetName: 'Funnel',
  tableName: 'ffFunnel',
  columns: [
    { header: 'Stage', format: 'text' },
    { header: 'Deals', format: 'integer' },
    { header: 'Amount', format: 'currency' },
  ],
  rows: [
    ['Pipeline', 2, 4245.74],
    ['Committed', 1, 12285],
    ['Won', 1, 1000],
  ],
};

export const PYRAMID_TABLE: OutputTable = {
  key: 'Pyramid',
  sheetName: 'Pyramid',
  tableName: 'ffPyramid',
  columns: [
    { header: 'Account', format: 'text' },
    { header: 'Value', format: 'currency' },
    { header: 'Tier', format: 'text' },
  ],
  rows: [
    ['=HYPERLINK("http://x","y")', 12285, 'Key account'],
    ['<img src=x onerror=alert(1)>', 4245.74, 'Important'],
  ],
};

export function summaryFor(settings: ForecastSettings): RunSummary {
  return {
    asOf: settings.asOf ?? '',
    thisPeriod: { label: 'FY2025 Q2', weighted: 2122.87, closed: 1000 },
    nextPeriod: { label: 'FY2025 Q3', weighted: 8599.5 },
    coverage: null,
    counts: { rows: 6, counted: 5, excluded: 1, issues: 2 },
    issuesByKind: { 'missing-amount': 1, slipped: 1 },
    written: [
      { sheetName: 'FunnelData', rows: 6 },
      { sheetName: 'Forecast', rows: 2 },
      { sheetName: 'Data issues', rows: 2 },
    ],
    notes: [],
    tables: [FORECAST_TABLE, FUNNEL_TABLE, PYRAMID_TABLE],
  };
}

export interface FakePortOptions {
  language?: string;
  saved?: ForecastSettings | null;
  inspectError?: Error;
  runError?: Error;
  /** Makes run wait until released, to observe the progress bar. */
  holdRun?: boolean;
  /** The sheet's stage labels and deal counts (default: Pipeline, Committed, Qualification, Shortlisted). */
  stages?: StageUsage[];
  /** Given: the port computes stage rates ("Use calibrated rates") and answers with this. */
  rates?: StageRatesView;
}

export class FakePort implements WorkbookPort {
  readonly host = 'excel' as const;
  calls: { method: string; args: unknown[] }[] = [];
  saved: ForecastSettings | null;
  private release: (() => void) | null = null;

  stageRates?: (source: SourceRef, settings: ForecastSettings) => Promise<StageRatesView>;

  constructor(private readonly options: FakePortOptions = {}) {
    this.saved = options.saved ?? null;
    const { rates } = options;
    if (rates) {
      this.stageRates = async (source, settings) => {
        this.log('stageRates', source, settings);
        return rates;
      };
    }
  }

  private log(method: string, ...args: unknown[]) {
    this.calls.push({
      method,
      args: JSON.parse(JSON.stringify(args.filter((a) => typeof a !== 'function'))),
    });
  }

  callsTo(method: string) {
    return this.calls.filter((c) => c.method === method);
  }

  lastSettings(method: 'inspect' | 'run'): ForecastSettings {
    const call = this.callsTo(method).at(-1);
    if (!call) throw new Error(`${method} was never called`);
    return call.args[1] as ForecastSettings;
  }

  async listSources() {
    this.log('listSources');
    return SOURCES;
  }

  async inspect(source: SourceRef, settings: ForecastSettings): Promise<SourceInspection> {
    this.log('inspect', source, settings);
    if (this.options.inspectError) throw this.options.inspectError;
    return {
      source,
      rows: source.kind === 'table' ? 6 : 3,
      mapping: mappingFor(settings),
      stages: this.options.stages ?? [
        { label: 'Pipeline', deals: 2 },
        { label: 'Committed', deals: 1 },
        { label: 'Qualification', deals: 1 },
        { label: 'Shortlisted', deals: 2 },
      ],
      preview: [['Acme', 'Deal 1', 4245.74, 'Pipeline', new Date(Date.UTC(2025, 4, 1)), 'Ann']],
    };
  }

  async run(
    source: SourceRef,
    settings: ForecastSettings,
    onProgress?: (fraction: number, step: string) => void,
  ): Promise<RunSummary> {
    this.log('run', source, settings);
    onProgress?.(0.2, 'compute');
    if (this.options.holdRun) await new Promise<void>((r) => (this.release = r));
    if (this.options.runError) throw this.options.runError;
    onProgress?.(1, 'done');
    return summaryFor(settings);
  }

  finishRun() {
    this.release?.();
  }

  async loadSettings() {
    this.log('loadSettings');
    return this.saved;
  }

  async saveSettings(settings: ForecastSettings) {
    this.log('saveSettings', settings);
    this.saved = settings;
  }

  async clearSettings() {
    this.log('clearSettings');
    this.saved = null;
  }

  displayLanguage() {
    return this.options.language ?? 'en-US';
  }

  async showSheet(name: string) {
    this.log('showSheet', name);
  }
}
