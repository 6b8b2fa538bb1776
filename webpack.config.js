// The one webpack entry; the configurations live in build/.
// - `npm start` / `npm run build:web` (no --env): the Excel add-in (task pane, functions) and the
//   standalone page, built side by side into dist/ and served together (build/excel.config.js,
//   build/web.config.js, the https dev server in build/dev-server.js);
// - `npm run build:sheets` (--env sheets): the Google Sheets add-on into dist/sheets/
//   (build/sheets.config.js).
// Their plugins are in build/plugins/; the command line is bundled by esbuild (build/cli.mjs).
const excel = require('./build/excel.config.js');
const web = require('./build/web.config.js');
const sheets = require('./build/sheets.config.js');
const { devServer } = require('./build/dev-server.js');

module.exports = async (env = {}, argv = {}) => {
  if (env.sheets) return sheets(env, argv);
  const configs = [await excel(env, argv), await web(env, argv)];
  if (process.env.WEBPACK_SERVE) {
    configs[0].devServer = await devServer();
  }
  return configs;
};
