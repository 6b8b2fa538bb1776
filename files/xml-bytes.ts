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
