/**
 * Text as UTF-8 bytes without a string per value: ASCII made once, whole
 * numbers and doubles written as digits straight into a byte buffer, exactly
 * as String(n) writes them. The XLSX sheet writer (files/xml-bytes.ts) and the
 * JSON byte writer (core/json-bytes.ts) both write numbers through these.
 */

/** Below 2^52 the spacing of doubles is under 1, so c / 10^k names one double (see putNumber). */
const EXACT = 4503599627370496;
const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6];

/** ASCII text as bytes, made once (tags and attributes the writer repeats). */
export function asciiBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** The most bytes putNumber writes (String of a finite double is at most 25 characters). */
export const MAX_NUMBER = 32;
const digits = new Uint8Array(24);

/** b into buf at `at`; returns where it ends. The caller has made room. */
export function putBytes(buf: Uint8Array, at: number, b: Uint8Array): number {
  const n = b.length;
  for (let i = 0; i < n; i++) buf[at + i] = b[i]!;
  return at + n;
}

/** A whole number 0 <= n < 2^53 in decimal digits into buf at `at` (room for 16 bytes made); returns the end. */
export function putUint(buf: Uint8Array, at: number, n: number): number {
  if (n < 10) {
    buf[at] = 48 + n;
    return at + 1;
  }
  let len = 0;
  let x = n;
  while (x > 2147483647) {
    const r = x % 10;
    digits[len++] = 48 + r;
    x = (x - r) / 10;
  }
  let y = x | 0;
  while (y > 0) {
    const q = (y / 10) | 0;
    digits[len++] = 48 + (y - q * 10);
    y = q;
  }
  while (len > 0) buf[at++] = digits[--len]!;
  return at;
}

/**
 * A finite number exactly as String(v) writes it, into buf at `at` (room for
 * MAX_NUMBER bytes made); returns the end. Most numbers of a forecast are whole
 * or have a few decimals (money, probabilities, day serials): for those the
 * digits come from the integer c = v x 10^k (k <= 6) when c / 10^k gives back
 * v. That decimal is then the shortest one that reads back as v, which is what
 * String(v) writes: below 2^52 doubles are less than 10^-k apart there, so no
 * other decimal of k places reads as v, and any decimal with more places needs
 * more digits. Other numbers (1/3, 1e-7, 1e21) go through String(v).
 */
export function putNumber(buf: Uint8Array, at: number, v: number): number {
  if (v === 0) {
    buf[at] = 48; // -0 too, as String(-0) is "0"
    return at + 1;
  }
  let a = v;
  if (a < 0) {
    buf[at++] = 45; // -
    a = -a;
  }
  if (a >= 1e-6) {
    for (let k = 0; k < 7; k++) {
      const p = POW10[k]!;
      const scaled = a * p;
      if (scaled >= EXACT) break;
      const c = Math.round(scaled);
      if (c / p === a) return k === 0 ? putUint(buf, at, c) : putFixed(buf, at, c, k);
    }
  }
  const s = String(a);
  for (let i = 0; i < s.length; i++) buf[at + i] = s.charCodeAt(i);
  return at + s.length;
}

/** c / 10^k in fixed notation (c > 0, its last digit not 0). */
function putFixed(buf: Uint8Array, at: number, c: number, k: number): number {
  let len = 0;
  let x = c;
  while (x > 0) {
    const r = x % 10;
    digits[len++] = 48 + r;
    x = (x - r) / 10;
  }
  if (len <= k) {
    buf[at++] = 48; // 0
    buf[at++] = 46; // .
    for (let z = len; z < k; z++) buf[at++] = 48;
    while (len > 0) buf[at++] = digits[--len]!;
  } else {
    while (len > k) buf[at++] = digits[--len]!;
    buf[at++] = 46;
    while (len > 0) buf[at++] = digits[--len]!;
  }
  return at;
}

/**
 * Text as UTF-8 into buf at `at` (room for 3 bytes per UTF-16 code unit made);
 * returns the end. A lone surrogate becomes U+FFFD, as TextEncoder writes it.
 */
export function putUtf8(buf: Uint8Array, at: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[at++] = c;
      continue;
    }
    if (c < 0x800) {
      buf[at++] = 0xc0 | (c >> 6);
      buf[at++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c < 0xe000) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c < 0xdc00 && d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        buf[at++] = 0xf0 | (c >> 18);
        buf[at++] = 0x80 | ((c >> 12) & 63);
        buf[at++] = 0x80 | ((c >> 6) & 63);
        buf[at++] = 0x80 | (c & 63);
        continue;
      }
      c = 0xfffd;
    }
    buf[at++] = 0xe0 | (c >> 12);
    buf[at++] = 0x80 | ((c >> 6) & 63);
    buf[at++] = 0x80 | (c & 63);
  }
  return at;
}

/** Text as UTF-8 bytes, made once. */
export function utf8Bytes(s: string): Uint8Array {
  const buf = new Uint8Array(s.length * 3);
  return buf.slice(0, putUtf8(buf, 0, s));
}
