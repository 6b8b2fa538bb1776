/**
 * The task pane page, which is also the shared runtime: taskpane.html loads
 * functions.js first (the custom functions) and then this, which mounts the
 * shared UI on the Excel workbook port.
 */
import { mountApp } from '../../ui/mount';
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
  if (!Office.context.requirements.isSetSupported('ExcelApi', '1.7')) {
    showProblem(
      root,
      'Funnel Forecast needs Excel 2019, Excel 2021, Microsoft 365 or Excel on the web.',
    );
    return;
  }
  root.textContent = '';
  mountApp(root, new ExcelPort(officeEnvironment()));
}

start();
