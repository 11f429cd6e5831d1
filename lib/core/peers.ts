/**
 * Peer packages: every peer of this package is optional (a CDK app never installs cdktf and the reverse), so npm
 * never says which one is missing. Each entry point checks the peers it always needs when it is loaded, and loads
 * the ones only some constructs need on first use, both failing with the package name and the install line.
 * @internal
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE = 'atlas-encryption-at-rest';

/** Thrown when a peer package an entry point or a construct needs is not installed. */
export class MissingPeerError extends Error {
  /** The missing packages. */
  public readonly packages: readonly string[];

  constructor(packages: readonly string[], message: string) {
    super(message);
    this.name = 'MissingPeerError';
    this.packages = packages;
  }
}

let ranges: Record<string, string> | undefined;

/** The peer ranges of this package's own package.json (from lib/core in a clone, dist/lib/core when installed). */
function peerRange(pkg: string): string | undefined {
  if (ranges === undefined) {
    ranges = {};
    for (let dir = __dirname, i = 0; i < 6; i++, dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; peerDependencies?: typeof ranges };
      if (manifest.name === PACKAGE) {
        ranges = manifest.peerDependencies ?? {};
        break;
      }
    }
  }
  return ranges[pkg];
}

/** `npm install a@^1 b@^2`, with this package's peer ranges. */
export function installLine(packages: readonly string[]): string {
  return `npm install ${packages.map((p) => (peerRange(p) ? `${p}@${peerRange(p)}` : p)).join(' ')}`;
}

function missingMessage(packages: readonly string[], needs: string): string {
  const them = packages.length === 1 ? 'it' : 'them';
  const noun = packages.length === 1 ? 'package' : 'packages';
  const is = packages.length === 1 ? 'is' : 'are';
  return `${needs} the peer ${noun} ${packages.join(', ')}, which ${is} not installed. Install ${them}: ${installLine(packages)}`;
}

function isInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/**
 * Throws {@link MissingPeerError} naming every package of `packages` that is not installed.
 * @param entryPoint the entry point that needs them, e.g. `atlas-encryption-at-rest/cdk`
 */
export function assertPeersInstalled(entryPoint: string, packages: readonly string[]): void {
  const missing = packages.filter((p) => !isInstalled(p));
  if (missing.length > 0) throw new MissingPeerError(missing, missingMessage(missing, `${entryPoint} needs`));
}

/** True when `err` says that module `pkg` (or one of its sub-paths) itself cannot be found. */
function isMissingModule(err: unknown, pkg: string): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  return e?.code === 'MODULE_NOT_FOUND' && (e.message ?? '').includes(`'${pkg}`);
}

/**
 * Loads a peer package's module on first use: `load` is a `require` of one of its sub-paths.
 * @param pkg the peer package, e.g. `@cdktf/provider-azurerm`
 * @param usedBy what needs it, e.g. `atlas-encryption-at-rest/cdktf AzureKeyVaultEncryptionKey`
 * @param load requires the module
 */
export function loadPeer<T>(pkg: string, usedBy: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (isMissingModule(err, pkg)) throw new MissingPeerError([pkg], missingMessage([pkg], `${usedBy} needs`));
    throw err;
  }
}
