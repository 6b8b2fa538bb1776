/**
 * The history store: snapshots of the deal sheet in a DuckDB database file
 * (docs/warehouse.md). DuckDB is loaded here, lazily, by the history command
 * only: no other command, and no browser, Excel or Sheets bundle, loads it.
 */
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  SNAPSHOT_COLUMNS,
  SNAPSHOT_TABLE,
  dialectOf,
  snapshotTableDdl,
  type SegmentColumn,
  type SnapshotRows,
  type SqlType,
} from '../core/sql';

/** What went wrong with the store, in one line (the command prints it and exits with 2). */
export class HistoryError extends Error {}

export const META_TABLE = 'ff_snapshot_meta';

export interface Store {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

const duckdb = dialectOf('duckdb');

/** Opens (or, unless readOnly, creates) the store; a file that is not DuckDB or is locked is a HistoryError. */
export async function openStore(path: string, readOnly = false): Promise<Store> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(
      path,
      readOnly ? { access_mode: 'READ_ONLY' } : undefined,
    );
  } catch (e) {
    throw new HistoryError(storeMessage(path, e));
  }
  const conn = await instance.connect();
  const store: Store = {
    instance,
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
  // Another DuckDB database (tables of its own, none of ours) is not a store: writing our
  // tables into it would change someone's database; reading it would say "no snapshots".
  const tables = await conn.runAndReadAll(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_catalog = current_database() ORDER BY table_name",
  );
  const names = tables.getRowObjectsJson().map((r) => String(r.table_name));
  if (names.length && !names.includes(META_TABLE)) {
    store.close();
    const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', ...' : '');
    throw new HistoryError(
      `${path} is a DuckDB database but not a history store (it holds ${shown}, not ${META_TABLE}): give another --db file (it was left as it was).`,
    );
  }
  return store;
}

/** DuckDB's reason, said for the user: not a database, locked by another process, or as DuckDB puts it. */
export function storeMessage(path: string, e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  if (/not a valid DuckDB database|database file .* is not|Catalog Error|file is not a/i.test(text))
    return `${path} is not a DuckDB history database: give another --db file (it was left as it was).`;
  if (/lock/i.test(text))
    return `${path} is locked by another process (a DuckDB database opens for writing in one process at a time): close it there and retry.`;
  if (/permission denied|read-only file system/i.test(text))
    return `${path} cannot be ${existsSync(path) ? 'written' : 'created'} (permission denied or a read-only folder): give --db a path in a folder you can write to.`;
  if (/Could not read enough bytes|checksum|corrupt|Failed to read/i.test(text))
    return `${path} is damaged (not a complete DuckDB database: DuckDB says "${text.split('\n')[0]}"): restore it from a copy or give another --db file (it was left as it was).`;
  return `${path}: ${text.split('\n')[0]}`;
}

async function tableExists(conn: DuckDBConnection, table: string): Promise<boolean> {
  const r = await conn.runAndReadAll(
    `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = ${duckdb.literal(table)}`,
  );
  return Number(r.getRowObjectsJson()[0]!.n) > 0;
}

/** The snapshot table's segment columns as the store holds them. */
async function storedColumns(conn: DuckDBConnection): Promise<Set<string>> {
  const r = await conn.runAndReadAll(
    `SELECT column_name FROM information_schema.columns WHERE table_name = ${duckdb.literal(SNAPSHOT_TABLE)}`,
  );
  return new Set(r.getRowObjectsJson().map((row) => String(row.column_name)));
}

const typeOf = new Map<string, SqlType>(SNAPSHOT_COLUMNS.map((c) => [c.name, c.type]));

/**
 * Writes one snapshot in one transaction: the rows of an earlier add of the
 * same date are replaced; on any failure (or a throw from beforeCommit, the
 * tests' interruption) everything is rolled back and the store is as it was.
 */
