/**
 * The ordered asynchronous writer behind `forecast --json` (cli/ordered-writer.ts):
 * chunks land in order through short writes, a full pipe (EAGAIN), a descriptor
 * fs.write cannot use, and a reader that goes away (EPIPE); write() waits
 * while `limit` bytes are pending.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import fc from 'fast-check';
import { OrderedWriter, stdoutWriter, type WriteFd } from '../../cli/ordered-writer';

const root = join(__dirname, '..', '..');

/** Chunks of pseudo-random bytes and sizes (1 to max bytes), seeded. */
function chunksOf(count: number, max: number, seed = 1): Uint8Array[] {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  return Array.from({ length: count }, () => {
    const b = new Uint8Array(1 + (next() % max));
    for (let i = 0; i < b.length; i++) b[i] = next() & 255;
    return b;
  });
}

const concat = (chunks: readonly Uint8Array[]): Buffer => Buffer.concat(chunks);

/** A fake descriptor: its bytes in the order written, and a script for each call. */
function fakeFd(script: (call: number, bytes: number) => number | string) {
  const log: Uint8Array[] = [];
  let calls = 0;
  let busy = false;
  const writeFd: WriteFd = (_fd, chunks, done) => {
    // One write at a time, as order requires.
    expect(busy).toBe(false);
    busy = true;
    const all = concat(chunks);
    const outcome = script(calls++, all.length);
    setImmediate(() => {
      busy = false;
      if (typeof outcome === 'string') {
        done(Object.assign(new Error(outcome), { code: outcome }), 0);
        return;
      }
      const n = Math.min(outcome, all.length);
      log.push(all.subarray(0, n));
      done(null, n);
    });
  };
  return { log, writeFd, calls: () => calls };
}

/** A fallback that records its bytes into the same log, later in time. */
function fallbackInto(log: Uint8Array[]) {
  const seen: number[] = [];
  return {
    seen,
    fallback: (chunk: Uint8Array) =>
      new Promise<void>((done) => {
        seen.push(chunk.length);
        setImmediate(() => {
          log.push(Buffer.from(chunk));
          done();
        });
      }),
  };
}

async function writeAll(writer: OrderedWriter, chunks: readonly Uint8Array[]): Promise<void> {
  for (const c of chunks) await writer.write(c);
  await writer.end();
}

