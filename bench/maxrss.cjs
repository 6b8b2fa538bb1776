// Preloaded into each process the end-to-end bench measures (node -r): writes
// the process's peak resident memory (KB) to $FF_MAXRSS_FILE when it exits.
const { writeFileSync } = require('node:fs');

const file = process.env.FF_MAXRSS_FILE;
if (file) {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
