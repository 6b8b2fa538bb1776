/**
 * The sidebar page: the shared React UI over the google.script.run port.
 * The display language is the Google account's (asked from the server once),
 * falling back to the browser's.
 */
import { mountApp } from '../../ui/mount';
import { createServerClient, type ScriptRunner } from './server-client';
import { SheetsPort } from './sheets-port';

declare const google: { script: { run: ScriptRunner } };

async function start(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('Sidebar.html has no #root element.');
  const server = createServerClient(google.script.run);
  const language = await server.displayLanguage().catch(() => navigator.language || 'en');
  mountApp(root, new SheetsPort(server, language));
}

void start();
