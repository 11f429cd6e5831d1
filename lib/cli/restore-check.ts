/**
 * `atlas-ear restore-check`: fetches the facts the restore rules (DEP-RST-1 to DEP-RST-9) need (Atlas snapshot,
 * clusters, project encryption, the KMS state of the snapshot's key, the Atlas role its key configuration used), hands them to the pure
 * {@link restoreVerdict}, and prints the verdict.
 */
import type { AtlasApi } from '../atlas';
import { isAtlasError } from '../atlas/errors';
import { PROVIDER_VOCABULARY } from '../core/atlas/providers';
import type { ClusterWire, EncryptionAtRestWire } from '../core/atlas/wire';
import { isRoleIdentity } from '../core/atlas/key-identity';
import { lookUpAccessRole } from './access-role';
import { checkAwsKey, KmsAdapter, SsmAdapter } from './aws';
import { CliError, ExitCode } from './errors';
import { readKeyHistory } from './key-history-input';
import { currentKey, describeKey, KeyAccess, KeyRef, sameKey } from './key-ref';
import { Output } from './output';
import type { RestoreCheckLine, RestoreFacts, RestoreVerdict } from './restore/facts';
import { resolveSnapshotKey } from './restore/snapshot-key';
import { restoreVerdict } from './restore/verdict';

/** Options of `restore-check`. */
export interface RestoreCheckOptions {
  /** Source project id. */
  readonly project: string;
  /** Source cluster name. */
  readonly cluster: string;
  /** Snapshot id. */
  readonly snapshot: string;
  /**
   * Target cluster.
   * @default - the source cluster (restore in place)
   */
  readonly targetCluster?: string;
  /**
   * Target project.
   * @default - the source project
   */
  readonly targetProject?: string;
  /**
   * Path of the key history JSON (stack output `KeyHistory`).
   * @default - the SSM parameter `/atlas-encryption-at-rest/<project>/key-history`; when it cannot be read, the
   * project's current key is assumed, with a warning
   */
  readonly keyHistory?: string;
  /**
   * AWS region of the stack that keeps the key-history parameter.
   * @default - `AWS_REGION`, then the AWS profile's region
   */
  readonly region?: string;
  /**
   * The restore is point-in-time (DEP-RST-7).
   * @default false
   */
  readonly pit?: boolean;
  /**
   * Treat warnings and manual checks as blockers.
   * @default false
   */
  readonly strict?: boolean;
}

/** What the command needs from the outside world. */
export interface RestoreCheckDeps {
  /** Atlas API. */
  readonly atlas: AtlasApi;
  /** KMS adapter for AWS keys. */
  readonly kms: KmsAdapter;
  /** Printer. */
  readonly out: Output;
  /**
   * Reads the key history file.
   * @default fs.readFile
   */
  readonly readTextFile?: (path: string) => Promise<string>;
  /**
   * SSM adapter for the key-history parameter.
   * @default - no SSM: without `--key-history` the command runs without a key history
   */
  readonly ssm?: SsmAdapter;
}

const ID24 = /^[a-f0-9]{24}$/;
const CLUSTER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;

/** Validates ids and names before any call, so a typo fails fast with a clear message. */
export function validateRestoreOptions(o: RestoreCheckOptions): void {
  const bad = (what: string, value: string, allowed: string): never => {
    throw new CliError(`${what} ${JSON.stringify(value)} is not valid`, ExitCode.USAGE, `Expected ${allowed}.`);
  };
  if (!ID24.test(o.project)) bad('--project', o.project, 'a 24-hex-digit Atlas project id');
  if (o.targetProject !== undefined && !ID24.test(o.targetProject))
    bad('--target-project', o.targetProject, 'a 24-hex-digit Atlas project id');
  if (!ID24.test(o.snapshot)) bad('--snapshot', o.snapshot, 'a 24-hex-digit snapshot id');
  if (!CLUSTER_NAME.test(o.cluster)) bad('--cluster', o.cluster, 'an Atlas cluster name (letters, digits, hyphens)');
  if (o.targetCluster !== undefined && !CLUSTER_NAME.test(o.targetCluster)) {
    bad('--target-cluster', o.targetCluster, 'an Atlas cluster name (letters, digits, hyphens)');
  }
}

