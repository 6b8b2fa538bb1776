/**
 * `forecast --out FILE.xlsx`: where the workbook may go (checked before any
 * input is read) and writing it safely: streamed into a temp file beside the
 * target, then renamed over it, so an interrupted run never leaves half a
 * workbook and never touches the user's input files.
 */
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  constants as zlibConstants,
  crc32 as nodeCrc32,
  deflateRaw,
  deflateRawSync,
} from 'node:zlib';
import type { OutputSource } from '../../core/output';
import { writeWorkbookTo, type WriteReport } from '../../files/write';
import { crc32 as jsCrc32, type DeflaterFactory, type ZipOptions } from '../../files/zip';
import { UsageError } from './usage';
import { ZipWorker, type WorkerDeflate } from './zip-worker';

/**
 * zlib's DEFLATE at level 1 (XML compresses well even so, and the level sets
 * the write speed). Each chunk is deflated on its own and ends on a byte
 * boundary without the final bit (a sync flush), so the chunks concatenate
 * into one valid stream and can be compressed in parallel. The command line
 * does this, the CRC-32 and the file writes on a worker thread (ZipWorker);
 * zlibDeflater is the same in thread: up to IN_FLIGHT chunks at once on
 * libuv's thread pool while the next rows become XML.
 */
const IN_FLIGHT = 3;
// A 1 MB chunk deflates to about 170 KB: one output buffer of 256 KB takes it whole,
// where zlib's default 16 KB made a dozen callbacks on the main thread per chunk.
const deflateOptions = {
  level: 1,
  finishFlush: zlibConstants.Z_SYNC_FLUSH,
  chunkSize: 1 << 18,
};
// The final empty block that ends an entry's stream.
const lastBlock = { level: 1 };

export const zlibDeflater: DeflaterFactory = () => {
  const pending: Promise<Uint8Array>[] = [];
  const start = (chunk: Uint8Array): Promise<Uint8Array> =>
    new Promise((ok, fail) =>
      deflateRaw(chunk, deflateOptions, (e, out) => (e ? fail(e) : ok(out))),
    );
  return {
    async push(chunk) {
      // The chunk's bytes must outlive this call: the caller may reuse its buffer.
      pending.push(start(chunk.slice()));
      const done: Uint8Array[] = [];
      while (pending.length > IN_FLIGHT) done.push(await pending.shift()!);
      return done;
    },
    async finish() {
      const done: Uint8Array[] = [];
      while (pending.length) done.push(await pending.shift()!);
      done.push(deflateRawSync(new Uint8Array(0), lastBlock));
      return done;
    },
  };
};

const nativeCrc = typeof nodeCrc32 === 'function';
const crc = nativeCrc ? nodeCrc32 : jsCrc32;
/** The same deflate in the worker (ZipWorker). */
export const workerDeflate: WorkerDeflate = { chunk: deflateOptions, last: lastBlock };

function sameFile(a: string, b: string): boolean {
  try {
    if (realpathSync(a) === realpathSync(b)) return true;
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino; // hard links
  } catch {
    return false;
  }
}

/**
 * Refuses an --out the run must not write: empty, not .xlsx, in a missing or
 * read-only folder, a read-only or non-regular file, or one of the run's own
 * input files (compared by real path and inode). Returns the absolute target.
 */
export function checkOutTarget(
  out: string | undefined,
  inputs: { what: string; path: string | undefined }[],
): string | undefined {
  if (out === undefined) return undefined;
  if (out.trim() === '')
    throw new UsageError('--out "": give the path of the .xlsx workbook to write.');
  if (!/\.xlsx$/i.test(out)) throw new UsageError(`--out ${out}: the output is an .xlsx workbook.`);
  const target = resolve(out);
  const dir = dirname(target);
  if (!existsSync(dir)) throw new UsageError(`--out ${out}: the folder ${dir} does not exist.`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`--out ${out}: ${dir} is not a folder.`);
  for (const input of inputs) {
    if (input.path !== undefined && existsSync(input.path) && sameFile(target, input.path)) {
      throw new UsageError(
        `--out ${out}: that is the ${input.what} (${input.path}); the output never replaces an input file.`,
      );
    }
  }
  if (existsSync(target)) {
    const st = statSync(target);
    if (st.isDirectory()) throw new UsageError(`--out ${out}: is a folder, not a file.`);
    if (!st.isFile()) throw new UsageError(`--out ${out}: is not a regular file.`);
    // The mode bits too: a superuser may write anywhere, but read-only means "keep".
    let writable = (st.mode & 0o222) !== 0;
    try {
      accessSync(target, constants.W_OK);
    } catch {
      writable = false;
    }
    if (!writable) throw new UsageError(`--out ${out}: the file is read-only; it is not replaced.`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`--out ${out}: the folder ${dir} is not writable.`);
  }
  return target;
}

const TMP = /^(.*)\.(\d+)\.tmp$/;

/** Temp files a killed run left beside this target (their process is gone): removed. */
export function removeStaleTemps(target: string): string[] {
  const dir = dirname(target);
  const name = basename(target);
  const removed: string[] = [];
  for (const f of readdirSync(dir)) {
    const m = TMP.exec(f);
    if (!m || m[1] !== name) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || alive(pid)) continue;
    try {
      unlinkSync(join(dir, f));
      removed.push(f);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A worker writing to fd, or undefined where none may start (Node's permission
 * model without --allow-worker): the workbook is then written in thread, the same bytes.
 */
function startWorker(fd: number): ZipWorker | undefined {
  try {
    return new ZipWorker(fd, workerDeflate);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_ACCESS_DENIED') return undefined;
    throw e;
  }
}

/**
 * Streams the workbook into `target.PID.tmp`, then renames it over target. On
 * any failure, or Ctrl-C, the temp file is removed and target is untouched.
 * inThread: compress and write on the main thread, not a worker (the same bytes).
 */
export async function writeOutWorkbook(
  target: string,
  sources: OutputSource[],
  onProgress?: (done: number, total: number) => void,
  inThread = false,
): Promise<WriteReport> {
  removeStaleTemps(target);
  const tmp = `${target}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'wx');
  let closed = false;
  const cleanUp = (): void => {
    if (!closed) {
      closed = true;
      closeSync(fd);
    }
    if (existsSync(tmp)) unlinkSync(tmp);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanUp();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let worker: ZipWorker | undefined;
  try {
    // With Node's native CRC-32 (20.15 and later), compression and writes go to a worker thread.
    if (!inThread && nativeCrc) worker = startWorker(fd);
    const zip: ZipOptions = worker
      ? { compressor: worker.compressor }
      : { deflater: zlibDeflater, crc32: crc };
    const sink = worker?.sink ?? {
      write: (bytes: Uint8Array) => {
        let at = 0;
        while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      },
    };
    const report = await writeWorkbookTo(sources, sink, { ...zip, onProgress });
    await worker?.close();
    closed = true;
    closeSync(fd);
    renameSync(tmp, target);
    return report;
  } catch (e) {
    // The worker stopped first: no write of its may land after the file is closed.
    await worker?.stop();
    cleanUp();
    throw e;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
