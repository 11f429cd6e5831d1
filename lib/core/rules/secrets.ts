/**
 * SYN-SEC-1: a secret enters a template or Terraform file only as an unresolved reference
 * (Secrets Manager ARN, sensitive variable, resource attribute). The message never shows the value.
 */
import { RuleReporter } from './rule';

/** Reports a literal secret at `prop`; an unresolved value (a reference) or an absent one passes. */
export function checkSecretReference(subject: string, prop: string, value: unknown, r: RuleReporter): void {
  if (value === undefined || r.isUnresolved(value)) return;
  r.report(
    'SYN-SEC-1',
    subject,
    prop,
    '<redacted>',
    'a literal secret would be written into the synthesized output',
    r.forEngine({
      'aws-cdk-lib': 'a Secrets Manager secret whose value is not written into the template',
      cdktf: 'a reference: a sensitive TerraformVariable or a resource attribute',
      neutral:
        'a reference: a Secrets Manager secret (cdk), a sensitive TerraformVariable or a resource attribute (cdktf)',
    }),
  );
}
