// `npm start`'s https server for the Excel add-in and the standalone page (webpack.config.js).

async function devServer() {
  // Office requires https. office-addin-dev-certs makes localhost certificates and
  // then trusts its CA, which needs admin rights; when only the trusting fails the
  // certificates it made are still good, so they are used as they are.
  let options;
  try {
    options = await require('office-addin-dev-certs').getHttpsServerOptions();
  } catch (err) {
    options = readGeneratedCertificates();
    console.warn(
      `Could not install the localhost certificate authority (${err.message.split('\n')[0]}).\n` +
        (options
          ? 'Serving with the certificates office-addin-dev-certs generated; '
          : 'Serving with a self-signed certificate instead; ') +
        'your browser will ask you to accept it at https://localhost:3000.\n' +
        'For sideloading into Excel, run "npx office-addin-dev-certs install" as an administrator.',
    );
  }
  return {
    port: 3000,
    // Listen on this machine only: nothing on the network can reach the page or the add-in files.
    host: 'localhost',
    allowedHosts: ['localhost'],
    server: options ? { type: 'https', options } : 'https',
    static: false,
    headers: { 'Access-Control-Allow-Origin': '*' },
    client: { overlay: false },
    open: false,
  };
}

function readGeneratedCertificates() {
  const fs = require('node:fs');
  const path = require('node:path');
  const dir = path.join(require('node:os').homedir(), '.office-addin-dev-certs');
  try {
    return {
      ca: fs.readFileSync(path.join(dir, 'ca.crt')),
      cert: fs.readFileSync(path.join(dir, 'localhost.crt')),
      key: fs.readFileSync(path.join(dir, 'localhost.key')),
    };
  } catch {
    return undefined;
  }
}

module.exports = { devServer };
