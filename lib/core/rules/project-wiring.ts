/**
 * Rules that tie clusters to their project: project id (SYN-PROJ-4), provider configured (SYN-PROJ-1),
 * at least one provider and one encryption per project (SYN-PROJ-2).
 */
import { EncryptionProvider } from '../model/enums';
import { ClusterSpec } from '../model/cluster';
import { ProjectEncryptionSpec } from '../model/project';
import { clusterSubject } from './cluster-shape';
import { RuleReporter } from './rule';

const PROJECT_ID = /^[0-9a-f]{24}$/;
const PROVIDERS = Object.values(EncryptionProvider) as string[];

/** The key providers a project spec configures. */
export function configuredProviders(project: ProjectEncryptionSpec): EncryptionProvider[] {
  const out: EncryptionProvider[] = [];
  if (project.aws) out.push(EncryptionProvider.AWS);
  if (project.azure) out.push(EncryptionProvider.AZURE);
  if (project.gcp) out.push(EncryptionProvider.GCP);
  return out;
}

/** SYN-PROJ-4 on the project id of any construct (`subject`) that names an Atlas project. */
export function checkProjectId(projectId: unknown, subject: string, r: RuleReporter): void {
  if (r.deferIfUnresolved('SYN-PROJ-4', subject, 'projectId', projectId)) return;
  if (typeof projectId !== 'string' || !PROJECT_ID.test(projectId)) {
    r.report(
      'SYN-PROJ-4',
      subject,
      'projectId',
      projectId,
      'not an Atlas project id',
      '24 hexadecimal digits (the group id)',
    );
  }
}

/** SYN-PROJ-4 and the "at least one provider" half of SYN-PROJ-2. */
export function checkProject(project: ProjectEncryptionSpec, r: RuleReporter): void {
  const s = 'project encryption';
  checkProjectId(project.projectId, s, r);
  if (configuredProviders(project).length === 0) {
    r.report(
      'SYN-PROJ-2',
      s,
      'awsKms, azureKeyVault, googleCloudKms',
      [],
      'no key provider is configured',
      'one or more of awsKms, azureKeyVault, googleCloudKms',
    );
  }
}

/** SYN-PROJ-1: the cluster's provider is one the project configures. */
export function checkProviderConfigured(
  cluster: ClusterSpec,
  project: ProjectEncryptionSpec | undefined,
  r: RuleReporter,
): void {
  const subject = clusterSubject(cluster);
  const p = cluster.encryptionProvider;
  if (r.deferIfUnresolved('SYN-PROJ-1', subject, 'encryptionProvider', p)) return;
  if (!PROVIDERS.includes(p)) {
    r.report('SYN-PROJ-1', subject, 'encryptionProvider', p, 'unknown key provider', PROVIDERS.join(', '));
    return;
  }
  if (p === EncryptionProvider.NONE) return;
  const configured = project ? configuredProviders(project) : [];
  if (!configured.includes(p as EncryptionProvider)) {
    r.report(
      'SYN-PROJ-1',
      subject,
      'encryptionProvider',
      p,
      project ? `provider ${p} is not configured on the project encryption` : 'the cluster has no project encryption',
      configured.length > 0
        ? `${configured.join(', ')} or NONE`
        : 'configure the provider on the project encryption first',
    );
  }
}

/** What SYN-PROJ-2 counts per project: the project encryption, or the AWS key set (one Atlas role per project). */
export type PerProjectConstruct = 'project encryption' | 'AWS KMS key';

const ONE_PER_PROJECT: Readonly<Record<PerProjectConstruct, { problem: string; allowed: string }>> = {
  'project encryption': {
    problem:
      'two project-encryption constructs manage the same Atlas project; Atlas holds one configuration per provider and project',
    allowed: 'one AtlasProjectEncryption per project, configuring every provider it needs',
  },
  'AWS KMS key': {
    problem:
      'two AWS KMS key constructs set up Atlas access for the same project; a project uses one AWS key at a time',
    allowed: 'one AwsKmsEncryptionKey per project; list keys it used before in previousKeys',
  },
};

