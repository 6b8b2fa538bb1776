/**
 * The workbook's compression and file writes on a worker thread, so the main
 * thread of `forecast --out` only makes XML. The worker owns the file's writes:
 * the zip's headers (ZipWriter's sink) and each entry's compressed bytes
 * (ZipWriter's EntryCompressor) go to it as ordered messages; for each 1 MB
 * chunk of XML it computes the CRC-32, deflates the chunk exactly as
 * zlibDeflater does in thread (the same bytes; on libuv's thread pool, as many
 * chunks at once as there are cores besides the main thread's, so deflating
 * never takes the core that makes the XML), and
 * writes the results in order. The chunks travel in buffers that are
 * transferred, not copied: the XML writer's own buffer is handed over whole
 * (handOver) and it goes on in one handed back; at most POOL chunks (6 MB) in flight.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ZlibOptions } from 'node:zlib';
import { XML_BUFFER as BUFFER } from '../../files/xml-bytes';
import type { ByteSink, EntryCompressor } from '../../files/zip';

/** Chunks in flight in the worker: being deflated, or written and on their way back. */
const POOL = 4;

export interface WorkerDeflate {
  /** Options of deflateRaw for each chunk (a sync flush: the chunks concatenate). */
  chunk: ZlibOptions;
  /** Options of deflateRawSync on no bytes: the final empty block that ends an entry. */
  last: ZlibOptions;
}

/**
 * The worker's code, run from this string (no file to find beside the bundle,
 * the same under tsx and jest). Plain JavaScript: only Node's fs and zlib.
 * An error (a full disk) is reported once; the worker then does nothing more.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { crc32, deflateRaw, deflateRawSync } = require('node:zlib');
const { fd, deflate, deflates } = workerData;
let crc = 0;
let failed = false;
// The messages in order; a chunk waits in it until its deflate is done.
const queue = [];
const write = (b) => {
  let at = 0;
  while (at < b.length) at += writeSync(fd, b, at, b.length - at);
};
const fail = (e) => {
  if (failed) return;
  failed = true;
  const x = e || {};
  parentPort.postMessage({
    t: 'error',
    name: x.name,
    message: String(x.message ?? x),
    code: x.code,
    errno: x.errno,
    syscall: x.syscall,
  });
};
const drain = () => {
  try {
    while (!failed && queue.length && queue[0].ready) {
      const m = queue.shift();
      if (m.t === 'chunk') {
        write(m.out);
        parentPort.postMessage({ t: 'done', b: m.b, written: m.out.length }, [m.b]);
      } else if (m.t === 'bytes') write(m.b);
      else if (m.t === 'end') {
        const out = deflateRawSync(new Uint8Array(0), deflate.last);
        write(out);
        parentPort.postMessage({ t: 'entry', crc: m.crc, written: out.length });
      } else if (m.t === 'close') parentPort.postMessage({ t: 'closed' });
    }
  } catch (e) {
    fail(e);
  }
};
// Chunks waiting for a deflate to start, and how many deflates are running.
const waiting = [];
let running = 0;
const start = () => {
  while (!failed && running < deflates && waiting.length) {
    const m = waiting.shift();
    running++;
    deflateRaw(new Uint8Array(m.b, 0, m.n), deflate.chunk, (e, out) => {
      running--;
      if (e) return fail(e);
      m.out = out;
      m.ready = true;
      drain();
      start();
    });
  }
};
parentPort.on('message', (m) => {
  if (failed) return;
  queue.push(m);
  if (m.t === 'chunk') {
    crc = crc32(new Uint8Array(m.b, 0, m.n), crc);
    waiting.push(m);
    start();
    return;
  }
  if (m.t === 'end') {
    m.crc = crc;
    crc = 0;
  }
  m.ready = true;
  drain();
});
`;

type Reply =
  | { t: 'done'; b: ArrayBuffer; written: number }
  | { t: 'entry'; crc: number; written: number }
  | { t: 'closed' }
  | { t: 'error'; name?: string; message: string; code?: string; errno?: number; syscall?: string };

/** The worker's error as the main thread would have thrown it (the same message and code). */
function errorOf(r: Extract<Reply, { t: 'error' }>): Error {
  const e = new Error(r.message) as NodeJS.ErrnoException;
  if (r.name) e.name = r.name;
  if (r.code !== undefined) e.code = r.code;
  if (r.errno !== undefined) e.errno = r.errno;
  if (r.syscall !== undefined) e.syscall = r.syscall;
  return e;
}

