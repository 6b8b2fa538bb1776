/**
 * Bytes to stdout without blocking the main thread: process.stdout to a file
 * or a pipe writes synchronously on Linux, so `forecast --json` spent half a
 * second of its run in write(2) of its 100 MB. An OrderedWriter hands its
 * chunks to fs.write on libuv's thread pool, one write (or writev) at a time
 * so they land in order, with a bounded number of bytes waiting: the kernel
 * copies one batch while the main thread makes the next.
 *
 * A terminal, or a descriptor that fs.write cannot write (closed, or a pipe
 * with no room that process.stdout set non-blocking: EAGAIN), gets its bytes
 * through the fallback (process.stdout.write) instead, still in order. A
 * reader that stops early (`| head`: EPIPE) ends the run quietly, as before.
 * The order kept is the writer's own: nothing else may write to stdout
 * (process.stdout.write, console.log) from its first write() until end() has
 * resolved, or those bytes may land before the writer's.
 */
import { write as fsWrite, writev as fsWritev } from 'node:fs';
import { isatty } from 'node:tty';

export interface OrderedWriterOptions {
  /** Bytes queued or being written before write() waits (default 8 MB). */
  limit?: number;
  /** Writes bytes another way, resolving once they are written (default: process.stdout.write). */
  fallback?: (chunk: Uint8Array) => Promise<void>;
  /** The reader went away (EPIPE); default: exit 0. */
  onClosed?: () => void;
  /** Every chunk through the fallback (it always is for a terminal). */
  throughFallback?: boolean;
  /** Called with each chunk once it is written (its buffer may then be used again). */
  written?: (chunk: Uint8Array) => void;
  /** Writes chunks to fd, calling done with the bytes written (default fs.write / fs.writev). */
  writeFd?: WriteFd;
}

export type WriteFd = (
  fd: number,
  chunks: Uint8Array[],
  done: (err: NodeJS.ErrnoException | null, written: number) => void,
) => void;

const fsWriteFd: WriteFd = (fd, chunks, done) => {
  if (chunks.length === 1) fsWrite(fd, chunks[0]!, 0, chunks[0]!.length, null, done);
  else fsWritev(fd, chunks, null, done);
};

/** At most this many buffers per writev (IOV_MAX is 1024 on Linux). */
const MAX_BUFFERS = 256;

export class OrderedWriter {
  private readonly limit: number;
  private readonly fallback: (chunk: Uint8Array) => Promise<void>;
  private readonly onClosed: () => void;
  private readonly writeFd: WriteFd;
  private readonly release: (chunk: Uint8Array) => void;
  /** Chunks not yet handed to a write. */
  private queue: Uint8Array[] = [];
  /** Bytes queued or in a write not yet done. */
  private pending = 0;
  private busy = false;
  /** Every chunk goes to the fallback from now on (a terminal, or fs.write failed). */
  private viaFallback: boolean;
  private wrote = false;
  private failure: unknown = null;
  private room: { resolve: () => void; reject: (e: unknown) => void } | null = null;
  private idle: { resolve: () => void; reject: (e: unknown) => void } | null = null;

  constructor(
    private readonly fd: number,
    options: OrderedWriterOptions = {},
  ) {
    this.limit = options.limit ?? 8 << 20;
    this.fallback = options.fallback ?? stdoutWrite;
    this.onClosed = options.onClosed ?? (() => process.exit(0));
    this.writeFd = options.writeFd ?? fsWriteFd;
    this.release = options.written ?? (() => undefined);
    this.viaFallback = options.throughFallback === true || isatty(fd);
  }

  /**
   * Queues a chunk (the writer keeps it until written: do not change it);
   * resolves at once while fewer than `limit` bytes wait, else when they drop below.
   */
  write(chunk: Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (chunk.length === 0) return Promise.resolve();
    this.queue.push(chunk);
    this.pending += chunk.length;
    if (!this.busy) this.next([]);
    if (this.pending < this.limit) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.room = { resolve, reject };
    });
  }

  /** Resolves when every chunk is written. */
  end(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.idle = { resolve, reject };
    });
  }

  /** Starts the next write: `rest` (what a short write left) then the queue. */
  private next(rest: Uint8Array[]): void {
    const batch = rest.length ? rest.concat(this.queue) : this.queue;
    this.queue = batch.length > MAX_BUFFERS ? batch.splice(MAX_BUFFERS) : [];
    if (batch.length === 0) {
      this.busy = false;
      this.idle?.resolve();
      this.idle = null;
      return;
    }
    this.busy = true;
    if (this.viaFallback) {
      this.throughFallback(batch);
      return;
    }
    this.writeFd(this.fd, batch, (err, n) => this.written(batch, err, n));
  }

  private written(batch: Uint8Array[], err: NodeJS.ErrnoException | null, n: number): void {
    if (err) {
      if (err.code === 'EPIPE') {
        this.closed(err);
        return;
      }
      // No room in a non-blocking pipe: this batch through the fallback, which waits for room.
      // Anything else: fs.write does not suit this descriptor; the fallback writes (or reports) it all.
      if (err.code !== 'EAGAIN') this.viaFallback = true;
      this.throughFallback(batch);
      return;
    }
    this.wrote = true;
    this.done(n);
    let left = n;
    let k = 0;
    while (k < batch.length && left >= batch[k]!.length) {
      left -= batch[k]!.length;
      this.release(batch[k++]!);
    }
    const rest = batch.slice(k);
    if (left > 0) rest[0] = rest[0]!.subarray(left);
    this.next(rest);
  }

  private throughFallback(batch: Uint8Array[]): void {
    let n = 0;
    for (const b of batch) n += b.length;
    const all = batch.length === 1 ? batch[0]! : Buffer.concat(batch);
    this.fallback(all).then(
      () => {
        for (const b of batch) this.release(b);
        this.done(n);
        this.next([]);
      },
      (e: unknown) => {
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') this.closed(e);
        else this.fail(e);
      },
    );
  }

  /** n bytes written: wakes a writer waiting for room. */
  private done(n: number): void {
    this.pending -= n;
    if (this.room && this.pending < this.limit) {
      this.room.resolve();
      this.room = null;
    }
  }

  /** The reader went away: onClosed (which exits, unless a test says otherwise), then no more writes. */
  private closed(e: unknown): void {
    this.onClosed();
    this.fail(e);
  }

  private fail(e: unknown): void {
    this.failure = e;
    this.busy = false;
    this.queue = [];
    this.room?.reject(e);
    this.idle?.reject(e);
    this.room = this.idle = null;
  }

  /** Whether any bytes went through fs.write (for tests). */
  get direct(): boolean {
    return this.wrote;
  }
}

/**
 * A writer to stdout (fd 1). Where process.stdout.write has been replaced (a
 * test capturing the output, or any wrapper), or process.stdout still holds
 * bytes written before (they must come first), the bytes go through it.
 * Nothing else may write to stdout until its end() has resolved.
 */
export function stdoutWriter(options: OrderedWriterOptions = {}): OrderedWriter {
  const replaced = Object.prototype.hasOwnProperty.call(process.stdout, 'write');
  const held = process.stdout.writableLength > 0;
  return new OrderedWriter(1, {
    ...options,
    throughFallback: options.throughFallback === true || replaced || held,
  });
}

/** Bytes through process.stdout, resolved once written. */
function stdoutWrite(chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(chunk, (err) => (err ? reject(err) : resolve()));
  });
}
