/**
 * `atlas-ear status`: the project's key providers and their `valid` flags, the clusters and the provider each
 * uses, the age of each current key, the rotation alert settings (DEP-ALERT-1), and what is still pending: clusters
 * whose provider differs from what the template asks (with `--template`), or that may have a provider switch left
 * half done (without it; see ./pending).
 */
import { readFile } from 'node:fs/promises';
import type { AtlasApi } from '../atlas';
import {
  blockOf,
  isEnabled,
  isKeyProvider,
  KEY_PROVIDER_NAMES,
  type KeyProvider,
  PROVIDER_VOCABULARY,
  providerKeyState,
} from '../core/atlas/providers';
import type { KeyInterval } from '../core/atlas/key-history';
import {
  type AccessRoleLookup,
  type AccessRoleState,
  accessRoleState,
  describeIdentity,
  identityOfBlock,
  isRoleIdentity,
  type KeyIdentityKind,
  roleProblem,
} from '../core/atlas/key-identity';
import type { AlertConfigWire, ClusterWire, EARPrivateEndpointWire, EncryptionAtRestWire } from '../core/atlas/wire';
import { lookUpAccessRole } from './access-role';
import { checkAwsKey, KmsAdapter, SsmAdapter } from './aws';
import { cloudsOf, instanceSizesOf } from './cluster-summary';
import { CliError, ExitCode } from './errors';
import { currentRecord } from './key-history';
import { readKeyHistory } from './key-history-input';
import { awsKeyRegion, sameKeyId } from './key-ref';
import { Output } from './output';
import { type PendingChange, pendingChanges } from './pending';
import { type WantedCluster, wantedClusters } from './stack-template';

/** Options of `status`. */
export interface StatusOptions {
  /** Project id. */
  readonly project: string;
  /**
   * Key history JSON path, for key ages.
   * @default - the SSM parameter `/atlas-encryption-at-rest/<project>/key-history`; without it, ages come from KMS
   * (AWS) when credentials allow
   */
  readonly keyHistory?: string;
  /**
   * JSON templates the stacks deploy (cdk or cdktf synth output), to show clusters whose provider differs from what
   * they ask.
   * @default - none: clusters at NONE in a project with a key provider are shown as possibly pending
   */
  readonly template?: readonly string[];
  /**
   * AWS region of the stack that keeps the key-history parameter.
   * @default - `AWS_REGION`, then the AWS profile's region
   */
  readonly region?: string;
  /**
   * Exit 1 when there is any warning.
   * @default false
   */
  readonly strict?: boolean;
}

/** What the command needs from the outside world. */
export interface StatusDeps {
  /** Atlas API. */
  readonly atlas: AtlasApi;
  /** KMS adapter (AWS key state and creation date). */
  readonly kms: KmsAdapter;
  /** Printer. */
  readonly out: Output;
  /** Clock. @default - now */
  readonly now?: () => Date;
  /** Reads the key history file and the templates. @default fs.readFile */
  readonly readTextFile?: (path: string) => Promise<string>;
  /** SSM adapter for the key-history parameter. @default - no SSM: without `--key-history`, no key history */
  readonly ssm?: SsmAdapter;
}

/** The rotation alert of a provider (its `PROVIDER_VOCABULARY[p].rotationAlert` event type). */
export interface RotationAlertStatus {
  /** Whether a config for the event type exists. */
  readonly configured: boolean;
  /** Alert config id. */
  readonly id?: string;
  /** Whether it is enabled. */
  readonly enabled?: boolean;
  /** Threshold in days. */
  readonly thresholdDays?: number;
}

