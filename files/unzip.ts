/**
 * The parts of a ZIP archive (an XLSX file), read with the platform's own
 * inflater (DecompressionStream, in browsers and Node alike). Sizes are
 * checked before a part is inflated and again while it is: an archive whose
 * parts expand past the stated limits (a zip bomb) stops with a clear message.
 */
import { FileReadError, megabytes } from './limits';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** Uncompressed size as the archive declares it (checked again while inflating). */
  size: number;
  localOffset: number;
}

const u16 = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8);
const u32 = (b: Uint8Array, i: number): number =>
  (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16)) + b[i + 3]! * 0x1000000;

function damaged(name: string, what: string): FileReadError {
  return new FileReadError(`${name}: not a readable XLSX workbook (${what}).`);
}

/** The archive's entries by name, from its central directory. */
export function listZip(name: string, b: Uint8Array): Map<string, ZipEntry> {
  let end = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      end = i;
      break;
    }
  }
  if (end < 0) throw damaged(name, 'the zip directory is missing; the file may be cut short');
  const count = u16(b, end + 10);
  let p = u32(b, end + 16);
  if (p === 0xffffffff || count === 0xffff) {
    throw new FileReadError(
      `${name}: a ZIP64 workbook (over 4 GB or 65,535 parts) is beyond what is read; save a smaller file.`,
    );
  }
  const entries = new Map<string, ZipEntry>();
  const names = new TextDecoder('utf-8');
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50)
      throw damaged(name, 'a damaged zip directory');
    const flags = u16(b, p + 8);
    const nameLength = u16(b, p + 28);
    const entry: ZipEntry = {
      name: names.decode(b.subarray(p + 46, p + 46 + nameLength)),
      method: u16(b, p + 10),
      compressedSize: u32(b, p + 20),
      size: u32(b, p + 24),
      localOffset: u32(b, p + 42),
    };
    if (flags & 1)
      throw new FileReadError(`${name}: the workbook is encrypted; save it without a password.`);
    entries.set(entry.name.replace(/^\//, ''), entry);
    p += 46 + nameLength + u16(b, p + 30) + u16(b, p + 32);
  }
  return entries;
}

/**
 * A host's own raw-deflate inflater (the command line passes Node's zlib, about
 * three times faster than DecompressionStream): it must stop past maxBytes.
 */
export type InflateRaw = (data: Uint8Array, maxBytes: number) => Uint8Array;

/** One part's bytes, inflated; more than `limit` bytes (declared or real) is an error. */
export async function readZipEntry(
  name: string,
  b: Uint8Array,
  entry: ZipEntry,
  limit: number,
  inflate?: InflateRaw,
): Promise<Uint8Array> {
  const tooBig = () =>
    new FileReadError(
      `${name}: the part ${entry.name} expands to more than ${megabytes(limit)}, beyond the limit for a workbook part; the file may be a zip bomb, or save the data as CSV.`,
    );
  if (entry.size > limit) throw tooBig();
  const p = entry.localOffset;
  if (p + 30 > b.length || u32(b, p) !== 0x04034b50)
    throw damaged(name, `a damaged part ${entry.name}`);
  const start = p + 30 + u16(b, p + 26) + u16(b, p + 28);
  const data = b.subarray(start, start + entry.compressedSize);
  if (data.length < entry.compressedSize)
    throw damaged(name, `the part ${entry.name} is cut short`);
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw damaged(name, `the part ${entry.name} uses an unknown compression`);
  if (inflate) {
    let out: Uint8Array;
    try {
      out = inflate(data, limit);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || (e as Error).name === 'RangeError') throw tooBig();
      throw damaged(name, `the part ${entry.name} is damaged`);
    }
    if (out.length > limit) throw tooBig();
    return out;
  }
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  let out = new Uint8Array(Math.max(entry.size, 1024));
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (n + value.length > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooBig();
      }
      if (n + value.length > out.length) {
        const bigger = new Uint8Array(Math.min(limit, Math.max(out.length * 2, n + value.length)));
        bigger.set(out.subarray(0, n));
        out = bigger;
      }
      out.set(value, n);
      n += value.length;
    }
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw damaged(name, `the part ${entry.name} is damaged`);
  }
  return out.subarray(0, n);
}
