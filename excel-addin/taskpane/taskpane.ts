/**
 * The task pane page, which is also the shared runtime: taskpane.html loads
 * functions.js first (the custom functions) and then this, which mounts the
 * shared UI on the Excel workbook port.
 */
import { mountApp } from '../../ui/mount';
import { SUPPORTED_EXCEL, TASKPANE_REQUIREMENTS } from '../requirements';
import { ExcelPort, officeEnvironment } from '../workbook/excel-port';

function showProblem(root: HTMLElement, message: string): void {
  root.textContent = message;
  root.setAttribute('role', 'alert');
}

function start(): void {
  const root = document.getElementById('root');
  if (!root) return;
  if (typeof Office === 'undefined') {
    // office.js comes from Microsoft's CDN: offline, or blocked by a proxy.
    showProblem(
      root,
      'Office.js could not be loaded: check the connection, then reopen the add-in.',
    );
    return;
  }
  Office.onReady((info) => ready(root, info.host));
}

function ready(root: HTMLElement, host: Office.HostType | null): void {
  if (host !== Office.HostType.Excel) {
    showProblem(root, 'Funnel Forecast runs inside Excel: sideload manifest.xml (see the README).');
    return;
  }
  const missing = TASKPANE_REQUIREMENTS.filter(
    (set) => !Office.context.requirements.isSetSupported(set.name, set.minVersion),
  );
  if (missing.length > 0) {
    showProblem(root, SUPPORTED_EXCEL);
    return;
  }
  root.textContent = '';
  mountApp(root, new ExcelPort(officeEnvironment()));
}

start();
