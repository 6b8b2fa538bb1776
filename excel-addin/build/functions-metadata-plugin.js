// Emits functions.json from the generated functions file's JSDoc with
// custom-functions-metadata's generator. A plugin of our own rather than the
// package's webpack plugin, which appends associate() calls to other modules on
// watch rebuilds; the associate() calls are written in excel-addin/functions/functions.ts.
const { generateCustomFunctionsMetadata } = require('custom-functions-metadata');

class FunctionsMetadataPlugin {
  constructor({ input, output = 'functions.json' }) {
    this.input = input;
    this.output = output;
  }

  apply(compiler) {
    const { Compilation, WebpackError, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('FunctionsMetadataPlugin', (compilation) => {
      compilation.hooks.processAssets.tapPromise(
        { name: 'FunctionsMetadataPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        async () => {
          compilation.fileDependencies.add(this.input);
          const result = await generateCustomFunctionsMetadata(this.input);
          if (result.errors.length > 0) {
            for (const message of result.errors) {
              compilation.errors.push(new WebpackError(`functions.json: ${message}`));
            }
            return;
          }
          compilation.emitAsset(this.output, new sources.RawSource(result.metadataJson));
        },
      );
    });
  }
}

module.exports = { FunctionsMetadataPlugin };
