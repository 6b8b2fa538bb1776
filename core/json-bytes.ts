/**
 * JSON written as UTF-8 bytes straight into a buffer: the command line's
 * `--json` writes a million-row sheet's issues (and deal records) this way,
 * with the constant parts made once as bytes, numbers as digits and plain
 * ASCII strings copied code unit by code unit, without a string per value.
 * The bytes are exactly the UTF-8 of what JSON.stringify writes: any string
 * that is not plain ASCII, or needs an escape, goes through JSON.stringify.
 */
import type { CellValue } from './cells';
import { ByteBuffer, MAX_NUMBER, putNumber, utf8Bytes } from './bytes';

/** The size at which a JsonBytes is due to be taken (see full). */
const JSON_CHUNK = 1 << 20;

const NULL = utf8Bytes('null');
const TRUE = utf8Bytes('true');
const FALSE = utf8Bytes('false');

export class JsonBytes extends ByteBuffer {
  /** Buffers given back, for take() to use again. */
  private readonly free: Uint8Array[] = [];
  /** Date cells as JSON, by time (a sheet's dates repeat). */
  private readonly dates = new Map<number, Uint8Array>();

  /**
   * chunk: the size at which the bytes are due to be taken; size: each
   * buffer's starting size (it grows as needed).
   */
  constructor(
    chunk = JSON_CHUNK,
    private readonly size = chunk + (chunk >> 2),
  ) {
    super(chunk, size);
  }

  /** The bytes so far; writing goes on in a new buffer (the one returned is the caller's to keep). */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.at);
    this.buf = this.free.pop() ?? new Uint8Array(this.size);
    this.at = 0;
    return out;
  }

  /**
   * Gives back the buffer of a chunk taken before, once its bytes are written
   * and nothing reads it any more: a later take() starts a new buffer in it
   * (a fresh one would be zeroed and faulted in, page by page).
   */
  give(chunk: Uint8Array): void {
    if (chunk.buffer.byteLength === this.size && this.free.length < 16 && chunk.byteOffset === 0)
      this.free.push(new Uint8Array(chunk.buffer));
  }

  /** Appends s as JSON.stringify(s) writes it. */
  string(s: string): void {
    const n = s.length;
    if (this.at + n + 2 > this.buf.length) this.ensure(n + 2);
    const buf = this.buf;
    let at = this.at;
    buf[at++] = 34; // "
    for (let i = 0; i < n; i++) {
      const ch = s.charCodeAt(i);
      // Control characters, " and \ are escaped; beyond ASCII is UTF-8 (or an escaped lone surrogate).
      if (ch < 32 || ch > 126 || ch === 34 || ch === 92) {
        this.utf8(JSON.stringify(s));
        return;
      }
      buf[at++] = ch;
    }
    buf[at++] = 34;
    this.at = at;
  }

  /** Appends a number as JSON.stringify writes it (null for NaN and the infinities). */
  number(v: number): void {
    if (this.at + MAX_NUMBER > this.buf.length) this.ensure(MAX_NUMBER);
    if (v - v === 0) this.at = putNumber(this.buf, this.at, v);
    else this.bytes(NULL);
  }

  null(): void {
    this.bytes(NULL);
  }

  boolean(b: boolean): void {
    this.bytes(b ? TRUE : FALSE);
  }

  /**
   * Appends a sheet cell as JSON.stringify writes it with the outputs' date
   * replacer (dateReplacer): dates as "YYYY-MM-DD", an invalid date as null.
   */
  cell(v: CellValue | undefined): void {
    if (typeof v === 'string') this.string(v);
    else if (typeof v === 'number') this.number(v);
    else if (v === null || v === undefined) this.bytes(NULL);
    else if (typeof v === 'boolean') this.boolean(v);
    else this.date(v);
  }

  private date(d: Date): void {
    const t = d.getTime();
    if (t !== t) {
      this.bytes(NULL);
      return;
    }
    let b = this.dates.get(t);
    if (b === undefined) {
      b = jsonBytes(JSON.stringify(d.toISOString().slice(0, 10)));
      if (this.dates.size < 100_000) this.dates.set(t, b);
    }
    this.bytes(b);
  }
}

/** JSON text as UTF-8 bytes, made once (keys, and values a writer repeats). */
export const jsonBytes = utf8Bytes;
