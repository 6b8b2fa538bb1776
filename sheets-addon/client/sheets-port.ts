import type { SavedSnapshot, SnapshotSave } from '../../core/change/store';
import type { ForecastSettings } from '../../core';
import type {
  RunSummary,
  SourceInspection,
  SourceRef,
  StageRatesView,
  WorkbookPort,
} from '../../core';
import type { ServerClient } from './server-client';

export interface SheetsPortOptions {
  /** How often a running forecast's progress is asked for (ms). */
  pollMs?: number;
  /** A fresh id per run (the page uses crypto.randomUUID). */
  newId?: () => string;
}

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The workbook port of the Sheets sidebar: every operation is one call to the
 * Apps Script server, which reads and writes the spreadsheet and runs the
 * engine there (a browser sidebar cannot touch the sheet directly).
 */
export class SheetsPort implements WorkbookPort {
  readonly host = 'sheets' as const;
  private readonly pollMs: number;
  private readonly newId: () => string;

  constructor(
    private readonly server: ServerClient,
    private readonly language: string,
    options: SheetsPortOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.newId = options.newId ?? randomId;
  }

  listSources(): Promise<SourceRef[]> {
    return this.server.listSources();
  }

  inspect(source: SourceRef, settings: ForecastSettings): Promise<SourceInspection> {
    return this.server.inspect(source, settings);
  }

  /**
   * The run is one server call (read, compute, write); while it works, a
   * second call asks every `pollMs` how far it got (server/progress.ts), so
   * the bar moves through read, compute and each written sheet.
   */
  async run(
    source: SourceRef,
    settings: ForecastSettings,
    onProgress?: (fraction: number, step: string) => void,
  ): Promise<RunSummary> {
    const id = this.newId();
    let finished = false;
    let shown = 0;
    onProgress?.(0, 'read');
    const poll = async () => {
      while (!finished) {
        await sleep(this.pollMs);
        if (finished) return;
        const p = await this.server.progress(id).catch(() => null);
        if (!finished && p && p.fraction > shown) {
          shown = p.fraction;
          onProgress?.(p.fraction, p.step);
        }
      }
    };
    if (onProgress) void poll();
    try {
      const summary = await this.server.run(source, settings, id);
      finished = true;
      onProgress?.(1, 'done');
      return summary;
    } finally {
      finished = true;
    }
  }

  saveSnapshot(source: SourceRef, settings: ForecastSettings): Promise<SnapshotSave> {
    return this.server.saveSnapshot(source, settings);
  }

  stageRates(source: SourceRef, settings: ForecastSettings): Promise<StageRatesView> {
    return this.server.stageRates(source, settings);
  }

  listSnapshots(): Promise<SavedSnapshot[]> {
    return this.server.listSnapshots();
  }

  loadSettings(): Promise<ForecastSettings | null> {
    return this.server.loadSettings();
  }

  saveSettings(settings: ForecastSettings): Promise<void> {
    return this.server.saveSettings(settings);
  }

  clearSettings(): Promise<void> {
    return this.server.clearSettings();
  }

  displayLanguage(): string {
    return this.language;
  }

  showSheet(sheetName: string): Promise<void> {
    return this.server.showSheet(sheetName);
  }
}
