// `npm run build:sheets` (webpack.config.js --env sheets): the Google Sheets add-on, written to
// dist/sheets/ (what clasp pushes):
// - Code.js: the server (core + sheets-addon/server) unminified, followed by the generated
//   top-level functions (custom functions with their @customfunction JSDoc, triggers, server calls);
// - Sidebar.html: the shared React UI with the google.script.run port, ONE self-contained file;
// - appsscript.json: the manifest.
const path = require('node:path');
const { ROOT, resolve, typescriptRule } = require('./webpack.common.js');
const { AppsScriptServerPlugin, loadGenerator } = require('./plugins/apps-script-server-plugin');
const { InlineSidebarPlugin } = require('./plugins/inline-sidebar-plugin');

const OUT = path.resolve(ROOT, 'dist/sheets');
// ES2019: the syntax every Apps Script V8 runtime accepts.
const tsRule = typescriptRule({ target: 'ES2019' });

module.exports = async (_env, argv = {}) => {
  const mode = argv.mode || 'production';
  const server = {
    name: 'sheets-server',
    mode,
    context: ROOT,
    target: ['web', 'es2019'],
    entry: { Code: './sheets-addon/server/index.ts' },
    output: {
      path: OUT,
      filename: '[name].js',
      // The global the generated stubs forward to (one name, defined by the generator).
      library: { type: 'var', name: loadGenerator().SERVER_LIBRARY },
      // Both compilers write dist/sheets/: each removes stale files but the other's.
      clean: { keep: /^Sidebar\.html$/ },
    },
    resolve,
    module: { rules: [tsRule] },
    devtool: false,
    // Unminified: the file stays readable in the Apps Script editor, and the
    // generated JSDoc blocks are appended after minification anyway.
    optimization: { minimize: false },
    performance: { hints: false },
    plugins: [new AppsScriptServerPlugin()],
  };
  const sidebar = {
    name: 'sheets-sidebar',
    mode,
    context: ROOT,
    target: ['web', 'es2019'],
    entry: { sidebar: './sheets-addon/client/sidebar.tsx' },
    output: { path: OUT, filename: '[name].js', clean: { keep: /^(Code\.js|appsscript\.json)$/ } },
    resolve,
    module: { rules: [tsRule] },
    devtool: false,
    performance: { hints: false },
    plugins: [new InlineSidebarPlugin()],
  };
  return [server, sidebar];
};
