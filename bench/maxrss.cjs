// Preloaded into each process the end-to-end bench measures (node -r): writes
// the process's peak resident memory (KB) and CPU time (user + system, ms, all
// threads) to $FF_MAXRSS_FILE as JSON when it exits.
const { writeFileSync } = require('node:fs');

const file = process.env.FF_MAXRSS_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ maxRSS: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }),
    );
  });
}
