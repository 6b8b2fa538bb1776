/**
 * Text order for the engine's tables (forecast segments, reps, stage lists).
 * localeCompare depends on the host's ICU data (Apps Script, browsers and
 * Node disagree on case, accents and CJK), so the hosts would list the same
 * rows in different orders: this order is the same everywhere.
 */

/**
 * Case-folded text by UTF-16 code units (so "apple" < "Banana"), ties by the
 * raw code units ("Apple" < "apple"); 0 only for identical strings.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const fa = a.toLowerCase();
  const fb = b.toLowerCase();
  if (fa !== fb) return fa < fb ? -1 : 1;
  return a < b ? -1 : 1;
}
