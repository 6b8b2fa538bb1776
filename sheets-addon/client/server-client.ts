import { serverFunctionName, type ServerMethod, type SheetsServerApi } from '../shared/api';
import { decode, encode } from '../shared/wire';

/** The part of google.script.run this wrapper uses (the page's global in Sheets, a fake in tests). */
export interface ScriptRunner {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: unknown) => void): ScriptRunner;
  [serverFunction: string]: unknown;
}

/** SheetsServerApi with every method returning a Promise: the shape the sidebar uses. */
export type ServerClient = {
  [M in ServerMethod]: (
    ...args: Parameters<SheetsServerApi[M]>
  ) => Promise<ReturnType<SheetsServerApi[M]>>;
};

function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  const message =
    typeof error === 'object' && error !== null && 'message' in error
      ? String((error as { message: unknown }).message)
      : String(error);
  return new Error(message);
}

/** A server call as a Promise: resolves with the decoded result, rejects with the server's message. */
function call<M extends ServerMethod>(
  runner: ScriptRunner,
  method: M,
  args: unknown[],
): Promise<ReturnType<SheetsServerApi[M]>> {
  return new Promise((resolve, reject) => {
    const ready = runner
      .withSuccessHandler((value) => {
        try {
          resolve(decode<ReturnType<SheetsServerApi[M]>>(value as string));
        } catch (err) {
          reject(asError(err));
        }
      })
      .withFailureHandler((error) => reject(asError(error)));
    const fn = ready[serverFunctionName(method)];
    if (typeof fn !== 'function') {
      reject(new Error(`The Apps Script project has no function ${serverFunctionName(method)}.`));
      return;
    }
    (fn as (payload: string) => void).call(ready, encode(args));
  });
}

export function createServerClient(runner: ScriptRunner): ServerClient {
  return {
    listSources: () => call(runner, 'listSources', []),
    inspect: (source, settings) => call(runner, 'inspect', [source, settings]),
    run: (source, settings, progressId) => call(runner, 'run', [source, settings, progressId]),
    progress: (progressId) => call(runner, 'progress', [progressId]),
    saveSnapshot: (source, settings) => call(runner, 'saveSnapshot', [source, settings]),
    listSnapshots: () => call(runner, 'listSnapshots', []),
    stageRates: (source, settings) => call(runner, 'stageRates', [source, settings]),
    loadSettings: () => call(runner, 'loadSettings', []),
    saveSettings: (settings) => call(runner, 'saveSettings', [settings]),
    clearSettings: () => call(runner, 'clearSettings', []),
    showSheet: (sheetName) => call(runner, 'showSheet', [sheetName]),
    displayLanguage: () => call(runner, 'displayLanguage', []),
  };
}
