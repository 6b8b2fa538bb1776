import { render } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { ReactElement } from 'react';
import type { WorkbookPort } from '../../core/ports';
import { I18nProvider } from '../../ui/i18n/I18n';
import { pickLanguage } from '../../ui/i18n/messages';
import { TaskPane } from '../../ui/TaskPane';

/** Renders the task pane as mountApp does (Fluent theme, language from the port). */
export function renderPane(port: WorkbookPort) {
  return renderWith(port, <TaskPane port={port} />);
}

export function renderWith(port: WorkbookPort, ui: ReactElement) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <I18nProvider lang={pickLanguage(port.displayLanguage())}>{ui}</I18nProvider>
    </FluentProvider>,
  );
}
