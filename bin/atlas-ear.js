#!/usr/bin/env node
// `atlas-ear`: runs the bundled CLI (built by scripts/bundle.mjs into assets/cli/atlas-ear.js).
'use strict';
let cli;
try {
  cli = require('../assets/cli/atlas-ear.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('atlas-ear.js')) {
    process.stderr.write('atlas-ear: error: the CLI bundle is missing\n  Run: node scripts/bundle.mjs cli\n');
    process.exit(2);
  }
  throw err;
}
cli.run();
