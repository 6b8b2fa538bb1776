/**
 * The Apps Script globals the add-on's server uses, faked with Apps Script's
 * behaviour and limits: SpreadsheetApp (fake-spreadsheet.ts), HtmlService
 * serving the built HTML files, PropertiesService with the 9 KB per value and
 * 500 KB per store quotas, Session, Utilities (time-zone dates).
 */
import { FakeSpreadsheet } from './fake-spreadsheet';
import { formatDate, parseDate } from './time-zone';

export const VALUE_LIMIT_BYTES = 9 * 1024;
export const STORE_LIMIT_BYTES = 500 * 1024;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

export class FakeProperties {
  readonly data = new Map<string, string>();
  /** Every (key, value) written, in order. */
  readonly log: [string, string][] = [];
  writes = 0;

  private checkQuota(next: Map<string, string>): void {
    let total = 0;
    for (const [k, v] of next) total += utf8(k) + utf8(v);
    if (total > STORE_LIMIT_BYTES) throw new Error('You have exceeded the property storage quota.');
  }

  private checkValue(key: string, value: unknown): string {
    const text = String(value);
    if (utf8(text) > VALUE_LIMIT_BYTES)
      throw new Error(`Argument too large: value (property "${key}")`);
    return text;
  }

  getProperty(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  getProperties(): Record<string, string> {
    return Object.fromEntries(this.data);
  }
  getKeys(): string[] {
    return [...this.data.keys()];
  }
  setProperty(key: string, value: string): FakeProperties {
    return this.setProperties({ [key]: value }, false);
  }
  setProperties(values: Record<string, unknown>, deleteAllOthers = false): FakeProperties {
    const next = deleteAllOthers ? new Map<string, string>() : new Map(this.data);
    for (const [k, v] of Object.entries(values)) {
      next.set(k, this.checkValue(k, v));
      this.log.push([k, String(v)]);
    }
    this.checkQuota(next);
    this.data.clear();
    for (const [k, v] of next) this.data.set(k, v);
    this.writes++;
    return this;
  }
  deleteProperty(key: string): FakeProperties {
    this.data.delete(key);
    return this;
  }
  deleteAllProperties(): FakeProperties {
    this.data.clear();
    return this;
  }
}

/** LockService's document lock; `heldElsewhere` simulates another execution holding it. */
export class FakeLock {
  held = false;
  heldElsewhere = false;
  acquisitions = 0;
  tryLock(_timeoutMs: number): boolean {
    if (this.heldElsewhere) return false;
    this.held = true;
    this.acquisitions++;
    return true;
  }
  hasLock(): boolean {
    return this.held;
  }
  releaseLock(): void {
    this.held = false;
  }
}

export class FakeHtmlOutput {
  private title = '';
  constructor(private readonly content: string) {}
  setTitle(title: string): FakeHtmlOutput {
    this.title = title;
    return this;
  }
  getTitle(): string {
    return this.title;
  }
  getContent(): string {
    return this.content;
  }
}

export interface MenuRecord {
  kind: 'addon';
  items: { caption: string; functionName: string }[];
}

export class FakeUi {
  readonly menus: MenuRecord[] = [];
  readonly sidebars: FakeHtmlOutput[] = [];

  createAddonMenu() {
    const record: MenuRecord = { kind: 'addon', items: [] };
    const menu = {
      addItem: (caption: string, functionName: string) => {
        record.items.push({ caption, functionName });
        return menu;
      },
      addSeparator: () => menu,
      addToUi: () => {
        this.menus.push(record);
      },
    };
    return menu;
  }

  showSidebar(html: FakeHtmlOutput): void {
    this.sidebars.push(html);
  }
}

export interface FakeEnvironment {
  spreadsheet: FakeSpreadsheet;
  documentProperties: FakeProperties;
  ui: FakeUi;
  lock: FakeLock;
  locale: string;
  /** The globals a script project sees, ready for a vm context. */
  globals: Record<string, unknown>;
}

export function createEnvironment(options: {
  spreadsheet?: FakeSpreadsheet;
  locale?: string;
  /** Project files HtmlService can serve, by name without .html. */
  htmlFiles?: Record<string, string>;
}): FakeEnvironment {
  const spreadsheet = options.spreadsheet ?? new FakeSpreadsheet();
  const documentProperties = new FakeProperties();
  const ui = new FakeUi();
  const lock = new FakeLock();
  const env: FakeEnvironment = {
    spreadsheet,
    documentProperties,
    ui,
    lock,
    locale: options.locale ?? 'en_US',
    globals: {},
  };
  env.globals = {
    SpreadsheetApp: {
      getActiveSpreadsheet: () => env.spreadsheet,
      getActive: () => env.spreadsheet,
      getUi: () => ui,
      flush: () => {},
      DeveloperMetadataVisibility: { DOCUMENT: 'DOCUMENT', PROJECT: 'PROJECT' },
      PivotTableSummarizeFunction: { SUM: 'SUM', COUNTA: 'COUNTA', AVERAGE: 'AVERAGE' },
    },
    HtmlService: {
      createHtmlOutputFromFile: (name: string) => {
        const html = options.htmlFiles?.[name];
        if (html === undefined) throw new Error(`No HTML file named ${name} was found.`);
        return new FakeHtmlOutput(html);
      },
      createHtmlOutput: (html = '') => new FakeHtmlOutput(html),
    },
    PropertiesService: {
      getDocumentProperties: () => documentProperties,
    },
    LockService: {
      getDocumentLock: () => lock,
    },
    Session: {
      getActiveUserLocale: () => env.locale,
    },
    Utilities: { formatDate, parseDate },
    Logger: { log: () => {} },
    console,
  };
  return env;
}

/** The Apps Script globals a test installs on globalThis (createEnvironment's, console aside). */
const INSTALLED_GLOBALS = [
  'SpreadsheetApp',
  'HtmlService',
  'PropertiesService',
  'Session',
  'Utilities',
  'Logger',
];

/** Take the Apps Script globals a test put on globalThis off again (for afterEach). */
export function removeAppsScriptGlobals(): void {
  for (const name of INSTALLED_GLOBALS) delete (globalThis as Record<string, unknown>)[name];
}