/**
 * Finds a cluster, including deleted clusters whose backups are retained (DEP-KEEP-1); `live` tells whether it
 * still exists (a deleted cluster cannot be the target of an in-place restore).
 */
async function findSourceCluster(
  atlas: AtlasApi,
  projectId: string,
  name: string,
): Promise<{ cluster: ClusterWire | undefined; live: boolean }> {
  const live = await atlas.getCluster(projectId, name);
  if (live) return { cluster: live, live: true };
  const all = await atlas.listClusters(projectId, { includeDeletedWithRetainedBackups: true });
  return { cluster: all.find((c) => c.name === name), live: false };
}

/** Checks a key at its KMS: AWS via DescribeKey; Azure and GCP are left to the user with exact instructions. */
async function checkKey(kms: KmsAdapter, key: KeyRef): Promise<KeyAccess> {
  if (key.provider === 'AWS') return checkAwsKey(kms, key);
  return { status: 'unverified', detail: `the CLI does not query ${PROVIDER_VOCABULARY[key.provider].title}` };
}

/** Gathers the facts, runs the verdict, prints it; returns the exit code. */
export async function runRestoreCheck(o: RestoreCheckOptions, deps: RestoreCheckDeps): Promise<ExitCode> {
  validateRestoreOptions(o);
  const { atlas, kms, out } = deps;
  const targetProjectId = o.targetProject ?? o.project;
  const targetClusterName = o.targetCluster ?? o.cluster;
  const crossProject = targetProjectId !== o.project;

  const keyHistory = await readKeyHistory({ projectId: o.project, file: o.keyHistory, region: o.region }, deps);

  const sourceEncryption = await out.step(`Reading encryption at rest of project ${o.project}`, () =>
    atlas.getEncryptionAtRest(o.project),
  );
  const source = await out.step(`Reading cluster ${o.cluster}`, () => findSourceCluster(atlas, o.project, o.cluster));
  const sourceCluster = source.cluster;
  const snapshot = await out.step(`Reading snapshot ${o.snapshot}`, async () => {
    try {
      return await atlas.getSnapshot(o.project, o.cluster, o.snapshot);
    } catch (err) {
      if (isAtlasError(err) && err.status === 404) {
        throw new CliError(
          `snapshot ${o.snapshot} of cluster ${o.cluster} was not found in project ${o.project} (${err.errorCode})`,
          ExitCode.USAGE,
          `List the snapshots with: atlas backups snapshots list ${o.cluster} --projectId ${o.project}.`,
        );
      }
      throw err;
    }
  });
  let targetCluster: ClusterWire | undefined;
  let targetEncryption: EncryptionAtRestWire = sourceEncryption;
  if (crossProject || targetClusterName !== o.cluster) {
    targetCluster = await out.step(`Reading target cluster ${targetClusterName}`, () =>
      atlas.getCluster(targetProjectId, targetClusterName),
    );
  } else {
    targetCluster = source.live ? sourceCluster : undefined;
  }
  if (crossProject) {
    targetEncryption = await out.step(`Reading encryption at rest of project ${targetProjectId}`, () =>
      atlas.getEncryptionAtRest(targetProjectId),
    );
  }

  // The target provider's private endpoints, when it requires private networking (DEP-RST-1 checks the regions).
  const targetProvider = targetCluster?.encryptionAtRestProvider;
  const targetBlock =
    targetProvider === 'AWS'
      ? targetEncryption.awsKms
      : targetProvider === 'AZURE'
        ? targetEncryption.azureKeyVault
        : undefined;
  const targetPrivateEndpoints =
    (targetProvider === 'AWS' || targetProvider === 'AZURE') && targetBlock?.requirePrivateNetworking === true
      ? await out.step(`Listing ${targetProvider} private endpoints of project ${targetProjectId}`, () =>
          atlas.listPrivateEndpoints(targetProjectId, targetProvider),
        )
      : undefined;

  const base: RestoreFacts = {
    sourceProjectId: o.project,
    sourceClusterName: o.cluster,
    sourceCluster,
    sourceEncryption,
    snapshot,
    targetProjectId,
    targetClusterName,
    targetCluster,
    targetEncryption,
    ...(targetPrivateEndpoints ? { targetPrivateEndpoints } : {}),
    keyHistory,
    pointInTime: o.pit === true,
  };

  const resolution = resolveSnapshotKey(base);
  let snapshotKeyAccess: KeyAccess | undefined;
  if (resolution.key) {
    const key = resolution.key;
    snapshotKeyAccess = await out.step(`Checking ${describeKey(key)}`, () => checkKey(kms, key));
  }
  // DEP-RST-9: the Atlas role of the snapshot's key configuration, in the source project (roles are per project).
  const identity = resolution.identity;
  const snapshotKeyRole =
    identity?.roleId && isRoleIdentity(identity)
      ? await out.step(`Reading Atlas role ${identity.roleId} of project ${o.project}`, () =>
          lookUpAccessRole(atlas, o.project, identity.roleId as string),
        )
      : undefined;
  let currentKeyAccess: KeyAccess | undefined;
  const current = o.pit && resolution.provider ? currentKey(sourceEncryption, resolution.provider) : undefined;
  if (current) {
    currentKeyAccess =
      resolution.key && sameKey(resolution.key, current)
        ? snapshotKeyAccess
        : await out.step(`Checking the current key ${describeKey(current)}`, () => checkKey(kms, current));
  }

  const verdict = restoreVerdict({
    ...base,
    snapshotKeyAccess,
    currentKeyAccess,
    ...(snapshotKeyRole ? { snapshotKeyRole } : {}),
  });
  printVerdict(verdict, out);
  if (verdict.verdict === 'BLOCKED') return ExitCode.BLOCKED;
  if (o.strict && verdict.verdict === 'RESTORABLE_WITH_WARNINGS') return ExitCode.BLOCKED;
  return ExitCode.OK;
}