/** One key provider of the project. */
export interface ProviderStatus {
  /** Provider. */
  readonly provider: KeyProvider;
  /** Configured and enabled. */
  readonly enabled: boolean;
  /** Atlas's `valid` flag (null when Atlas does not say). */
  readonly valid: boolean | null;
  /** The current key (AWS id/ARN, Azure key URL, GCP key version). */
  readonly keyId?: string;
  /** AWS key region, Atlas form. */
  readonly region?: string;
  /** Atlas reaches the key only over private networking. */
  readonly requirePrivateNetworking?: boolean;
  /** Key state at the KMS (AWS only, when credentials allow). */
  readonly keyState?: string;
  /** Since when the key is the project's key (key history), ISO time. */
  readonly currentSince?: string;
  /** When the key was created at the KMS (AWS), ISO time. */
  readonly keyCreatedAt?: string;
  /** Age in whole days, from `currentSince` (preferred) or `keyCreatedAt`. */
  readonly ageDays?: number;
  /** What `ageDays` is measured from. */
  readonly ageBasis: 'key-history' | 'kms-creation-date' | 'unknown';
  /** The rotation alert. */
  readonly rotationAlert: RotationAlertStatus;
  /** Names of the clusters that use this provider. */
  readonly clusters: readonly string[];
  /** The provider's encryption-at-rest private endpoints (listed when it requires private networking). */
  readonly privateEndpoints?: readonly PrivateEndpointStatus[];
  /** The identity Atlas uses to reach the key (enabled providers). */
  readonly identity?: IdentityStatus;
}

/** The identity of a provider's key configuration, and the state of its Atlas role. */
export interface IdentityStatus {
  /** Identity kind. */
  readonly kind: KeyIdentityKind;
  /** As text: `Azure service principal (secretless), Atlas role …`. */
  readonly description: string;
  /** Atlas cloud-provider-access role id (role kinds). */
  readonly roleId?: string;
  /** Azure application id of a client-secret identity. */
  readonly clientId?: string;
  /**
   * The role's state: `REMOVED` when Atlas no longer has it, `UNKNOWN` when it could not be read or was not.
   * Absent for a static credential (Atlas holds it and never returns it).
   */
  readonly roleState?: AccessRoleState | 'REMOVED' | 'UNKNOWN';
}

/** One encryption-at-rest private endpoint. */
export interface PrivateEndpointStatus {
  /** Endpoint id. */
  readonly id: string;
  /** Atlas region name. */
  readonly regionName: string;
  /** Atlas status: INITIATING, PENDING_ACCEPTANCE, ACTIVE, FAILED, PENDING_RECREATION or DELETING. */
  readonly status: string;
  /** Azure: the connection the vault owner approves. */
  readonly privateEndpointConnectionName?: string;
  /** Atlas's error message, when it gives one. */
  readonly errorMessage?: string;
}

/** One cluster of the project. */
export interface ClusterStatus {
  /** Name. */
  readonly name: string;
  /** `encryptionAtRestProvider`. */
  readonly provider: string;
  /** `clusterType`. */
  readonly clusterType?: string;
  /** Electable instance sizes. */
  readonly instanceSizes: readonly string[];
  /** Clouds the nodes run on. */
  readonly clouds: readonly string[];
  /** MongoDB version. */
  readonly mongoDBVersion?: string;
  /** `stateName`. */
  readonly stateName?: string;
  /** Paused. */
  readonly paused: boolean;
  /** Cloud Backup on. */
  readonly backupEnabled: boolean;
  /** Continuous Cloud Backup (PIT) on. */
  readonly pitEnabled: boolean;
}

/** The `status --json` document. */
export interface StatusReport {
  /** Project id. */
  readonly projectId: string;
  /** `enabledForSearchNodes`. */
  readonly enabledForSearchNodes: boolean;
  /** One entry per provider (AWS, AZURE, GCP), configured or not. */
  readonly providers: readonly ProviderStatus[];
  /** Every cluster. */
  readonly clusters: readonly ClusterStatus[];
  /** Changes still to apply (see ./pending). */
  readonly pending: readonly PendingChange[];
  /** Problems worth acting on. */
  readonly warnings: readonly string[];
}

const DAY_MS = 86_400_000;

/** The rotation alert of a provider from the alert configs. */
export function rotationAlertOf(configs: readonly AlertConfigWire[], provider: KeyProvider): RotationAlertStatus {
  const c = configs.find((x) => x.eventTypeName === PROVIDER_VOCABULARY[provider].rotationAlert);
  if (!c) return { configured: false };
  return {
    configured: true,
    ...(c.id ? { id: c.id } : {}),
    enabled: c.enabled,
    ...(c.threshold?.units === 'DAYS' || c.threshold?.units === undefined
      ? c.threshold?.threshold !== undefined
        ? { thresholdDays: c.threshold.threshold }
        : {}
      : {}),
  };
}

