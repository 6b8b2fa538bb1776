import type { ForecastSettings } from '../../core';
import { inspectSource, runJob, stageRatesJob } from '../../core';
import type { SavedSnapshot, SnapshotLimits, SnapshotSave } from '../../core/change/store';
import type {
  RunSummary,
  SourceInspection,
  SourceRef,
  StageRatesView,
  WorkbookPort,
} from '../../core';
import { ExcelWorkbookIO, type ExcelRun } from './excel-io';
import { ownedSheets } from './ownership';
import { clearSettings, loadSettings, saveSettings, type OfficeSettings } from './settings';
import { scanWorkbook, type Supports } from './write';

/** What the port needs from Office; officeEnvironment() supplies the real thing, tests a fake. */
export interface ExcelEnvironment {
  run: ExcelRun;
  /** Is this ExcelApi requirement set version available, e.g. "1.8"? */
  supports: Supports;
  settings: OfficeSettings;
  displayLanguage: () => string;
  /** Size limits of FF Snapshots; default Excel's (tests shrink them). */
  snapshotLimits?: SnapshotLimits;
}

export function officeEnvironment(): ExcelEnvironment {
  return {
    run: (batch) => Excel.run(batch),
    supports: (version) => Office.context.requirements.isSetSupported('ExcelApi', version),
    settings: officeSettings(Office.context.document.settings),
    displayLanguage: () => Office.context.displayLanguage || 'en-US',
  };
}

/** Office.Settings behind the small OfficeSettings interface. */
function officeSettings(settings: Office.Settings): OfficeSettings {
  return {
    get: (name) => settings.get(name),
    set: (name, value) => settings.set(name, value),
    remove: (name) => settings.remove(name),
    saveAsync: (callback) =>
      settings.saveAsync((result) =>
        callback({ status: String(result.status), error: result.error ?? undefined }),
      ),
  };
}

/** The selected range's address when it is more than one cell; null when a chart or shape is selected. */
async function selectedAddress(context: Excel.RequestContext): Promise<string | null> {
  const selection = context.workbook.getSelectedRange().load('address,cellCount');
  try {
    await context.sync();
  } catch {
    return null;
  }
  return selection.cellCount > 1 ? selection.address : null;
}

/** The workbook port on Excel: what the shared task pane talks to. */
export class ExcelPort implements WorkbookPort {
  readonly host = 'excel' as const;
  private readonly io: ExcelWorkbookIO;

  constructor(private readonly env: ExcelEnvironment) {
    this.io = new ExcelWorkbookIO(env.run, env.supports, env.snapshotLimits);
  }

  /** The selection (when it is more than one cell), each table, then each sheet with data; the add-in's own output left out. Three syncs. */
  listSources(): Promise<SourceRef[]> {
    return this.env.run(async (context) => {
      const active = context.workbook.worksheets.getActiveWorksheet().load('name');
      const scan = await scanWorkbook(context, this.env.supports);
      const owned = ownedSheets(scan);
      const tables = [...scan.tables].filter(([, sheet]) => !owned.has(sheet));
      const sheets = scan.sheets.filter((s) => !owned.has(s));
      sheets.sort((a, b) => Number(b === active.name) - Number(a === active.name));
      const tableRanges = tables.map(([name]) =>
        context.workbook.tables.getItem(name).getRange().load('address'),
      );
      const used = sheets.map((name) =>
        context.workbook.worksheets.getItem(name).getUsedRangeOrNullObject(true).load('address'),
      );
      await context.sync();

      const sources: SourceRef[] = [];
      const selection = await selectedAddress(context);
      if (selection) sources.push({ kind: 'selection', id: '', label: `Selection (${selection})` });
      tables.forEach(([name], i) => {
        sources.push({
          kind: 'table',
          id: name,
          label: `Table ${name} (${tableRanges[i]!.address})`,
        });
      });
      sheets.forEach((name, i) => {
        const range = used[i]!;
        if (range.isNullObject) return;
        const cells = range.address.slice(range.address.lastIndexOf('!') + 1);
        sources.push({ kind: 'sheet', id: name, label: `Sheet ${name} (${cells})` });
      });
      return sources;
    });
  }

  inspect(source: SourceRef, settings: ForecastSettings): Promise<SourceInspection> {
    return inspectSource(this.io, source, settings);
  }

  run(
    source: SourceRef,
    settings: ForecastSettings,
    onProgress?: (fraction: number, step: string) => void,
  ): Promise<RunSummary> {
    return runJob(this.io, source, settings, onProgress);
  }

  stageRates(source: SourceRef, settings: ForecastSettings): Promise<StageRatesView> {
    return stageRatesJob(this.io, source, settings);
  }

  saveSnapshot(source: SourceRef, settings: ForecastSettings): Promise<SnapshotSave> {
    return this.io.saveSnapshot(source, settings);
  }

  listSnapshots(): Promise<SavedSnapshot[]> {
    return this.io.listSnapshots();
  }

  loadSettings(): Promise<ForecastSettings | null> {
    return loadSettings(this.env.settings);
  }

  saveSettings(settings: ForecastSettings): Promise<void> {
    return saveSettings(this.env.settings, settings);
  }

  clearSettings(): Promise<void> {
    return clearSettings(this.env.settings);
  }

  displayLanguage(): string {
    return this.env.displayLanguage();
  }

  showSheet(sheetName: string): Promise<void> {
    return this.env.run(async (context) => {
      context.workbook.worksheets.getItem(sheetName).activate();
      await context.sync();
    });
  }
}
