/**
 * google.script.run rejects Date arguments and turns Date results into null,
 * and Apps Script's own serialisation drops undefined and class instances.
 * So every call travels as one JSON string, with Dates tagged and restored on
 * the other side: previews, output tables and saved grids keep their dates.
 */
const DATE_TAG = '$date';

interface TaggedDate {
  [DATE_TAG]: string;
}

function isTaggedDate(value: unknown): value is TaggedDate {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[DATE_TAG] === 'string' &&
    Object.keys(value).length === 1
  );
}

export function encode(value: unknown): string {
  // JSON.stringify calls Date.prototype.toJSON before the replacer sees the value,
  // so the replacer looks the original up on the holder. undefined (a void
  // method's result) travels as null.
  return JSON.stringify(
    value === undefined ? null : value,
    function (this: Record<string, unknown>, key, v: unknown) {
      const original = this[key];
      if (original instanceof Date) {
        return Number.isNaN(original.getTime()) ? null : { [DATE_TAG]: original.toISOString() };
      }
      return v;
    },
  );
}

export function decode<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => (isTaggedDate(v) ? new Date(v[DATE_TAG]) : v)) as T;
}
