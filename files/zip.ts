/**
 * A minimal streaming ZIP writer (DEFLATE entries with data descriptors): each
 * entry is compressed as its bytes arrive and handed to the sink, so nothing
 * holds a whole part in memory. No Node APIs: the command line compresses and
 * writes on a worker thread with zlib (an EntryCompressor), the browser uses
 * CompressionStream and the CRC-32 table below.
 */

/** Where the zip's bytes go (a file, an array of chunks). */
export interface ByteSink {
  write(bytes: Uint8Array): void | Promise<void>;
}

/** Raw DEFLATE (RFC 1951) over a stream of chunks; each call returns the output produced so far. */
export interface Deflater {
  push(chunk: Uint8Array): Uint8Array[] | Promise<Uint8Array[]>;
  finish(): Uint8Array[] | Promise<Uint8Array[]>;
}
export type DeflaterFactory = () => Deflater;
export type Crc32 = (bytes: Uint8Array, previous: number) => number;

/**
 * One entry's CRC-32 and DEFLATE done elsewhere (the command line's worker
 * thread), which also writes the compressed bytes itself: in order after every
 * byte the sink was given before, and before any it is given after. push and
 * finish tell how many compressed bytes were written since the last call; finish
 * also the entry's CRC-32.
 */
export interface EntryCompressor {
  push(chunk: Uint8Array): Promise<number>;
  /**
   * As push on buf's first n bytes, taking buf itself (no copy; the caller no
   * longer uses it); also gives back a buffer of at least buf's size to go on in.
   */
  handOver(buf: Uint8Array, n: number): Promise<{ written: number; next: Uint8Array }>;
  finish(): Promise<{ written: number; crc: number }>;
}

/** A file larger than the classic ZIP format holds (4 GiB per part or in all). */
export class ZipSizeError extends Error {}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE) in plain JavaScript, for hosts without a native one. */
export const crc32: Crc32 = (bytes, previous) => {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const t = crcTable;
  let c = ~previous;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
};

/** DEFLATE through the platform's CompressionStream (browsers, Web Workers, Node 20+). */
export const streamDeflater: DeflaterFactory = () => {
  const cs = new CompressionStream('deflate-raw');
  const writer = cs.writable.getWriter();
  const reader = cs.readable.getReader();
  const out: Uint8Array[] = [];
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      out.push(value);
    }
  })();
  return {
    async push(chunk) {
      // A copy: the caller reuses its buffer once this returns.
      await writer.write(chunk.slice() as Uint8Array<ArrayBuffer>);
      return out.splice(0);
    },
    async finish() {
      await writer.close();
      await reading;
      return out.splice(0);
    },
  };
};

const LIMIT = 0xffffffff;

interface Written {
  name: Uint8Array;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

export interface ZipOptions {
  deflater?: DeflaterFactory;
  crc32?: Crc32;
  /** Instead of deflater and crc32: entries compressed and written by another party (EntryCompressor). */
  compressor?: () => EntryCompressor;
}

export class ZipWriter {
  private offset = 0;
  private readonly done: Written[] = [];
  private readonly deflater: DeflaterFactory;
  private readonly crc: Crc32;
  private readonly compressor: (() => EntryCompressor) | undefined;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly sink: ByteSink,
    options: ZipOptions = {},
  ) {
    this.deflater = options.deflater ?? streamDeflater;
    this.crc = options.crc32 ?? crc32;
    this.compressor = options.compressor;
  }

  /** n more bytes in the zip (written or about to be). */
  private advance(n: number): void {
    this.offset += n;
    if (this.offset > LIMIT) {
      throw new ZipSizeError('the workbook would exceed 4 GiB, more than the XLSX format holds.');
    }
  }

  private async emit(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    this.advance(bytes.length);
    await this.sink.write(bytes);
  }

