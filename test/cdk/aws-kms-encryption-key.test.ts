import { RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsKmsEncryptionKey } from 'atlas-encryption-at-rest/cdk';
import { API_KEY_ARN, credentials, KEY_ARN, newStack, only, PROJECT_ID } from './util';
import { specOf } from 'atlas-encryption-at-rest/cdk/testing';

function build(props: Partial<ConstructorParameters<typeof AwsKmsEncryptionKey>[2]> = {}, stack = newStack()) {
  const key = new AwsKmsEncryptionKey(stack, 'AwsKey', {
    projectId: PROJECT_ID,
    credentials: credentials(stack),
    ...props,
  });
  return { stack, key, template: Template.fromStack(stack) };
}

describe('AwsKmsEncryptionKey (new key)', () => {
  const { template: t, key } = build();
  const setup = only(t, 'Custom::AtlasCloudProviderAccess');
  const authorization = only(t, 'Custom::AtlasCloudProviderAccessAuthorization');
  const kmsKey = only(t, 'AWS::KMS::Key');
  const role = Object.entries(t.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('AwsKeyRole'))!;
  const policy = Object.entries(t.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('AwsKeyRole'))!;

  test('symmetric key, automatic rotation, 30-day pending window, alias, retained', () => {
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      PendingWindowInDays: 30,
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
    });
    expect(kmsKey.resource.DeletionPolicy).toBe('Retain');
    expect(kmsKey.resource.UpdateReplacePolicy).toBe('Retain');
    t.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: Match.stringLikeRegexp('^alias/atlas-ear/'),
      TargetKeyId: { 'Fn::GetAtt': [kmsKey.id, 'Arn'] },
    });
  });

  test('Atlas cloud-provider-access setup: ServiceToken and Spec only, retained', () => {
    expect(Object.keys(setup.resource.Properties).sort()).toEqual(['ServiceToken', 'Spec']);
    expect(specOf(setup.resource)).toEqual({
      projectId: PROJECT_ID,
      credentialsSecretArn: API_KEY_ARN,
      providerName: 'AWS',
    });
    expect(setup.resource.DeletionPolicy).toBe('Retain');
  });

  test('IAM role trusts the Atlas account ARN with the sts:ExternalId condition, both from the setup', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::GetAtt': [setup.id, 'AtlasAwsAccountArn'] } },
            Condition: { StringEquals: { 'sts:ExternalId': { 'Fn::GetAtt': [setup.id, 'ExternalId'] } } },
          },
        ],
      },
    });
    expect(role[1].DeletionPolicy).toBe('Retain');
    expect(policy[1].DeletionPolicy).toBe('Retain');
  });

  test('role policy: kms:Encrypt, kms:Decrypt, kms:DescribeKey on this key only', () => {
    expect(policy[1].Properties.PolicyDocument.Statement).toEqual([
      {
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [kmsKey.id, 'Arn'] },
      },
    ]);
    expect(policy[1].Properties.Roles).toEqual([{ Ref: role[0] }]);
  });

  test('authorization: PATCH with the role ARN, after the role AND its policy', () => {
    expect(Object.keys(authorization.resource.Properties).sort()).toEqual(['ServiceToken', 'Spec']);
    expect(specOf(authorization.resource)).toEqual({
      projectId: PROJECT_ID,
      credentialsSecretArn: API_KEY_ARN,
      roleId: `<${setup.id}.RoleId>`,
      iamAssumedRoleArn: `<${role[0]}.Arn>`,
    });
    expect(authorization.resource.DependsOn).toEqual(expect.arrayContaining([role[0], policy[0]]));
    expect(authorization.resource.DeletionPolicy).toBe('Retain');
  });

  test('exposes the deploy-time values and the Atlas region form', () => {
    expect(key.keyRegion).toBe('US_EAST_1');
    expect(key.keyConfig.keySpec).toBe('SYMMETRIC_DEFAULT');
    expect(key.keyConfig.rotationPeriodDays).toBe(365);
  });
});

