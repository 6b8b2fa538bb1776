import type { ScriptRunner } from '../../../sheets-addon/client/server-client';
import type { LoadedProject } from './bundle';

function assertLegalArgument(value: unknown, where: string): void {
  // google.script.run refuses Dates, functions and DOM nodes; the call fails in the browser.
  if (value instanceof Date) throw new TypeError(`Dates are not legal arguments (${where}).`);
  if (typeof value === 'function')
    throw new TypeError(`Functions are not legal arguments (${where}).`);
  if (Array.isArray(value)) value.forEach((v, i) => assertLegalArgument(v, `${where}[${i}]`));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertLegalArgument(v, `${where}.${k}`);
  }
}

/**
 * google.script.run as the sidebar sees it, wired to a loaded Code.js: calls
 * are asynchronous, arguments are checked and copied (they cross a network),
 * a thrown server error reaches the failure handler with its message.
 */
export function fakeScriptRunner(project: LoadedProject, log: string[] = []): ScriptRunner {
  const make = (
    success?: (value: unknown) => void,
    failure?: (error: unknown) => void,
  ): ScriptRunner =>
    new Proxy({} as ScriptRunner, {
      get(_target, prop) {
        if (prop === 'withSuccessHandler') return (h: (v: unknown) => void) => make(h, failure);
        if (prop === 'withFailureHandler') return (h: (e: unknown) => void) => make(success, h);
        if (typeof prop !== 'string' || !project.has(prop)) return undefined;
        return (...args: unknown[]) => {
          assertLegalArgument(args, prop);
          const copied = structuredClone(args);
          log.push(prop);
          setTimeout(() => {
            let result: unknown;
            try {
              result = structuredClone(project.call(prop, ...copied));
            } catch (err) {
              failure?.({ message: (err as Error).message, name: 'ScriptError' });
              return;
            }
            success?.(result);
          }, 0);
        };
      },
    });
  return make();
}
