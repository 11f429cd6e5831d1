/**
 * The restore preflight (DEP-RST-1 to DEP-RST-8) as a pure function: it takes the facts the
 * `restore-check` command fetched (Atlas objects, the key history, the KMS key state) and returns the
 * verdict with one line per check. No I/O here, so every rule is unit-testable.
 */
import { atlasRegionToAws, ClusterType, errorsOf, RuleReporter, toAtlasKeyRegion, parseKeyArn } from '../core';
import { checkTier } from '../core/rules/cluster-shape';
import type { ClusterWire, EncryptionAtRestWire, SnapshotWire } from '../core/atlas/wire';
import { clusterSpecFromWire, compareMongoVersions, isKeyProvider, providerKeyState } from './cluster-wire';
import { KeyHistoryRecord, KeyProviderName, recordsAt } from './key-history';

/** Outcome of one check. `manual` means the CLI cannot see it and says exactly what to verify. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'manual' | 'info';

/** One line of the verdict. */
export interface RestoreCheckLine {
  /** Rule id and item, e.g. `DEP-RST-1(b)`. */
  readonly id: string;
  /** Outcome. */
  readonly status: CheckStatus;
  /** What was found. */
  readonly message: string;
  /** What to do (for `fail`, `warn` and `manual`). */
  readonly fix?: string;
}

/** The overall answer. */
export type Verdict = 'RESTORABLE' | 'RESTORABLE_WITH_WARNINGS' | 'BLOCKED';

/** A customer key, as precise as the facts allow. */
export interface KeyRef {
  /** Key provider. */
  readonly provider: KeyProviderName;
  /** AWS key id or ARN, Azure versioned key URL, or GCP key version name. */
  readonly keyId: string;
  /** AWS key region, Atlas form (`EU_WEST_1`), when known. */
  readonly region?: string;
}

/** Where the snapshot's key came from. */
export type KeyBasis = 'history' | 'current-key';

/** Which key a snapshot needs, and how sure the CLI is. */
export interface SnapshotKeyResolution {
  /** Whether the snapshot is encrypted with a customer key; undefined when that cannot be told. */
  readonly encrypted: boolean | undefined;
  /** The key provider that encrypted it. */
  readonly provider?: KeyProviderName;
  /** The key; undefined when unknown. */
  readonly key?: KeyRef;
  /** `history`: from the key history (`--key-history` or the SSM parameter); `current-key`: assumed to be the project's current key. */
  readonly basis?: KeyBasis;
  /** Why the answer may be wrong. */
  readonly warnings: readonly string[];
}

/** What the KMS (or the user's cloud credentials) say about a key. */
export interface KeyAccess {
  /**
   * `usable`: enabled and reachable; `unusable`: exists but disabled, pending deletion, …;
   * `not-found`: the KMS does not know it; `unverified`: the CLI could not ask (no credentials, access denied,
   * or a provider it cannot query).
   */
  readonly status: 'usable' | 'unusable' | 'not-found' | 'unverified';
  /** Provider-side state, e.g. AWS `KeyState` `PendingDeletion`. */
  readonly keyState?: string;
  /** AWS: when a key pending deletion will be deleted (ISO time). */
  readonly deletionDate?: string;
  /** Why the key is unverified or unusable, in one sentence. */
  readonly detail?: string;
}

/** Everything `restore-check` fetched. */
export interface RestoreFacts {
  /** Source project id. */
  readonly sourceProjectId: string;
  /** Source cluster name. */
  readonly sourceClusterName: string;
  /** The source cluster; undefined when it is deleted and Atlas no longer returns it. */
  readonly sourceCluster?: ClusterWire;
  /** `GET /encryptionAtRest` of the source project. */
  readonly sourceEncryption: EncryptionAtRestWire;
  /** The snapshot. */
  readonly snapshot: SnapshotWire;
  /** Target project id (the source project when not given). */
  readonly targetProjectId: string;
  /** Target cluster name (the source cluster when not given). */
  readonly targetClusterName: string;
  /** The target cluster; undefined when it does not exist. */
  readonly targetCluster?: ClusterWire;
  /** `GET /encryptionAtRest` of the target project. */
  readonly targetEncryption: EncryptionAtRestWire;
  /**
   * The library's key history (`--key-history`, or the project's SSM key-history parameter).
   * @default - none: the snapshot is assumed to use the project's current key, with a warning
   */
  readonly keyHistory?: readonly KeyHistoryRecord[];
  /**
   * The restore is a point-in-time restore (DEP-RST-1 (g)).
   * @default false
   */
  readonly pointInTime?: boolean;
  /**
   * What the KMS said about the snapshot's key.
   * @default - not checked
   */
  readonly snapshotKeyAccess?: KeyAccess;
  /**
   * What the KMS said about the source project's current key (point-in-time restores).
   * @default - not checked
   */
  readonly currentKeyAccess?: KeyAccess;
}

