/**
 * What the add-in needs from Excel, in one place: manifest.xml declares these
 * sets (test/excel/manifest.test.ts checks it) and the task pane checks them at
 * start-up, naming the Excel versions that have them.
 *
 * - SharedRuntime 1.1: the task pane and the custom functions share one runtime.
 * - CustomFunctionsRuntime 1.3: CustomFunctions.ErrorCode (the error cells the
 *   functions return) is 1.3 in Microsoft's typings and on the "Custom Functions
 *   requirement sets" page; allowErrorForDataTypeAny error inputs came with it.
 * - ExcelApi 1.7: the task pane's reads and writes (higher sets are optional and
 *   checked where used: 1.8 PivotTables, 1.9 the funnel chart, 1.13 table resize).
 *
 * Versions, from Microsoft's "Shared runtime requirement sets" and "Custom
 * Functions requirement sets" pages: SharedRuntime 1.1 is in Excel on the web,
 * Microsoft 365 on Windows (Version 2002+) and Mac (16.35+), and Excel 2021 and
 * later; Excel 2016 and 2019 cannot load the add-in. CustomFunctionsRuntime 1.3
 * is in the same hosts (Office 2021 from Version 2108, Mac from 16.40).
 */
export const MANIFEST_REQUIREMENTS: readonly { name: string; minVersion: string }[] = [
  { name: 'SharedRuntime', minVersion: '1.1' },
  { name: 'CustomFunctionsRuntime', minVersion: '1.3' },
];

export const TASKPANE_REQUIREMENTS: readonly { name: string; minVersion: string }[] = [
  ...MANIFEST_REQUIREMENTS,
  { name: 'ExcelApi', minVersion: '1.7' },
];

export const SUPPORTED_EXCEL =
  'Funnel Forecast needs Excel 2021 or later, Microsoft 365 (Windows or Mac) or Excel on the web; Excel 2016 and 2019 cannot run it.';
