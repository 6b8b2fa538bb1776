/**
 * Text as UTF-8 bytes without a string per value: ASCII made once, whole
 * numbers and doubles written as digits straight into a byte buffer, exactly
 * as String(n) writes them, and ASCII tags as 32-bit words (putWords). The
 * XLSX sheet writer (files/write.ts, files/xml-bytes.ts) and the
 * JSON byte writer (core/json-bytes.ts) both write numbers through these.
 */

/** Below 2^52 the spacing of doubles is under 1, so c / 10^k names one double (see putNumber). */
const EXACT = 4503599627370496;
const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6];

/** The most bytes putNumber writes (String of a finite double is at most 25 characters). */
export const MAX_NUMBER = 32;
const digits = new Uint8Array(24);

/**
 * ASCII text made once as little-endian 32-bit words (the last one padded with
 * zeros), for putWords: a cell's opening tag, its style and type attributes.
 */
export class Words {
  constructor(
    /** The text's bytes, four to a word. */
    readonly w: Int32Array,
    /** How many bytes the text has. */
    readonly n: number,
  ) {}
}

export function asciiWords(s: string): Words {
  const w = new Int32Array((s.length + 3) >> 2);
  for (let i = 0; i < s.length; i++) w[i >> 2]! |= s.charCodeAt(i) << ((i & 3) << 3);
  return new Words(w, s.length);
}

/**
 * x's bytes into the buffer under dv at `at`, a word at a time; returns where
 * they end. Up to 3 bytes past the end are written too (the last word's
 * padding): the caller has made room for them, and whatever comes next
 * overwrites them (bytes past the writer's end are never handed on).
 */
export function putWords(dv: DataView, at: number, x: Words): number {
  const w = x.w;
  for (let i = 0; i < w.length; i++) dv.setInt32(at + (i << 2), w[i]!, true);
  return at + x.n;
}

/** A DataView over all of buf (for putWords). */
export function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** "00" to "99": two digits at a time. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + ((i / 10) | 0);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}
const INT_MAX = 2147483647;

/** How many decimal digits 0 <= y < 2^31 has. */
function digitCount(y: number): number {
  if (y < 1e5) return y < 10 ? 1 : y < 100 ? 2 : y < 1000 ? 3 : y < 1e4 ? 4 : 5;
  return y < 1e6 ? 6 : y < 1e7 ? 7 : y < 1e8 ? 8 : y < 1e9 ? 9 : 10;
}

/** The last `count` digits of 0 <= y < 2^31 (leading zeros kept), ending at `end`. */
function putDigitsTo(buf: Uint8Array, end: number, y: number, count: number): void {
  let p = end;
  const stop = end - count;
  while (p - stop >= 2) {
    const q = (y / 100) | 0;
    const r = (y - q * 100) << 1;
    buf[--p] = PAIRS[r + 1]!;
    buf[--p] = PAIRS[r]!;
    y = q;
  }
  if (p > stop) buf[--p] = 48 + (y % 10);
}

/** A whole number 0 <= n < 2^53 in decimal digits into buf at `at` (room for 16 bytes made); returns the end. */
export function putUint(buf: Uint8Array, at: number, n: number): number {
  if (n < 10) {
    buf[at] = 48 + n;
    return at + 1;
  }
  if (n <= INT_MAX) {
    const end = at + digitCount(n);
    putDigitsTo(buf, end, n, end - at);
    return end;
  }
  let len = 0;
  let x = n;
  while (x > INT_MAX) {
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
 *
 * Two fast paths come first, with the answer the loop would give: a whole
 * number below 2^31, and an amount in cents below 2^31 / 100 whose last cent
 * digit is not 0. For that amount k = 2 is the loop's first match: were
 * v = m / 10 (k = 1 or 0), v x 100 would be within 2^-21 of 10m (v below 2^25,
 * so v is within 2^-28 of m / 10), and c would end in 0.
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
  if (a <= INT_MAX) {
    if ((a | 0) === a) return putUint(buf, at, a);
    if (a < CENTS_MAX) {
      const c = Math.round(a * 100);
      if (c / 100 === a && c % 10 !== 0) return putFixed(buf, at, c, 2);
    }
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

/** Below this, an amount in cents is a whole number below 2^31. */
const CENTS_MAX = 21474836;

/** c / 10^k in fixed notation (c > 0, its last digit not 0). */
function putFixed(buf: Uint8Array, at: number, c: number, k: number): number {
  if (c <= INT_MAX) {
    // The whole part (0 when c < 10^k), a point, then k digits with their leading zeros.
    const p = POW10[k]!;
    const whole = (c / p) | 0;
    at = putUint(buf, at, whole);
    buf[at] = 46; // .
    const end = at + 1 + k;
    putDigitsTo(buf, end, c - whole * p, k);
    return end;
  }
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

/**
 * A growable byte buffer the byte writers share (the XLSX sheet writer's
 * XmlBytes, the JSON writer's JsonBytes): bytes appended at `at`, the buffer
 * due to be handed on once `chunk` bytes are in it.
 */
export class ByteBuffer {
  buf: Uint8Array;
  at = 0;

  /** chunk: the size at which the bytes are due to be handed on; size: the buffer's starting size (it grows as needed). */
  constructor(
    protected readonly chunk: number,
    size: number,
  ) {
    this.buf = new Uint8Array(size);
  }

  /** True when the bytes so far are due to be handed on. */
  get full(): boolean {
    return this.at >= this.chunk;
  }

  /** Room for n more bytes. */
  ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    bigger.set(this.buf.subarray(0, this.at));
    this.buf = bigger;
  }

  /** Appends bytes made once (a tag, a key, a value a writer repeats). */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (this.at + n > this.buf.length) this.ensure(n);
    const buf = this.buf;
    const at = this.at;
    if (n > 8) buf.set(b, at);
    else for (let i = 0; i < n; i++) buf[at + i] = b[i]!;
    this.at = at + n;
  }

  /** Appends any text as UTF-8 (a lone surrogate as U+FFFD, as TextEncoder writes it). */
  utf8(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit: encode in place when that surely fits.
    if (this.at + s.length * 3 > this.buf.length) this.ensure(s.length * 3);
    this.at = putUtf8(this.buf, this.at, s);
  }

  /** Appends a whole number 0 <= n < 2^53 in decimal digits. */
  uint(n: number): void {
    if (this.at + 16 > this.buf.length) this.ensure(16);
    this.at = putUint(this.buf, this.at, n);
  }
}