/** The snapshot a verdict is about. */
export interface SnapshotSummary {
  /** Snapshot id. */
  readonly id: string;
  /** When it was taken (ISO time). */
  readonly createdAt: string;
  /** Source project id. */
  readonly projectId: string;
  /** Source cluster name. */
  readonly clusterName: string;
  /** Encrypted with a customer key; undefined when that cannot be told. */
  readonly encrypted: boolean | undefined;
  /** Atlas's `masterKeyUUID`, when the snapshot has one. */
  readonly masterKeyUUID?: string;
}

/** The key a snapshot needs, and where that answer came from. */
export interface SnapshotKey extends KeyRef {
  /** `history`: from the key history (`--key-history` or the SSM parameter); `current-key`: assumed to be the project's current key. */
  readonly basis: KeyBasis;
}

/** The restore target. */
export interface RestoreTarget {
  /** Target project id. */
  readonly projectId: string;
  /** Target cluster name. */
  readonly clusterName: string;
}

/** The result of the preflight. */
export interface RestoreVerdict {
  /** The overall answer: `BLOCKED` when any check failed. */
  readonly verdict: Verdict;
  /** The snapshot. */
  readonly snapshot: SnapshotSummary;
  /** The key the snapshot needs, when known. */
  readonly key?: SnapshotKey;
  /** The restore target. */
  readonly target: RestoreTarget;
  /** One line per check, in rule order. */
  readonly checks: readonly RestoreCheckLine[];
}

/** Normalises an AWS key region to the Atlas form, from the ARN when there is one. */
export function awsKeyRegion(keyId: string, region?: string): string | undefined {
  const arn = parseKeyArn(keyId);
  if (arn) return toAtlasKeyRegion(arn.region);
  return region ? toAtlasKeyRegion(region) : undefined;
}

/** The key id part of an AWS key reference (ARN or id), for comparing references. */
function awsKeyIdPart(keyId: string): string {
  return parseKeyArn(keyId)?.keyId ?? keyId;
}

/** The project's current key of a provider, or undefined when the provider is not enabled. */
export function currentKey(ear: EncryptionAtRestWire, provider: KeyProviderName): KeyRef | undefined {
  const state = providerKeyState(ear, provider);
  if (!state.enabled || !state.keyId) return undefined;
  return {
    provider,
    keyId: state.keyId,
    ...(provider === 'AWS' ? { region: awsKeyRegion(state.keyId, state.region) } : {}),
  };
}

/**
 * Which key the snapshot needs (DEP-KEEP-1; Atlas documents no mapping from a snapshot to a customer key): the key-history record of the snapshot's provider
 * whose `[from, to)` contains the snapshot's `createdAt`; without a history (or a covering record), the project's
 * current key, with a warning.
 */
