/* eslint-disable @typescript-eslint/no-explicit-any -- walks synthesized template JSON */
/** Shared helpers for the construct tests: a fast app with cdk-nag and fixtures (Specs: atlas-encryption-at-rest/cdk/testing). */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  AtlasCredentials,
  AtlasProjectEncryption,
  AtlasProjectEncryptionProps,
  AwsKmsEncryptionKey,
  AzureKeyVaultIdentity,
  AzureKeyVaultKeyProps,
} from 'atlas-encryption-at-rest/cdk';

export const PROJECT_ID = '65f1c0ffee0123456789abcd';
export const OTHER_PROJECT_ID = '65f1c0ffee0123456789abce';
export const API_KEY_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:atlas/api-key-AbCdEf';
export const AZURE_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:atlas/azure-GhIjKl';
export const GCP_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:atlas/gcp-MnOpQr';
export const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const AZURE_KEY_ID = 'https://atlas-ear-vault.vault.azure.net/keys/atlas-ear/0123456789abcdef0123456789abcdef';
/** The handler's statement on the example project's key-history parameter (read and write, that one ARN). */
export const KEY_HISTORY_STATEMENT = {
  Action: ['ssm:GetParameter', 'ssm:PutParameter'],
  Effect: 'Allow',
  Resource: {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        `:ssm:us-east-1:123456789012:parameter/atlas-encryption-at-rest/${PROJECT_ID}/key-history`,
      ],
    ],
  },
};
export const GCP_KEY_VERSION = 'projects/p/locations/global/keyRings/ring/cryptoKeys/key/cryptoKeyVersions/1';

/**
 * A stack in an app with cdk-nag AwsSolutions (synth throws on any unacknowledged finding) and aws-cdk-lib's
 * built-in template validation off (speed: these tests assert on templates).
 */
export function newStack(
  env: { account: string; region: string } | null = { account: '123456789012', region: 'us-east-1' },
): Stack {
  const app = new App({ builtinCloudFormationValidation: false });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return new Stack(app, 'Test', { env: env ?? undefined });
}

export function credentials(stack: Stack): AtlasCredentials {
  return AtlasCredentials.fromApiKeySecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'ApiKey', API_KEY_ARN));
}

export function azureProps(stack: Stack, overrides: Partial<AzureKeyVaultKeyProps> = {}): AzureKeyVaultKeyProps {
  return {
    tenantId: '11111111-2222-3333-4444-555555555555',
    subscriptionId: '66666666-7777-8888-9999-000000000000',
    resourceGroupName: 'atlas-ear',
    keyVaultName: 'atlas-ear-vault',
    keyIdentifier: AZURE_KEY_ID,
    identity: AzureKeyVaultIdentity.fromClientSecret({
      clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      clientSecret:
        (stack.node.tryFindChild('AzureSecret') as secretsmanager.ISecret | undefined) ??
        secretsmanager.Secret.fromSecretCompleteArn(stack, 'AzureSecret', AZURE_SECRET_ARN),
      expiresAt: new Date(Date.now() + 365 * 86_400_000),
    }),
    ...overrides,
  };
}

/** A project encryption with a new AWS key and an Azure key by reference. */
export function awsAndAzure(stack: Stack, props: Partial<AtlasProjectEncryptionProps> = {}) {
  const creds = credentials(stack);
  const awsKey = new AwsKmsEncryptionKey(stack, 'AwsKey', { projectId: PROJECT_ID, credentials: creds });
  const encryption = new AtlasProjectEncryption(stack, 'Encryption', {
    projectId: PROJECT_ID,
    credentials: creds,
    awsKms: awsKey,
    azureKeyVault: azureProps(stack),
    ...props,
  });
  return { creds, awsKey, encryption };
}

/** Logical ids of the resources of one type. */
export function logicalIds(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type));
}

/** The one resource of a type. */
export function only(template: Template, type: string): { id: string; resource: Record<string, any> } {
  const found = Object.entries(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return { id: found[0][0], resource: found[0][1] };
}
