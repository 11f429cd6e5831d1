/**
 * The lifecycle checks every cluster under a project encryption gets in the Terraform engine, whether the library
 * renders it (EncryptedCluster) or the user does (encryptAdvancedCluster): no create or update while Atlas reports
 * the key configuration of its provider as not valid (DEP-VAL-1), and the provider Atlas applied read back.
 * @internal
 */
import { Postcondition, Precondition } from 'cdktf';
import { EncryptionProvider } from '../../core';
import type { AtlasProjectEncryption } from '../atlas-project-encryption';
import { EncryptionPrivateEndpoint, endpointPreconditions } from '../private-networking';
import { tfUnresolved } from './validation';

/**
 * Pre- and postconditions of a cluster named `clusterName` that uses `provider` of `project`; with private networking,
 * also that each of `endpoints` (the private endpoints of the cluster's regions) is usable.
 */
export function encryptionConditions(
  project: AtlasProjectEncryption,
  clusterName: string,
  provider: EncryptionProvider,
  endpoints: readonly EncryptionPrivateEndpoint[] = [],
): { precondition: Precondition[]; postcondition: Postcondition[] } {
  const precondition: Precondition[] = [];
  if (provider !== EncryptionProvider.NONE && !tfUnresolved(provider)) {
    // The `valid` read at plan time is the one Atlas gave when the setting was saved, possibly before any endpoint.
    const again = endpoints.length > 0 ? ' With private networking, apply again once the endpoints are ACTIVE.' : '';
    precondition.push({
      condition: project.validAttribute(provider),
      errorMessage: `Cluster ${clusterName}: the project's ${provider} key configuration is not valid in Atlas; fix key access before changing the cluster (DEP-VAL-1).${again}`,
    });
  }
  precondition.push(...endpointPreconditions(clusterName, endpoints, project.spec));
  const postcondition: Postcondition[] = [
    {
      condition: `\${self.encryption_at_rest_provider == "${provider}"}`,
      errorMessage: `Cluster ${clusterName}: Atlas did not apply encryption_at_rest_provider ${provider}.`,
    },
  ];
  return { precondition, postcondition };
}