export function resolveSnapshotKey(
  facts: Pick<RestoreFacts, 'snapshot' | 'sourceCluster' | 'sourceEncryption' | 'keyHistory'>,
): SnapshotKeyResolution {
  const { snapshot, sourceCluster, sourceEncryption, keyHistory } = facts;
  const warnings: string[] = [];
  const created = new Date(snapshot.createdAt);
  const clusterProvider = sourceCluster?.encryptionAtRestProvider;

  let provider: KeyProviderName | undefined;
  if (isKeyProvider(clusterProvider)) {
    provider = clusterProvider;
  } else if (keyHistory) {
    const providers = [...new Set(recordsAt(keyHistory, created).map((r) => r.provider))];
    if (providers.length === 1 && snapshot.masterKeyUUID) {
      provider = providers[0];
      warnings.push(
        `the source cluster ${sourceCluster ? `now uses provider ${clusterProvider ?? 'NONE'}` : 'is gone'}; ` +
          `the snapshot carries a masterKeyUUID and the key history has a ${provider} key at ${snapshot.createdAt}, so ${provider} is assumed`,
      );
    }
  }
  if (!provider) {
    if (snapshot.masterKeyUUID) {
      return {
        encrypted: true,
        warnings: [
          ...warnings,
          `the snapshot carries masterKeyUUID ${snapshot.masterKeyUUID} (encrypted with a customer key), but the source cluster ` +
            `${sourceCluster ? 'no longer uses one' : 'is gone'} and no key history record covers ${snapshot.createdAt}`,
        ],
      };
    }
    return { encrypted: false, warnings };
  }

  const current = currentKey(sourceEncryption, provider);
  const withRegion = (r: KeyHistoryRecord): KeyRef => {
    if (r.provider !== 'AWS') return { provider: r.provider, keyId: r.keyId };
    let region = awsKeyRegion(r.keyId, r.region);
    if (!region && current && awsKeyIdPart(current.keyId) === awsKeyIdPart(r.keyId)) region = current.region;
    if (!region && current?.region) {
      region = current.region;
      warnings.push(
        `key history gives no region for AWS key ${r.keyId}; assuming the project's current key region ${current.region}`,
      );
    }
    return { provider: 'AWS', keyId: r.keyId, ...(region ? { region } : {}) };
  };

  if (keyHistory) {
    const covering = recordsAt(keyHistory, created, provider);
    if (covering.length > 0) {
      if (covering.length > 1) {
        warnings.push(
          `key history has ${covering.length} overlapping ${provider} records at ${snapshot.createdAt}; using the latest (from ${covering[0].from})`,
        );
      }
      return { encrypted: true, provider, key: withRegion(covering[0]), basis: 'history', warnings };
    }
    warnings.push(
      `key history has no ${provider} key covering the snapshot time ${snapshot.createdAt}` +
        (current
          ? `; falling back to the project's current ${provider} key, which may not be the key that encrypted it`
          : ''),
    );
  } else {
    warnings.push(
      'no key history (no --key-history file, and no key-history SSM parameter could be read): Atlas does not say which customer key encrypted a snapshot (it exposes only masterKeyUUID), ' +
        `so the project's current ${provider} key is assumed; if the key changed after ${snapshot.createdAt}, the snapshot needs the earlier key`,
    );
  }
  if (!current) return { encrypted: true, provider, warnings };
  return { encrypted: true, provider, key: current, basis: 'current-key', warnings };
}

/** Describes a key for messages: `AWS key <id> (eu-west-1)`. */
export function describeKey(key: KeyRef): string {
  if (key.provider === 'AWS')
    return `AWS KMS key ${key.keyId}${key.region ? ` (${atlasRegionToAws(key.region)})` : ''}`;
  if (key.provider === 'AZURE') return `Azure Key Vault key ${key.keyId}`;
  return `Google Cloud KMS key version ${key.keyId}`;
}

/** What to do about a key that is not usable, per provider and state. */
export function keyFix(key: KeyRef, access: KeyAccess): string {
  if (key.provider === 'AWS') {
    const region = key.region ? ` --region ${atlasRegionToAws(key.region)}` : '';
    const id = `--key-id ${key.keyId}${region}`;
    switch (access.keyState) {
      case 'PendingDeletion':
      case 'PendingReplicaDeletion':
        return (
          `Cancel the deletion${access.deletionDate ? ` before ${access.deletionDate}` : ''} and re-enable the key: ` +
          `aws kms cancel-key-deletion ${id} && aws kms enable-key ${id}. Once the key is deleted, every snapshot it encrypted is unrecoverable.`
        );
      case 'Disabled':
        return `Enable the key: aws kms enable-key ${id}. Then wait for Atlas to re-validate it (up to 15 minutes).`;
      case 'PendingImport':
        return `Import the key material again (aws kms import-key-material ${id} …), then enable the key.`;
      case 'Unavailable':
        return 'The key lives in a disconnected custom key store: reconnect it (aws kms connect-custom-key-store).';
      default:
        if (access.status === 'not-found') {
          return (
            `Check that the key id, account and region are right (aws kms describe-key ${id}). ` +
            'If the key was deleted, snapshots it encrypted cannot be restored; pick a snapshot taken under a key that still exists.'
          );
        }
        return `Make the key Enabled (aws kms describe-key ${id} shows KeyState).`;
    }
  }
  if (key.provider === 'AZURE') return azureVerify(key.keyId);
  return gcpVerify(key.keyId);
}

