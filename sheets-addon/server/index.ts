/**
 * The Apps Script server bundle's exports. webpack puts them in the global
 * `FunnelForecastServer`; the build then appends one top-level function per
 * custom function, trigger and server call (scripts/generate-sheets-functions.ts),
 * because Sheets and google.script.run only see top-level function declarations.
 */
export { callCustomFunction } from './custom-functions';
export { callServer } from './api';
export { onInstall, onOpen, showSidebar } from './menu';