describe('AwsKmsEncryptionKey options', () => {
  test('imported key by ARN: no new key, policy on that ARN, region from the ARN', () => {
    const stack = newStack();
    const imported = kms.Key.fromKeyArn(stack, 'Imported', KEY_ARN.replace('us-east-1', 'eu-west-1'));
    const { template: t, key } = build({ key: imported }, stack);
    t.resourceCountIs('AWS::KMS::Key', 0);
    expect(key.keyRegion).toBe('EU_WEST_1');
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'],
            Resource: KEY_ARN.replace('us-east-1', 'eu-west-1'),
          },
        ],
      },
    });
  });

  test('previous keys keep decrypt access for their snapshots (no Encrypt), the current key keeps all three', () => {
    const stack = newStack();
    const current = kms.Key.fromKeyArn(stack, 'Current', KEY_ARN);
    const old = kms.Key.fromKeyArn(stack, 'Old', KEY_ARN.replace('1234abcd', '0000abcd'));
    const { template: t } = build({ key: current, previousKeys: [old] }, stack);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: KEY_ARN },
          { Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: KEY_ARN.replace('1234abcd', '0000abcd') },
        ],
      },
    });
  });

  test('env-agnostic stack: the region is deferred to deploy time, with no notice the user cannot act on', () => {
    const stack = newStack(null);
    const { key } = build({}, stack);
    expect(key.keyRegion).toMatch(/Token/);
    expect(Annotations.fromStack(stack).findInfo('*', Match.anyValue())).toEqual([]);
  });

  test('SYN-AWS-2: an alias is refused', () => {
    const stack = newStack();
    const alias = kms.Alias.fromAliasName(stack, 'Alias', 'alias/atlas');
    expect(() => build({ key: alias }, stack)).toThrow(/\[SYN-AWS-2\]/);
  });

  test.each(['alias/aws/atlas', '', 'atlas'])(
    'SYN-AWS-5: the alias %j of a new key is refused before aws-cdk-lib sees it',
    (alias) => {
      expect(() => build({ alias }, newStack())).toThrow(/^\[SYN-AWS-5\]/);
    },
  );

  test('SYN-AWS-2: a malformed key ARN is refused', () => {
    const stack = newStack();
    const bad = kms.Key.fromKeyArn(stack, 'Bad', 'arn:aws:kms:us-east-1:123456789012:key/not-a-key-id');
    expect(() => build({ key: bad }, stack)).toThrow(/\[SYN-AWS-2\]/);
  });

  test('SYN-PROJ-4: a malformed project id is refused', () => {
    expect(() => build({ projectId: 'my-project' })).toThrow(/\[SYN-PROJ-4\]/);
  });

  test('removalPolicy DESTROY: the Atlas custom resources may be deleted; the key, IAM role and policy never', () => {
    const { template: t } = build({ removalPolicy: RemovalPolicy.DESTROY });
    expect(only(t, 'AWS::KMS::Key').resource.DeletionPolicy).toBe('Retain');
    // CloudFormation deletes these without asking the handler, so they stay whatever the policy (invariant 1).
    for (const type of ['AWS::IAM::Role', 'AWS::IAM::Policy']) {
      for (const [id, r] of Object.entries(t.findResources(type))) {
        if (id.startsWith('AwsKey')) expect([id, r.DeletionPolicy]).toEqual([id, 'Retain']);
      }
    }
    for (const type of ['Custom::AtlasCloudProviderAccess', 'Custom::AtlasCloudProviderAccessAuthorization']) {
      for (const [id, r] of Object.entries(t.findResources(type))) {
        if (id.startsWith('AwsKey')) expect([id, r.DeletionPolicy]).toEqual([id, 'Delete']);
      }
    }
    expect(specOf(only(t, 'Custom::AtlasCloudProviderAccess').resource).deletePolicy).toBe('DESTROY');
    expect(() => build({ removalPolicy: RemovalPolicy.SNAPSHOT })).toThrow(
      /\[SYN-INPUT-1\] project encryption awsKms removalPolicy:.*allowed: retain, destroy/,
    );
  });
});

describe('SYN-PROJ-2 for AWS keys', () => {
  function twoKeys(secondProjectId: string) {
    const stack = newStack();
    const creds = credentials(stack);
    new AwsKmsEncryptionKey(stack, 'AwsKey', { projectId: PROJECT_ID, credentials: creds });
    new AwsKmsEncryptionKey(stack, 'SecondKey', { projectId: secondProjectId, credentials: creds });
    return () => Template.fromStack(stack);
  }

  test('two AwsKmsEncryptionKeys for one project fail at synth, naming both', () => {
    expect(twoKeys(PROJECT_ID)).toThrow(
      /\[SYN-PROJ-2\] AWS KMS key projectId: two AWS KMS key constructs.*previousKeys.*also at/s,
    );
  });

  test('keys for two projects pass', () => {
    expect(twoKeys('aaaaaaaaaaaaaaaaaaaaaaaa')).not.toThrow();
  });
});
