// What every bundle shares: TypeScript is only transpiled here (type checking is
// `npm run typecheck`'s job), and .tsx/.ts/.js resolve in that order.

/** The ts-loader rule; compilerOptions adds to tsconfig.json (the Sheets bundle sets its target). */
function typescriptRule(compilerOptions = {}) {
  return {
    test: /\.tsx?$/,
    exclude: /node_modules/,
    use: {
      loader: 'ts-loader',
      options: { transpileOnly: true, compilerOptions: { noEmit: false, ...compilerOptions } },
    },
  };
}

const resolve = { extensions: ['.tsx', '.ts', '.js'] };

/** The repository: every bundle's context, so entries and templates resolve from any working directory. */
const ROOT = require('node:path').resolve(__dirname, '..');

module.exports = { ROOT, typescriptRule, resolve };
