/**
 * Every rule the library enforces, with the stable id used in errors, tests and docs.
 * Ids follow the project's rule reference (docs/rules.md); a rule's stage says when it runs.
 */

/** When a rule runs. */
export enum RuleStage {
  /** Before anything deploys: construct validation, `cdk synth`, `cdktf synth`. */
  SYNTH = 'synth',
  /** Inside the deploy-time handler, against live Atlas state. */
  DEPLOY = 'deploy',
}

/** What a violation does. */
export enum Severity {
  /** Synth (or the handler) fails. */
  ERROR = 'error',
  /** An annotation or warning; synth goes on. */
  WARNING = 'warning',
}

/** One catalogue entry. */
export interface RuleInfo {
  /** Stable id, e.g. `SYN-TIER-1`. */
  readonly id: string;
  /** When it runs. */
  readonly stage: RuleStage;
  /** Severity of its violations (some rules also warn; the violation carries its own severity). */
  readonly severity: Severity;
  /** One line: what the rule checks. */
  readonly summary: string;
}

const syn = (id: string, severity: Severity, summary: string): RuleInfo => ({
  id,
  stage: RuleStage.SYNTH,
  severity,
  summary,
});
const dep = (id: string, summary: string): RuleInfo => ({
  id,
  stage: RuleStage.DEPLOY,
  severity: Severity.ERROR,
  summary,
});

/** The rule catalogue, in documentation order. */
export const RULE_CATALOGUE: readonly RuleInfo[] = [
  syn(
    'SYN-TIER-1',
    Severity.ERROR,
    'Encrypted clusters use dedicated sizes, M10 or larger (no M0/M2/M5, Flex or Serverless)',
  ),
  syn(
    'SYN-TOPO-1',
    Severity.ERROR,
    'Replica sets only, unless the project opts in to sharded clusters; GEOSHARDED warns',
  ),
  syn(
    'SYN-CLOUD-1',
    Severity.ERROR,
    'Clusters on AWS or Azure in a valid Atlas region; GCP clusters only with the opt-in',
  ),
  syn('SYN-CLOUD-3', Severity.WARNING, 'Multi-cloud clusters are allowed, unless the project uses private networking'),
  syn('SYN-PROJ-1', Severity.ERROR, "A cluster's key provider is configured on the same project's encryption"),
  syn(
    'SYN-PROJ-2',
    Severity.ERROR,
    'At most one project-encryption construct per Atlas project; one configuration per provider',
  ),
  syn('SYN-PROJ-4', Severity.ERROR, 'The Atlas project id is 24 hexadecimal digits'),
  syn('SYN-AWS-1', Severity.ERROR, "AWS key region is a KMS region, in either form, and matches the key ARN's region"),
  syn('SYN-AWS-2', Severity.ERROR, 'AWS key is a key id or key ARN (no alias); a cross-account key is an ARN'),
  syn('SYN-AWS-3', Severity.ERROR, 'AWS identity is an Atlas role id (24 hex), never an IAM ARN or access keys'),
  syn('SYN-AWS-4', Severity.ERROR, 'AWS key is symmetric (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)'),
  syn('SYN-AWS-5', Severity.ERROR, 'A KMS key the library creates gets a valid alias, not under alias/aws/'),
  syn('SYN-AZ-1', Severity.ERROR, 'Azure key identifier is a full versioned key URL in the configured vault'),
  syn(
    'SYN-AZ-2',
    Severity.ERROR,
    'Azure environment, tenant, subscription, client ids, vault and resource group are well formed',
  ),
  syn('SYN-AZ-3', Severity.ERROR, 'Azure identity is exactly one of: secretless role id, or client id + secret'),
  syn('SYN-GCP-1', Severity.ERROR, 'GCP key is a full CryptoKeyVersion resource name'),
  syn('SYN-GCP-2', Severity.ERROR, 'GCP identity is exactly one of: role id, or service-account key'),
  syn('SYN-GCP-3', Severity.ERROR, 'No private networking for Google Cloud KMS'),
  syn(
    'SYN-BKP-1',
    Severity.ERROR,
    'No legacy continuous backup on an encrypted cluster (cloud snapshots and PIT are fine)',
  ),
  syn('SYN-BKP-2', Severity.WARNING, 'Point-in-time restore needs cloud backup on'),
  syn('SYN-PN-1', Severity.ERROR, 'Private networking only for AWS KMS and Azure Key Vault'),
  syn('SYN-PN-2', Severity.ERROR, "With private networking, every cluster is single-cloud on the provider's cloud"),
  syn('SYN-SEC-1', Severity.ERROR, 'No literal secret in a template or Terraform file: references only'),
  syn('SYN-KEEP-1', Severity.ERROR, 'Keys, vaults and identities the library creates are retained on stack deletion'),
  syn('SYN-WAIT-1', Severity.ERROR, 'How long a deploy waits for Atlas fits the engine limit'),
  syn('SYN-ALERT-1', Severity.WARNING, 'A managed rotation alert threshold exceeds the automatic rotation period'),
  dep('DEP-IAM-1', 'Retry the project PATCH while IAM propagates (bounded budget)'),
  dep('DEP-IAM-2', 'Retry the role authorization while the trust policy propagates'),
  dep('DEP-EAR-1', 'Never overwrite or disable a provider the construct does not manage'),
  dep('DEP-VAL-1', 'After each PATCH the provider reads back valid: true'),
  dep('DEP-DIS-1', 'Disable a provider only when no cluster uses it'),
  dep('DEP-SW-1', 'A provider switch on a cluster goes through NONE'),
  dep('DEP-CLU-1', 'Wait for the cluster to be IDLE; never roll back an encryption change by re-applying its opposite'),
  dep('DEP-KEEP-1', 'Record key history; never retire a key that snapshots still need'),
  dep('DEP-ALERT-1', 'Manage the rotation alert without duplicating the one Atlas created'),
  dep('DEP-KEY-1', 'While the key is invalid, fail fast: restore key access first'),
  dep('DEP-RST-1', 'Restore preflight: snapshot key enabled, same provider, target encrypted, version not lower'),
];

/** Looks up a catalogue entry; throws for an id that is not in the catalogue (a library bug). */
export function ruleInfo(id: string): RuleInfo {
  const info = RULE_CATALOGUE.find((r) => r.id === id);
  if (!info) throw new Error(`unknown rule id ${id}`);
  return info;
}
