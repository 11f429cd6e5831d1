/**
 * The `Custom::AtlasProjectEncryption` spec: parsing, the providers it manages, and its translation into the core
 * model so the synth-time project rules run again on resolved values.
 */
import { KEY_PROVIDER_NAMES, type KeyProvider } from '../../../../core/atlas';
import type { ProjectEncryptionSpec } from '../../../../core/model/project';
import { assertNoErrors, validateProjectEncryption, warningsOf } from '../../../../core/validate';
import type { ProjectEncryptionSpecWire } from '../../../custom-resources/properties';
import type { HandlerContext } from '../../runtime/context';
import { InvalidRequestError } from '../../runtime/errors';
import type { SpecProperties } from '../../runtime/events';
import { parseSpec } from '../../runtime/spec';

/** The resource type, as messages name it. */
export const WHAT = 'Custom::AtlasProjectEncryption';
/** Default wait for `valid: true` after a PATCH (DEP-VAL-1: about a minute; Azure RBAC can need longer). */
export const DEFAULT_VALIDATION_TIMEOUT_MS = 120_000;

/** Parses the spec; at least one provider is required. */
export function parse(props: SpecProperties | undefined): ProjectEncryptionSpecWire {
  const spec = parseSpec<ProjectEncryptionSpecWire>(props, WHAT);
  if (!spec.aws && !spec.azure && !spec.gcp) {
    throw new InvalidRequestError(`${WHAT}: the spec configures no provider (aws, azure or gcp)`, 'SYN-PROJ-2');
  }
  return spec;
}

/** The providers a spec manages. */
export function managedProviders(spec: ProjectEncryptionSpecWire | undefined): KeyProvider[] {
  if (!spec) return [];
  return KEY_PROVIDER_NAMES.filter(
    (p) => (p === 'AWS' ? spec.aws : p === 'AZURE' ? spec.azure : spec.gcp) !== undefined,
  );
}

/** The key the spec asks for (AWS key id or ARN, Azure key URL, GCP key version name). */
export function specKeyId(spec: ProjectEncryptionSpecWire, p: KeyProvider): string {
  if (p === 'AWS') return spec.aws?.customerMasterKeyId ?? '';
  if (p === 'AZURE') return spec.azure?.keyIdentifier ?? '';
  return spec.gcp?.keyVersionResourceId ?? '';
}

/** The spec as the core rules see it. */
export function toModel(spec: ProjectEncryptionSpecWire): ProjectEncryptionSpec {
  return {
    projectId: spec.projectId,
    aws: spec.aws && {
      customerMasterKeyId: spec.aws.customerMasterKeyId,
      region: spec.aws.region,
      roleId: spec.aws.roleId,
      requirePrivateNetworking: spec.aws.requirePrivateNetworking,
    },
    azure: spec.azure && {
      azureEnvironment: spec.azure.azureEnvironment,
      tenantId: spec.azure.tenantId,
      subscriptionId: spec.azure.subscriptionId,
      resourceGroupName: spec.azure.resourceGroupName,
      keyVaultName: spec.azure.keyVaultName,
      keyIdentifier: spec.azure.keyIdentifier,
      clientId: spec.azure.clientId,
      hasClientSecret: spec.azure.clientSecretArn !== undefined,
      roleId: spec.azure.roleId,
      requirePrivateNetworking: spec.azure.requirePrivateNetworking,
    },
    gcp: spec.gcp && {
      keyVersionResourceId: spec.gcp.keyVersionResourceId,
      roleId: spec.gcp.roleId,
      hasServiceAccountKey: spec.gcp.serviceAccountKeySecretArn !== undefined,
    },
    enabledForSearchNodes: spec.enabledForSearchNodes,
    allowShardedClusters: spec.allowShardedClusters,
    allowGcpClusters: spec.allowGcpClusters,
    rotationAlertThresholdDays: spec.rotationAlert?.thresholdDays,
  };
}

/** Re-runs the synth-time project rules on the resolved values (tokens at synth are known now). */
export function validate(ctx: HandlerContext, spec: ProjectEncryptionSpecWire): void {
  const result = validateProjectEncryption(toModel(spec), { isUnresolved: () => false, now: new Date(ctx.now()) });
  for (const w of warningsOf(result)) ctx.log.warn(w.message);
  assertNoErrors(result);
}
