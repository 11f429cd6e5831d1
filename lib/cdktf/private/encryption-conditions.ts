/**
 * The lifecycle checks every cluster under a project encryption gets in the Terraform engine, whether the library
 * renders it (EncryptedCluster) or the user does (encryptAdvancedCluster): no create or update while Atlas reports
 * the key configuration of its provider as not valid (DEP-VAL-1), and the provider Atlas applied read back.
 * @internal
 */
import { Postcondition, Precondition } from 'cdktf';
import { EncryptionProvider } from '../../core';
import type { AtlasProjectEncryption } from '../atlas-project-encryption';
import { tfUnresolved } from './validation';

/** Pre- and postconditions of a cluster named `clusterName` that uses `provider` of `project`. */
export function encryptionConditions(
  project: AtlasProjectEncryption,
  clusterName: string,
  provider: EncryptionProvider,
): { precondition: Precondition[]; postcondition: Postcondition[] } {
  const precondition: Precondition[] = [];
  if (provider !== EncryptionProvider.NONE && !tfUnresolved(provider)) {
    precondition.push({
      condition: project.validAttribute(provider),
      errorMessage: `Cluster ${clusterName}: the project's ${provider} key configuration is not valid in Atlas; fix key access before changing the cluster (DEP-VAL-1).`,
    });
  }
  const postcondition: Postcondition[] = [
    {
      condition: `\${self.encryption_at_rest_provider == "${provider}"}`,
      errorMessage: `Cluster ${clusterName}: Atlas did not apply encryption_at_rest_provider ${provider}.`,
    },
  ];
  return { precondition, postcondition };
}
