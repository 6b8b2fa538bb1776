/**
 * The front door of core/: what the adapters (excel-addin/, sheets-addon/,
 * web/, cli/, files/) use. Layers, top down:
 *
 * - ports (core/ports.ts): WorkbookPort for the UI, WorkbookIO and
 *   SyncWorkbookIO for the hosts;
 * - the application (core/app/): the pipeline every host runs (runJob,
 *   runJobSync, inspection, the run summary, stage rates) and the host-neutral
 *   write policy (which sheets the add-in owns, their names and order);
 * - the engine (core/engine/) and the domain below it.
 *
 * ESLint forbids the adapters to import core/engine/* and core/app/* files
 * directly (eslint.config.mjs): they come through here, so the engine's files
 * can move without touching a host. The shared UI (ui/) has a narrower door,
 * core/for-ui.ts, so the Sheets sidebar bundle carries no engine code it never runs.
 */
export * from './ports';
export {
  changeStep,
  inspectSource,
  inspectSourceSync,
  runJob,
  runJobSync,
  runJobWith,
  runJobSyncWith,
  stageRatesJob,
  stageRatesJobSync,
  type JobContext,
  type JobRun,
  type JobStep,
  type MaybePromise,
  type StepOutput,
} from './app/pipeline';
export { summarizeRun, suggestAsOf, DISPLAY_ROW_CAP } from './app/summary';
export { inspectSheet, PREVIEW_ROWS } from './app/inspect';
export * from './engine';
export type { CellSource, CellValue, Grid, ResultCell, ResultGrid } from './cells';
export { cellsOf } from './cells';
export {
  PIVOT_KEY,
  PIVOT_SHEET,
  MAX_SHEET_NAME,
  TABLE_KEYS,
  fallbackNames,
  planSheets,
  writingOrder,
  type OwnedKey,
  type SheetTarget,
} from './app/write-policy';
export {
  SAVED_SETTINGS_VERSION,
  cleanSettings,
  fromSavedForm,
  toSavedForm,
} from './app/saved-settings';
export {
  calibrate,
  calibrationStep,
  project,
  type Calibration,
  type CalibrationOptions,
} from './app/calibration';
export * from './output';
