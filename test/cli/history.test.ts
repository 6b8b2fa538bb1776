/**
 * `npm run cli -- history add|list|forecast` and `sql`, in process (commander
 * as main.ts wires it), on small CSV files in a temporary folder. Bad input is
 * one line, exit code 2, and the store as it was.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  listSnapshots,
  openStore,
  queryRows,
  storeMessage,
  writeSnapshot,
} from '../../cli/history-store';
import { historyAdd, historyCli } from './support/history-cli';
import { readCsv } from '../../files';
import { runPipelineChange } from '../../core/change';
import { runForecast } from '../../core/engine';
import { snapshotRows } from '../../core/sql';

const cli = historyCli;

const tmp = mkdtempSync(path.join(tmpdir(), 'ff-history-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = path.join(tmp, name);
  writeFileSync(p, text);
  return p;
};

const HEADER = 'Deal ID,Opportunity,Account,Owner,Region,Stage,Amount,Currency,Close Date\n';
const WEEK1 = file(
  'week1.csv',
  HEADER +
    [
      'D1,Alpha,Acme,Ann,East,Pipeline,1000.10,USD,2026-04-15',
      'D2,Beta,Beta Co,Bob,West,Committed,2500,USD,2026-05-20',
      'D3,Gamma,Acme,Ann,East,Won,333.33,USD,2026-03-10',
      'D4,Delta,Cyan,Bob,West,Upside,4000,EUR,2026-07-01',
      'D5,Epsilon,Dune,Cy,North,Lost,700,USD,2026-02-01',
      'D6,Zeta,Echo,Cy,North,Opportunity,1234.56,USD,',
      'D7,Eta,Fern,Ann,East,Prospect,1999.9,JPY,2026-04-30',
    ].join('\n') +
    '\n',
);
const WEEK2 = file(
  'week2.csv',
  HEADER +
    [
      'D1,Alpha,Acme,Ann,East,Committed,1200,USD,2026-04-15',
      'D2,Beta,Beta Co,Bob,West,Won,2500,USD,2026-04-02',
      'D8,Theta,Gale,Cy,North,Pipeline,50.05,USD,2026-06-30',
    ].join('\n') +
    '\n',
);
const RATES = file('rates.csv', 'Currency,Rate\nEUR,1.1\n');

describe('history command', () => {
  const db = path.join(tmp, 'store.duckdb');

  it('adds snapshots, lists them, and computes the engine’s Forecast in DuckDB', async () => {
    const a = await historyAdd(
      WEEK1,
      '2026-03-31',
      db,
      '--key',
      'Deal ID',
      '--segment-by',
      'Region',
      '--rates',
      RATES,
      '--base-currency',
      'USD',
    );
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    expect(a.out).toMatch(
      /Added snapshot 2026-03-31 .* 7 deals from week1.csv \(key Deal ID; segments Region\)/,
    );
    // Records in = counted + reported: what the forecast leaves out, and why.
    expect(a.out).toMatch(
      /\n {2}6 counted, 1 not counted; data issues: Missing close date 1, No currency rate 1 \(forecast week1.csv --out lists each\)\./,
    );
    const b = await historyAdd(WEEK2, '2026-04-07', db, '--segment-by', 'Region');
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/key Deal ID/); // without --key: the store's key
    const list = await cli('history', 'list', '--db', db, '--json');
    expect(list.code).toBe(0);
    const snaps = JSON.parse(list.out) as { date: string; deals: number }[];
    expect(snaps.map((s) => [s.date, s.deals])).toEqual([
      ['2026-03-31', 7],
      ['2026-04-07', 3],
    ]);

    // The Forecast of the first snapshot, from the SQL, equals the engine's on the same file.
    // As text, a deal with no rate is said as the engine's summary says it (money to the cent).
    const text = await cli('history', 'forecast', '--db', db, '--as-of', '2026-04-01');
    expect(text.out).toMatch(/\nNot converted \(no rate\): JPY 1,999\.90 in 1 deals\n/);
    const f = await cli('history', 'forecast', '--db', db, '--as-of', '2026-04-01', '--json');
    expect(f.err).toBe('');
    expect(f.code).toBe(0);
    const got = JSON.parse(f.out) as {
      snapshot: { date: string };
      forecast: Record<string, unknown>[];
      unconverted: { currency: string; deals: number; amount: number }[];
    };
    expect(got.snapshot.date).toBe('2026-03-31');
    const engine = runForecast(readCsv('week1.csv', readFileSync(WEEK1)), {
      asOf: '2026-03-31',
      segmentBy: ['Region'],
      rates: [
        ['Currency', 'Rate'],
        ['EUR', 1.1],
      ],
      baseCurrency: 'USD',
    });
    const cents = (x: unknown) => Math.round(Number(x) * 100);
    expect(got.forecast.map((r) => [r.segment, r.period, r.deals])).toEqual(
      engine.forecast.map((r) => [r.segment, r.period, r.deals]),
    );
    got.forecast.forEach((r, i) => {
      const w = engine.forecast[i]!;
      for (const k of ['amount', 'weighted', 'closed', 'commit', 'bestCase', 'pipeline', 'spread'])
        expect([k, cents(r[k])]).toEqual([k, cents(w[k as keyof typeof w])]);
    });
    // EUR converted with the rate the add used; JPY has none: kept apart, as the engine does.
    expect(got.unconverted).toEqual([{ currency: 'JPY', deals: 1, amount: 1999.9 }]);
    expect(engine.unconverted).toEqual([{ currency: 'JPY', deals: 1, amount: 1999.9 }]);

    // Text output and an XLSX of the Forecast table.
    const out = path.join(tmp, 'forecast.xlsx');
    const t = await cli('history', 'forecast', '--db', db, '--out', out);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/Forecast of the snapshot 2026-04-07/);
    expect(t.out).toMatch(/North\s+2026-Q2\s+1\s+50\.05/);
    expect(existsSync(out)).toBe(true);
  });

  it('computes the pipeline-change bridge between the two snapshots in DuckDB, as core/change does', async () => {
    const r = await cli('history', 'change', '--db', db, '--window', '2026-Q2', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out) as {
      from: string;
      to: string;
      window: { label: string };
      change: {
        segment: Record<string, string>;
        bucket: string;
        deals: number;
        amount: number;
        weighted: number;
      }[];
      dealChanges: { key: string; bucket: string }[];
    };
    const engine = runPipelineChange(
      [
        { sheet: readCsv('week1.csv', readFileSync(WEEK1)), asOf: '2026-03-31' },
        { sheet: readCsv('week2.csv', readFileSync(WEEK2)), asOf: '2026-04-07' },
      ],
      { segmentBy: ['Region'], rates: [['EUR', 1.1]], baseCurrency: 'USD' },
      { window: '2026-Q2', key: 'Deal ID' },
    );
    expect([got.from, got.to, got.window.label]).toEqual(['2026-03-31', '2026-04-07', '2026-Q2']);
    const cents = (x: number) => Math.round(x * 100);
    expect(
      got.change.map((c) => [c.segment, c.bucket, c.deals, cents(c.amount), cents(c.weighted)]),
    ).toEqual(
      engine.rows.map((c) => [c.segment, c.bucket, c.deals, cents(c.amount), cents(c.weighted)]),
    );
    // By hand: D1 in both (1000.10 -> 1200: increased), D2 won, D8 new; D7 (JPY) has no rate and
    // D4 (EUR) closes in Q3: neither is in Start.
    expect(got.dealChanges.map((d) => [d.key, d.bucket])).toEqual([
      ['D1', 'increased'],
      ['D2', 'won'],
      ['D8', 'new'],
    ]);
    const text = await cli('history', 'change', '--db', db, '--window', '2026-Q2');
    expect(text.out).toMatch(/Pipeline change from 2026-03-31 to 2026-04-07, window 2026-Q2/);
    expect(text.out).toMatch(/increased\s+1\s+199\.90/);
    // The columns are named, with the base currency.
    expect(text.out).toMatch(/\nStep\s+Deals\s+Amount \(USD\)\s+Weighted \(USD\)\nstart /);
  });

  it('stores text exactly: quotes, commas, line breaks, non-Latin names, blanks as NULL', async () => {
    const store = path.join(tmp, 'text.duckdb');
    const tricky = file(
      'tricky.csv',
      `${HEADER}"Q,1","Say ""hi""","Smith, Jones & Co","Ann",East,Pipeline,10,USD,2026-04-15\n` +
        `Q2,"two\nlines",华东商贸,,"",Committed,20.5,,\n` +
        // A large amount and a credit: stored to the cent exactly.
        `Q3,Credit,Acme,Ann,East,Pipeline,-1000.5,USD,2026-05-01\n` +
        `Q4,Huge,Acme,Ann,East,Pipeline,12345678901234.56,USD,2026-05-01\n`,
    );
    const r = await historyAdd(
      tricky,
      '2026-03-31',
      store,
      '--key',
      'Deal ID',
      '--segment-by',
      'Region',
    );
    expect(r.err).toBe('');
    const s = await openStore(store, true);
    try {
      const rows = await queryRows(
        s,
        'SELECT deal_key, opportunity, account, owner, seg_region, CAST(amount AS VARCHAR) AS amount, currency, CAST(close_date AS VARCHAR) AS close_date FROM ff_snapshot ORDER BY deal_key',
      );
      expect(rows).toEqual([
        {
          deal_key: 'Q,1',
          opportunity: 'Say "hi"',
          account: 'Smith, Jones & Co',
          owner: 'Ann',
          seg_region: 'East',
          amount: '10.00',
          currency: 'USD',
          close_date: '2026-04-15',
        },
        {
          deal_key: 'Q2',
          opportunity: 'two\nlines',
          account: '华东商贸',
          owner: null,
          seg_region: '(blank)',
          amount: '20.50',
          currency: 'USD',
          close_date: null,
        },
        expect.objectContaining({ deal_key: 'Q3', amount: '-1000.50' }),
        expect.objectContaining({ deal_key: 'Q4', amount: '12345678901234.56' }),
      ]);
    } finally {
      s.close();
    }
  });

  it('replaces a snapshot added again for the same date', async () => {
    const store = path.join(tmp, 'replace.duckdb');
    await historyAdd(WEEK1, '2026-03-31', store, '--key', 'Deal ID');
    const again = await historyAdd(WEEK2, '2026-03-31', store, '--key', 'Deal ID');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(
      /^Replaced snapshot 2026-03-31 in .*replace.duckdb: 3 deals from week2.csv \(key Deal ID; it replaces the 7 deals from week1.csv\)\.\n {2}3 counted, 0 not counted\./,
    );
    const s = await openStore(store, true);
    try {
      expect((await listSnapshots(s)).map((x) => [x.date, x.deals, x.source])).toEqual([
        ['2026-03-31', 3, 'week2.csv'],
      ]);
      const keys = await queryRows(s, 'SELECT deal_key FROM ff_snapshot ORDER BY deal_key');
      expect(keys.map((k) => k.deal_key)).toEqual(['D1', 'D2', 'D8']);
    } finally {
      s.close();
    }
  });

  it('takes the reading options of forecast: --delimiter, --header-row, --encoding', async () => {
    const store = path.join(tmp, 'reading.duckdb');
    // A title row above the header, semicolons, decimal commas, Windows-1252 text (é as 0xE9).
    const text =
      'Pipeline export;;;\nDeal ID;Stage;Amount;Close Date\nR1;Pipeline;1.000,50;2026-05-01\nR2;Committed;2.000,25;2026-05-02\nR3;Upside;10,00;2026-05-03\n';
    const csv = path.join(tmp, 'reading.csv');
    writeFileSync(csv, Buffer.from(text.replace('R3', 'R\u00e93'), 'latin1'));
    const r = await historyAdd(
      csv,
      '2026-03-31',
      store,
      '--key',
      'Deal ID',
      '--delimiter',
      ';',
      '--header-row',
      '2',
      '--encoding',
      'windows-1252',
      '--decimal-comma',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 deals from reading.csv .*\n {2}3 counted, 0 not counted\./);
    const s = await openStore(store, true);
    try {
      const rows = await queryRows(
        s,
        'SELECT deal_key, CAST(amount AS VARCHAR) AS amount FROM ff_snapshot ORDER BY amount',
      );
      expect(rows).toEqual([
        { deal_key: 'R\u00e93', amount: '10.00' },
        { deal_key: 'R1', amount: '1000.50' },
        { deal_key: 'R2', amount: '2000.25' },
      ]);
    } finally {
      s.close();
    }
  });

  it('keeps each segment header in its own column across adds (区域, then 地区)', async () => {
    const store = path.join(tmp, 'segments.duckdb');
    const head = 'Deal ID,Stage,Amount,Close Date,区域,地区\n';
    const one = file('seg1.csv', `${head}S1,Pipeline,100,2026-05-01,华东,东\n`);
    const two = file('seg2.csv', `${head}S1,Pipeline,150,2026-05-01,华东,东\n`);
    const add = (f: string, date: string, seg: string) =>
      historyAdd(f, date, store, '--key', 'Deal ID', '--segment-by', seg);
    expect((await add(one, '2026-03-31', '区域')).code).toBe(0);
    expect((await add(two, '2026-04-07', '地区')).code).toBe(0);
    const list = JSON.parse((await cli('history', 'list', '--db', store, '--json')).out) as {
      segments: { header: string; column: string }[];
    }[];
    const [first, second] = list.map((x) => x.segments[0]!);
    expect(first!.header).toBe('区域');
    expect(second!.header).toBe('地区');
    expect(second!.column).not.toBe(first!.column);
    // The earlier snapshot has no 地区: the bridge by 地区 is refused, not made of 区域's values.
    const change = await cli('history', 'change', '--db', store, '--segment-by', '地区');
    expect(change.code).toBe(2);
    expect(change.err).toMatch(/Segment 地区: the snapshot of 2026-03-31 was added without it/);
    // Adding 区域 again later reuses its column.
    expect((await add(two, '2026-04-14', '区域')).code).toBe(0);
    const third = (
      JSON.parse((await cli('history', 'list', '--db', store, '--json')).out) as {
        segments: { column: string }[];
      }[]
    )[2]!.segments[0]!;
    expect(third.column).toBe(first!.column);
    const f = JSON.parse(
      (await cli('history', 'forecast', '--db', store, '--as-of', '2026-04-07', '--json')).out,
    ) as { forecast: { segment: Record<string, string> }[] };
    expect(f.forecast.map((r) => r.segment)).toEqual([{ 地区: '东' }]);
  });

  it('leaves the store as it was when an add is interrupted before its commit', async () => {
    const store = path.join(tmp, 'interrupted.duckdb');
    await historyAdd(WEEK1, '2026-03-31', store, '--key', 'Deal ID');
    const result = runForecast(readCsv('week2.csv', readFileSync(WEEK2)), { asOf: '2026-03-31' });
    const snap = snapshotRows(result, { date: '2026-03-31', keyHeader: 'Deal ID' });
    const s = await openStore(store);
    try {
      await expect(
        writeSnapshot(
          s,
          snap,
          { date: '2026-03-31', source: 'week2.csv', baseCurrency: null, asOf: '2026-03-31' },
          () => {
            throw new Error('interrupted');
          },
        ),
      ).rejects.toThrow('interrupted');
      expect((await listSnapshots(s)).map((x) => [x.date, x.deals, x.source])).toEqual([
        ['2026-03-31', 7, 'week1.csv'],
      ]);
      const n = await queryRows(s, 'SELECT COUNT(*) AS n FROM ff_snapshot');
      expect(Number(n[0]!.n)).toBe(7);
    } finally {
      s.close();
    }
  });

  describe('bad input: one line, exit code 2, the store untouched', () => {
    const store = path.join(tmp, 'guarded.duckdb');
    let before: Buffer;
    beforeAll(async () => {
      await historyAdd(WEEK1, '2026-03-31', store, '--key', 'Deal ID');
      before = readFileSync(store);
    });
    const oneLine = (err: string) => expect(err.trim().split('\n')).toHaveLength(1);

    it('a file that does not map to a deal sheet', async () => {
      // No deal column at all: the engine's own message.
      const bad = file('notes.csv', 'Name,Comment\nAnn,hello\nBob,world\n');
      const r = await historyAdd(bad, '2026-04-07', store);
      expect(r.code).toBe(2);
      oneLine(r.err);
      expect(r.err).toMatch(/no deal column found/);
      // Stages and dates but no amount: nothing to store.
      const noAmount = file('no-amount.csv', 'Deal ID,Stage,Close Date\nD1,Pipeline,2026-04-01\n');
      const a = await historyAdd(noAmount, '2026-04-07', store);
      expect(a.code).toBe(2);
      oneLine(a.err);
      expect(a.err).toMatch(
        /no-amount.csv does not map to a deal sheet: no amount column \(--map amount=Header\)/,
      );
      expect(readFileSync(store).equals(before)).toBe(true);
    });

    it('a key that repeats within the snapshot', async () => {
      const dup = file(
        'dup.csv',
        `${HEADER}D1,Alpha,Acme,Ann,East,Pipeline,10,USD,2026-04-15\nD1,Alpha 2,Acme,Ann,East,Pipeline,20,USD,2026-04-15\n`,
      );
      const r = await historyAdd(dup, '2026-04-07', store, '--key', 'Deal ID');
      expect(r.code).toBe(2);
      oneLine(r.err);
      expect(r.err).toMatch(/Row 3: the key Deal ID "D1" repeats row 2/);
      expect(readFileSync(store).equals(before)).toBe(true);
    });

    it('a database file that is not DuckDB', async () => {
      const notDb = file('not-a-db.duckdb', 'this is a text file, not a database\n');
      const r = await historyAdd(WEEK1, '2026-04-07', notDb);
      expect(r.code).toBe(2);
      oneLine(r.err);
      expect(r.err).toMatch(/is not a DuckDB history database/);
      expect(readFileSync(notDb, 'utf8')).toBe('this is a text file, not a database\n');
      const l = await cli('history', 'list', '--db', notDb);
      expect(l.code).toBe(2);
    });

    it('a DuckDB database that is not a history store', async () => {
      const other = path.join(tmp, 'other.duckdb');
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const instance = await DuckDBInstance.create(other);
      const conn = await instance.connect();
      await conn.run('CREATE TABLE sales (id INTEGER, amount DECIMAL(18, 2))');
      await conn.run('INSERT INTO sales VALUES (1, 10.5)');
      conn.closeSync();
      instance.closeSync();
      const untouched = readFileSync(other);
      const r = await historyAdd(WEEK1, '2026-04-07', other);
      expect(r.code).toBe(2);
      oneLine(r.err);
      expect(r.err).toMatch(
        /other.duckdb is a DuckDB database but not a history store \(it holds sales, not ff_snapshot_meta\)/,
      );
      expect(readFileSync(other).equals(untouched)).toBe(true);
      for (const command of ['list', 'forecast']) {
        const l = await cli('history', command, '--db', other);
        expect(l.code).toBe(2);
        expect(l.err).toMatch(/not a history store/);
      }
      expect(readFileSync(other).equals(untouched)).toBe(true);
    });

    it('a damaged store (a truncated file)', async () => {
      const damaged = path.join(tmp, 'damaged.duckdb');
      writeFileSync(damaged, before.subarray(0, 20000));
      const bytes = readFileSync(damaged);
      for (const args of [['list'], ['add', WEEK2, '--as-of', '2026-04-07']]) {
        const r = await cli('history', ...args, '--db', damaged);
        expect(r.code).toBe(2);
        oneLine(r.err);
        expect(r.err).toMatch(/damaged.duckdb is damaged \(not a complete DuckDB database/);
      }
      expect(readFileSync(damaged).equals(bytes)).toBe(true);
    });

    it("a store in a folder that cannot be written (DuckDB's message, said for the user)", () => {
      // Run as root the folder's mode does not stop DuckDB, so its message is checked as it comes.
      const denied = new Error(
        'IO Error: Cannot open file "/data/ro/funnel-history.duckdb": Permission denied',
      );
      expect(storeMessage('/data/ro/funnel-history.duckdb', denied)).toBe(
        '/data/ro/funnel-history.duckdb cannot be created (permission denied or a read-only folder): give --db a path in a folder you can write to.',
      );
    });

    it('a database file locked by another process', async () => {
      // Another process holds the store open for writing.
      const holder = spawn(
        process.execPath,
        [
          '-e',
          `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(store)}).then(() => { console.log('ready'); setTimeout(() => {}, 20000); });`,
        ],
        { cwd: path.resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] },
      );
      try {
        await new Promise<void>((ok, fail) => {
          holder.stdout!.on('data', (d: Buffer) => String(d).includes('ready') && ok());
          holder.on('exit', () => fail(new Error('the holder process exited')));
        });
        const r = await historyAdd(WEEK2, '2026-04-07', store);
        expect(r.code).toBe(2);
        oneLine(r.err);
        expect(r.err).toMatch(/is locked by another process/);
      } finally {
        const exited = new Promise((ok) => holder.once('exit', ok));
        holder.kill();
        await exited;
      }
      expect(readFileSync(store).equals(before)).toBe(true);
    }, 20000);

    it('a store that does not exist, for list and forecast', async () => {
      const r = await cli('history', 'forecast', '--db', path.join(tmp, 'none.duckdb'));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/no history store here/);
      expect(existsSync(path.join(tmp, 'none.duckdb'))).toBe(false);
    });

    it('a pipeline change with one snapshot in the store', async () => {
      const r = await cli('history', 'change', '--db', store);
      expect(r.code).toBe(2);
      oneLine(r.err);
      expect(r.err).toMatch(
        /A pipeline change needs two snapshots; the store has one \(2026-03-31\)/,
      );
    });

    it('a segment the snapshot does not hold', async () => {
      const r = await cli('history', 'forecast', '--db', store, '--segment-by', 'Planet');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/Segment Planet: the snapshot of 2026-03-31 has no segments/);
    });
  });
});

describe('DuckDB loads lazily', () => {
  it('is not loaded by importing the command line or core/sql, only when a store opens', () => {
    const script = `
      require('./cli/history'); require('./cli/sql-command'); require('./core/sql');
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('@duckdb'));
      const before = loaded();
      require('./cli/history-store').openStore(':memory:').then((s) => {
        s.close();
        console.log(JSON.stringify({ before, after: loaded() }));
      });`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ before: false, after: true });
  }, 20000);
});

describe('sql command', () => {
  it('prints the views for each dialect, with the settings given', async () => {
    const settings = file(
      'settings.json',
      JSON.stringify({
        period: 'quarter',
        fiscalYearStart: 4,
        segmentBy: ['区域', 'Owner'],
        asOf: '2026-03-31',
      }),
    );
    for (const dialect of ['duckdb', 'bigquery', 'snowflake']) {
      const r = await cli('sql', '--dialect', dialect, '--settings', settings, '--ddl');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/CREATE TABLE IF NOT EXISTS ff_snapshot/);
      expect(r.out).toMatch(/CREATE OR REPLACE VIEW ff_forecast_as_of AS/);
      expect(r.out).toMatch(/-- Segment "区域": column seg_1\./);
      expect(r.out).toMatch(/CONCAT\('FY'/);
      expect(r.out).toMatch(/window FY2026-Q4 \(close dates 2026-01-01 to 2026-03-31\)/);
      expect(r.out).toMatch(/CREATE OR REPLACE VIEW ff_change AS/);
      expect(r.out).toMatch(/CREATE OR REPLACE VIEW ff_stage_rates AS/);
      expect(r.out).toMatch(/CREATE OR REPLACE VIEW ff_accuracy AS/);
      expect(r.out).toMatch(/-- Stage rates: prior strength 10;/);
    }
  });

  it('--help says what each command prints and takes', async () => {
    const sql = await cli('sql', '--help');
    expect(sql.code).toBe(0);
    expect(sql.out.replace(/\s+/g, ' ')).toMatch(
      /the Forecast, the Pipeline change .* the Stage rates and the Forecast accuracy .* one SELECT per table/,
    );
    expect(sql.out).toMatch(/priorStrength\)/);
    const history = await cli('history', '--help');
    expect(history.out.replace(/\s+/g, ' ')).toMatch(
      /the Forecast, pipeline change, stage rates and forecast accuracy computed in SQL/,
    );
    const add = (await cli('history', 'add', '--help')).out.replace(/\s+/g, ' ');
    for (const option of ['--encoding', '--delimiter', '--header-row', '--keep-ragged-rows'])
      expect(add).toContain(option);
    expect(add).toMatch(/fields: amount, stage, probability/);
    expect(add).toMatch(/category\[, ladder stage\]\]/);
  });

  it('keeps settings text inside its comments: a line break in a value runs nothing', async () => {
    const settings = file(
      'evil-settings.json',
      JSON.stringify({
        baseCurrency: 'USD\nDROP TABLE ff_snapshot_meta;\n--',
        segmentBy: ['Region'],
      }),
    );
    const r = await cli('sql', '--dialect', 'duckdb', '--settings', settings);
    expect(r.code).toBe(0);
    // In the comment, on its line; in the SQL, a string literal (data, not a statement).
    expect(r.out).toMatch(/^-- Settings: .*base currency USD DROP TABLE ff_snapshot_meta; --\.$/m);
    // Run as printed on a store: the store keeps its tables.
    const store = path.join(tmp, 'evil-settings.duckdb');
    await historyAdd(WEEK1, '2026-03-31', store, '--segment-by', 'Region');
    const s = await openStore(store);
    try {
      await s.conn.run(r.out);
      const tables = await queryRows(
        s,
        "SELECT table_name FROM information_schema.tables WHERE table_name = 'ff_snapshot_meta'",
      );
      expect(tables).toHaveLength(1);
    } finally {
      s.close();
    }
    // A refused value with a line break is still one line.
    const bad = file('bad-as-of.json', JSON.stringify({ asOf: '2026-01-01\nDROP TABLE x' }));
    const b = await cli('sql', '--dialect', 'duckdb', '--settings', bad);
    expect(b.code).toBe(2);
    expect(b.err.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an unknown dialect and settings that are not JSON (exit code 2)', async () => {
    const r = await cli('sql', '--dialect', 'oracle');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown SQL dialect "oracle": use duckdb, bigquery, snowflake/);
    const bad = file('bad.json', '{period: quarter');
    const s = await cli('sql', '--dialect', 'duckdb', '--settings', bad);
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/--settings .*bad.json: not JSON/);
    const k = await cli('sql', '--dialect', 'duckdb', '--prior-strength', '-1');
    expect(k.code).toBe(2);
    expect(k.err).toMatch(/--prior-strength -1: give a number of deals, 0 or more/);
    // The settings' priorStrength goes through the same parser: a blank or a non-number is refused, named.
    for (const v of ['', ' ', true]) {
      const settings = file('prior.json', JSON.stringify({ priorStrength: v }));
      const p = await cli('sql', '--dialect', 'duckdb', '--settings', settings);
      expect([v, p.code]).toEqual([v, 2]);
      expect(p.err).toMatch(/priorStrength .*: give a number of deals, 0 or more/);
    }
  });
});
