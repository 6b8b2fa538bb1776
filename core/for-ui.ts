/**
 * The shared UI's door into core (ui/ imports engine and application names
 * from here, never from their files, and not from core/index.ts either).
 *
 * A narrow door, not the front door: core/index.ts re-exports the whole engine
 * and the pipeline, and importing any value through it pulls code the task
 * pane never runs into the Sheets sidebar (Sidebar.html grew by 3.7 KB when
 * ui/ went through it). The UI runs no forecast: it needs the settings'
 * shape and defaults, the field and issue names, and drill-down over the
 * run's compact deal list. Everything else it gets from the port
 * (core/ports.ts) or from the domain modules (stages, money, output, change).
 * ESLint holds ui/ to this door (eslint.config.mjs; test/layers/).
 */
export { HYGIENE, isHygiene, issueKindOf } from './engine/issues';
export { drillDown, type DrillResult, type DrillTarget } from './engine/drill';
export { FORECAST_DEFAULTS } from './engine/settings';
export { FIELD_NAMES } from './engine/types';
export type {
  FieldName,
  ForecastSettings,
  IssueKind,
  MappingReport,
  PeriodKind,
  TierMeasure,
} from './engine/types';
