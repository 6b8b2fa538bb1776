import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { WorkbookPort } from '../core/ports';
import { I18nProvider } from './i18n/I18n';
import { pickLanguage } from './i18n/messages';
import { TaskPane } from './TaskPane';

/**
 * The one entry the hosts call (Excel task pane, Sheets sidebar): renders the
 * five-step task pane into `element`, talking only to `port`, in the host's
 * display language (Simplified Chinese for zh-*, English otherwise).
 */
export function mountApp(element: HTMLElement, port: WorkbookPort): void {
  const lang = pickLanguage(port.displayLanguage());
  document.documentElement.lang = lang;
  createRoot(element).render(
    <StrictMode>
      <FluentProvider theme={webLightTheme}>
        <I18nProvider lang={lang}>
          <TaskPane port={port} />
        </I18nProvider>
      </FluentProvider>
    </StrictMode>,
  );
}
