/**
 * Live Atlas state in the core model's terms, so the handler judges a live cluster with the same rules as synth:
 * the cluster through core's one translator (`clusterSpecFromWire`), the project's enabled providers with the spec's
 * opt-ins, and the DEP-VAL-1 check that the provider a cluster is set to reads back valid.
 */
import {
  blockOf,
  type ClusterEncryptionProvider,
  clusterSpecFromWire,
  type ClusterWire,
  type EncryptionAtRestWire,
  isEnabled,
  keyIdOf,
} from '../../../../core/atlas';
import type { ClusterSpec } from '../../../../core/model/cluster';
import type { ProjectEncryptionSpec } from '../../../../core/model/project';
import { checkTerminationProtection } from '../../../../core/rules/cluster-shape';
import { RuleReporter } from '../../../../core/rules/rule';
import { assertNoErrors, validateCluster, warningsOf } from '../../../../core/validate';
import type { EncryptedClusterSpec } from '../../../custom-resources/properties';
import type { HandlerContext } from '../../runtime/context';
import { KeyValidationError } from '../../runtime/errors';
import { invalidHint } from '../invalid-hint';
import { WHAT } from './spec';

/** The live cluster as the core rules see it, judged with the provider the spec asks for. */
export function liveModel(cluster: ClusterWire, spec: EncryptedClusterSpec): ClusterSpec {
  return clusterSpecFromWire(cluster, { encryptionProvider: spec.encryptionProvider });
}

/** The live project encryption as the core rules see it: enabled providers, plus the spec's opt-ins. */
export function liveProjectModel(
  projectId: string,
  ear: EncryptionAtRestWire,
  spec: EncryptedClusterSpec,
): ProjectEncryptionSpec {
  const aws = blockOf(ear, 'AWS');
  const azure = blockOf(ear, 'AZURE');
  const gcp = blockOf(ear, 'GCP');
  return {
    projectId,
    aws: isEnabled(ear, 'AWS')
      ? {
          customerMasterKeyId: keyIdOf(aws, 'AWS') ?? '',
          region: aws?.region ?? '',
          requirePrivateNetworking: aws?.requirePrivateNetworking,
        }
      : undefined,
    azure: isEnabled(ear, 'AZURE')
      ? {
          azureEnvironment: azure?.azureEnvironment ?? 'AZURE',
          tenantId: azure?.tenantID ?? '',
          subscriptionId: azure?.subscriptionID ?? '',
          resourceGroupName: azure?.resourceGroupName ?? '',
          keyVaultName: azure?.keyVaultName ?? '',
          keyIdentifier: keyIdOf(azure, 'AZURE') ?? '',
          requirePrivateNetworking: azure?.requirePrivateNetworking,
        }
      : undefined,
    gcp: isEnabled(ear, 'GCP') ? { keyVersionResourceId: keyIdOf(gcp, 'GCP') ?? '' } : undefined,
    allowShardedClusters: spec.allowShardedClusters,
    allowGcpClusters: spec.allowGcpClusters,
  };
}

/** Runs the core cluster rules; throws EarValidationError (with the rule id) on any error. */
export function check(ctx: HandlerContext, model: ClusterSpec, project: ProjectEncryptionSpec): void {
  const result = validateCluster(model, project, { isUnresolved: () => false });
  for (const w of warningsOf(result)) ctx.log.warn(w.message);
  assertNoErrors(result);
}

/**
 * SYN-KEEP-3 on the Spec as deployed (a template written by hand skips synth): termination protection asked for
 * together with deletePolicy DESTROY is refused before anything changes.
 */
export function checkRemoval(model: ClusterSpec, destroys: boolean): void {
  const r = new RuleReporter({ isUnresolved: () => false });
  checkTerminationProtection(model, destroys, 'deletePolicy', r);
  assertNoErrors(r.result());
}

/** DEP-VAL-1: the project's provider must be enabled and valid before a cluster uses it. */
export function assertProviderValid(
  ear: EncryptionAtRestWire,
  provider: ClusterEncryptionProvider,
  projectId: string,
): void {
  if (provider === 'NONE') return;
  const b = blockOf(ear, provider);
  if (b?.enabled === true && b.valid === false) {
    throw new KeyValidationError(
      `${WHAT}: provider ${provider} is enabled on project ${projectId} but Atlas reports its key configuration invalid; refusing to set it on a cluster: ${invalidHint(provider, b)}`,
      'DEP-VAL-1',
    );
  }
}
