/**
 * XML written as UTF-8 bytes straight into one reused buffer: the sheet writer
 * puts each cell's tag, row number, shared-string index and number there as
 * digits, without a string per cell (a million-row sheet made ~25 million of
 * them, and their garbage collection also marked the whole input grid).
 * The bytes are exactly what encoding the same XML text would give: numbers
 * are written as String(n) writes them, text escaped by the writer's xmlText.
 */
import { ByteBuffer } from '../core/bytes';

/** Where full buffers go (a zip entry): handed over whole, a buffer to go on in given back. */
export interface ByteWriter {
  handOver(buf: Uint8Array, n: number): Promise<Uint8Array>;
}

const CHUNK = 1 << 20;
/** An XmlBytes buffer's starting size: a chunk, flushed once past 1 MB, and room beyond it. */
export const XML_BUFFER = CHUNK + (CHUNK >> 1);

export class XmlBytes extends ByteBuffer {
  /** size: the buffer's starting size (it grows as needed). */
  constructor(
    private readonly sink: ByteWriter,
    size = XML_BUFFER,
  ) {
    super(CHUNK, size);
  }

  /** Appends any text as UTF-8; true when the buffer is due to be flushed. */
  add(text: string): boolean {
    this.utf8(text);
    return this.full;
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

  /** Hands the bytes so far to the sink and starts again, in the buffer it gives back. */
  async flush(): Promise<void> {
    if (this.at === 0) return;
    const n = this.at;
    this.at = 0;
    this.buf = await this.sink.handOver(this.buf, n);
  }
}