/**
 * A worker writing one zip to the open file fd: `sink` and `compressor` are
 * ZipWriter's sink and compressor option. The caller opens and closes fd; call
 * close() once the zip is finished (every byte written), or stop() to abandon it.
 */
export class ZipWorker {
  readonly sink: ByteSink;
  readonly compressor: () => EntryCompressor;
  private readonly worker: Worker;
  /** Buffers handed back, for the next chunks (at most POOL kept). */
  private readonly free: ArrayBuffer[] = [];
  /** Chunks sent and not yet handed back. */
  private inFlight = 0;
  private written = 0;
  private failure: Error | undefined;
  private ending = false;
  /** The one reply awaited (the zip writer awaits each call before the next). */
  private waiting:
    { for: Reply['t']; ok: (r: Reply) => void; fail: (e: Error) => void } | undefined;

  constructor(fd: number, deflate: WorkerDeflate) {
    this.worker = new Worker(WORKER, {
      eval: true,
      // Deflates at once: the cores the main thread leaves (one on a 2-core machine, so
      // the thread making the XML keeps a core of its own).
      workerData: { fd, deflate, deflates: Math.max(1, availableParallelism() - 1) },
      // Plain JavaScript: no loader (tsx) of the parent's.
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    this.worker.on('message', (r: Reply) => this.reply(r));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      if (!this.ending) this.fail(new Error(`the workbook writer stopped (exit code ${code}).`));
    });
    this.sink = {
      write: (bytes) => {
        this.check();
        this.worker.postMessage({ t: 'bytes', b: bytes.slice() });
      },
    };
    this.compressor = () => ({
      push: async (chunk) => {
        this.check();
        const b = await this.buffer(chunk.length);
        new Uint8Array(b, 0, chunk.length).set(chunk);
        this.send(b, chunk.length);
        return this.take();
      },
      handOver: async (buf, n) => {
        this.check();
        const whole = buf.buffer;
        // Only a whole, transferable ArrayBuffer is taken; anything else is copied.
        if (
          !(whole instanceof ArrayBuffer) ||
          buf.byteOffset !== 0 ||
          buf.byteLength !== whole.byteLength
        ) {
          const b = await this.buffer(n);
          new Uint8Array(b, 0, n).set(buf.subarray(0, n));
          this.send(b, n);
          return { written: this.take(), next: buf };
        }
        const size = buf.length;
        this.send(whole, n);
        const next = new Uint8Array(await this.buffer(size));
        return { written: this.take(), next };
      },
      finish: async () => {
        this.check();
        this.worker.postMessage({ t: 'end' });
        const r = (await this.wait('entry')) as Extract<Reply, { t: 'entry' }>;
        return { written: this.take(), crc: r.crc };
      },
    });
  }

  /** Waits until the worker has written everything, then ends it. */
  async close(): Promise<void> {
    this.check();
    this.worker.postMessage({ t: 'close' });
    await this.wait('closed');
    this.ending = true;
    await this.worker.terminate();
  }

  /** Ends the worker now (after a failure); resolves once it no longer writes. */
  async stop(): Promise<void> {
    this.ending = true;
    await this.worker.terminate();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private take(): number {
    const n = this.written;
    this.written = 0;
    return n;
  }

  /** A chunk of b's first n bytes to the worker, b transferred. */
  private send(b: ArrayBuffer, n: number): void {
    this.inFlight++;
    this.worker.postMessage({ t: 'chunk', b, n }, [b]);
  }

  /**
   * A buffer of at least n bytes, once fewer than POOL chunks are in flight: one
   * handed back, else a new one (those handed back too small are dropped).
   */
  private async buffer(n: number): Promise<ArrayBuffer> {
    while (this.inFlight >= POOL) await this.wait('done');
    for (;;) {
      const b = this.free.pop();
      if (!b) return new ArrayBuffer(Math.max(n, BUFFER));
      if (b.byteLength >= n) return b;
    }
  }

  private wait(what: Reply['t']): Promise<Reply> {
    // A failure reported before the wait began: no reply will come.
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((ok, fail) => {
      this.waiting = { for: what, ok, fail };
    });
  }

  private reply(r: Reply): void {
    if (r.t === 'error') return this.fail(errorOf(r));
    if (r.t === 'done') {
      this.inFlight--;
      if (this.free.length < POOL) this.free.push(r.b);
      this.written += r.written;
    } else if (r.t === 'entry') this.written += r.written;
    const w = this.waiting;
    if (w && w.for === r.t) {
      this.waiting = undefined;
      w.ok(r);
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const w = this.waiting;
    this.waiting = undefined;
    w?.fail(this.failure);
  }
}
