/**
 * compareText lives in core/text.ts with the other text rules. This re-export
 * keeps the imports of work in flight (core/engine/run.ts, cli/history.ts)
 * building; point them at core/text.ts (or core/index.ts) and delete this file.
 */
export { compareText } from '../text';
