import { CfnParameter, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AtlasCredentials,
  AtlasProjectEncryption,
  AwsKmsEncryptionKey,
  AzureKeyVaultIdentity,
  EarValidationError,
  EncryptionProvider,
  GoogleCloudKmsIdentity,
} from 'atlas-encryption-at-rest/cdk';
import {
  API_KEY_ARN,
  AZURE_KEY_ID,
  AZURE_SECRET_ARN,
  awsAndAzure,
  azureProps,
  credentials,
  GCP_KEY_VERSION,
  GCP_SECRET_ARN,
  newStack,
  only,
  OTHER_PROJECT_ID,
  PROJECT_ID,
  KEY_HISTORY_STATEMENT,
} from './util';
import { specOf } from 'atlas-encryption-at-rest/cdk/testing';

describe('AtlasProjectEncryption (AWS + Azure)', () => {
  const stack = newStack();
  const { encryption } = awsAndAzure(stack);
  const t = Template.fromStack(stack);
  const project = only(t, 'Custom::AtlasProjectEncryption');
  const setup = only(t, 'Custom::AtlasCloudProviderAccess');
  const authorization = only(t, 'Custom::AtlasCloudProviderAccessAuthorization');
  const key = only(t, 'AWS::KMS::Key');

  test('Spec: both provider blocks, the opt-ins and the secret ARNs (never a secret value)', () => {
    expect(Object.keys(project.resource.Properties).sort()).toEqual(['ServiceToken', 'Spec']);
    expect(specOf(project.resource)).toEqual({
      projectId: PROJECT_ID,
      credentialsSecretArn: API_KEY_ARN,
      aws: { customerMasterKeyId: `<${key.id}.Arn>`, region: 'US_EAST_1', roleId: `<${setup.id}.RoleId>` },
      azure: {
        azureEnvironment: 'AZURE',
        tenantId: '11111111-2222-3333-4444-555555555555',
        subscriptionId: '66666666-7777-8888-9999-000000000000',
        resourceGroupName: 'atlas-ear',
        keyVaultName: 'atlas-ear-vault',
        keyIdentifier: AZURE_KEY_ID,
        clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        clientSecretArn: AZURE_SECRET_ARN,
      },
      // enabledForSearchNodes is not sent unless set: Atlas keeps the project's current setting.
      allowShardedClusters: false,
      allowGcpClusters: false,
      adopt: false,
      undoOnCreateRollback: true,
    });
  });

  test('depends on the whole AWS chain: setup, key, role, policy and authorization', () => {
    const policyId = Object.keys(t.findResources('AWS::IAM::Policy')).find((id) => id.startsWith('AwsKeyRole'))!;
    const roleId = Object.keys(t.findResources('AWS::IAM::Role')).find((id) => id.startsWith('AwsKeyRole'))!;
    expect(project.resource.DependsOn).toEqual(
      expect.arrayContaining([authorization.id, setup.id, key.id, roleId, policyId]),
    );
    // Kept on stack delete and replacement; a rollback of the operation that created it reaches the handler, which
    // undoes what it provably enabled (a retried first deploy then starts clean).
    expect(project.resource.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(project.resource.UpdateReplacePolicy).toBe('Retain');
  });

  test('exposes providers and the valid attribute', () => {
    expect(encryption.providers).toEqual([EncryptionProvider.AWS, EncryptionProvider.AZURE]);
    expect(stack.resolve(encryption.validAttribute(EncryptionProvider.AZURE))).toEqual({
      'Fn::GetAtt': [project.id, 'AzureValid'],
    });
    expect(() => encryption.validAttribute(EncryptionProvider.GCP)).toThrow(/not configured/);
  });

  test('exposes the key history the handler returns, for stack outputs', () => {
    expect(stack.resolve(encryption.keyHistory)).toEqual({ 'Fn::GetAtt': [project.id, 'KeyHistory'] });
    expect(stack.resolve(encryption.retainPreviousKeysUntil)).toEqual({
      'Fn::GetAtt': [project.id, 'RetainPreviousKeysUntil'],
    });
  });
});

describe('AtlasProjectEncryption key-history parameter (DEP-KEEP-1)', () => {
  const ssmStatements = (t: Template) =>
    Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as Array<{ Action: unknown }>).filter((s) =>
        JSON.stringify(s.Action).includes('ssm:'),
      ),
    );

  test('the handler may get and put exactly the project parameter, nothing else in SSM', () => {
    const stack = newStack();
    const { encryption } = awsAndAzure(stack);
    expect(encryption.keyHistoryParameterName).toBe(`/atlas-encryption-at-rest/${PROJECT_ID}/key-history`);
    const t = Template.fromStack(stack);
    expect(ssmStatements(t)).toEqual([KEY_HISTORY_STATEMENT]);
    // On the handler's role only.
    const policy = Object.values(t.findResources('AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('ssm:'),
    )!;
    expect(JSON.stringify(policy.Properties.Roles)).toContain('AtlasEarProviderHandlerRole');
  });

  test('a token project id (environment-agnostic stack) is scoped by the same token', () => {
    const stack = newStack(null);
    const projectId = new CfnParameter(stack, 'ProjectId').valueAsString;
    const encryption = new AtlasProjectEncryption(stack, 'Encryption', {
      projectId,
      credentials: credentials(stack),
      azureKeyVault: azureProps(stack),
    });
    expect(stack.resolve(encryption.keyHistoryParameterName)).toEqual({
      'Fn::Join': ['', ['/atlas-encryption-at-rest/', { Ref: 'ProjectId' }, '/key-history']],
    });
    expect(ssmStatements(Template.fromStack(stack))).toEqual([
      {
        Action: ['ssm:GetParameter', 'ssm:PutParameter'],
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ssm:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':parameter/atlas-encryption-at-rest/',
              { Ref: 'ProjectId' },
              '/key-history',
            ],
          ],
        },
      },
    ]);
  });
});