/** SYN-PROJ-2: at most one construct of a kind per Atlas project. `ids` lists one entry per construct. */
export function checkOnePerProject(ids: readonly string[], what: PerProjectConstruct, r: RuleReporter): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) {
      r.report('SYN-PROJ-2', what, 'projectId', id, ONE_PER_PROJECT[what].problem, ONE_PER_PROJECT[what].allowed);
    }
    seen.add(id);
  }
}

/** SYN-PROJ-3: a key construct handed to a project encryption was set up for that project. */
export function checkSameProject(
  projectId: string,
  prop: string,
  keyProjectId: string,
  keyConstruct: string,
  r: RuleReporter,
): void {
  // Compared as written: two tokens match only when they are the same token (same source), never by value.
  if (projectId !== keyProjectId) {
    r.report(
      'SYN-PROJ-3',
      'project encryption',
      prop,
      keyProjectId,
      `the key construct ${keyConstruct} was set up for another Atlas project`,
      `a key construct with projectId ${projectId}`,
    );
  }
}

/**
 * SYN-PROJ-5: at most one construct per Atlas cluster (project id and name) in an app; two would both claim it and
 * fight over its provider, and a DESTROY on either would terminate a cluster the other one manages.
 */
export function checkOneConstructPerCluster(
  clusterName: string,
  projectId: string,
  others: readonly string[],
  r: RuleReporter,
): void {
  if (others.length === 0 || r.isUnresolved(clusterName)) return;
  r.report(
    'SYN-PROJ-5',
    `cluster ${JSON.stringify(clusterName)}`,
    'clusterName',
    clusterName,
    `another construct in this app already manages the cluster of this name in project ${projectId} (${others.join(', ')})`,
    'one construct per Atlas cluster: remove the duplicate, or give the cluster another name',
  );
}

/** SYN-PROJ-1 for `validAttribute(provider)`: the attribute exists only for a provider the construct configures. */
export function checkValidAttributeProvider(provider: string, configured: readonly string[], r: RuleReporter): void {
  if (configured.includes(provider)) return;
  r.report(
    'SYN-PROJ-1',
    'project encryption',
    'validAttribute(provider)',
    provider,
    'the provider is not configured on this project encryption',
    configured.join(', '),
  );
}

/**
 * SYN-INPUT-1 for the "put this cluster under the project encryption" calls: the argument is the construct they
 * take (`kind` is what it says it is, e.g. its CloudFormation type).
 */
export function checkOwnClusterKind(
  subject: string,
  prop: string,
  kind: unknown,
  expected: string,
  takes: string,
  r: RuleReporter,
): boolean {
  if (kind === expected) return true;
  r.report('SYN-INPUT-1', subject, prop, kind ?? null, `not ${takes}`, `${takes} (${expected})`);
  return false;
}

/**
 * SYN-PROJ-6: a cluster defined with MongoDB's own constructs is in the project encryption's Atlas project.
 * `projectIds` are the ways the project encryption's id can be written (its prop, its resource's attribute).
 * Compared as written: a token matches only the same token; a token against anything else is not known at synth.
 */
export function checkOwnClusterProject(
  subject: string,
  prop: string,
  clusterProjectId: unknown,
  projectIds: readonly string[],
  r: RuleReporter,
): void {
  if (projectIds.some((id) => id === clusterProjectId)) return;
  if (r.isUnresolved(clusterProjectId) || projectIds.every((id) => r.isUnresolved(id))) {
    r.deferIfUnresolved(
      'SYN-PROJ-6',
      subject,
      prop,
      r.isUnresolved(clusterProjectId) ? clusterProjectId : projectIds[0],
    );
    return;
  }
  const literal = projectIds.find((id) => !r.isUnresolved(id));
  r.report(
    'SYN-PROJ-6',
    subject,
    prop,
    clusterProjectId ?? null,
    'the cluster is not in the Atlas project of this project encryption, whose keys it cannot use',
    `${literal} (the project encryption's projectId), or the project encryption of the cluster's own project`,
  );
}
