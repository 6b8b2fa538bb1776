/**
 * XML written as UTF-8 bytes straight into one reused buffer: the sheet writer
 * puts each cell's tag, row number, shared-string index and number there as
 * digits, without a string per cell (a million-row sheet made ~25 million of
 * them, and their garbage collection also marked the whole input grid).
 * The bytes are exactly what encoding the same XML text would give: numbers
 * are written as String(n) writes them, text escaped by the writer's xmlText.
 */

/** Where full buffers go (a zip entry). */
export interface ByteWriter {
  write(bytes: Uint8Array): Promise<void>;
}

const CHUNK = 1 << 20;
const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6];
/** Below 2^52 the spacing of doubles is under 1, so c / 10^k names one double (see writeNumber). */
const EXACT = 4503599627370496;

export class XmlBytes {
  buf: Uint8Array;
  at = 0;
  private readonly encoder = new TextEncoder();

  /** size: the buffer's starting size (it grows as needed). */
  constructor(
    private readonly sink: ByteWriter,
    size = CHUNK + (CHUNK >> 1),
  ) {
    this.buf = new Uint8Array(size);
  }

  /** True when the buffer is due to be flushed. */
  get full(): boolean {
    return this.at >= CHUNK;
  }

  /** Room for n more bytes. */
  ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    bigger.set(this.buf.subarray(0, this.at));
    this.buf = bigger;
  }

  /** Appends any text as UTF-8; true when the buffer is due to be flushed. */
  add(text: string): boolean {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit: encode in place when that surely fits.
    if (this.at + text.length * 3 > this.buf.length) this.ensure(text.length * 3);
    this.at += this.encoder.encodeInto(text, this.buf.subarray(this.at)).written;
    return this.at >= CHUNK;
  }

  /** Appends bytes made once (a cell's opening tag, a style attribute). */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (this.at + n > this.buf.length) this.ensure(n);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < n; i++) buf[at++] = b[i]!;
    this.at = at;
  }

  /**
   * Appends text that needs no escaping as XML content (ASCII, no &<>", no control
   * characters, no _x escape look-alike, no space at either end); false, with nothing
   * written, for any other text.
   */
  plain(s: string): boolean {
    const n = s.length;
    if (n === 0) return true;
    if (s.charCodeAt(0) <= 32 || s.charCodeAt(n - 1) <= 32) return false;
    if (this.at + n > this.buf.length) this.ensure(n);
    const buf = this.buf;
    const at = this.at;
    for (let i = 0; i < n; i++) {
      const ch = s.charCodeAt(i);
      if (
        ch >= 127 ||
        ch < 32 ||
        ch === 38 /* & */ ||
        ch === 60 /* < */ ||
        ch === 62 /* > */ ||
        ch === 34 /* " */ ||
        (ch === 95 /* _ */ && s.charCodeAt(i + 1) === 120) /* x */
      )
        return false;
      buf[at + i] = ch;
    }
    this.at = at + n;
    return true;
  }

  /** Appends a whole number 0 <= n < 2^53 in decimal digits. */
  uint(n: number): void {
    if (this.at + 16 > this.buf.length) this.ensure(16);
    this.at = putUint(this.buf, this.at, n);
  }

  /** Appends a finite number exactly as String(v) writes it (putNumber). */
  number(v: number): void {
    if (this.at + MAX_NUMBER > this.buf.length) this.ensure(MAX_NUMBER);
    this.at = putNumber(this.buf, this.at, v);
  }

  /** Hands the bytes so far to the sink and starts the buffer again. */
  async flush(): Promise<void> {
    if (this.at === 0) return;
    const n = this.at;
    this.at = 0;
    await this.sink.write(this.buf.subarray(0, n));
  }
}

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
