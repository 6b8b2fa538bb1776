/**
 * Extensions > Funnel Forecast > Open. An add-on menu is all Sheets allows
 * before the user authorises the add-on (onOpen runs in AuthMode.NONE or
 * LIMITED), so onOpen touches nothing but the menu.
 */
export const SIDEBAR_FILE = 'Sidebar';
export const SIDEBAR_TITLE = 'Funnel Forecast';

export function onOpen(_event?: GoogleAppsScript.Events.SheetsOnOpen): void {
  SpreadsheetApp.getUi().createAddonMenu().addItem(openLabel(), 'showSidebar').addToUi();
}

/** The menu item in the user's language (English or Chinese, as the sidebar). */
function openLabel(): string {
  let locale = '';
  try {
    locale = Session.getActiveUserLocale();
  } catch {
    // Before authorisation some services refuse; the menu must still appear.
  }
  return /^zh/i.test(locale) ? '打开' : 'Open';
}

/** An editor add-on installed while the file is open gets its menu without a reload. */
export function onInstall(event?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(event as GoogleAppsScript.Events.SheetsOnOpen | undefined);
}

export function showSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile(SIDEBAR_FILE).setTitle(SIDEBAR_TITLE);
  SpreadsheetApp.getUi().showSidebar(html);
}
