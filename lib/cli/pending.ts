/**
 * What is still pending on a project's clusters, from Atlas and, when given, the template the stack deploys.
 *
 * The deploy-time handler switches a cluster's provider in two steps through NONE (DEP-SW-1). When its wait ends
 * while step 1 is still running, it completes with `Converged: false` and `PendingStep: encryptionAtRestProvider=<P>`
 * and leaves the cluster at NONE. Those attributes live on the CloudFormation resource, not in Atlas, and reading them
 * needs a stack output of each; so `status` derives the same fact from what it can read: a cluster that is at NONE
 * while the template asks for a provider has that step pending, whether or not a deploy recorded it. Without a
 * template, a cluster at NONE in a project that has a key provider enabled is shown as possibly pending.
 */
import type { KeyProvider } from '../core/atlas/providers';
import type { ClusterWire } from '../core/atlas/wire';
import type { WantedCluster } from './stack-template';

/** One pending change. */
export interface PendingChange {
  /** Cluster name. */
  readonly cluster: string;
  /** The provider the cluster uses in Atlas; `ABSENT` when Atlas has no such cluster. */
  readonly current: string;
  /**
   * The provider the template asks for.
   * @default - no template: only a guess from Atlas
   */
  readonly wanted?: string;
  /** `template`: Atlas differs from the template; `possible`: Atlas alone suggests a stopped switch. */
  readonly basis: 'template' | 'possible';
  /**
   * The change still to apply, in the handler's `PendingStep` form (`encryptionAtRestProvider=AWS`).
   * @default - none to name (the cluster does not exist yet)
   */
  readonly step?: string;
  /** What was found and what to do. */
  readonly message: string;
}

/** The pending changes of the project's clusters. */
export function pendingChanges(input: {
  readonly clusters: readonly ClusterWire[];
  /** Providers enabled on the project. */
  readonly enabledProviders: readonly KeyProvider[];
  /** What the template asks for; undefined when no template was given. */
  readonly wanted?: readonly WantedCluster[];
}): PendingChange[] {
  if (input.wanted) return againstTemplate(input.clusters, input.wanted);
  if (input.enabledProviders.length === 0) return [];
  const enabled = input.enabledProviders.join(', ');
  return input.clusters
    .filter((c) => (c.encryptionAtRestProvider ?? 'NONE') === 'NONE')
    .map((c) => ({
      cluster: c.name,
      current: 'NONE',
      basis: 'possible' as const,
      message:
        `possibly pending: cluster ${c.name} uses no customer key while the project has ${enabled} enabled. If a switch ` +
        'of its provider stopped after step 1 (NONE, DEP-SW-1), step 2 is still to apply; pass --template ' +
        '(the JSON template the stack deploys) to compare with what the stack asks.',
    }));
}

function againstTemplate(clusters: readonly ClusterWire[], wanted: readonly WantedCluster[]): PendingChange[] {
  const out: PendingChange[] = [];
  for (const w of wanted) {
    const live = clusters.find((c) => c.name === w.name);
    if (!live) {
      out.push({
        cluster: w.name,
        current: 'ABSENT',
        wanted: w.provider,
        basis: 'template',
        message: `cluster ${w.name} is in the template (${w.source}, provider ${w.provider}) but not in Atlas: not deployed yet, or deleted outside the stack.`,
      });
      continue;
    }
    const current = live.encryptionAtRestProvider ?? 'NONE';
    if (current === w.provider) continue;
    const state = live.stateName ?? 'state unknown';
    const idle = live.stateName === 'IDLE';
    if (current === 'NONE') {
      out.push({
        cluster: w.name,
        current,
        wanted: w.provider,
        basis: 'template',
        step: `encryptionAtRestProvider=${w.provider}`,
        message: idle
          ? `cluster ${w.name} is IDLE at NONE but the template asks for ${w.provider}: step 2 of the provider switch ` +
            `(DEP-SW-1) is pending. Redeploy the stack to let the handler apply it, or set encryptionAtRestProvider ${w.provider} in Atlas.`
          : `cluster ${w.name} is at NONE (${state}) and the template asks for ${w.provider}: step 1 of the switch ` +
            `is still running; once the cluster is IDLE, step 2 (encryptionAtRestProvider ${w.provider}) follows if a deploy is still waiting, else redeploy.`,
      });
      continue;
    }
    const steps =
      w.provider === 'NONE'
        ? 'encryptionAtRestProvider=NONE'
        : `encryptionAtRestProvider=NONE, then encryptionAtRestProvider=${w.provider}`;
    out.push({
      cluster: w.name,
      current,
      wanted: w.provider,
      basis: 'template',
      step: steps,
      message:
        `cluster ${w.name} uses ${current} (${state}) but the template asks for ${w.provider}: ` +
        (idle
          ? 'the change is not deployed yet; deploy the stack (a switch between providers goes through NONE, DEP-SW-1).'
          : 'the change may be running; check again once the cluster is IDLE.'),
    });
  }
  return out;
}
