// The Sheets server bundle's last step (build/sheets.config.js): Code.js gets the generated
// top-level functions appended (scripts/generate-sheets-functions.ts: custom functions with their
// @customfunction JSDoc, triggers, server calls), and appsscript.json is emitted beside it.
const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');
const { ROOT } = require('../webpack.common.js');

/** Loads the stub generator (TypeScript) at build time, so stubs always match the registry. */
function loadGenerator() {
  const tsx = require('tsx/cjs/api');
  return tsx.require(
    '../../scripts/generate-sheets-functions.ts',
    path.join(__dirname, 'apps-script-server-plugin.js'),
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
          const manifest = fs.readFileSync(path.join(ROOT, 'sheets-addon/appsscript.json'));
          compilation.emitAsset('appsscript.json', new webpack.sources.RawSource(manifest));
        },
      );
    });
  }
}

module.exports = { AppsScriptServerPlugin, loadGenerator };
