// `npm start` and `npm run build:web`: the Excel add-in (task pane, functions)
// and the standalone page, built side by side into dist/ and served together.
const excel = require('./webpack.excel.config.js');
const web = require('./webpack.web.config.js');

module.exports = async (env, argv) => {
  const configs = [await excel(env, argv), await web(env, argv)];
  if (process.env.WEBPACK_SERVE) {
    configs[0].devServer = await devServer();
  }
  return configs;
};

async function devServer() {
  // Office requires https. office-addin-dev-certs makes localhost certificates;
  // trusting its CA needs admin rights, so a failure to install it is reported, not fatal.
  let options;
  try {
    const devCerts = require('office-addin-dev-certs');
    options = await devCerts.getHttpsServerOptions();
  } catch (err) {
    console.warn(
      `Could not create or trust localhost certificates (${err.message}).\n` +
        'Serving with a self-signed certificate instead: open https://localhost:3000 and accept it,\n' +
        'or run "npx office-addin-dev-certs install" as an administrator for Excel sideloading.',
    );
  }
  return {
    port: 3000,
    server: options ? { type: 'https', options } : 'https',
    static: false,
    headers: { 'Access-Control-Allow-Origin': '*' },
    client: { overlay: false },
    open: false,
  };
}
