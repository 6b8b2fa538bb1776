/**
 * Utilities.formatDate / parseDate as Apps Script does them (Java
 * SimpleDateFormat patterns in a named time zone), for the tokens the add-on
 * uses: yyyy MM dd HH mm ss SSS and 'quoted' literals.
 */
const TOKEN = /'[^']*'|yyyy|MM|dd|HH|mm|ss|SSS/g;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(date: Date, timeZone: string): WallClock {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(date)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
    ms: ((date.getTime() % 1000) + 1000) % 1000,
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function formatDate(date: Date, timeZone: string, pattern: string): string {
  const w = wallClock(date, timeZone);
  return pattern.replace(TOKEN, (t) => {
    switch (t) {
      case 'yyyy':
        return pad(w.year, 4);
      case 'MM':
        return pad(w.month, 2);
      case 'dd':
        return pad(w.day, 2);
      case 'HH':
        return pad(w.hour, 2);
      case 'mm':
        return pad(w.minute, 2);
      case 'ss':
        return pad(w.second, 2);
      case 'SSS':
        return pad(w.ms, 3);
      default:
        return t.slice(1, -1);
    }
  });
}

export function parseDate(text: string, timeZone: string, pattern: string): Date {
  const fields: Record<string, number> = { yyyy: 1970, MM: 1, dd: 1, HH: 0, mm: 0, ss: 0, SSS: 0 };
  let pos = 0;
  for (const m of pattern.matchAll(new RegExp(`${TOKEN.source}|.`, 'g'))) {
    const t = m[0];
    if (t.startsWith("'")) {
      pos += t.length - 2;
    } else if (t in fields) {
      const digits = /^\d+/.exec(text.slice(pos, pos + t.length))?.[0];
      if (!digits || digits.length !== t.length) throw new Error(`Unparseable date: "${text}"`);
      fields[t] = Number(digits);
      pos += t.length;
    } else {
      pos += t.length;
    }
  }
  return zonedDate(
    timeZone,
    fields.yyyy!,
    fields.MM!,
    fields.dd!,
    fields.HH!,
    fields.mm!,
    fields.ss!,
    fields.SSS!,
  );
}

/**
 * The instant a wall clock in a named zone stands for (month 1-12): 2024-03-15 00:00 in
 * America/Los_Angeles is 2024-03-15T07:00:00Z. How Sheets turns typed date text into a
 * date: in the spreadsheet's time zone.
 */
export function zonedDate(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // The zone's offset at the wanted wall clock: two rounds settle daylight-saving edges.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
    guess += asUtc - shown;
  }
  return new Date(guess);
}
