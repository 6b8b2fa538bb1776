/**
 * @jest-environment jsdom
 */
import type { WorkbookPort } from '../../core/port';

const mounted: { element: HTMLElement; port: WorkbookPort }[] = [];
jest.mock('../../ui/mount', () => ({
  mountApp: (element: HTMLElement, port: WorkbookPort) => mounted.push({ element, port }),
}));

type Ready = (info: { host: string | null }) => void;

function loadTaskpane(host: string | null, apiSupported = true): void {
  let ready: Ready = () => {};
  (globalThis as Record<string, unknown>).Office = {
    HostType: { Excel: 'Excel' },
    onReady: (callback: Ready) => {
      ready = callback;
    },
    context: {
      requirements: { isSetSupported: () => apiSupported },
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

test('an Excel too old for the task pane says which versions work', () => {
  loadTaskpane('Excel', false);
  expect(mounted).toHaveLength(0);
  expect(document.getElementById('root')!.getAttribute('role')).toBe('alert');
  expect(document.getElementById('root')!.textContent).toMatch(/Excel 2019/);
});

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
