/**
 * The forecast engine: a deal sheet (grid) in, forecast tables out. Pure
 * TypeScript, shared by Excel, Sheets, the standalone page and the CLI.
 * docs/engine.md explains every default and decision.
 */
export * from './types';
export { runForecast, prepareSheet, TIER_SEGMENT } from './run';
export {
  toOutputTables,
  toOutputSources,
  materialize,
  fromRows,
  FUNNEL_DATA_COLUMNS,
} from './tables';
export { summarizeRun, inspectSheet, DISPLAY_ROW_CAP } from './summary';
export { HEADER_SYNONYMS, headerKey } from './headers';
export { dealJsonTexts } from './deals';
export { issueJsonTexts } from './issue-list';
export { NO_CLOSE_DATE, makePeriodNamer } from './periods';
export { parseRates, parseTargets } from './settings';
