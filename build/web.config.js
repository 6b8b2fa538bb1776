// The standalone page (issue 6): dist/index.html and its bundles under dist/web/,
// so nothing clashes with the Excel add-in's taskpane.js / functions.js beside it.
const path = require('path');
const { ROOT, resolve, typescriptRule } = require('./webpack.common.js');
const HtmlWebpackPlugin = require('html-webpack-plugin');

module.exports = async (_env, argv = {}) => {
  const production = argv.mode !== 'development' && !process.env.WEBPACK_SERVE;
  return {
    name: 'web',
    mode: production ? 'production' : 'development',
    context: ROOT,
    target: 'web',
    entry: { page: './web/main.tsx' },
    output: {
      path: path.resolve(ROOT, 'dist'),
      filename: production ? 'web/[name].[contenthash:8].js' : 'web/[name].js',
      chunkFilename: production ? 'web/[name].[contenthash:8].js' : 'web/[name].js',
      publicPath: '',
      // Clean only our own web/ folder (old hashed bundles); the Excel and Sheets
      // builds write into the same dist/ and everything of theirs is kept.
      clean: { keep: (asset) => !asset.startsWith('web/') },
    },
    // No eval-based source maps: the page's Content-Security-Policy forbids eval.
    devtool: production ? false : 'source-map',
    resolve,
    module: { rules: [typescriptRule()] },
    plugins: [
      new HtmlWebpackPlugin({
        template: './web/index.html',
        filename: 'index.html',
        chunks: ['page'],
        scriptLoading: 'defer',
      }),
    ],
    performance: { hints: false },
  };
};
