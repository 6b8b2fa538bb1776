// `npm run build:sheets`: the Google Sheets add-on, written to dist/sheets/ (what clasp pushes):
// - Code.js: the server (core + sheets-addon/server) unminified, followed by the generated
//   top-level functions (custom functions with their @customfunction JSDoc, triggers, server calls);
// - Sidebar.html: the shared React UI with the google.script.run port, ONE self-contained file;
// - appsscript.json: the manifest.
const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');
const { resolve, typescriptRule } = require('./webpack.common.js');

const OUT = path.resolve(__dirname, 'dist/sheets');
// ES2019: the syntax every Apps Script V8 runtime accepts.
const tsRule = typescriptRule({ target: 'ES2019' });

/** Loads the stub generator (TypeScript) at build time, so stubs always match the registry. */
function loadGenerator() {
  const tsx = require('tsx/cjs/api');
  return tsx.require(
    './scripts/generate-sheets-functions.ts',
    path.join(__dirname, 'webpack.sheets.config.js'),
  );
}

/** Appends the generated top-level functions to Code.js and writes appsscript.json. */
class AppsScriptServerPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('AppsScriptServerPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        {
          name: 'AppsScriptServerPlugin',
          stage: webpack.Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE,
        },
        () => {
          const { renderSheetsGlobals } = loadGenerator();
          const code = compilation.getAsset('Code.js').source.source().toString();
          compilation.updateAsset(
            'Code.js',
            new webpack.sources.RawSource(`${code}\n\n${renderSheetsGlobals()}`),
          );
          const manifest = fs.readFileSync(path.join(__dirname, 'sheets-addon/appsscript.json'));
          compilation.emitAsset('appsscript.json', new webpack.sources.RawSource(manifest));
        },
      );
    });
  }
}

/** Replaces sidebar.js by Sidebar.html with the script inlined (Apps Script serves one HTML file). */
class InlineSidebarPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('InlineSidebarPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        {
          name: 'InlineSidebarPlugin',
          stage: webpack.Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_INLINE,
        },
        () => {
          let js = compilation.getAsset('sidebar.js').source.source().toString();
          // The minifier moved the libraries' licence notices to a side file; keep them in the page.
          const licence = compilation.getAsset('sidebar.js.LICENSE.txt');
          if (licence) {
            const notices = licence.source.source().toString().replace(/\*\//g, '*\\/');
            js = js.replace(
              /^\/\*! For license information please see [^*]*\*\/\n?/,
              () => `/*!\n${notices}\n*/\n`,
            );
            compilation.deleteAsset('sidebar.js.LICENSE.txt');
          }
          const template = fs.readFileSync(
            path.join(__dirname, 'sheets-addon/client/sidebar.html'),
            'utf8',
          );
          // "</script" inside the code would end the inline script element early.
          const inline = js.replace(/<\/script/gi, '<\\/script');
          const html = template.replace(
            '<!-- sidebar-script -->',
            () => `<script>${inline}</script>`,
          );
          compilation.emitAsset('Sidebar.html', new webpack.sources.RawSource(html));
          compilation.deleteAsset('sidebar.js');
        },
      );
    });
  }
}

module.exports = async (_env, argv = {}) => {
  const mode = argv.mode || 'production';
  const server = {
    name: 'sheets-server',
    mode,
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
