import { SERVER_METHODS, type ServerMethod, type SheetsServerApi } from '../shared/api';
import { decode, encode } from '../shared/wire';
import { inspectSourceSync, runJobSync, stageRatesJobSync } from '../../core';
import { withDocumentLock } from './lock';
import { progressPost, readProgress } from './progress';
import { PropertiesSettingsStore } from './settings-store';
import { SheetsWorkbook } from './workbook';

/** The sidebar's server API over the active spreadsheet (the only one the scopes allow). */
export function createServerApi(): SheetsServerApi {
  const workbook = () => new SheetsWorkbook(SpreadsheetApp.getActiveSpreadsheet());
  const store = () => new PropertiesSettingsStore(PropertiesService.getDocumentProperties());
  return {
    listSources: () => workbook().listSources(),
    inspect: (source, settings) => inspectSourceSync(workbook(), source, settings),
    run: (source, settings, progressId) => {
      const post = progressPost(progressId);
      try {
        return withDocumentLock('run', () =>
          runJobSync(workbook(), source, settings, (f, step) => post.report(f, step)),
        );
      } finally {
        post.clear();
      }
    },
    progress: (progressId) => readProgress(progressId),
    saveSnapshot: (source, settings) =>
      withDocumentLock('run', () => workbook().saveSnapshot(source, settings)),
    listSnapshots: () => workbook().listSnapshots(),
    stageRates: (source, settings) => stageRatesJobSync(workbook(), source, settings),
    loadSettings: () => store().load(),
    saveSettings: (settings) => withDocumentLock('save', () => store().save(settings)),
    clearSettings: () => withDocumentLock('save', () => store().clear()),
    showSheet: (sheetName) => workbook().showSheet(sheetName),
    displayLanguage: () => toLanguageTag(Session.getActiveUserLocale()),
  };
}

/** Apps Script reports locales as "zh_CN"; the UI wants BCP 47 ("zh-CN"). */
export function toLanguageTag(locale: string | null | undefined): string {
  const tag = (locale ?? '').trim().replace(/_/g, '-');
  return tag === '' ? 'en' : tag;
}

/**
 * Entry point of every ffApi_* global: arguments arrive as one wire string and
 * the result leaves as one (shared/wire.ts says why).
 */
export function callServer(method: string, payload: string): string {
  if (!(SERVER_METHODS as readonly string[]).includes(method)) {
    throw new Error(`Unknown server call "${method}".`);
  }
  const args = decode<unknown[]>(payload);
  if (!Array.isArray(args)) throw new Error(`Malformed arguments for "${method}".`);
  const api = createServerApi();
  const fn = api[method as ServerMethod] as (...a: unknown[]) => unknown;
  return encode(fn(...args));
}
