/** cdktf AwsKmsEncryptionKey: the KMS key, Atlas's access role, the IAM role Atlas assumes, its grant and the authorization. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformVariable } from 'cdktf';
import { AtlasProjectEncryption, AwsKmsConfiguration, AwsKmsEncryptionKey, EarValidationError } from '../../lib/cdktf';
import { onlyResource, ref, resourcesOf, synth } from './helpers';

const projectId = '65f1c0ffee0123456789abcd';

function build(props: Partial<ConstructorParameters<typeof AwsKmsEncryptionKey>[2]> = {}) {
  let key: AwsKmsEncryptionKey | undefined;
  const json = synth((scope) => {
    new AwsProvider(scope, 'aws', { region: 'us-east-1' });
    key = new AwsKmsEncryptionKey(scope, 'Key', { projectId, region: 'US_EAST_1', ...props });
  });
  return { json, key: key! };
}

describe('cdktf AwsKmsEncryptionKey', () => {
  test('a new key rotates and is kept on destroy; the role trusts Atlas with the external id', () => {
    const { json } = build({ alias: 'alias/atlas-ear' });
    const kms = onlyResource(json, 'aws_kms_key');
    expect(kms).toMatchObject({
      enable_key_rotation: true,
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      key_usage: 'ENCRYPT_DECRYPT',
      deletion_window_in_days: 30,
      // The Atlas form the user gave becomes the AWS form of the resource-level region.
      region: 'us-east-1',
      lifecycle: { prevent_destroy: true },
    });
    expect(onlyResource(json, 'aws_kms_alias')).toMatchObject({ name: 'alias/atlas-ear' });
    const setup = onlyResource(json, 'mongodbatlas_cloud_provider_access_setup');
    expect(setup).toMatchObject({ project_id: projectId, provider_name: 'AWS', lifecycle: { prevent_destroy: true } });
    const role = onlyResource(json, 'aws_iam_role');
    const trust = String(role.assume_role_policy);
    expect(trust).toContain(`${setup.logicalId}.aws_config[0].atlas_aws_account_arn`);
    expect(trust).toContain(`${setup.logicalId}.aws_config[0].atlas_assumed_role_external_id`);
    expect(trust).toContain('sts:ExternalId');
  });

  test('the policy grants only Encrypt, Decrypt and DescribeKey on that key', () => {
    const { json } = build();
    const kms = onlyResource(json, 'aws_kms_key');
    const policy = String(onlyResource(json, 'aws_iam_role_policy').policy);
    expect(policy).toContain('kms:Encrypt');
    expect(policy).toContain('kms:Decrypt');
    expect(policy).toContain('kms:DescribeKey');
    expect(policy).not.toContain('kms:*');
    expect(policy).toContain(`aws_kms_key.${kms.logicalId}.arn`);
  });

  test('the authorization waits for IAM propagation, and the configuration depends on the authorization', () => {
    const { json, key } = build();
    const sleep = onlyResource(json, 'time_sleep');
    const role = onlyResource(json, 'aws_iam_role');
    expect(sleep.depends_on).toEqual(
      expect.arrayContaining([`aws_iam_role.${role.logicalId}`, expect.stringMatching(/^aws_iam_role_policy\./)]),
    );
    const auth = onlyResource(json, 'mongodbatlas_cloud_provider_access_authorization');
    expect(auth.depends_on).toEqual([`time_sleep.${sleep.logicalId}`]);
    expect(auth).toMatchObject({ aws: { iam_assumed_role_arn: ref('aws_iam_role', role.logicalId, 'arn') } });
    expect(AwsKmsConfiguration.fromEncryptionKey(key)).toBeInstanceOf(AwsKmsConfiguration);
  });

  test('an existing key is granted, not created; retainOnDestroy false drops prevent_destroy', () => {
    const arn = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
    const { json } = build({ existingKeyArn: arn, retainOnDestroy: false });
    expect(resourcesOf(json, 'aws_kms_key')).toEqual({});
    expect(String(onlyResource(json, 'aws_iam_role_policy').policy)).toContain(arn);
    expect(onlyResource(json, 'aws_iam_role')).toMatchObject({ lifecycle: { prevent_destroy: false } });
  });

  test('the project encryption gets the key ARN, the Atlas region form, the role id and the rotation period', () => {
    let spec: AtlasProjectEncryption['spec'] | undefined;
    const json = synth((scope) => {
      new AwsProvider(scope, 'aws', { region: 'us-east-1' });
      const key = new AwsKmsEncryptionKey(scope, 'Key', { projectId, region: 'us-east-1' });
      spec = new AtlasProjectEncryption(scope, 'Encryption', {
        projectId,
        awsKms: AwsKmsConfiguration.fromEncryptionKey(key),
      }).spec;
    });
    const kms = onlyResource(json, 'aws_kms_key');
    const auth = onlyResource(json, 'mongodbatlas_cloud_provider_access_authorization');
    const ear = onlyResource(json, 'mongodbatlas_encryption_at_rest');
    expect((ear.aws_kms_config as Record<string, unknown>[])[0]).toMatchObject({
      enabled: true,
      customer_master_key_id: ref('aws_kms_key', kms.logicalId, 'arn'),
      region: 'US_EAST_1',
      role_id: ref('mongodbatlas_cloud_provider_access_authorization', auth.logicalId, 'role_id'),
    });
    expect(ear.depends_on).toEqual([`mongodbatlas_cloud_provider_access_authorization.${auth.logicalId}`]);
    expect(spec?.aws?.rotationPeriodDays).toBe(365);
  });

  test('a region known only at apply time is converted by Terraform, not checked at synth', () => {
    const json = synth((scope) => {
      new AwsProvider(scope, 'aws', { region: 'us-east-1' });
      const region = new TerraformVariable(scope, 'key_region', { type: 'string' }).stringValue;
      new AwsKmsEncryptionKey(scope, 'Key', { projectId, region });
    });
    expect(onlyResource(json, 'aws_kms_key').region).toBe('${replace(lower(var.key_region), "_", "-")}');
  });

  test('retainOnDestroy false is allowed and said at synth (SYN-KEEP-2)', () => {
    let key: AwsKmsEncryptionKey | undefined;
    synth((scope) => {
      key = new AwsKmsEncryptionKey(scope, 'Key', { projectId, region: 'eu-west-1', retainOnDestroy: false });
    });
    const warnings = key!.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^\[SYN-KEEP-2\] AwsKmsEncryptionKey "stack\/Key" retainOnDestroy:.*schedules the key for deletion/,
      ),
    ]);
    const none = build();
    expect(none.key.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
  });

  const arnIn = (region: string) => `arn:aws:kms:${region}:123456789012:key/11111111-2222-3333-4444-555555555555`;
  test.each([
    ['a region that is not a KMS region', { region: 'mars-north-1' }, 'SYN-AWS-1', 'region'],
    ['GLOBAL, which is not a KMS region', { region: 'GLOBAL' }, 'SYN-AWS-1', 'region'],
    [
      'an existing key in another region',
      { region: 'us-east-1', existingKeyArn: arnIn('eu-west-1') },
      'SYN-AWS-1',
      'region',
    ],
    [
      'an alias ARN as the existing key',
      { existingKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/atlas' },
      'SYN-AWS-2',
      'customerMasterKeyId',
    ],
    ['an alias without the alias/ prefix', { alias: 'atlas-ear' }, 'SYN-AWS-5', 'alias'],
    ['an alias under alias/aws/', { alias: 'alias/aws/atlas' }, 'SYN-AWS-5', 'alias'],
    [
      'an alias for an existing key',
      { existingKeyArn: arnIn('us-east-1'), alias: 'alias/atlas' },
      'SYN-AWS-5',
      'alias',
    ],
    ['a project id that is not one', { projectId: 'my-project' }, 'SYN-PROJ-4', 'projectId'],
  ])('rejects %s', (_name, props, ruleId, prop) => {
    const attempt = () => build(props);
    expect(attempt).toThrow(EarValidationError);
    expect(attempt).toThrow(new RegExp(`\\[${ruleId}\\][^\\n]*${prop}`));
  });

  test('accepts the region in either form and an existing key in the same region', () => {
    expect(() => build({ region: 'eu-west-1' })).not.toThrow();
    expect(() => build({ region: 'EU_WEST_1', existingKeyArn: arnIn('eu-west-1') })).not.toThrow();
  });

  test('one AWS key construct per Atlas project (SYN-PROJ-2)', () => {
    const two = (second: string) => () =>
      synth((scope) => {
        new AwsKmsEncryptionKey(scope, 'A', { projectId, region: 'us-east-1' });
        new AwsKmsEncryptionKey(scope, 'B', { projectId: second, region: 'us-east-1' });
      });
    expect(two(projectId)).toThrow('[SYN-PROJ-2]');
    expect(two('65f1c0ffee0123456789abce')).not.toThrow();
  });
});

describe('SYN-PROJ-3: a key construct serves the project its Atlas role was made in', () => {
  const withProjects =
    (keyProject: (v: TerraformVariable) => string, encryptionProject: (v: TerraformVariable) => string) => () =>
      synth((scope) => {
        const v = new TerraformVariable(scope, 'atlas_project_id', { type: 'string' });
        const key = new AwsKmsEncryptionKey(scope, 'Key', { projectId: keyProject(v), region: 'us-east-1' });
        new AtlasProjectEncryption(scope, 'Encryption', {
          projectId: encryptionProject(v),
          awsKms: AwsKmsConfiguration.fromEncryptionKey(key),
        });
      });

  test('another literal project is refused, naming the key construct', () => {
    expect(
      withProjects(
        () => projectId,
        () => '65f1c0ffee0123456789abce',
      ),
    ).toThrow(/\[SYN-PROJ-3\].*awsKms.*stack\/Key/s);
  });

  test('the same literal, or two references to one variable, is the same project', () => {
    expect(
      withProjects(
        () => projectId,
        () => projectId,
      ),
    ).not.toThrow();
    expect(
      withProjects(
        (v) => v.stringValue,
        (v) => v.stringValue,
      ),
    ).not.toThrow();
  });

  test('a reference and a literal that may differ are refused', () => {
    expect(
      withProjects(
        (v) => v.stringValue,
        () => projectId,
      ),
    ).toThrow(/\[SYN-PROJ-3\] project encryption awsKms: .*got "\$\{var\.atlas_project_id\}"/);
  });
});
