// `npm run build:cli`: the command line as one bundled JavaScript file,
// dist/cli/main.js, so a run starts without compiling TypeScript.
import { build } from 'esbuild';

export async function buildCli() {
  await build({
    entryPoints: ['cli/main.ts'],
    outfile: 'dist/cli/main.js',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifySyntax: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    // Large libraries only the file readers need stay in node_modules: loaded on
    // first use, they cost nothing on a run that does not read a file.
    external: ['exceljs', 'papaparse'],
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildCli();
