/**
 * Jest globalSetup: bundles the deploy-time handler and the CLI (scripts/bundle.mjs) before any test runs, when
 * they are missing or their sources changed. Tests synthesize stacks that stage assets/handler and run the CLI
 * bundle; nothing bundles them at install time (the published package has no install script).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function globalSetup(): void {
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'bundle.mjs'), '--if-stale', '--quiet'], {
    stdio: 'inherit',
  });
}
