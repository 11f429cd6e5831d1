/** cdktf AwsKmsEncryptionKey: the KMS key, Atlas's access role, the IAM role Atlas assumes, its grant and the authorization. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AwsKmsConfiguration, AwsKmsEncryptionKey } from '../../lib/cdktf';
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
    const { json } = build({ alias: 'atlas-ear' });
    const kms = onlyResource(json, 'aws_kms_key');
    expect(kms).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
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
});
