/**
 * Every IAM permission the library grants, in one table, and the one function that grants them.
 * Nothing else in lib/cdk writes an IAM statement: review this file to review the library's permissions.
 * @internal
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** What a grant is for. */
export enum Permission {
  /** The IAM role Atlas assumes uses the customer key (the documented minimum, docs/permissions.md). */
  ATLAS_KEY_USE = 'ATLAS_KEY_USE',
  /**
   * The IAM role Atlas assumes may still decrypt with a key the project used before: snapshots taken under it
   * need it for restores (DEP-KEEP-1). No Encrypt: Atlas writes only with the current key.
   */
  ATLAS_PREVIOUS_KEY_USE = 'ATLAS_PREVIOUS_KEY_USE',
  /** The handler reads one secret (Atlas API credentials, Azure client secret, GCP service-account key). */
  HANDLER_READ_SECRET = 'HANDLER_READ_SECRET',
  /** The handler decrypts a secret encrypted with a customer-managed KMS key. */
  HANDLER_DECRYPT_SECRET = 'HANDLER_DECRYPT_SECRET',
  /** The handler writes its logs to its own log group. */
  HANDLER_WRITE_LOGS = 'HANDLER_WRITE_LOGS',
  /** The handler reads and writes one project's key-history parameter (DEP-KEEP-1). Never deletes it. */
  HANDLER_KEY_HISTORY = 'HANDLER_KEY_HISTORY',
}

/** The table: actions per permission. Resources are always the one object the grant names, never `*`. */
export const PERMISSIONS: Readonly<Record<Permission, readonly string[]>> = {
  [Permission.ATLAS_KEY_USE]: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'],
  [Permission.ATLAS_PREVIOUS_KEY_USE]: ['kms:Decrypt', 'kms:DescribeKey'],
  [Permission.HANDLER_READ_SECRET]: ['secretsmanager:GetSecretValue'],
  [Permission.HANDLER_DECRYPT_SECRET]: ['kms:Decrypt'],
  [Permission.HANDLER_WRITE_LOGS]: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  [Permission.HANDLER_KEY_HISTORY]: ['ssm:GetParameter', 'ssm:PutParameter'],
};

/** The resource a permission is granted on. */
export type PermissionTarget =
  | { readonly permission: Permission.ATLAS_KEY_USE | Permission.ATLAS_PREVIOUS_KEY_USE; readonly key: kms.IKey }
  | { readonly permission: Permission.HANDLER_READ_SECRET; readonly secret: secretsmanager.ISecret }
  | { readonly permission: Permission.HANDLER_DECRYPT_SECRET; readonly key: kms.IKey }
  | { readonly permission: Permission.HANDLER_WRITE_LOGS; readonly logGroup: logs.ILogGroup }
  | { readonly permission: Permission.HANDLER_KEY_HISTORY; readonly parameterArn: string };

/** ARN that matches a secret in a policy: the full ARN, or the partial ARN plus the 6-character suffix. */
function secretArnForPolicies(secret: secretsmanager.ISecret): string {
  return secret.secretFullArn ?? `${secret.secretArn}-??????`;
}

/** Grants one permission from the table to `grantee`, scoped to exactly one resource. */
export function grantPermission(grantee: iam.IGrantable, target: PermissionTarget): iam.Grant {
  const actions = [...PERMISSIONS[target.permission]];
  switch (target.permission) {
    case Permission.ATLAS_KEY_USE:
    case Permission.ATLAS_PREVIOUS_KEY_USE:
      // kms.IKey.grant: principal policy on the key ARN (and the key policy for a cross-environment key).
      return target.key.grant(grantee, ...actions);
    case Permission.HANDLER_DECRYPT_SECRET:
      // Only through Secrets Manager in this stack's region (kms:ViaService, AWS KMS condition keys): the handler
      // never decrypts anything else with the secret's key.
      return iam.Grant.addToPrincipal({
        grantee,
        actions,
        resourceArns: [target.key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(target.key).region}.amazonaws.com` },
        },
      });
    case Permission.HANDLER_READ_SECRET:
      return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [secretArnForPolicies(target.secret)] });
    case Permission.HANDLER_WRITE_LOGS:
      return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [target.logGroup.logGroupArn] });
    case Permission.HANDLER_KEY_HISTORY:
      return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [target.parameterArn] });
  }
}
