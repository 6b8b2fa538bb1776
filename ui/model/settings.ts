import {
  FORECAST_DEFAULTS,
  type FieldName,
  type ForecastSettings,
  type MappingReport,
} from '../../core/for-ui';

/** Fields without which there is no forecast; the Columns step marks them. */
export const REQUIRED_FIELDS: readonly FieldName[] = ['amount', 'stage', 'closeDate'];

/** Today's date in the user's time zone as YYYY-MM-DD: the UI's default as-of (the engine never reads the clock). */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export { isIsoDate } from '../../core/read/date';

/** The task pane's first settings: core's defaults (FORECAST_DEFAULTS), set there once. */
export const DEFAULT_SETTINGS: ForecastSettings = {
  period: FORECAST_DEFAULTS.period,
  fiscalYearStart: FORECAST_DEFAULTS.fiscalYearStart,
  tierMeasure: FORECAST_DEFAULTS.tierMeasure,
};

/** What is saved in the workbook: everything but the as-of date, which defaults to each reader's today. */
export function toSaved(settings: ForecastSettings): ForecastSettings {
  const { asOf: _asOf, ...rest } = settings;
  return rest;
}

/** The header currently used for a field: the user's choice, else the detection. */
export function headerFor(
  field: FieldName,
  settings: ForecastSettings,
  mapping: MappingReport | undefined,
): string | null {
  const chosen = settings.mapping?.[field];
  if (chosen !== undefined) return chosen;
  return mapping?.fields[field]?.header ?? null;
}

/** Segment columns: the user's choice, else what the engine detected. */
export function segmentsFor(
  settings: ForecastSettings,
  mapping: MappingReport | undefined,
): string[] {
  return settings.segmentBy ?? mapping?.segments ?? [];
}
