import { fromSavedForm, toSavedForm, type ForecastSettings } from '../../core';

/**
 * The part of Office.Settings the add-in uses: the workbook's document
 * settings, saved inside the file, so everyone who opens the workbook gets the
 * same stages and mapping.
 */
export interface OfficeSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback: (result: { status: string; error?: { message: string } }) => void): void;
}

export const SETTINGS_KEY = 'FunnelForecast.settings';

function save(store: OfficeSettings): Promise<void> {
  return new Promise((resolve, reject) => {
    store.saveAsync((result) => {
      if (result.status === 'succeeded') resolve();
      else
        reject(
          new Error(
            `The workbook did not save the settings: ${result.error?.message ?? result.status}`,
          ),
        );
    });
  });
}

export async function loadSettings(store: OfficeSettings): Promise<ForecastSettings | null> {
  return fromSavedForm(store.get(SETTINGS_KEY));
}

export async function saveSettings(
  store: OfficeSettings,
  settings: ForecastSettings,
): Promise<void> {
  // Office.Settings keeps JSON: a round trip keeps only plain data (no functions, no undefined).
  store.set(SETTINGS_KEY, JSON.parse(JSON.stringify(toSavedForm(settings))));
  await save(store);
}

export async function clearSettings(store: OfficeSettings): Promise<void> {
  store.remove(SETTINGS_KEY);
  await save(store);
}
