/**
 * Private networking for the Terraform engine: one `mongodbatlas_encryption_at_rest_private_endpoint` per provider
 * and region that the project's encrypted clusters use (plus the regions listed explicitly for clusters managed
 * elsewhere), and the conditions that make clusters wait for their regions' endpoints.
 *
 * Order (Atlas's): the provider block with `require_private_networking`, then its endpoints, then the clusters
 * that use the provider. Every endpoint depends on the encryption resource and every cluster on its regions'
 * endpoints, so Terraform reverses that on destroy: clusters, endpoints, then the encryption setting. The
 * endpoints are `create_before_destroy`, which Terraform keeps in state: when a region leaves a cluster, the
 * cluster is updated before the region's endpoint is deleted (without it Terraform deletes the endpoint first;
 * checked with Terraform 1.11.4 `terraform graph -plan`).
 *
 * Waiting: provider 1.41.1 waits after create until INITIATING ends (ACTIVE, PENDING_ACCEPTANCE or FAILED, FAILED
 * being an error), and after a deletion request until the endpoint is gone (terraform-provider-mongodbatlas
 * internal/service/encryptionatrestprivateendpoint, state_transition.go and resource.go).
 */
// Provider classes: types only here; the loader requires the sub-path on first use (./private/providers).
import type { EncryptionAtRest } from '@cdktf/provider-mongodbatlas/lib/encryption-at-rest';
import type { EncryptionAtRestPrivateEndpoint } from '@cdktf/provider-mongodbatlas/lib/encryption-at-rest-private-endpoint';
import { Annotations, Fn, Op, Postcondition, Precondition, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import {
  ClusterSpec,
  derivePrivateEndpointRegions,
  EncryptionProvider,
  PRIVATE_ENDPOINT_CLOUD,
  privateNetworkingProviders,
  PrivateNetworkingProvider,
  ProjectEncryptionSpec,
  RuleReporter,
  RuleResult,
} from '../core';
import { PROVIDER_VOCABULARY } from '../core/atlas/providers';
import { mongodbatlasPrivateNetworking } from './private/providers';
import { TF_VALIDATION, tfUnresolved } from './private/validation';

/** One Atlas-side private endpoint of a project's key provider. */
export interface EncryptionPrivateEndpoint {
  /** The provider whose key the endpoint reaches. */
  readonly provider: PrivateNetworkingProvider;
  /** Atlas region name, e.g. `US_EAST_1` or `EUROPE_WEST`. */
  readonly regionName: string;
  /** The `mongodbatlas_encryption_at_rest_private_endpoint` resource. */
  readonly resource: EncryptionAtRestPrivateEndpoint;
  /**
   * Azure only: the output holding the Key Vault private endpoint connection to approve
   * (`private_endpoint_connection_name`).
   */
  readonly connectionNameOutput?: TerraformOutput;
  /** Azure only: the Key Vault's Azure resource id, the parent of the connection to approve. */
  readonly keyVaultResourceId?: string;
}

/**
 * SYN-PN-3 for the Terraform engine: an endpoint is a resource per region, so a cluster region on a private
 * provider's cloud must be known at synth (core's derivation leaves a reference out; the endpoint would be missing).
 */
export function checkEndpointRegionsKnown(cluster: ClusterSpec, project: ProjectEncryptionSpec): RuleResult {
  const r = new RuleReporter(TF_VALIDATION);
  const provider = cluster.encryptionProvider as PrivateNetworkingProvider;
  if (privateNetworkingProviders(project).includes(provider) && Array.isArray(cluster.regions)) {
    cluster.regions.forEach((region, i) => {
      if (region?.cloud !== PRIVATE_ENDPOINT_CLOUD[provider] || !tfUnresolved(region.regionName)) return;
      r.report(
        'SYN-PN-3',
        `cluster ${JSON.stringify(cluster.name)}`,
        `regions[${i}].regionName`,
        region.regionName,
        `the project reaches its ${provider} key over private networking, and the Terraform engine creates the region's endpoint at synth, so the region name must be known then`,
        `an Atlas ${PRIVATE_ENDPOINT_CLOUD[provider]} region name as a literal, e.g. ${PRIVATE_ENDPOINT_CLOUD[provider] === 'AWS' ? 'US_EAST_1' : 'EUROPE_WEST'}`,
      );
    });
  }
  return r.result();
}

/** Status Atlas reports once an endpoint is usable (Admin API v2 `EARPrivateEndpoint.status`). */
const ACTIVE = 'ACTIVE';
/** Azure only: the endpoint waits for the vault owner to approve its connection. */
const PENDING_ACCEPTANCE = 'PENDING_ACCEPTANCE';

/** Construct-path-based name of an output, unique in the stack and readable in `cdktf output`. */
function outputName(scope: Construct, suffix: string): string {
  const stackPath = scope.node.scopes.find((s) => s !== scope.node.root && s.node.scope === scope.node.root);
  const rel = stackPath ? scope.node.path.slice(stackPath.node.path.length + 1) : scope.node.path;
  return `${rel}_${suffix}`.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * The endpoints of one project encryption, created on first ask: by the project for its explicit regions and
 * by each cluster for its own regions. One instance per {@link AtlasProjectEncryption}.
 * @internal
 */
export class PrivateEndpointSet {
  private readonly byKey = new Map<string, EncryptionPrivateEndpoint>();
  private vaultOutput: TerraformOutput | undefined;

  constructor(
    private readonly scope: Construct,
    private readonly encryption: EncryptionAtRest,
    private readonly spec: ProjectEncryptionSpec,
  ) {}

  /** Every endpoint created so far, in creation order. */
  public get all(): readonly EncryptionPrivateEndpoint[] {
    return [...this.byKey.values()];
  }

  /** The explicit `privateEndpointRegions` of every provider with private networking. */
  public ensureExplicit(): void {
    for (const e of derivePrivateEndpointRegions(this.spec, [], tfUnresolved)) this.ensure(e.provider, e.regionName);
  }

  /**
   * The endpoints a cluster needs: one per region of the cluster, when Atlas reaches the cluster's provider over
   * private networking (core's derivation, so both engines agree on the regions).
   */
  public forCluster(cluster: ClusterSpec): EncryptionPrivateEndpoint[] {
    return derivePrivateEndpointRegions(this.spec, [cluster], tfUnresolved)
      .filter((e) => e.clusters.includes(cluster.name))
      .map((e) => this.ensure(e.provider, e.regionName));
  }

  /** The endpoint of `provider` in `regionName`, created if the app has none yet. */
  public ensure(provider: PrivateNetworkingProvider, regionName: string): EncryptionPrivateEndpoint {
    const key = `${provider}:${regionName}`;
    const known = this.byKey.get(key);
    if (known) return known;
    const { EncryptionAtRestPrivateEndpoint } = mongodbatlasPrivateNetworking.endpoint();
    // Region names are validated Atlas names by now (SYN-CLOUD-1, SYN-PN-4); the id stays a safe construct id anyway.
    const id = `${PROVIDER_VOCABULARY[provider].dataPrefix}PrivateEndpoint_${regionName.replace(/[^A-Za-z0-9_]/g, '_')}`;
    const title = PROVIDER_VOCABULARY[provider].title;
    // Azure's endpoint may stay PENDING_ACCEPTANCE until the vault owner approves it. Failing here would also
    // fail every later plan, so an approval managed in the same configuration could never apply: the clusters'
    // precondition waits for ACTIVE instead. AWS has no approval step.
    const allowed = provider === EncryptionProvider.AZURE ? [ACTIVE, PENDING_ACCEPTANCE] : [ACTIVE];
    const postcondition: Postcondition[] = [
      {
        condition: `\${contains(${JSON.stringify(allowed)}, self.status)}`,
        errorMessage: `Atlas reports the ${title} private endpoint of project ${this.spec.projectId} in ${regionName} as \${self.status} (Atlas says: \${coalesce(self.error_message, "no error message")}); allowed: ${allowed.join(' or ')}.`,
      },
    ];
    const resource = new EncryptionAtRestPrivateEndpoint(this.scope, id, {
      projectId: this.encryption.projectId,
      cloudProvider: provider,
      regionName,
      dependsOn: [this.encryption],
      lifecycle: { createBeforeDestroy: true, postcondition },
    });
    const endpoint: EncryptionPrivateEndpoint =
      provider === EncryptionProvider.AZURE
        ? this.azureEndpoint(resource, regionName)
        : { provider, regionName, resource };
    this.byKey.set(key, endpoint);
    return endpoint;
  }

  /** Azure: the connection name as an output, and the approval the operator adds, said at synth. */
  private azureEndpoint(resource: EncryptionAtRestPrivateEndpoint, regionName: string): EncryptionPrivateEndpoint {
    const azure = this.spec.azure!;
    const keyVaultResourceId = `/subscriptions/${azure.subscriptionId}/resourceGroups/${azure.resourceGroupName}/providers/Microsoft.KeyVault/vaults/${azure.keyVaultName}`;
    // Once per project: the approval's parent, as an output because it usually holds a reference (the subscription).
    const vaultOutputId = outputName(this.scope, 'azure_key_vault_resource_id');
    if (!this.vaultOutput) {
      this.vaultOutput = new TerraformOutput(this.scope, 'azure_key_vault_resource_id', {
        value: keyVaultResourceId,
        description:
          "Azure resource id of the Key Vault whose private endpoint connections Atlas's endpoints need approved",
      });
      this.vaultOutput.overrideLogicalId(vaultOutputId);
    }
    const connectionOutputId = outputName(this.scope, `azure_private_endpoint_${regionName}_connection_name`);
    const output = new TerraformOutput(this.scope, `${resource.node.id}_connection_name`, {
      value: resource.privateEndpointConnectionName,
      // Output descriptions are literal strings in Terraform: no reference here.
      description: `Key Vault private endpoint connection of Atlas's ${regionName} endpoint, to approve on the vault`,
    });
    output.overrideLogicalId(connectionOutputId);
    const show = (value: string, what: string) => (tfUnresolved(value) ? `<${what}>` : value);
    const vault = show(azure.keyVaultName, 'key vault name');
    const group = show(azure.resourceGroupName, 'resource group');
    const parent = tfUnresolved(keyVaultResourceId) ? `<output ${vaultOutputId}>` : JSON.stringify(keyVaultResourceId);
    // What approves the connection: nothing in the installed prebuilt providers does (azurerm 4.x has no Key Vault
    // private endpoint connection resource). MongoDB's own Terraform example uses azapi `azapi_update_resource` on
    // `Microsoft.KeyVault/Vaults/PrivateEndpointConnections`, or the Azure CLI (terraform-provider-mongodbatlas
    // examples/mongodbatlas_encryption_at_rest_private_endpoint/azure).
    Annotations.of(this.scope).addInfo(
      [
        `Azure Key Vault private endpoint in ${regionName}: Atlas creates it ${PENDING_ACCEPTANCE}; approve its connection (output ${connectionOutputId}) on vault ${vault} before clusters use it.`,
        `Either run: az keyvault private-endpoint-connection approve --resource-group ${group} --vault-name ${vault} --name <output ${connectionOutputId}>`,
        'or add (azure/azapi provider, e.g. `cdktf provider add azure/azapi`):',
        `resource "azapi_update_resource" "approve_${regionName.toLowerCase()}" {`,
        '  type      = "Microsoft.KeyVault/Vaults/PrivateEndpointConnections@2023-07-01"',
        `  name      = ${resource.terraformResourceType}.${resource.friendlyUniqueId}.private_endpoint_connection_name`,
        `  parent_id = ${parent}`,
        '  body      = jsonencode({ properties = { privateLinkServiceConnectionState = { status = "Approved", description = "Atlas encryption at rest" } } })',
        '}',
        `Once Atlas reports the endpoint ${ACTIVE}, apply again: the clusters wait for it.`,
      ].join('\n'),
    );
    return {
      provider: EncryptionProvider.AZURE,
      regionName,
      resource,
      connectionNameOutput: output,
      keyVaultResourceId,
    };
  }
}

/**
 * The cluster's wait for its regions' endpoints: a precondition per endpoint that it is ACTIVE, with what to do
 * when it is not (for Azure: the connection to approve and on which vault).
 */
export function endpointPreconditions(
  clusterName: string,
  endpoints: readonly EncryptionPrivateEndpoint[],
  spec: ProjectEncryptionSpec,
): Precondition[] {
  return endpoints.map((e) => {
    const r = e.resource;
    const title = PROVIDER_VOCABULARY[e.provider].title;
    // Token references inside the message render as a Terraform template (checked with Terraform 1.11.4).
    const what = `Cluster ${clusterName}: the ${title} private endpoint in ${e.regionName} is ${r.status}, not ${ACTIVE}`;
    // A null attribute cannot go into a Terraform template: coalesce it.
    const orNone = (value: string) => Fn.coalesce([value, 'none reported']);
    const todo =
      e.provider === EncryptionProvider.AZURE
        ? `approve private endpoint connection ${orNone(r.privateEndpointConnectionName)} on Key Vault ${spec.azure?.keyVaultName} (resource group ${spec.azure?.resourceGroupName}), wait until Atlas reports the endpoint ${ACTIVE}, then apply again`
        : `Atlas says "${orNone(r.errorMessage)}"; wait until it is ${ACTIVE}, then apply again`;
    return { condition: Op.eq(r.status, ACTIVE), errorMessage: `${what}: ${todo}.` };
  });
}