/** Exactly what to verify for an Azure key the CLI cannot query. */
export function azureVerify(keyId: string): string {
  return (
    `Verify in Azure: az keyvault key show --id ${keyId} --query "attributes.{enabled:enabled,expires:expires}" ` +
    'must show enabled: true and no past expiry; if the key or version was deleted, recover it (az keyvault key recover) ' +
    'while soft-delete retention lasts; and the identity Atlas uses must still have wrapKey/unwrapKey on the vault ' +
    '(role "Key Vault Crypto Service Encryption User" or an access policy), with the vault firewall allowing Atlas.'
  );
}

/** Exactly what to verify for a Google Cloud key version the CLI cannot query. */
export function gcpVerify(keyId: string): string {
  return (
    `Verify in Google Cloud: gcloud kms keys versions describe ${keyId} --format="value(state)" must print ENABLED ` +
    '(not DISABLED, DESTROY_SCHEDULED or DESTROYED); restore a DESTROY_SCHEDULED version with ' +
    `gcloud kms keys versions restore ${keyId}, then enable it; and Atlas's service account must still hold ` +
    'roles/cloudkms.cryptoKeyEncrypterDecrypter on the key.'
  );
}

function line(id: string, status: CheckStatus, message: string, fix?: string): RestoreCheckLine {
  return fix === undefined ? { id, status, message } : { id, status, message, fix };
}

/** Turns a key check into a verdict line. */
function keyLine(id: string, what: string, key: KeyRef, access: KeyAccess | undefined): RestoreCheckLine {
  const name = describeKey(key);
  if (!access || access.status === 'unverified') {
    const why = access?.detail ? ` (${access.detail})` : '';
    const verify =
      key.provider === 'AWS'
        ? `Verify with credentials of the key's account: aws kms describe-key --key-id ${key.keyId}` +
          `${key.region ? ` --region ${atlasRegionToAws(key.region)}` : ''} must show KeyState Enabled.`
        : keyFix(key, { status: 'unverified' });
    return line(id, 'manual', `${what} ${name} could not be checked${why}`, verify);
  }
  if (access.status === 'usable')
    return line(id, 'pass', `${what} ${name} is ${access.keyState ?? 'enabled'} and reachable`);
  if (access.status === 'not-found') {
    return line(
      id,
      'fail',
      `${what} ${name} was not found${access.detail ? ` (${access.detail})` : ''}`,
      keyFix(key, access),
    );
  }
  const state = access.keyState ? ` is ${access.keyState}` : ' is not usable';
  const when = access.deletionDate ? ` (deletion scheduled for ${access.deletionDate})` : '';
  return line(id, 'fail', `${what} ${name}${state}${when}: Atlas cannot decrypt with it`, keyFix(key, access));
}

