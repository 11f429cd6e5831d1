/**
 * The `PATCH /groups/{groupId}/encryptionAtRest` bodies this resource sends: each managed provider's block complete
 * (DEP-EAR-2; secrets read from Secrets Manager at the last moment), or `{enabled: false}` for providers it disables.
 * Unmanaged providers never appear in a body (DEP-EAR-1).
 */
import { type EncryptionAtRestWire, type KeyProvider, PROVIDER_VOCABULARY } from '../../../../core/atlas';
import { toAtlasKeyRegion } from '../../../../core/rules/aws-kms';
import type { ProjectEncryptionSpecWire } from '../../../custom-resources/properties';
import type { HandlerContext } from '../../runtime/context';
import { managedProviders } from './spec';

/** The full managed block of one provider. */
async function desiredBlock(
  ctx: HandlerContext,
  spec: ProjectEncryptionSpecWire,
  p: KeyProvider,
): Promise<EncryptionAtRestWire> {
  if (p === 'AWS' && spec.aws) {
    const a = spec.aws;
    return {
      awsKms: {
        enabled: true,
        customerMasterKeyID: a.customerMasterKeyId,
        region: toAtlasKeyRegion(a.region) ?? a.region,
        roleId: a.roleId,
        ...(a.requirePrivateNetworking !== undefined ? { requirePrivateNetworking: a.requirePrivateNetworking } : {}),
      },
    };
  }
  if (p === 'AZURE' && spec.azure) {
    const z = spec.azure;
    const where = {
      enabled: true,
      azureEnvironment: z.azureEnvironment,
      subscriptionID: z.subscriptionId,
      resourceGroupName: z.resourceGroupName,
      keyVaultName: z.keyVaultName,
      keyIdentifier: z.keyIdentifier,
      ...(z.requirePrivateNetworking !== undefined ? { requirePrivateNetworking: z.requirePrivateNetworking } : {}),
    };
    // Role-based access: Atlas's service principal, named by the cloud-provider-access role, so no tenant, client
    // or secret (what terraform-provider-mongodbatlas sends: examples/mongodbatlas_encryption_at_rest/azure).
    if (z.roleId) return { azureKeyVault: { ...where, roleId: z.roleId } };
    const secret = z.clientSecretArn ? await ctx.secrets.string(z.clientSecretArn) : undefined;
    return {
      azureKeyVault: {
        ...where,
        tenantID: z.tenantId,
        ...(z.clientId ? { clientID: z.clientId } : {}),
        ...(secret ? { secret } : {}),
      },
    };
  }
  if (p === 'GCP' && spec.gcp) {
    const g = spec.gcp;
    const serviceAccountKey = g.serviceAccountKeySecretArn
      ? await ctx.secrets.string(g.serviceAccountKeySecretArn)
      : undefined;
    return {
      googleCloudKms: {
        enabled: true,
        keyVersionResourceID: g.keyVersionResourceId,
        ...(g.roleId ? { roleId: g.roleId } : {}),
        ...(serviceAccountKey ? { serviceAccountKey } : {}),
      },
    };
  }
  return {};
}

/** The body that applies the spec: every managed block, and `enabledForSearchNodes` when the spec sets it. */
export async function desiredBody(ctx: HandlerContext, spec: ProjectEncryptionSpecWire): Promise<EncryptionAtRestWire> {
  let body: EncryptionAtRestWire = {};
  for (const p of managedProviders(spec)) body = { ...body, ...(await desiredBlock(ctx, spec, p)) };
  if (spec.enabledForSearchNodes !== undefined) body.enabledForSearchNodes = spec.enabledForSearchNodes;
  return body;
}

/** The body that disables `providers`: `{<block>: {enabled: false}}` for each, nothing else. */
export function disableBody(providers: readonly KeyProvider[]): EncryptionAtRestWire {
  const body: Record<string, unknown> = {};
  for (const p of providers) body[PROVIDER_VOCABULARY[p].block] = { enabled: false };
  return body as EncryptionAtRestWire;
}
