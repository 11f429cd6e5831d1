// Preloaded (`--require`) into every benchmarked child process: on exit, appends one JSON line with the process's
// peak RSS (kB) and its run time since process start to the file named by BENCH_PROBE. No other effect.
'use strict';
const { appendFileSync } = require('node:fs');

const out = process.env.BENCH_PROBE;
if (out) {
  process.on('exit', (code) => {
    try {
      const line = {
        pid: process.pid,
        code,
        maxRssKb: process.resourceUsage().maxRSS,
        uptimeMs: process.uptime() * 1000,
      };
      appendFileSync(out, `${JSON.stringify(line)}\n`);
    } catch {
      // best effort: a probe must never change the child's exit status
    }
  });
}