/** Builds the report from fetched facts (pure). */
export function buildStatusReport(input: {
  readonly projectId: string;
  readonly encryption: EncryptionAtRestWire;
  readonly clusters: readonly ClusterWire[];
  readonly alertConfigs: readonly AlertConfigWire[];
  readonly keyHistory?: readonly KeyInterval[];
  readonly kmsInfo?: Partial<Record<KeyProvider, { keyState?: string; creationDate?: string }>>;
  /** What the templates ask for; undefined without `--template`. */
  readonly wanted?: readonly WantedCluster[];
  /** Private endpoints of the providers that require private networking. */
  readonly privateEndpoints?: Partial<Record<'AWS' | 'AZURE', readonly EARPrivateEndpointWire[]>>;
  /** What Atlas answered for the role each enabled provider's configuration uses. */
  readonly accessRoles?: Partial<Record<KeyProvider, AccessRoleLookup>>;
  readonly now: Date;
}): StatusReport {
  const warnings: string[] = [];
  const clusters: ClusterStatus[] = input.clusters.map((c) => ({
    name: c.name,
    provider: c.encryptionAtRestProvider ?? 'NONE',
    ...(c.clusterType ? { clusterType: c.clusterType } : {}),
    instanceSizes: instanceSizesOf(c),
    clouds: cloudsOf(c),
    ...(c.mongoDBVersion || c.mongoDBMajorVersion ? { mongoDBVersion: c.mongoDBVersion ?? c.mongoDBMajorVersion } : {}),
    ...(c.stateName ? { stateName: c.stateName } : {}),
    paused: c.paused === true,
    backupEnabled: c.backupEnabled === true,
    pitEnabled: c.pitEnabled === true,
  }));

  const providers: ProviderStatus[] = KEY_PROVIDER_NAMES.map((provider) => {
    const s = providerKeyState(input.encryption, provider);
    const users = clusters.filter((c) => c.provider === provider).map((c) => c.name);
    const alert = rotationAlertOf(input.alertConfigs, provider);
    const record = input.keyHistory ? currentRecord(input.keyHistory, provider) : undefined;
    const kms = input.kmsInfo?.[provider];
    const since = record && s.keyId && sameKeyId(record.keyId, s.keyId) ? record.from : undefined;
    const basis = since ? 'key-history' : kms?.creationDate ? 'kms-creation-date' : 'unknown';
    const from = since ?? kms?.creationDate;
    const ageDays = from ? Math.floor((input.now.getTime() - Date.parse(from)) / DAY_MS) : undefined;

    const identity = identityOfBlock(blockOf(input.encryption, provider), provider);
    let identityStatus: IdentityStatus | undefined;
    if (identity) {
      const lookup = identity.roleId ? input.accessRoles?.[provider] : undefined;
      const found = lookup && lookup.roleId === identity.roleId ? lookup : undefined;
      const roleState = !isRoleIdentity(identity)
        ? undefined
        : !found || 'error' in found
          ? 'UNKNOWN'
          : found.found
            ? accessRoleState(found.role)
            : 'REMOVED';
      identityStatus = {
        kind: identity.kind,
        description: describeIdentity(identity),
        ...(identity.roleId ? { roleId: identity.roleId } : {}),
        ...(identity.clientId ? { clientId: identity.clientId } : {}),
        ...(roleState ? { roleState } : {}),
      };
      const problem = found ? roleProblem(identity, found, input.projectId) : undefined;
      if (problem) warnings.push(`${provider}: ${problem.problem}. ${problem.fix}`);
    }

    if (s.enabled) {
      if (s.valid !== true) {
        warnings.push(
          `${provider}: Atlas reports the key configuration as not valid; clusters using it (${users.join(', ') || 'none'}) ` +
            'will be shut down at the next 15-minute check. Restore key access first (DEP-KEY-1).',
        );
      }
      if (kms?.keyState && kms.keyState !== 'Enabled') {
        const what =
          kms.keyState === 'PendingDeletion'
            ? 'cancel the deletion (aws kms cancel-key-deletion) and re-enable it (aws kms enable-key)'
            : kms.keyState === 'NotFound'
              ? 'check that the key ARN, account and region are right (a key in another account needs its ARN); a deleted key cannot be recovered'
              : 're-enable it (aws kms enable-key)';
        warnings.push(
          `${provider}: the key ${s.keyId} is ${kms.keyState} at KMS: ${what} before Atlas's next 15-minute check.`,
        );
      }
      const alertName = PROVIDER_VOCABULARY[provider].rotationAlert;
      if (!alert.configured) {
        warnings.push(`${provider}: no ${alertName} alert is configured (DEP-ALERT-1).`);
      } else if (alert.enabled === false) {
        warnings.push(`${provider}: the ${alertName} alert is disabled (DEP-ALERT-1).`);
      } else if (
        basis === 'key-history' &&
        ageDays !== undefined &&
        alert.thresholdDays !== undefined &&
        ageDays > alert.thresholdDays
      ) {
        // Atlas counts from when the key became the project's key; a KMS creation date is only an upper bound.
        warnings.push(
          `${provider}: the key has been the project key for ${ageDays} days, ` +
            `past the ${alert.thresholdDays}-day rotation alert threshold: rotate it, or raise the threshold above the rotation period (SYN-ALERT-1).`,
        );
      }
    }
    const endpoints = provider === 'GCP' ? undefined : input.privateEndpoints?.[provider];
    if (s.enabled && s.requirePrivateNetworking && endpoints) {
      const keyVault = provider === 'AZURE' ? input.encryption.azureKeyVault?.keyVaultName : undefined;
      for (const e of endpoints) {
        if (e.status === 'PENDING_ACCEPTANCE') {
          warnings.push(
            `${provider}: endpoint pending approval in vault ${keyVault ?? '(the configured Key Vault)'}: approve connection ${e.privateEndpointConnectionName ?? '(unknown)'} (region ${e.regionName}); Atlas cannot reach the key from ${e.regionName} until then.`,
          );
        } else if (e.status === 'FAILED') {
          warnings.push(
            `${provider}: the private endpoint in ${e.regionName} FAILED: ${e.errorMessage ?? 'no error message'}; delete it and deploy again.`,
          );
        } else if (e.status !== 'ACTIVE') {
          warnings.push(
            `${provider}: the private endpoint in ${e.regionName} is ${e.status ?? 'in an unknown state'}, not ACTIVE.`,
          );
        }
      }
      // Every region of a cluster on the provider's cloud needs an ACTIVE endpoint (SYN-PN-3).
      for (const c of input.clusters.filter((x) => x.encryptionAtRestProvider === provider)) {
        for (const region of regionsOn(c, provider)) {
          if (!endpoints.some((e) => e.regionName === region && e.status === 'ACTIVE')) {
            warnings.push(
              `${provider}: cluster ${c.name} runs in ${region}, which has no ACTIVE private endpoint: Atlas cannot reach the key from there (SYN-PN-3).`,
            );
          }
        }
      }
    }
    for (const name of users) {
      if (!s.enabled) {
        warnings.push(
          `cluster ${name} uses ${provider}, but ${provider} encryption at rest is not enabled on the project.`,
        );
      }
    }
    return {
      provider,
      enabled: s.enabled,
      valid: s.valid === undefined ? null : s.valid,
      ...(s.keyId ? { keyId: s.keyId } : {}),
      ...(provider === 'AWS' && s.keyId ? { region: awsKeyRegion(s.keyId, s.region) ?? s.region } : {}),
      ...(s.requirePrivateNetworking !== undefined ? { requirePrivateNetworking: s.requirePrivateNetworking } : {}),
      ...(kms?.keyState ? { keyState: kms.keyState } : {}),
      ...(since ? { currentSince: since } : {}),
      ...(kms?.creationDate ? { keyCreatedAt: kms.creationDate } : {}),
      ...(ageDays !== undefined ? { ageDays } : {}),
      ageBasis: basis,
      rotationAlert: alert,
      clusters: users,
      ...(endpoints && s.requirePrivateNetworking
        ? {
            privateEndpoints: endpoints.map((e) => ({
              id: e.id ?? '',
              regionName: e.regionName,
              status: e.status ?? 'UNKNOWN',
              ...(e.privateEndpointConnectionName
                ? { privateEndpointConnectionName: e.privateEndpointConnectionName }
                : {}),
              ...(e.errorMessage ? { errorMessage: e.errorMessage } : {}),
            })),
          }
        : {}),
      ...(identityStatus ? { identity: identityStatus } : {}),
    };
  });
  for (const c of clusters) {
    if (!isKeyProvider(c.provider) && c.provider !== 'NONE')
      warnings.push(`cluster ${c.name} has an unknown provider ${c.provider}.`);
  }
  const pending = pendingChanges({
    clusters: input.clusters,
    enabledProviders: KEY_PROVIDER_NAMES.filter((p) => isEnabled(input.encryption, p)),
    ...(input.wanted ? { wanted: input.wanted } : {}),
  });
  return {
    projectId: input.projectId,
    enabledForSearchNodes: input.encryption.enabledForSearchNodes === true,
    providers,
    clusters,
    pending,
    warnings,
  };
}

