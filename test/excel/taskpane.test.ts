/**
 * @jest-environment jsdom
 */
import type { WorkbookPort } from '../../core/ports';
import { SUPPORTED_EXCEL, TASKPANE_REQUIREMENTS } from '../../excel-addin/requirements';

const mounted: { element: HTMLElement; port: WorkbookPort }[] = [];
jest.mock('../../ui/mount', () => ({
  mountApp: (element: HTMLElement, port: WorkbookPort) => mounted.push({ element, port }),
}));

type Ready = (info: { host: string | null }) => void;

/** Requirement sets and the highest version a host has, as Office.context.requirements answers. */
type Sets = Record<string, string>;
const CURRENT: Sets = { ExcelApi: '1.17', SharedRuntime: '1.2', CustomFunctionsRuntime: '1.5' };
// Excel 2019 (perpetual): ExcelApi up to 1.8, custom functions without a shared runtime.
// Microsoft, "Shared runtime requirement sets": SharedRuntime 1.1 is Excel 2021 and later,
// Microsoft 365 (Windows 2002+, Mac 16.35+) and Excel on the web.
const EXCEL_2019: Sets = { ExcelApi: '1.8' };

const atLeast = (have: string | undefined, want: string) => {
  if (have === undefined) return false;
  const [a, b] = have.split('.').map(Number);
  const [c, d] = want.split('.').map(Number);
  return a! > c! || (a === c && b! >= d!);
};

function loadTaskpane(host: string | null, sets: Sets = CURRENT): void {
  let ready: Ready = () => {};
  (globalThis as Record<string, unknown>).Office = {
    HostType: { Excel: 'Excel' },
    onReady: (callback: Ready) => {
      ready = callback;
    },
    context: {
      requirements: {
        isSetSupported: (name: string, version: string) => atLeast(sets[name], version),
      },
      displayLanguage: 'zh-CN',
      document: {
        settings: { get: () => null, set: () => {}, remove: () => {}, saveAsync: () => {} },
      },
    },
  };
  document.body.innerHTML = '<div id="root"><p id="loading">loading</p></div>';
  jest.isolateModules(() => {
    // A fresh copy of the page script for each test (it runs Office.onReady at load).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../excel-addin/taskpane/taskpane');
  });
  ready({ host });
}

beforeEach(() => {
  mounted.length = 0;
});

test('in Excel, the shared UI is mounted on the Excel port', () => {
  loadTaskpane('Excel');
  expect(mounted).toHaveLength(1);
  expect(mounted[0]!.element.id).toBe('root');
  expect(mounted[0]!.port.host).toBe('excel');
  expect(mounted[0]!.port.displayLanguage()).toBe('zh-CN');
  expect(document.getElementById('loading')).toBeNull();
});

test('outside Excel, the page says how to load the add-in instead', () => {
  loadTaskpane(null);
  expect(mounted).toHaveLength(0);
  expect(document.getElementById('root')!.textContent).toMatch(/sideload manifest.xml/);
});

test('an Excel too old for the add-in names the versions that can run it, not Excel 2019', () => {
  loadTaskpane('Excel', EXCEL_2019);
  expect(mounted).toHaveLength(0);
  const root = document.getElementById('root')!;
  expect(root.getAttribute('role')).toBe('alert');
  expect(root.textContent).toMatch(/Excel 2021 or later, Microsoft 365 .* Excel on the web/);
  expect(root.textContent).toMatch(/Excel 2016 and 2019 cannot run it/);
});

test.each(TASKPANE_REQUIREMENTS.map((set) => [set.name, set.minVersion] as const))(
  'without %s %s the page says which versions work',
  (name) => {
    const sets = { ...CURRENT };
    delete sets[name];
    loadTaskpane('Excel', sets);
    expect(mounted).toHaveLength(0);
    expect(document.getElementById('root')!.textContent).toBe(SUPPORTED_EXCEL);
  },
);

test('without Office.js (offline, blocked), the page says so instead of loading forever', () => {
  delete (globalThis as Record<string, unknown>).Office;
  document.body.innerHTML = '<div id="root"><p id="loading">loading</p></div>';
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../excel-addin/taskpane/taskpane');
  });
  expect(mounted).toHaveLength(0);
  expect(document.getElementById('root')!.textContent).toMatch(/Office.js could not be loaded/);
});
