// The Excel add-in: dist/taskpane.html (the shared runtime page), taskpane.js,
// functions.js, functions.json (from the generated functions' JSDoc) and
// dist/assets/ (icons). File names are fixed: manifest.xml points at them.
const path = require('path');
const { ROOT, resolve, typescriptRule } = require('./webpack.common.js');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { FunctionsMetadataPlugin } = require('./plugins/functions-metadata-plugin');

module.exports = async (_env, argv = {}) => {
  const production = argv.mode !== 'development' && !process.env.WEBPACK_SERVE;
  return {
    name: 'excel',
    mode: production ? 'production' : 'development',
    context: ROOT,
    target: 'web',
    entry: {
      functions: './excel-addin/functions/functions.ts',
      taskpane: './excel-addin/taskpane/taskpane.ts',
    },
    output: {
      path: path.resolve(ROOT, 'dist'),
      filename: '[name].js',
      publicPath: '',
      // Never clean: the standalone page is built into the same dist/.
      clean: false,
    },
    devtool: production ? false : 'source-map',
    resolve,
    module: { rules: [typescriptRule()] },
    plugins: [
      new HtmlWebpackPlugin({
        template: './excel-addin/taskpane/taskpane.html',
        filename: 'taskpane.html',
        // Shared runtime: one page runs the functions and the task pane.
        chunks: ['functions', 'taskpane'],
        chunksSortMode: 'manual',
        // defer keeps the order (functions first) and runs after the page is parsed.
        scriptLoading: 'defer',
      }),
      new FunctionsMetadataPlugin({
        input: path.resolve(ROOT, 'excel-addin/functions/functions.generated.ts'),
        output: 'functions.json',
      }),
      new CopyWebpackPlugin({ patterns: [{ from: 'assets', to: 'assets' }] }),
    ],
    performance: { hints: false },
  };
};