describe('OrderedWriter', () => {
  it('writes every chunk to a file in order, waiting while `limit` bytes are pending', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-writer-'));
    const file = join(dir, 'out.bin');
    const fd = openSync(file, 'w');
    const chunks = chunksOf(500, 3000);
    const writer = new OrderedWriter(fd, { limit: 4096 });
    let waited = 0;
    for (const c of chunks) {
      let settled = false;
      const p = writer.write(c).then(() => (settled = true));
      await Promise.resolve();
      if (!settled) waited++;
      await p;
    }
    await writer.end();
    closeSync(fd);
    expect(readFileSync(file).equals(concat(chunks))).toBe(true);
    expect(writer.direct).toBe(true);
    // 750 KB through a 4 KB bound: write() waited for room.
    expect(waited).toBeGreaterThan(10);
  });

  it('keeps the order through short writes and pipes with no room (EAGAIN: that batch through the fallback)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 2000 }),
        async (count, max, every, limit) => {
          const chunks = chunksOf(count, max, count * 31 + max);
          const fd = fakeFd((call, bytes) =>
            call % every === every - 1 ? 'EAGAIN' : Math.max(1, (bytes >> 1) + (call % 7)),
          );
          const fb = fallbackInto(fd.log);
          // Each chunk is handed back once, in order, after its last byte is written.
          let released = 0;
          let through = 0;
          const written = (c: Uint8Array) => {
            expect(c.buffer === chunks[released]!.buffer).toBe(true);
            through += chunks[released++]!.length;
            expect(concat(fd.log).length).toBeGreaterThanOrEqual(through);
          };
          await writeAll(
            new OrderedWriter(9, { limit, writeFd: fd.writeFd, fallback: fb.fallback, written }),
            chunks,
          );
          expect(concat(fd.log).equals(concat(chunks))).toBe(true);
          expect(released).toBe(chunks.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('tries fs.write again after EAGAIN (the pipe had no room at that moment)', async () => {
    const fd = fakeFd((call, n) => (call === 0 ? 'EAGAIN' : n));
    const fb = fallbackInto(fd.log);
    const chunks = chunksOf(20, 100);
    await writeAll(
      new OrderedWriter(9, { limit: 50, writeFd: fd.writeFd, fallback: fb.fallback }),
      chunks,
    );
    expect(fb.seen).toHaveLength(1);
    expect(fd.calls()).toBeGreaterThan(2);
    expect(concat(fd.log).equals(concat(chunks))).toBe(true);
  });

  it('sends everything through the fallback once fs.write fails (a descriptor it cannot write)', async () => {
    const fd = fakeFd(() => 'EBADF');
    const fb = fallbackInto(fd.log);
    const chunks = chunksOf(40, 100);
    await writeAll(new OrderedWriter(9, { writeFd: fd.writeFd, fallback: fb.fallback }), chunks);
    expect(fd.calls()).toBe(1);
    expect(concat(fd.log).equals(concat(chunks))).toBe(true);
  });

  it('writes a closed descriptor through the fallback (the real fs.write fails with EBADF)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-writer-'));
    const fd = openSync(join(dir, 'x'), 'w');
    closeSync(fd);
    const got: Uint8Array[] = [];
    const chunks = chunksOf(20, 50);
    const writer = new OrderedWriter(fd, {
      fallback: async (c) => {
        got.push(Buffer.from(c));
      },
    });
    await writeAll(writer, chunks);
    expect(writer.direct).toBe(false);
    expect(concat(got).equals(concat(chunks))).toBe(true);
  });

  it('throughFallback: every chunk goes through the fallback, in order', async () => {
    const fd = fakeFd((_c, n) => n);
    const fb = fallbackInto(fd.log);
    const chunks = chunksOf(30, 100);
    await writeAll(
      new OrderedWriter(9, { writeFd: fd.writeFd, fallback: fb.fallback, throughFallback: true }),
      chunks,
    );
    expect(fd.calls()).toBe(0);
    expect(concat(fd.log).equals(concat(chunks))).toBe(true);
  });

  it('a reader that goes away (EPIPE) calls onClosed once and writes nothing more', async () => {
    const fd = fakeFd((call, n) => (call === 2 ? 'EPIPE' : n));
    let closed = 0;
    const writer = new OrderedWriter(9, {
      limit: 64,
      writeFd: fd.writeFd,
      fallback: () => Promise.reject(new Error('not the fallback')),
      onClosed: () => closed++,
    });
    await expect(writeAll(writer, chunksOf(50, 100))).rejects.toMatchObject({ code: 'EPIPE' });
    expect(closed).toBe(1);
    expect(fd.calls()).toBe(3);
    await expect(writer.write(new Uint8Array(1))).rejects.toMatchObject({ code: 'EPIPE' });
  });
});

/**
 * stdoutWriter's writer, made while process.stdout.write is its own (jest replaces it: that
 * replacement is taken away meanwhile) and with `held` bytes said to wait in process.stdout.
 */
function stdoutWriterWith(
  held: number,
  options: Parameters<typeof stdoutWriter>[0],
): OrderedWriter {
  const own = Object.getOwnPropertyDescriptor(process.stdout, 'write');
  delete (process.stdout as { write?: unknown }).write;
  Object.defineProperty(process.stdout, 'writableLength', { configurable: true, get: () => held });
  try {
    return stdoutWriter(options);
  } finally {
    delete (process.stdout as { writableLength?: unknown }).writableLength;
    if (own) Object.defineProperty(process.stdout, 'write', own);
  }
}