/** The distinct region names of a cluster on a provider's cloud. */
function regionsOn(c: ClusterWire, cloud: string): string[] {
  const names = (c.replicationSpecs ?? []).flatMap((s) =>
    (s.regionConfigs ?? []).filter((rc) => rc.providerName === cloud).map((rc) => rc.regionName as string),
  );
  return [...new Set(names)];
}

/** Reads every `--template` file; a file that cannot be read or is no template is a usage error. */
async function readWanted(
  files: readonly string[],
  projectId: string,
  read: (path: string) => Promise<string>,
): Promise<WantedCluster[]> {
  const out: WantedCluster[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await read(file);
    } catch (err) {
      throw new CliError(
        `cannot read the template ${file} (${(err as { code?: string }).code ?? 'error'})`,
        ExitCode.USAGE,
        'Run cdk synth (or cdktf synth) first, or export it: aws cloudformation get-template --stack-name <stack> > template.json.',
      );
    }
    out.push(...wantedClusters(text, file, projectId));
  }
  return out;
}

/** Fetches, builds and prints the report; returns the exit code. */
export async function runStatus(o: StatusOptions, deps: StatusDeps): Promise<ExitCode> {
  if (!/^[a-f0-9]{24}$/.test(o.project)) {
    throw new CliError(
      `--project ${JSON.stringify(o.project)} is not valid`,
      ExitCode.USAGE,
      'Expected a 24-hex-digit Atlas project id.',
    );
  }
  const { atlas, kms, out } = deps;
  const read = deps.readTextFile ?? ((p: string) => readFile(p, 'utf8'));
  const wanted = o.template?.length ? await readWanted(o.template, o.project, read) : undefined;
  const keyHistory = await readKeyHistory(
    { projectId: o.project, file: o.keyHistory, region: o.region },
    { ...deps, readTextFile: read },
  );
  const encryption = await out.step(`Reading encryption at rest of project ${o.project}`, () =>
    atlas.getEncryptionAtRest(o.project),
  );
  const clusters = await out.step('Listing clusters', () => atlas.listClusters(o.project));
  const alertConfigs = await out.step('Reading alert configurations', () => atlas.listAlertConfigs(o.project));

  const privateEndpoints: Partial<Record<'AWS' | 'AZURE', EARPrivateEndpointWire[]>> = {};
  for (const provider of ['AWS', 'AZURE'] as const) {
    const state = providerKeyState(encryption, provider);
    if (!state.enabled || !state.requirePrivateNetworking) continue;
    privateEndpoints[provider] = await out.step(`Listing ${provider} private endpoints`, () =>
      atlas.listPrivateEndpoints(o.project, provider),
    );
  }

  // The Atlas role of each enabled provider's key configuration: Atlas cannot reach the key once it is removed.
  const accessRoles: Partial<Record<KeyProvider, AccessRoleLookup>> = {};
  for (const provider of KEY_PROVIDER_NAMES) {
    const identity = identityOfBlock(blockOf(encryption, provider), provider);
    const roleId = identity && isRoleIdentity(identity) ? identity.roleId : undefined;
    if (!roleId) continue;
    accessRoles[provider] = await out.step(`Reading ${provider} Atlas role ${roleId}`, () =>
      lookUpAccessRole(atlas, o.project, roleId),
    );
  }

  const kmsInfo: Partial<Record<KeyProvider, { keyState?: string; creationDate?: string }>> = {};
  const aws = providerKeyState(encryption, 'AWS');
  const awsRegion = aws.keyId ? awsKeyRegion(aws.keyId, aws.region) : undefined;
  if (aws.enabled && aws.keyId && awsRegion) {
    const keyId = aws.keyId;
    let created: string | undefined;
    const info = await out.step(`Checking AWS KMS key ${keyId}`, async () => {
      const access = await checkAwsKey(
        {
          describeKey: async (id, region) => {
            const d = await kms.describeKey(id, region);
            created = d.creationDate?.toISOString();
            return d;
          },
        },
        { provider: 'AWS', keyId, region: awsRegion },
      );
      return access;
    });
    // A key KMS does not know is reported like a bad state, so the warning below covers it.
    const keyState = info.status === 'not-found' ? 'NotFound' : info.keyState;
    kmsInfo.AWS = {
      ...(keyState ? { keyState } : {}),
      ...(created ? { creationDate: created } : {}),
    };
  }

  const report = buildStatusReport({
    projectId: o.project,
    encryption,
    clusters,
    alertConfigs,
    keyHistory,
    kmsInfo,
    privateEndpoints,
    accessRoles,
    ...(wanted ? { wanted } : {}),
    now: (deps.now ?? (() => new Date()))(),
  });
  printStatus(report, out);
  // A difference from the template counts under --strict; a guess from Atlas alone does not.
  const blocking = report.warnings.length > 0 || report.pending.some((p) => p.basis === 'template');
  return o.strict && blocking ? ExitCode.BLOCKED : ExitCode.OK;
}

