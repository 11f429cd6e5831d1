/**
 * DEP-RST-1: the provider the target cluster uses is enabled and valid on the target project; Atlas cannot write
 * the restored data with a key it cannot use (`EncryptionAtRest.<block>.enabled` / `valid`).
 */
import { providerKeyState } from '../../../core/atlas/providers';
import { line, type RestoreCheck } from '../check';

/** Fails when the target project's provider is not enabled, or not valid; silent for an unencrypted target. */
export const checkTargetProviderValid: RestoreCheck = ({ facts, crossProject, targetKeyProvider }) => {
  if (!facts.targetCluster || !targetKeyProvider) return [];
  const state = providerKeyState(facts.targetEncryption, targetKeyProvider);
  const where = crossProject ? `target project ${facts.targetProjectId}` : 'the project';
  if (!state.enabled) {
    return [
      line(
        'DEP-RST-1',
        'fail',
        `${targetKeyProvider} encryption at rest is not enabled on ${where}`,
        `Configure and enable the ${targetKeyProvider} key on ${where} first.`,
      ),
    ];
  }
  if (state.valid !== true) {
    return [
      line(
        'DEP-RST-1',
        'fail',
        `the ${targetKeyProvider} key configuration of ${where} is not valid (Atlas cannot use its key${state.keyId ? ` ${state.keyId}` : ''})`,
        'Restore key access first (DEP-KEY-1): re-enable the key or fix the identity Atlas uses, then wait for valid: true (Atlas re-checks every 15 minutes).',
      ),
    ];
  }
  // With private networking, Atlas reaches the key from each target region through that region's endpoint.
  if (state.requirePrivateNetworking && targetKeyProvider !== 'GCP' && facts.targetPrivateEndpoints) {
    const endpoints = facts.targetPrivateEndpoints;
    const regions = new Set(
      (facts.targetCluster.replicationSpecs ?? []).flatMap((s) =>
        (s.regionConfigs ?? [])
          .filter((rc) => rc.providerName === targetKeyProvider)
          .map((rc) => rc.regionName as string),
      ),
    );
    const missing = [...regions].flatMap((region) => {
      if (endpoints.some((e) => e.regionName === region && e.status === 'ACTIVE')) return [];
      const e = endpoints.find((x) => x.regionName === region);
      return [`${region} (${e ? `endpoint ${e.status ?? 'in an unknown state'}` : 'no endpoint'})`];
    });
    if (missing.length > 0) {
      return [
        line(
          'DEP-RST-1',
          'fail',
          `${where} reaches its ${targetKeyProvider} key over private networking, and these target regions have no ACTIVE private endpoint: ${missing.join(', ')}`,
          targetKeyProvider === 'AZURE'
            ? 'Approve the pending private endpoint connections on the Key Vault (atlas-ear status names them), or create the missing endpoints, then check again.'
            : 'Create the missing private endpoints (deploy the project encryption with these regions) and wait until they are ACTIVE, then check again.',
        ),
      ];
    }
  }
  return [line('DEP-RST-1', 'pass', `the ${targetKeyProvider} key configuration of ${where} is enabled and valid`)];
};