export async function writeSnapshot(
  store: Store,
  snap: SnapshotRows,
  meta: {
    date: string;
    source: string;
    baseCurrency: string | null;
    asOf: string;
    /** The rates table the engine converted with (rows of currency, rate), kept for the forecast. */
    rates?: (string | number)[][];
  },
  beforeCommit?: () => void | Promise<void>,
): Promise<void> {
  const { conn } = store;
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run(snapshotTableDdl(duckdb, []));
    const have = await storedColumns(conn);
    for (const s of snap.segments) {
      if (!have.has(s.column))
        await conn.run(`ALTER TABLE ${SNAPSHOT_TABLE} ADD COLUMN ${s.column} VARCHAR`);
    }
    await conn.run(
      `CREATE TABLE IF NOT EXISTS ${META_TABLE} (snapshot_date DATE PRIMARY KEY, source VARCHAR, as_of DATE, key_header VARCHAR, base_currency VARCHAR, deals BIGINT, segments VARCHAR, rates VARCHAR)`,
    );
    const date = duckdb.literal(meta.date);
    await conn.run(`DELETE FROM ${SNAPSHOT_TABLE} WHERE snapshot_date = DATE ${date}`);
    await conn.run(`DELETE FROM ${META_TABLE} WHERE snapshot_date = DATE ${date}`);
    // Text in, typed by CAST in SQL: exact decimals, never a double on the way. The rows go
    // through a temporary CSV file and DuckDB's built-in reader: one bulk read, not a call per cell.
    const dir = mkdtempSync(join(tmpdir(), 'ff-history-'));
    const csv = join(dir, 'snapshot.csv');
    try {
      writeRowsCsv(csv, snap);
      const casts = snap.columns.map((c) => {
        const t = typeOf.get(c) ?? 'text';
        if (t === 'text') return c;
        // Text to DECIMAL(38, 2) parses through a 128-bit integer, 200x slower than to
        // DECIMAL(18, 2) in DuckDB 1.5: amounts below 10^16 take the 64-bit path, exactly.
        if (t === 'money')
          return `CASE WHEN length(replace(${c}, '-', '')) <= 19 THEN CAST(CAST(${c} AS DECIMAL(18, 2)) AS ${duckdb.type(t)}) ELSE CAST(${c} AS ${duckdb.type(t)}) END`;
        return `CAST(${c} AS ${duckdb.type(t)})`;
      });
      const types = snap.columns.map((c) => `${duckdb.literal(c)}: 'VARCHAR'`).join(', ');
      await conn.run(
        `INSERT INTO ${SNAPSHOT_TABLE} (${snap.columns.join(', ')}) SELECT ${casts.join(', ')} FROM read_csv(${duckdb.literal(csv)}, header = true, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, columns = {${types}})`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const segments = JSON.stringify(
      snap.segments.map((s, i) => ({ header: snap.segmentHeaders[i], column: s.column })),
    );
    await conn.run(
      `INSERT INTO ${META_TABLE} VALUES (DATE ${date}, ${duckdb.literal(meta.source)}, DATE ${duckdb.literal(meta.asOf)}, ${duckdb.literal(snap.keyHeader)}, ${meta.baseCurrency === null ? 'NULL' : duckdb.literal(meta.baseCurrency)}, ${snap.size}, ${duckdb.literal(segments)}, ${duckdb.literal(JSON.stringify(meta.rates ?? []))})`,
    );
    if (beforeCommit) await beforeCommit();
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** The rows as a CSV file DuckDB's built-in reader takes: every value quoted, NULL an empty unquoted field. */
function writeRowsCsv(path: string, snap: SnapshotRows): void {
  const fd = openSync(path, 'w');
  try {
    let buf = `${snap.columns.join(',')}\n`;
    const row = new Array<string | null>(snap.columns.length).fill(null);
    for (let k = 0; k < snap.size; k++) {
      snap.fillRow(k, row);
      let line = '';
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        if (c) line += ',';
        if (v !== null && v !== undefined)
          line += `"${v.includes('"') ? v.replace(/"/g, '""') : v}"`;
      }
      buf += `${line}\n`;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}

export interface SnapshotInfo {
  date: string;
  source: string;
  asOf: string;
  keyHeader: string;
  baseCurrency: string | null;
  deals: number;
  segments: { header: string; column: string }[];
  rates: (string | number)[][];
}

/** The snapshots in the store, oldest first ([] for a store with none). */
export async function listSnapshots(store: Store): Promise<SnapshotInfo[]> {
  if (!(await tableExists(store.conn, META_TABLE))) return [];
  const r = await store.conn.runAndReadAll(
    `SELECT CAST(snapshot_date AS VARCHAR) AS date, source, CAST(as_of AS VARCHAR) AS as_of, key_header, base_currency, deals, segments, rates FROM ${META_TABLE} ORDER BY snapshot_date`,
  );
  return r.getRowObjectsJson().map((row) => ({
    date: String(row.date),
    source: String(row.source),
    asOf: String(row.as_of),
    keyHeader: String(row.key_header),
    baseCurrency: row.base_currency === null ? null : String(row.base_currency),
    deals: Number(row.deals),
    segments: JSON.parse(String(row.segments)) as SnapshotInfo['segments'],
    rates: JSON.parse(String(row.rates)) as SnapshotInfo['rates'],
  }));
}

/** Runs a query and returns its rows as JSON values (DECIMAL and BIGINT as exact text). */
export async function queryRows(
  store: Store,
  sql: string,
): Promise<Record<string, string | number | boolean | null>[]> {
  const r = await store.conn.runAndReadAll(sql);
  return r.getRowObjectsJson() as Record<string, string | number | boolean | null>[];
}

export type { SegmentColumn };