  /** Starts an entry; write its text or bytes in order, then close it before the next one. */
  async entry(path: string): Promise<ZipEntry> {
    const name = this.encoder.encode(path);
    const header = new Uint8Array(30 + name.length);
    const v = new DataView(header.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, 20, true); // version needed: 2.0
    v.setUint16(6, 0x0808, true); // sizes in a data descriptor; UTF-8 name
    v.setUint16(8, 8, true); // DEFLATE
    v.setUint16(10, 0, true); // time 00:00
    v.setUint16(12, 0x21, true); // date 1980-01-01: the same bytes for the same tables
    v.setUint16(26, name.length, true);
    header.set(name, 30);
    const offset = this.offset;
    await this.emit(header);
    const elsewhere = this.compressor?.();
    const deflate = elsewhere ? undefined : this.deflater();
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const put = async (outs: Uint8Array[]): Promise<void> => {
      for (const o of outs) {
        compressed += o.length;
        await this.emit(o);
      }
    };
    // Bytes the compressor wrote itself: counted, not emitted.
    const wrote = (n: number): void => {
      compressed += n;
      this.advance(n);
    };
    const count = (n: number): void => {
      size += n;
      if (size > LIMIT) {
        throw new ZipSizeError(
          `${path} would exceed 4 GiB of XML, more than the XLSX format holds.`,
        );
      }
    };
    const write = async (data: string | Uint8Array): Promise<void> => {
      const bytes = typeof data === 'string' ? this.encoder.encode(data) : data;
      if (bytes.length === 0) return;
      count(bytes.length);
      if (elsewhere) wrote(await elsewhere.push(bytes));
      else {
        crc = this.crc(bytes, crc);
        await put(await deflate!.push(bytes));
      }
    };
    return {
      write,
      handOver: async (buf: Uint8Array, n: number) => {
        if (!elsewhere) {
          await write(buf.subarray(0, n));
          return buf;
        }
        if (n === 0) return buf;
        count(n);
        const r = await elsewhere.handOver(buf, n);
        wrote(r.written);
        return r.next;
      },
      close: async () => {
        if (elsewhere) {
          const end = await elsewhere.finish();
          wrote(end.written);
          crc = end.crc;
        } else await put(await deflate!.finish());
        const d = new Uint8Array(16);
        const dv = new DataView(d.buffer);
        dv.setUint32(0, 0x08074b50, true);
        dv.setUint32(4, crc, true);
        dv.setUint32(8, compressed, true);
        dv.setUint32(12, size, true);
        await this.emit(d);
        this.done.push({ name, crc, compressed, size, offset });
      },
    };
  }

  /** Writes the central directory; the sink then holds a complete zip. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.done) {
      const h = new Uint8Array(46 + e.name.length);
      const v = new DataView(h.buffer);
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, 20, true);
      v.setUint16(6, 20, true);
      v.setUint16(8, 0x0808, true);
      v.setUint16(10, 8, true);
      v.setUint16(12, 0, true);
      v.setUint16(14, 0x21, true);
      v.setUint32(16, e.crc, true);
      v.setUint32(20, e.compressed, true);
      v.setUint32(24, e.size, true);
      v.setUint16(28, e.name.length, true);
      v.setUint32(42, e.offset, true);
      h.set(e.name, 46);
      await this.emit(h);
    }
    const end = new Uint8Array(22);
    const v = new DataView(end.buffer);
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, this.done.length, true);
    v.setUint16(10, this.done.length, true);
    v.setUint32(12, this.offset - start, true);
    v.setUint32(16, start, true);
    await this.emit(end);
  }
}

export interface ZipEntry {
  write(data: string | Uint8Array): Promise<void>;
  /**
   * Writes buf's first n bytes and gives back the buffer to go on in: buf
   * itself once its bytes are used, or (an EntryCompressor that takes buffers)
   * another, buf then being the compressor's.
   */
  handOver(buf: Uint8Array, n: number): Promise<Uint8Array>;
  close(): Promise<void>;
}
