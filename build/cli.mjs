// `npm run build:cli`: the command line bundled by esbuild into dist/cli/
// (main.mjs and the chunks it loads on demand), so a run starts without
// compiling TypeScript or resolving hundreds of library files.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

export const OUT_DIR = 'dist/cli';

export async function buildCli() {
  rmSync(OUT_DIR, { recursive: true, force: true });
  await build({
    entryPoints: ['cli/main.ts'],
    outdir: OUT_DIR,
    bundle: true,
    // ES modules split into chunks: the file readers and their libraries
    // (exceljs, papaparse) are a chunk loaded on the first file read, so a run
    // on the sample never compiles them.
    splitting: true,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    target: 'node20',
    minifySyntax: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    // The CommonJS libraries in the bundle (commander, exceljs) call require().
    banner: {
      js: "import { createRequire as __ffRequire } from 'node:module'; const require = __ffRequire(import.meta.url);",
    },
    // DuckDB is a native module (a .node binary per platform): left to node_modules, and
    // loaded only by the history command (cli/history-store.ts, a dynamic import).
    external: ['@duckdb/node-api'],
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildCli();
