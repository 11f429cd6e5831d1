/* eslint-disable @typescript-eslint/no-explicit-any -- walks synthesized template JSON */
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AtlasEncryptionAtRestProvider,
  CloudProvider,
  EncryptedCluster,
  EncryptionProvider,
} from 'atlas-encryption-at-rest/cdk';
import { API_KEY_ARN, AZURE_SECRET_ARN, awsAndAzure, KEY_HISTORY_STATEMENT, logicalIds, newStack, only } from './util';

function withClusters(count: number): Template {
  const stack = newStack();
  const { encryption } = awsAndAzure(stack);
  for (let i = 0; i < count; i++) {
    new EncryptedCluster(stack, `Cluster${i}`, {
      projectEncryption: encryption,
      clusterName: `cluster-${i}`,
      encryptionProvider: i % 2 === 0 ? EncryptionProvider.AWS : EncryptionProvider.AZURE,
      regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10' }],
    });
  }
  return Template.fromStack(stack);
}

describe('AtlasEncryptionAtRestProvider', () => {
  const one = withClusters(1);

  test('one provider and one handler per stack, no matter how many clusters', () => {
    const five = withClusters(5);
    for (const t of [one, five]) {
      t.resourceCountIs('AWS::Lambda::Function', 4); // the handler + 3 framework functions
      t.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
      t.resourceCountIs('AWS::Logs::LogGroup', 1);
    }
    five.resourceCountIs('Custom::AtlasEncryptedCluster', 5);
    // Every custom resource uses the same service token.
    const tokens = new Set(
      Object.values(five.toJSON().Resources as Record<string, any>)
        .filter((r) => r.Type.startsWith('Custom::'))
        .map((r) => JSON.stringify(r.Properties.ServiceToken)),
    );
    expect(tokens.size).toBe(1);
  });

  test('one handler function: Node.js 24, serving both onEvent and isComplete of the provider, log group', () => {
    one.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Handler: 'index.handler' });
    const handlers = Object.values(one.findResources('AWS::Lambda::Function')).filter((f) =>
      f.Properties.Handler.startsWith('index.'),
    );
    expect(handlers).toHaveLength(1);
    expect(handlers[0].Properties.VpcConfig).toBeUndefined();
    // The framework's onEvent and isComplete functions both invoke the one handler.
    const targets = Object.values(one.findResources('AWS::Lambda::Function'))
      .filter((f) => f.Properties.Handler.startsWith('framework.'))
      .map((f) => JSON.stringify(f.Properties.Environment?.Variables ?? {}));
    expect(targets.some((v) => v.includes('USER_ON_EVENT_FUNCTION_ARN'))).toBe(true);
    expect(targets.some((v) => v.includes('USER_IS_COMPLETE_FUNCTION_ARN'))).toBe(true);
    expect(
      new Set(targets.flatMap((v) => [...v.matchAll(/"Fn::GetAtt":\["(\w+)","Arn"\]/g)].map((m) => m[1]))).size,
    ).toBe(1);
    const logGroup = only(one, 'AWS::Logs::LogGroup');
    expect(logGroup.resource.Properties.RetentionInDays).toBe(365);
    expect(logGroup.resource.DeletionPolicy).toBe('Retain');
    expect(handlers[0].Properties.LoggingConfig.LogGroup).toEqual({ Ref: logGroup.id });
  });

  test('isComplete polled every 30 s for at most 55 minutes (below the 1-hour CloudFormation limit)', () => {
    const sm = only(one, 'AWS::StepFunctions::StateMachine');
    const definition = JSON.stringify(sm.resource.Properties.DefinitionString);
    expect(definition).toContain('\\"IntervalSeconds\\":30');
    expect(definition).toContain('\\"MaxAttempts\\":110');
    expect(AtlasEncryptionAtRestProvider.TOTAL_TIMEOUT.toMinutes()).toBe(55);
  });

  test('handler role: GetSecretValue on the referenced secrets only, logs on its log group, the project key-history parameter, nothing else', () => {
    const roleId = Object.entries(one.findResources('AWS::IAM::Role')).find(([id]) => id.includes('HandlerRole'))![0];
    const policy = Object.values(one.findResources('AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p.Properties.Roles).includes(roleId),
    )!;
    const statements: any[] = policy.Properties.PolicyDocument.Statement;
    expect(statements).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
      },
      { Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: API_KEY_ARN },
      { Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: AZURE_SECRET_ARN },
      KEY_HISTORY_STATEMENT,
    ]);
    expect(JSON.stringify(one.findResources('AWS::IAM::Role'))).not.toContain('ManagedPolicyArns');
  });

  test('no wildcard resource in any KMS, Secrets Manager or SSM statement', () => {
    for (const policy of Object.values(one.findResources('AWS::IAM::Policy'))) {
      for (const s of policy.Properties.PolicyDocument.Statement) {
        const actions = [s.Action].flat().join(' ');
        if (/kms:|secretsmanager:|ssm:/.test(actions)) expect(JSON.stringify(s.Resource)).not.toMatch(/"\*"/);
      }
    }
  });

  test('optional VPC for a static egress IP; options only before first use', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 1, flowLogs: { all: {} } });
    AtlasEncryptionAtRestProvider.of(stack, { vpc, logRetention: logs.RetentionDays.ONE_MONTH });
    expect(() => AtlasEncryptionAtRestProvider.of(stack, { vpc })).toThrow(/already exists/);
    awsAndAzure(stack);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      VpcConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() },
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    expect(logicalIds(t, 'AWS::Lambda::Function')).toHaveLength(4);
  });
});

describe('grants', () => {
  test('the provider is an iam.IGrantable; a secret with a customer key is decrypted only via Secrets Manager', () => {
    const stack = newStack();
    const provider = AtlasEncryptionAtRestProvider.of(stack);
    expect(provider.grantPrincipal).toBe(provider.role);
    const key = kms.Key.fromKeyArn(
      stack,
      'SecretKey',
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    );
    const secret = secretsmanager.Secret.fromSecretAttributes(stack, 'Imported', {
      secretCompleteArn: API_KEY_ARN,
      encryptionKey: key,
    });
    const grant = provider.grantReadSecret(secret);
    expect(grant.success).toBe(true);
    expect(provider.grantReadSecret(secret)).toBe(grant);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'kms:Decrypt',
            Resource: key.keyArn,
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
          }),
        ]),
      },
    });
  });
});