/** Width of the id column: the longest id a line carries (`DEP-KEEP-1`, `DEP-RST-9`, `SNAPSHOT`). */
const ID_WIDTH = 10;

const MARK: Readonly<Record<RestoreCheckLine['status'], string>> = {
  pass: 'PASS  ',
  fail: 'FAIL  ',
  warn: 'WARN  ',
  manual: 'VERIFY',
  info: 'NOTE  ',
};

/** Prints the verdict: text with one line per check and the fix under it, or the JSON document. */
export function printVerdict(v: RestoreVerdict, out: Output): void {
  out.data(v);
  const lines: string[] = [];
  lines.push(
    `Snapshot ${v.snapshot.id} of ${v.snapshot.clusterName} (project ${v.snapshot.projectId}), taken ${v.snapshot.createdAt}`,
  );
  if (v.key) {
    const basis = v.key.basis === 'history' ? 'from the key history' : "assumed: the project's current key";
    lines.push(`Key needed: ${describeKey(v.key)} (${basis})`);
  } else if (v.snapshot.encrypted === false) {
    lines.push('Key needed: none (not encrypted with a customer key)');
  } else {
    lines.push('Key needed: unknown');
  }
  lines.push(`Target: cluster ${v.target.clusterName} (project ${v.target.projectId})`, '');
  for (const c of v.checks) {
    lines.push(`${MARK[c.status]} ${c.id.padEnd(ID_WIDTH)} ${c.message}`);
    if (c.fix && c.status !== 'pass') lines.push(`       ${' '.repeat(ID_WIDTH)} → ${c.fix}`);
  }
  const blockers = v.checks.filter((c) => c.status === 'fail').length;
  lines.push('');
  if (v.verdict === 'BLOCKED') {
    lines.push(
      `Verdict: BLOCKED (${blockers} blocker${blockers === 1 ? '' : 's'}): fix the FAIL lines before restoring.`,
    );
  } else if (v.verdict === 'RESTORABLE_WITH_WARNINGS') {
    lines.push('Verdict: RESTORABLE WITH WARNINGS: no blocker found; review the WARN and VERIFY lines.');
  } else {
    lines.push('Verdict: RESTORABLE');
  }
  out.text(lines);
}
