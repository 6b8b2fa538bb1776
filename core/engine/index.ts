/**
 * The forecast engine: a deal sheet (grid) in, forecast tables out. Pure
 * TypeScript, shared by Excel, Sheets, the standalone page and the CLI.
 * docs/engine.md explains every default and decision. The engine knows no
 * host and no port: the application pipeline (core/app/) runs it for them.
 * Adapters import it through the front door, core/index.ts.
 */
export * from './types';
export { runForecast, prepareSheet, TIER_SEGMENT } from './run';
export {
  toOutputTables,
  toOutputSources,
  materialize,
  materializeHead,
  FUNNEL_DATA_COLUMNS,
} from './tables';
export { HEADER_SYNONYMS, headerKey } from './headers';
export { ISSUE_KIND_NAMES, issueKindOf, HYGIENE, isHygiene } from './issues';
export { compareText } from '../text';
export { drillDown, drillData, type DrillData, type DrillResult, type DrillTarget } from './drill';
export { dateReplacer, writeDealsJson } from './deals';
export { writeIssuesJson } from './issue-list';
export { NO_CLOSE_DATE, makePeriodNamer } from './periods';
export { parseRates, parseTargets, FORECAST_DEFAULTS, SETTING_CHECKS } from './settings';