/** Prints the report as text or JSON. */
export function printStatus(r: StatusReport, out: Output): void {
  out.data(r);
  const lines: string[] = [`Project ${r.projectId}`, '', 'Key providers:'];
  for (const p of r.providers) {
    if (!p.enabled) {
      lines.push(`  ${p.provider.padEnd(6)} not enabled`);
      continue;
    }
    const valid = p.valid === true ? 'valid' : p.valid === false ? 'NOT VALID' : 'validity unknown';
    lines.push(
      `  ${p.provider.padEnd(6)} enabled, ${valid}${p.requirePrivateNetworking ? ', private networking' : ''}`,
    );
    for (const e of p.privateEndpoints ?? []) {
      lines.push(
        `         private endpoint ${e.regionName}: ${e.status}${e.privateEndpointConnectionName ? ` (connection ${e.privateEndpointConnectionName})` : ''}`,
      );
    }
    lines.push(
      `         key: ${p.keyId ?? 'unknown'}${p.region ? ` (${p.region})` : ''}${p.keyState ? `, KMS state ${p.keyState}` : ''}`,
    );
    const age =
      p.ageDays === undefined
        ? 'unknown (pass --key-history for the date the key became current)'
        : `${p.ageDays} days (${p.ageBasis === 'key-history' ? `current since ${p.currentSince}` : `created ${p.keyCreatedAt}`})`;
    lines.push(`         age: ${age}`);
    if (p.identity) lines.push(`         identity: ${identityText(p.identity)}`);
    const a = p.rotationAlert;
    lines.push(
      `         rotation alert: ${
        a.configured
          ? `${a.enabled ? 'enabled' : 'DISABLED'}${a.thresholdDays !== undefined ? `, after ${a.thresholdDays} days` : ''}`
          : 'not configured'
      }`,
    );
    lines.push(`         clusters: ${p.clusters.length > 0 ? p.clusters.join(', ') : 'none'}`);
  }
  lines.push('', 'Clusters:');
  if (r.clusters.length === 0) lines.push('  none');
  for (const c of r.clusters) {
    lines.push(
      `  ${c.name}: provider ${c.provider}, ${c.clusterType ?? 'REPLICASET'} ${c.instanceSizes.join('/') || '?'} on ${c.clouds.join('+') || '?'}, ` +
        `MongoDB ${c.mongoDBVersion ?? '?'}, ${c.paused ? 'PAUSED' : (c.stateName ?? 'state unknown')}` +
        `, backup ${c.backupEnabled ? 'on' : 'off'}, PIT ${c.pitEnabled ? 'on' : 'off'}`,
    );
  }
  if (r.pending.length > 0) {
    lines.push('', 'Pending:');
    for (const p of r.pending) lines.push(`  - ${p.message}`);
  }
  if (r.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of r.warnings) lines.push(`  - ${w}`);
  }
  out.text(lines);
}

/** An identity line: the kind with its role's state, or that Atlas holds the credential. */
function identityText(i: IdentityStatus): string {
  if (i.roleState === undefined) {
    return `${i.description} (Atlas holds the credential; its expiry is not visible here)`;
  }
  return `${i.description}, ${i.roleState === 'AUTHORIZED' ? 'authorized' : i.roleState}`;
}
