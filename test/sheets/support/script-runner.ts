import type { ScriptRunner } from '../../../sheets-addon/client/server-client';
import type { LoadedProject } from './bundle';

/**
 * Google, "HTML Service: Communicate with Server Functions", section "Parameters
 * and return values" (developers.google.com/apps-script/guides/html/communication),
 * and "Class google.script.run": legal parameters and return values are
 * JavaScript primitives (Number, Boolean, String, null) and objects and arrays
 * made of them; a Date, a Function or a DOM element (other than a form) fails
 * the call, so do circular references, and undefined fields within arrays become
 * null. Objects other than plain ones (class instances, Map, Set, RegExp, Error)
 * and an undefined property are not in that list: the fake fails them too.
 * Applied to arguments and to results alike. Returns the copy the other side gets.
 */
export function transfer(value: unknown, where: string, seen: object[] = []): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      throw new TypeError(`undefined is not a legal value (${where}).`);
    case 'function':
      throw new TypeError(`Functions are not legal values (${where}).`);
    case 'bigint':
    case 'symbol':
      throw new TypeError(`A ${typeof value} is not a legal value (${where}).`);
  }
  // Tags, not instanceof: results come from Code.js's own realm (a vm context).
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Date]') throw new TypeError(`Dates are not legal values (${where}).`);
  const object = value as object;
  if (seen.includes(object)) throw new TypeError(`A circular reference is not legal (${where}).`);
  const inner = [...seen, object];
  if (Array.isArray(object)) {
    // undefined fields within arrays become null
    return Array.from(object, (v: unknown, i) =>
      v === undefined ? null : transfer(v, `${where}[${i}]`, inner),
    );
  }
  const proto: unknown = Object.getPrototypeOf(object);
  const plain =
    proto === null ||
    (Object.getPrototypeOf(proto) === null &&
      (proto as { constructor?: { name?: string } }).constructor?.name === 'Object');
  if (!plain || tag !== '[object Object]') {
    const name = (object as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new TypeError(`A ${name} instance is not a legal value (${where}).`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) out[k] = transfer(v, `${where}.${k}`, inner);
  return out;
}

/**
 * google.script.run as the sidebar sees it, wired to a loaded Code.js: calls
 * are asynchronous; arguments and results cross a network, so both are checked
 * against the legality rule and copied (transfer); a thrown server error or an
 * illegal result reaches the failure handler with its message.
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
          const copied = transfer(args, prop) as unknown[];
          log.push(prop);
          setTimeout(() => {
            let result: unknown;
            try {
              const returned = project.call(prop, ...copied);
              // A server function that returns nothing: the success handler gets undefined.
              result = returned === undefined ? undefined : transfer(returned, `${prop}() result`);
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
