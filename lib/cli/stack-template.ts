/**
 * The provider each cluster should use, read from what the user deploys: a CloudFormation template of the cdk engine
 * (`cdk.out/<stack>.template.json`, or the JSON of `aws cloudformation get-template`) or a cdktf `cdk.tf.json`.
 * `status` compares it with Atlas to show pending changes.
 */
import { isKeyProvider, type ClusterEncryptionProvider } from '../core/atlas/providers';
import { AtlasResourceType, type EncryptedClusterSpec, PROJECT_CONTEXT } from '../cdk/custom-resources/properties';
import { CliError, ExitCode } from './errors';

/** One cluster the template asks for. */
export interface WantedCluster {
  /** Cluster name in Atlas. */
  readonly name: string;
  /** The provider the template asks for. */
  readonly provider: ClusterEncryptionProvider;
  /** Where it came from: `<file>: <logical id>`. */
  readonly source: string;
}

/**
 * Stands in for a value a template computes at deploy time (`Fn::GetAtt`, `Ref`); printable, because JSON strings
 * may not hold raw control characters.
 */
const UNRESOLVED = '@@atlas-ear:unresolved@@';

/** The fields of the cdk engine's cluster `Spec` read here (a rename in that contract fails to compile). */
const SPEC = {
  name: 'name',
  provider: 'encryptionProvider',
  projectId: 'projectId',
} as const satisfies Record<string, keyof EncryptedClusterSpec>;

/** Terraform resource type of an Atlas cluster (terraform-provider-mongodbatlas `mongodbatlas_advanced_cluster`). */
const TF_CLUSTER = 'mongodbatlas_advanced_cluster';

/** A literal string, or undefined for a value computed at deploy time. */
function literal(value: unknown): string | undefined {
  return typeof value === 'string' && !value.includes(UNRESOLVED) && !/\$\{/.test(value) ? value : undefined;
}

/**
 * The `Spec` of a library custom resource as an object. The cdk engine writes it with `stack.toJsonString`: a JSON
 * string, or `Fn::Join` with `""` of literal pieces and intrinsics when some values are tokens (aws-cdk-lib
 * `Stack.toJsonString`). Intrinsics become {@link UNRESOLVED}; undefined when the pieces do not make JSON.
 */
function specOf(spec: unknown): Record<string, unknown> | undefined {
  let text: string | undefined;
  if (typeof spec === 'string') text = spec;
  else {
    const join = (spec as { 'Fn::Join'?: unknown } | undefined)?.['Fn::Join'];
    if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) {
      text = (join[1] as unknown[]).map((p) => (typeof p === 'string' ? p : UNRESOLVED)).join('');
    }
  }
  if (text === undefined) return undefined;
  try {
    const doc: unknown = JSON.parse(text);
    return doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A provider name as Atlas spells it, or undefined. */
function providerOf(value: unknown): ClusterEncryptionProvider | undefined {
  const v = literal(value)?.toUpperCase();
  return v === 'NONE' || isKeyProvider(v) ? v : undefined;
}

/**
 * The project id of a cluster resource: its Spec's, or, when the construct wrote the project fields as the
 * `Project` property (`Fn::GetAtt [<project encryption>, Project]`), the Spec of the resource it names.
 */
function clusterProjectId(
  resources: Record<string, unknown>,
  props: Record<string, unknown> | undefined,
  spec: Record<string, unknown> | undefined,
): unknown {
  if (spec?.[SPEC.projectId] !== undefined) return spec[SPEC.projectId];
  const att = (props?.[PROJECT_CONTEXT] as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  const source = Array.isArray(att) && att[1] === PROJECT_CONTEXT ? resources[String(att[0])] : undefined;
  return specOf((source as { Properties?: { Spec?: unknown } } | undefined)?.Properties?.Spec)?.[SPEC.projectId];
}

/** True when the resource may belong to `projectId`: a literal project id must match; a computed one may. */
function inProject(value: unknown, projectId: string): boolean {
  const id = literal(value);
  return id === undefined || id === projectId;
}

/**
 * The clusters a template asks for in `projectId`, with their provider. Clusters whose name or provider is computed
 * at deploy time are left out (they cannot be compared before the deploy). Throws {@link CliError} when the file is
 * not a JSON template or holds no cluster of the library.
 */
export function wantedClusters(text: string, file: string, projectId: string): WantedCluster[] {
  const usage =
    'Pass the JSON template the stack deploys: cdk.out/<stack>.template.json (cdk synth), the output of ' +
    'aws cloudformation get-template --stack-name <stack>, or cdktf.out/stacks/<stack>/cdk.tf.json (cdktf synth).';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not a JSON template (YAML templates are not read)`, ExitCode.USAGE, usage);
  }
  // `get-template` wraps the template in TemplateBody, as an object or as a string.
  const body = (doc as { TemplateBody?: unknown } | null)?.TemplateBody;
  if (typeof body === 'string') {
    try {
      doc = JSON.parse(body);
    } catch {
      throw new CliError(`${file}: TemplateBody is not JSON (YAML templates are not read)`, ExitCode.USAGE, usage);
    }
  } else if (body !== undefined) doc = body;

  const out: WantedCluster[] = [];
  let seen = 0;
  const resources = (doc as { Resources?: unknown } | null)?.Resources;
  if (resources && typeof resources === 'object') {
    for (const [logicalId, raw] of Object.entries(resources as Record<string, unknown>)) {
      const r = raw as { Type?: unknown; Properties?: { Spec?: unknown } & Record<string, unknown> } | null;
      if (r?.Type !== AtlasResourceType.ENCRYPTED_CLUSTER) continue;
      seen++;
      const spec = specOf(r.Properties?.Spec);
      const name = literal(spec?.[SPEC.name]);
      const provider = providerOf(spec?.[SPEC.provider]);
      const clusterProject = clusterProjectId(resources as Record<string, unknown>, r.Properties, spec);
      if (name && provider && inProject(clusterProject, projectId))
        out.push({ name, provider, source: `${file}: ${logicalId}` });
    }
  }
  const tf = (doc as { resource?: Record<string, unknown> } | null)?.resource?.[TF_CLUSTER];
  if (tf && typeof tf === 'object') {
    for (const [id, raw] of Object.entries(tf as Record<string, unknown>)) {
      seen++;
      const r = raw as Record<string, unknown> | null;
      const name = literal(r?.name);
      const provider = providerOf(r?.encryption_at_rest_provider);
      if (name && provider && inProject(r?.project_id, projectId))
        out.push({ name, provider, source: `${file}: ${TF_CLUSTER}.${id}` });
    }
  }
  if (seen === 0) {
    throw new CliError(
      `${file} has no cluster to compare (no ${AtlasResourceType.ENCRYPTED_CLUSTER} or ${TF_CLUSTER} resource)`,
      ExitCode.USAGE,
      usage,
    );
  }
  return out;
}
