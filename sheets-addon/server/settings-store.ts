import { fromSavedForm, toSavedForm, type ForecastSettings } from '../../core';
import { decode, encode } from '../shared/wire';

/**
 * Settings live in the spreadsheet's DocumentProperties, so everyone who opens
 * the file gets the same stage table and mapping. A property value may hold
 * 9 KB at most (500 KB per document in all), and a stage table or target grid
 * can exceed that, so the JSON is split into chunks of at most CHUNK_BYTES
 * UTF-8 bytes under numbered keys, written in one setProperties call.
 */
const PREFIX = 'funnelForecast.settings';
const COUNT_KEY = `${PREFIX}.chunks`;
export const CHUNK_BYTES = 8000;

function chunkKey(i: number): string {
  return `${PREFIX}.${i}`;
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Splits text into pieces of at most maxBytes UTF-8 bytes, never inside a character. */
export function splitUtf8(text: string, maxBytes: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i) ?? 0;
    const units = cp > 0xffff ? 2 : 1;
    const size = utf8Length(cp);
    if (bytes + size > maxBytes) {
      chunks.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    i += units;
  }
  if (start < text.length || chunks.length === 0) chunks.push(text.slice(start));
  return chunks;
}

/** The add-on's settings in the spreadsheet's DocumentProperties (see above). */
export class PropertiesSettingsStore {
  constructor(private readonly properties: GoogleAppsScript.Properties.Properties) {}

  load(): ForecastSettings | null {
    const all = this.properties.getProperties();
    const count = Number(all[COUNT_KEY]);
    if (!Number.isInteger(count) || count < 1) return null;
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const part = all[chunkKey(i)];
      // A missing chunk means a save was interrupted: start from defaults, never half a setting.
      if (part === undefined) return null;
      parts.push(part);
    }
    try {
      // core's rule for saved settings: another version is none, a malformed setting is dropped.
      return fromSavedForm(decode<unknown>(parts.join('')));
    } catch {
      return null;
    }
  }

  save(settings: ForecastSettings): void {
    const chunks = splitUtf8(encode(toSavedForm(settings)), CHUNK_BYTES);
    const previous = Number(this.properties.getProperty(COUNT_KEY)) || 0;
    const values: Record<string, string> = { [COUNT_KEY]: String(chunks.length) };
    chunks.forEach((chunk, i) => (values[chunkKey(i)] = chunk));
    try {
      this.properties.setProperties(values, false);
    } catch (err) {
      const kb = Math.ceil(chunks.reduce((n, c) => n + c.length, 0) / 1024);
      throw new Error(
        `The settings could not be saved in this spreadsheet (${kb} KB; Google allows 500 KB of add-on data per document). ` +
          `Keep large targets or rates in a range and point to it instead. (${(err as Error).message})`,
      );
    }
    for (let i = chunks.length; i < previous; i++) this.properties.deleteProperty(chunkKey(i));
  }

  clear(): void {
    const count = Number(this.properties.getProperty(COUNT_KEY)) || 0;
    this.properties.deleteProperty(COUNT_KEY);
    for (let i = 0; i < count; i++) this.properties.deleteProperty(chunkKey(i));
  }
}