describe('AtlasProjectEncryption options', () => {
  test('GCP by reference, opt-ins, adopt, rotation alert, DESTROY are in the Spec; secret granted', () => {
    const stack = newStack();
    const gcpSecret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'GcpKey', GCP_SECRET_ARN);
    new AtlasProjectEncryption(stack, 'Encryption', {
      projectId: PROJECT_ID,
      credentials: AtlasCredentials.fromServiceAccountSecret(
        secretsmanager.Secret.fromSecretCompleteArn(stack, 'Sa', API_KEY_ARN),
        { baseUrl: 'https://cloud.mongodbgov.com/' },
      ),
      googleCloudKms: {
        keyVersionResourceId: GCP_KEY_VERSION,
        identity: GoogleCloudKmsIdentity.fromServiceAccountKeySecret(gcpSecret),
      },
      enabledForSearchNodes: true,
      allowShardedClusters: true,
      allowGcpClusters: true,
      adopt: true,
      removalPolicy: RemovalPolicy.DESTROY,
      rotationAlert: { threshold: Duration.days(90), emails: ['sec@example.com'] },
      validationTimeout: Duration.minutes(2),
    });
    const t = Template.fromStack(stack);
    const project = only(t, 'Custom::AtlasProjectEncryption');
    expect(specOf(project.resource)).toEqual({
      projectId: PROJECT_ID,
      credentialsSecretArn: API_KEY_ARN,
      baseUrl: 'https://cloud.mongodbgov.com',
      deletePolicy: 'DESTROY',
      gcp: { keyVersionResourceId: GCP_KEY_VERSION, serviceAccountKeySecretArn: GCP_SECRET_ARN },
      enabledForSearchNodes: true,
      allowShardedClusters: true,
      allowGcpClusters: true,
      adopt: true,
      rotationAlert: { thresholdDays: 90, notifyProjectOwners: true, emails: ['sec@example.com'] },
      validationTimeoutMs: 120000,
    });
    expect(project.resource.DeletionPolicy).toBe('Delete');
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: GCP_SECRET_ARN },
        ]),
      },
    });
  });

  test('secretless Azure identity; a partial secret ARN is granted with the 6-character suffix only', () => {
    const stack = newStack();
    new AtlasProjectEncryption(stack, 'Encryption', {
      projectId: PROJECT_ID,
      credentials: AtlasCredentials.fromApiKeySecret(
        secretsmanager.Secret.fromSecretNameV2(stack, 'ByName', 'atlas/api-key'),
      ),
      azureKeyVault: azureProps(stack, { identity: AzureKeyVaultIdentity.fromAtlasRole('0123456789abcdef01234567') }),
    });
    const t = Template.fromStack(stack);
    expect(specOf(only(t, 'Custom::AtlasProjectEncryption').resource).azure.roleId).toBe('0123456789abcdef01234567');
    const statements = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(statements).toContain(':secret:atlas/api-key-??????');
  });

  test('warnings become atlas-ear annotations: SYN-AZ-4 (secret expiry unknown), SYN-ALERT-1', () => {
    const stack = newStack();
    const creds = credentials(stack);
    const awsKey = new AwsKmsEncryptionKey(stack, 'AwsKey', { projectId: PROJECT_ID, credentials: creds });
    new AtlasProjectEncryption(stack, 'Encryption', {
      projectId: PROJECT_ID,
      credentials: creds,
      awsKms: awsKey,
      azureKeyVault: azureProps(stack, {
        identity: AzureKeyVaultIdentity.fromClientSecret({
          clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
          clientSecret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'S2', AZURE_SECRET_ARN),
        }),
      }),
      rotationAlert: {},
    });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Test/Encryption', Match.stringLikeRegexp('^\\[SYN-AZ-4\\].*expiry is unknown'));
    annotations.hasWarning('/Test/Encryption', Match.stringLikeRegexp('^\\[SYN-ALERT-1\\]'));
    const warnings = annotations.findWarning('/Test/Encryption', Match.anyValue());
    expect(JSON.stringify(warnings)).toContain('atlas-ear:SYN-AZ-4');
  });

  test('errors throw EarValidationError with rule ids', () => {
    const stack = newStack();
    const creds = credentials(stack);
    const base = { projectId: PROJECT_ID, credentials: creds };
    expect(() => new AtlasProjectEncryption(stack, 'None', base)).toThrow(/\[SYN-PROJ-2\].*no key provider/);
    expect(
      () =>
        new AtlasProjectEncryption(stack, 'Versionless', {
          ...base,
          azureKeyVault: azureProps(stack, { keyIdentifier: 'https://atlas-ear-vault.vault.azure.net/keys/atlas-ear/v2' }),
        }),
    ).toThrow(/\[SYN-AZ-1\]/);
    expect(
      () =>
        new AtlasProjectEncryption(stack, 'GcpKeyNotVersion', {
          ...base,
          googleCloudKms: {
            keyVersionResourceId: 'projects/p/locations/global/keyRings/ring/cryptoKeys/key',
            identity: GoogleCloudKmsIdentity.fromAtlasRole('0123456789abcdef01234567'),
          },
        }),
    ).toThrow(/\[SYN-GCP-1\]/);
    try {
      new AtlasProjectEncryption(stack, 'BadTenant', {
        ...base,
        azureKeyVault: azureProps(stack, { tenantId: 'contoso' }),
      });
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(EarValidationError);
      expect((e as EarValidationError).ruleId).toBe('SYN-AZ-2');
    }
  });

  test('SYN-PROJ-3: the AWS key belongs to another project; SYN-KEEP-1: DESTROY key chain under a retained project', () => {
    const stack = newStack();
    const creds = credentials(stack);
    const other = new AwsKmsEncryptionKey(stack, 'Other', { projectId: OTHER_PROJECT_ID, credentials: creds });
    expect(
      () => new AtlasProjectEncryption(stack, 'A', { projectId: PROJECT_ID, credentials: creds, awsKms: other }),
    ).toThrow(/\[SYN-PROJ-3\]/);
    const destroy = new AwsKmsEncryptionKey(stack, 'Destroy', {
      projectId: PROJECT_ID,
      credentials: creds,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(
      () => new AtlasProjectEncryption(stack, 'B', { projectId: PROJECT_ID, credentials: creds, awsKms: destroy }),
    ).toThrow(/\[SYN-KEEP-1\]/);
  });

  test('SYN-PROJ-2: two project encryptions for one project in an app fail synth, even across stacks', () => {
    const stack = newStack();
    awsAndAzure(stack);
    const second = new Stack(stack.node.root, 'Second', { env: { account: '123456789012', region: 'us-east-1' } });
    new AtlasProjectEncryption(second, 'Encryption', {
      projectId: PROJECT_ID,
      credentials: credentials(second),
      azureKeyVault: azureProps(second),
    });
    expect(() => Template.fromStack(stack)).toThrow(/\[SYN-PROJ-2\].*same Atlas project/);
  });

  test('credentials: baseUrl must be https', () => {
    const stack = newStack();
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'S', API_KEY_ARN);
    expect(() => AtlasCredentials.fromApiKeySecret(secret, { baseUrl: 'http://cloud.mongodb.com' })).toThrow(/https/);
  });

  test('credentials: plain http only on a loopback host (local emulator)', () => {
    const stack = newStack();
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'S', API_KEY_ARN);
    for (const baseUrl of [
      'http://127.0.0.1:54321',
      'http://localhost:8080/',
      'http://[::1]:9000',
      'http://LOCALHOST',
    ]) {
      expect(AtlasCredentials.fromApiKeySecret(secret, { baseUrl }).baseUrl).toBe(baseUrl.replace(/\/+$/, ''));
    }
    for (const baseUrl of [
      'http://127.0.0.1.example.com',
      'http://user@127.0.0.1',
      'http://10.0.0.1:8080',
      'http://localhost.evil.com:80',
      'ftp://127.0.0.1',
    ]) {
      expect(() => AtlasCredentials.fromApiKeySecret(secret, { baseUrl })).toThrow(/https/);
    }
  });
});
