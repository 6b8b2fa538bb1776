// `npm run cli -- ...`: runs the bundled command line (dist/cli/main.mjs),
// building it first when it is missing or older than any source it is built from.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const root = join(__dirname, '..');
const bundle = join(root, 'dist', 'cli', 'main.mjs');
const SOURCES = ['cli', 'core', 'files', 'package-lock.json', 'build/cli.mjs'];

function newest(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const e of readdirSync(path)) t = Math.max(t, newest(join(path, e)));
  return t;
}

async function main() {
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : -1;
  if (built < Math.max(...SOURCES.map((s) => newest(join(root, s))))) {
    process.stderr.write('cli: building dist/cli/main.mjs (npm run build:cli)...\n');
    const cwd = process.cwd();
    process.chdir(root);
    const { buildCli } = await import('../build/cli.mjs');
    await buildCli();
    process.chdir(cwd);
  }
  await import(pathToFileURL(bundle).href);
}

main().catch((e) => {
  process.stderr.write(`cli: could not build the command line: ${e.message ?? e}\n`);
  process.exit(1);
});