/** Runs DEP-RST-1 (a)–(h) over the facts. Pure: same facts, same verdict. */
export function restoreVerdict(facts: RestoreFacts): RestoreVerdict {
  const checks: RestoreCheckLine[] = [];
  const resolution = resolveSnapshotKey(facts);
  const { snapshot, targetCluster } = facts;
  const crossProject = facts.targetProjectId !== facts.sourceProjectId;
  const target = `target cluster "${facts.targetClusterName}"${crossProject ? ` in project ${facts.targetProjectId}` : ''}`;

  // The snapshot itself.
  if (snapshot.status && snapshot.status !== 'completed') {
    checks.push(
      line(
        'SNAPSHOT',
        'fail',
        `snapshot ${snapshot.id} is ${snapshot.status}`,
        'Only a completed snapshot can be restored: pick another.',
      ),
    );
  }
  if (snapshot.expiresAt && Date.parse(snapshot.expiresAt) < Date.parse(snapshot.createdAt)) {
    checks.push(line('SNAPSHOT', 'warn', `snapshot ${snapshot.id} has an expiry before its creation time`));
  }

  // Key mapping caveats (DEP-KEEP-1).
  for (const w of resolution.warnings) {
    checks.push(
      line(
        'DEP-KEEP-1',
        'warn',
        w,
        "Let atlas-ear read the SSM parameter /atlas-encryption-at-rest/<project>/key-history (AWS credentials, the stack's --region), or pass --key-history <file.json> (the stack output KeyHistory), so the CLI checks the key that was current when the snapshot was taken.",
      ),
    );
  }

  // (b) the snapshot's key is enabled and reachable.
  if (resolution.encrypted === false) {
    checks.push(
      line('DEP-RST-1(b)', 'info', `snapshot ${snapshot.id} is not encrypted with a customer key: no key is needed`),
    );
  } else if (!resolution.provider) {
    checks.push(
      line(
        'DEP-RST-1(b)',
        'fail',
        'cannot tell which key provider encrypted the snapshot',
        'Pass --key-history <file.json> with the records of the key that was current when the snapshot was taken.',
      ),
    );
  } else if (!resolution.key) {
    checks.push(
      line(
        'DEP-RST-1(b)',
        'fail',
        `cannot tell which ${resolution.provider} key encrypted the snapshot: the source project has no enabled ${resolution.provider} key and no key history record covers ${snapshot.createdAt}`,
        'Pass --key-history <file.json> with the record of the key that was current when the snapshot was taken.',
      ),
    );
  } else {
    checks.push(keyLine('DEP-RST-1(b)', "the snapshot's key", resolution.key, facts.snapshotKeyAccess));
  }

  if (!targetCluster) {
    checks.push(
      line(
        'TARGET',
        'fail',
        `${target} does not exist`,
        `Create it first: an M10+ replica set${resolution.provider ? ` with encryptionAtRestProvider ${resolution.provider}` : ''}, on the same or a newer MongoDB version.`,
      ),
    );
  } else {
    const targetProvider = targetCluster.encryptionAtRestProvider ?? 'NONE';
    const targetKeyProvider = isKeyProvider(targetProvider) ? targetProvider : undefined;
    const targetEncrypted = targetKeyProvider !== undefined;

    // (d) encrypted snapshot ↔ encrypted target.
    if (resolution.encrypted !== false && !targetEncrypted) {
      checks.push(
        line(
          'DEP-RST-1(d)',
          'fail',
          `${target} does not use a customer key (encryptionAtRestProvider ${targetProvider}), but the snapshot is encrypted with one`,
          `Enable encryption at rest with ${resolution.provider ?? 'the same provider'} on the target cluster first (and wait for IDLE), then restore.`,
        ),
      );
    } else if (resolution.encrypted === false && targetEncrypted) {
      checks.push(
        line(
          'DEP-RST-1(d)',
          'fail',
          `${target} uses a customer key (${targetProvider}), but the snapshot is not encrypted with one`,
          'Restore to a cluster whose encryptionAtRestProvider is NONE.',
        ),
      );
    } else {
      checks.push(
        line(
          'DEP-RST-1(d)',
          'pass',
          resolution.encrypted === false
            ? `${target} and the snapshot both use no customer key`
            : `${target} is encrypted with a customer key`,
        ),
      );
    }

    // (c) same provider.
    if (resolution.provider && targetEncrypted) {
      if (targetProvider !== resolution.provider) {
        checks.push(
          line(
            'DEP-RST-1(c)',
            'fail',
            `${target} uses provider ${targetProvider}, but the snapshot was encrypted with ${resolution.provider}`,
            `Restore to a cluster that uses ${resolution.provider}, or switch the target to ${resolution.provider} first (through NONE, DEP-SW-1).`,
          ),
        );
      } else {
        checks.push(
          line('DEP-RST-1(c)', 'pass', `${target} uses the same provider as the snapshot (${targetProvider})`),
        );
      }
    }

    // (a) target project's provider enabled and valid.
    if (targetKeyProvider) {
      const state = providerKeyState(facts.targetEncryption, targetKeyProvider);
      const where = crossProject ? `target project ${facts.targetProjectId}` : 'the project';
      if (!state.enabled) {
        checks.push(
          line(
            'DEP-RST-1(a)',
            'fail',
            `${targetProvider} encryption at rest is not enabled on ${where}`,
            `Configure and enable the ${targetProvider} key on ${where} first.`,
          ),
        );
      } else if (state.valid !== true) {
        checks.push(
          line(
            'DEP-RST-1(a)',
            'fail',
            `the ${targetProvider} key configuration of ${where} is not valid (Atlas cannot use its key${state.keyId ? ` ${state.keyId}` : ''})`,
            'Restore key access first (DEP-KEY-1): re-enable the key or fix the identity Atlas uses, then wait for valid: true (Atlas re-checks every 15 minutes).',
          ),
        );
      } else {
        checks.push(
          line('DEP-RST-1(a)', 'pass', `the ${targetProvider} key configuration of ${where} is enabled and valid`),
        );
      }

      // (e) across projects, AWS keys in the same region.
      if (crossProject && targetProvider === 'AWS' && resolution.provider === 'AWS') {
        const snapRegion = resolution.key?.region;
        const targetRegion = awsKeyRegion(state.keyId ?? '', state.region);
        if (!snapRegion || !targetRegion) {
          checks.push(
            line(
              'DEP-RST-1(e)',
              'warn',
              `cannot compare AWS key regions across projects (snapshot key: ${snapRegion ?? 'unknown'}, target key: ${targetRegion ?? 'unknown'})`,
              "Make sure the target project's AWS key is in the same region as the snapshot's key.",
            ),
          );
        } else if (snapRegion !== targetRegion) {
          checks.push(
            line(
              'DEP-RST-1(e)',
              'fail',
              `across projects the AWS keys must be in the same region: the snapshot's key is in ${snapRegion}, target project ${facts.targetProjectId}'s key in ${targetRegion}`,
              `Restore to a project whose AWS key is in ${snapRegion}.`,
            ),
          );
        } else {
          checks.push(line('DEP-RST-1(e)', 'pass', `both AWS keys are in ${snapRegion}`));
        }
      }
    }

    // (f) replica set, M10+ (core SYN-TIER-1), MongoDB version not lower.
    const topology = targetCluster.clusterType ?? ClusterType.REPLICASET;
    // The replica-set limit is a rule of encrypted snapshots (like the tier check below), not of plain ones.
    if (resolution.encrypted !== false && topology !== ClusterType.REPLICASET) {
      checks.push(
        line(
          'DEP-RST-1(f)',
          'fail',
          `${target} is ${topology}: an encrypted snapshot restores only to a replica set`,
          'Restore to a REPLICASET cluster.',
        ),
      );
    } else if (resolution.encrypted !== false) {
      checks.push(line('DEP-RST-1(f)', 'pass', `${target} is a replica set`));
    }
    const tier = new RuleReporter();
    checkTier(
      { ...clusterSpecFromWire(targetCluster), encryptionProvider: resolution.provider ?? targetProvider },
      tier,
    );
    const tierErrors = errorsOf(tier.result());
    if (resolution.encrypted !== false && tierErrors.length > 0) {
      checks.push(
        line(
          'DEP-RST-1(f)',
          'fail',
          `${target} is below M10: ${tierErrors.map((v) => v.message).join('; ')}`,
          'Scale the target to a dedicated tier, M10 or larger, before restoring.',
        ),
      );
    } else if (resolution.encrypted !== false) {
      checks.push(line('DEP-RST-1(f)', 'pass', `${target} is on a dedicated tier (M10 or larger)`));
    }
    const sourceVersion =
      snapshot.mongodVersion ?? facts.sourceCluster?.mongoDBVersion ?? facts.sourceCluster?.mongoDBMajorVersion;
    const targetVersion = targetCluster.mongoDBVersion ?? targetCluster.mongoDBMajorVersion;
    const cmp = compareMongoVersions(targetVersion, sourceVersion);
    if (cmp === undefined) {
      checks.push(
        line(
          'DEP-RST-1(f)',
          'warn',
          `cannot compare MongoDB versions (snapshot: ${sourceVersion ?? 'unknown'}, target: ${targetVersion ?? 'unknown'})`,
          'Make sure the target runs the same or a newer MongoDB version than the snapshot.',
        ),
      );
    } else if (cmp < 0) {
      checks.push(
        line(
          'DEP-RST-1(f)',
          'fail',
          `${target} runs MongoDB ${targetVersion}, lower than the snapshot's ${sourceVersion}`,
          `Upgrade the target to MongoDB ${sourceVersion} or newer, or restore to another cluster.`,
        ),
      );
    } else {
      checks.push(
        line(
          'DEP-RST-1(f)',
          'pass',
          `${target} runs MongoDB ${targetVersion}, not lower than the snapshot's ${sourceVersion}`,
        ),
      );
    }
    if (targetCluster.paused) {
      checks.push(line('TARGET', 'fail', `${target} is paused`, 'Resume the cluster before restoring into it.'));
    } else if (targetCluster.stateName && targetCluster.stateName !== 'IDLE') {
      checks.push(
        line(
          'TARGET',
          'warn',
          `${target} is ${targetCluster.stateName}`,
          'Wait until the cluster is IDLE before restoring.',
        ),
      );
    }
  }

  // (g) point-in-time restores need the current key valid.
  if (facts.pointInTime) {
    const provider = resolution.provider;
    if (facts.sourceCluster && facts.sourceCluster.pitEnabled === false) {
      checks.push(
        line(
          'DEP-RST-1(g)',
          'fail',
          `source cluster "${facts.sourceClusterName}" does not have continuous cloud backup (pitEnabled) on`,
          'Use a snapshot restore, or enable pitEnabled for future point-in-time restores.',
        ),
      );
    }
    if (provider) {
      const state = providerKeyState(facts.sourceEncryption, provider);
      const cur = currentKey(facts.sourceEncryption, provider);
      if (!state.enabled || !cur) {
        checks.push(
          line(
            'DEP-RST-1(g)',
            'fail',
            `a point-in-time restore needs the current ${provider} key valid, but ${provider} is not enabled on source project ${facts.sourceProjectId}`,
            `Enable the ${provider} key configuration on the source project first.`,
          ),
        );
      } else if (state.valid !== true) {
        checks.push(
          line(
            'DEP-RST-1(g)',
            'fail',
            `a point-in-time restore needs the current ${provider} key valid, but Atlas reports the current key ${cur.keyId} as not valid`,
            `Restore access to ${describeKey(cur)} first (DEP-KEY-1)` +
              (facts.currentKeyAccess &&
              facts.currentKeyAccess.status !== 'usable' &&
              facts.currentKeyAccess.status !== 'unverified'
                ? `: ${keyFix(cur, facts.currentKeyAccess)}`
                : ', then wait for Atlas to report valid: true (it re-checks every 15 minutes).'),
          ),
        );
      } else if (facts.currentKeyAccess && facts.currentKeyAccess.status !== 'usable') {
        checks.push(keyLine('DEP-RST-1(g)', 'the current key', cur, facts.currentKeyAccess));
      } else {
        checks.push(line('DEP-RST-1(g)', 'pass', `the current ${provider} key ${cur.keyId} is valid`));
      }
    }
  }

  // (h) the caller's role on the target: not visible to the CLI.
  checks.push(
    line(
      'DEP-RST-1(h)',
      'info',
      `the restore itself needs Project Owner (or Project Backup Recovery Operator) on ${crossProject ? `target project ${facts.targetProjectId}` : 'the project'}`,
    ),
  );

  const verdict: Verdict = checks.some((c) => c.status === 'fail')
    ? 'BLOCKED'
    : checks.some((c) => c.status === 'warn' || c.status === 'manual')
      ? 'RESTORABLE_WITH_WARNINGS'
      : 'RESTORABLE';
  return {
    verdict,
    snapshot: {
      id: snapshot.id,
      createdAt: snapshot.createdAt,
      projectId: facts.sourceProjectId,
      clusterName: facts.sourceClusterName,
      encrypted: resolution.encrypted,
      ...(snapshot.masterKeyUUID ? { masterKeyUUID: snapshot.masterKeyUUID } : {}),
    },
    ...(resolution.key && resolution.basis ? { key: { ...resolution.key, basis: resolution.basis } } : {}),
    target: { projectId: facts.targetProjectId, clusterName: facts.targetClusterName },
    checks,
  };
}
