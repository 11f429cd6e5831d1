/**
 * SYN-SEC-1 on a secret the user hands in: a Secrets Manager secret defined in this app whose value is written
 * into the template as plaintext (`SecretValue.unsafePlainText`, a literal `secretObjectValue`) is as much a literal
 * secret as a plaintext prop.
 * @internal
 */
import { Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { RuleReporter, RuleResult } from '../../core';
import { checkSecretReference } from '../../core/rules/secrets';
import { CDK_VALIDATION } from './validation';

/** True when a resolved template value holds no reference (Ref, Fn::GetAtt, dynamic reference) at all. */
function isLiteral(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes('{{resolve:');
  if (Array.isArray(value)) return value.every(isLiteral);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.some(([k]) => k === 'Ref' || k === 'Fn::GetAtt' || k === 'Fn::ImportValue')) return false;
    return entries.every(([, v]) => isLiteral(v));
  }
  return true;
}

/** Checks that the secret's value is not written into the template (imported secrets always pass). */
export function checkSecretNotWritten(
  subject: string,
  prop: string,
  secret: secretsmanager.ISecret | undefined,
): RuleResult {
  const r = new RuleReporter(CDK_VALIDATION);
  const cfn = secret?.node.defaultChild;
  if (cfn instanceof secretsmanager.CfnSecret && cfn.secretString !== undefined) {
    const resolved = Stack.of(cfn).resolve(cfn.secretString);
    // A literal is reported; the reporter never shows the value itself.
    if (isLiteral(resolved)) checkSecretReference(subject, `${prop} (${secret!.node.path})`, resolved, r);
  }
  return r.result();
}
