/**
 * The `User-Agent` every Atlas request carries: `atlas-encryption-at-rest/<version> (<component>)`, so Atlas
 * support and the project's access-list logs can tell this library's calls from other clients'.
 *
 * The version comes from package.json. The esbuild bundles (scripts/bundle.mjs) replace
 * `__ATLAS_EAR_VERSION__` at build time, because a bundled Lambda has no package.json beside it; unbundled code
 * (jest, tsc output under dist/, the package in node_modules) finds this package's package.json above its
 * own directory, at a depth that differs between lib/atlas and dist/lib/atlas.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

declare const __ATLAS_EAR_VERSION__: string | undefined;

const PACKAGE_NAME = 'atlas-encryption-at-rest';

/** Which program makes the calls. */
export type AtlasClientComponent = 'handler' | 'cli';

let cachedVersion: string | undefined;

/** This package's version, or `unknown` when neither the build nor a package.json tells it. */
export function packageVersion(): string {
  if (typeof __ATLAS_EAR_VERSION__ === 'string') return __ATLAS_EAR_VERSION__;
  if (cachedVersion === undefined) cachedVersion = findPackageVersion(__dirname) ?? 'unknown';
  return cachedVersion;
}

function findPackageVersion(start: string): string | undefined {
  for (let dir = start, i = 0; i < 6; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here (or not readable): look one level up
    }
    if (dirname(dir) === dir) break;
  }
  return undefined;
}

/** The User-Agent header value for a component. */
export function userAgent(component?: AtlasClientComponent): string {
  return `${PACKAGE_NAME}/${packageVersion()}${component ? ` (${component})` : ''}`;
}