describe('stdoutWriter', () => {
  it('writes fd 1 directly, unless process.stdout.write is replaced or process.stdout still holds bytes', async () => {
    const chunks = chunksOf(5, 100);
    const direct = fakeFd((_c, n) => n);
    const fb = fallbackInto(direct.log);
    await writeAll(stdoutWriterWith(0, { writeFd: direct.writeFd, fallback: fb.fallback }), chunks);
    // (A terminal always goes through process.stdout: jest run in band from one.)
    expect(fb.seen.length > 0).toBe(isatty(1));
    expect(concat(direct.log).equals(concat(chunks))).toBe(true);

    // Bytes written before through process.stdout come first: the writer goes through it too.
    const later = fakeFd((_c, n) => n);
    const fb2 = fallbackInto(later.log);
    await writeAll(
      stdoutWriterWith(10, { writeFd: later.writeFd, fallback: fb2.fallback }),
      chunks,
    );
    expect(later.calls()).toBe(0);
    expect(concat(later.log).equals(concat(chunks))).toBe(true);

    // A replaced process.stdout.write (here jest's own) gets the bytes.
    const captured = fakeFd((_c, n) => n);
    const fb3 = fallbackInto(captured.log);
    expect(Object.prototype.hasOwnProperty.call(process.stdout, 'write')).toBe(true);
    await writeAll(stdoutWriter({ writeFd: captured.writeFd, fallback: fb3.fallback }), chunks);
    expect(captured.calls()).toBe(0);
    expect(concat(captured.log).equals(concat(chunks))).toBe(true);
  });
});

describe('forecast --json through a pipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ff-json-pipe-'));
  const csv = join(dir, 'deals.csv');
  // 30,000 deals, most of them slipped: megabytes of issues, far more than a pipe holds.
  const rows = ['Opportunity,Stage,Amount,Close Date'];
  for (let i = 0; i < 30_000; i++)
    rows.push(`D${i},Prospecting,${i + 0.5},2025-0${1 + (i % 9)}-15`);
  writeFileSync(csv, `${rows.join('\n')}\n`);

  const args = ['--import', 'tsx', join(root, 'cli', 'main.ts'), 'forecast', csv];
  args.push('--as-of', '2026-01-01', '--json');

  function run(onStdout: (child: ReturnType<typeof spawn>) => void) {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    onStdout(child);
    return new Promise<{ code: number | null; err: string }>((done) =>
      child.on('close', (code) => done({ code, err })),
    );
  }

  it('reaches a slow reader whole and in order', async () => {
    const parts: Buffer[] = [];
    const r = await run((child) => {
      // Read in bursts: the pipe fills, and the writer must wait for room (EAGAIN).
      child.stdout!.on('data', (d: Buffer) => {
        parts.push(d);
        child.stdout!.pause();
        setTimeout(() => child.stdout!.resume(), 2);
      });
    });
    expect(r.err).not.toMatch(/Error|at /);
    expect(r.code).toBe(0);
    const piped = Buffer.concat(parts);
    expect(JSON.parse(piped.toString('utf8')).issues.length).toBeGreaterThan(25_000);
    // The same bytes as stdout to a file (fs.write all the way).
    const file = join(dir, 'out.json');
    const fd = openSync(file, 'w');
    const toFile = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    expect(toFile.status).toBe(0);
    expect(readFileSync(file).equals(piped)).toBe(true);
  }, 120_000);

  it('ends quietly with code 0 when the reader stops early (| head)', async () => {
    const r = await run((child) => child.stdout!.once('data', () => child.stdout!.destroy()));
    expect(r.err).not.toMatch(/EPIPE|node:events|at /);
    expect(r.code).toBe(0);
  }, 120_000);

  it('says in one line, with exit code 1, when the output cannot be written (a full disk)', () => {
    const fd = openSync('/dev/full', 'w');
    const full = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    const err = full.stderr.toString();
    expect(full.status).toBe(1);
    expect(err).toContain('funnel-forecast: cannot write the output: ENOSPC');
    expect(err).not.toMatch(/node:|\n\s+at /);
  }, 120_000);
});
