// The Sheets sidebar bundle's last step (build/sheets.config.js): Apps Script serves one HTML
// file, so sidebar.js is inlined into Sidebar.html (the template sheets-addon/client/sidebar.html).
const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');
const { ROOT } = require('../webpack.common.js');

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
            path.join(ROOT, 'sheets-addon/client/sidebar.html'),
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

module.exports = { InlineSidebarPlugin };
