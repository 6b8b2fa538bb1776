import type { ForecastSettings } from '../../core/engine/types';
import type { RunSummary, SourceInspection, SourceRef, WorkbookPort } from '../../core/port';
import type { ServerClient } from './server-client';

/**
 * The workbook port of the Sheets sidebar: every operation is one call to the
 * Apps Script server, which reads and writes the spreadsheet and runs the
 * engine there (a browser sidebar cannot touch the sheet directly).
 */
export class SheetsPort implements WorkbookPort {
  readonly host = 'sheets' as const;

  constructor(
    private readonly server: ServerClient,
    private readonly language: string,
  ) {}

  listSources(): Promise<SourceRef[]> {
    return this.server.listSources();
  }

  inspect(source: SourceRef, settings: ForecastSettings): Promise<SourceInspection> {
    return this.server.inspect(source, settings);
  }

  /**
   * The whole run is one server call (read, compute, write), so the sidebar
   * can report its start and its end, not steps in between: a server call
   * cannot stream progress back.
   */
  async run(
    source: SourceRef,
    settings: ForecastSettings,
    onProgress?: (fraction: number, step: string) => void,
  ): Promise<RunSummary> {
    onProgress?.(0, 'read');
    const summary = await this.server.run(source, settings);
    onProgress?.(1, 'done');
    return summary;
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
