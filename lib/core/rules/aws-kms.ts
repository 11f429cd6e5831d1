/**
 * AWS KMS key rules: region (SYN-AWS-1), key reference (SYN-AWS-2), identity (SYN-AWS-3), key spec (SYN-AWS-4).
 */
import { ATLAS_AWS_REGIONS, awsRegionToAtlas } from '../catalogue/regions';
import { AwsKmsKeyConfig } from '../model/key-configs';
import { listAllowed, RuleReporter } from './rule';

const SUBJECT = 'project encryption awsKms';
/** KMS key id: UUID, or `mrk-` + 32 hex for a multi-Region key. */
export const AWS_KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
/** KMS key ARN; group 4 must be a key id. */
export const AWS_KEY_ARN = /^arn:(aws|aws-us-gov|aws-cn):kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;
/** Atlas cloud-provider-access role id. */
export const ATLAS_ROLE_ID = /^[0-9a-f]{24}$/;

/** Parts of a key ARN, or undefined when the value is not one. */
export interface ParsedKeyArn {
  /** AWS partition. */
  readonly partition: string;
  /** Region, AWS form. */
  readonly region: string;
  /** Account id. */
  readonly account: string;
  /** Key id. */
  readonly keyId: string;
}

/** Parses a KMS key ARN. */
export function parseKeyArn(value: string): ParsedKeyArn | undefined {
  const m = AWS_KEY_ARN.exec(value);
  if (!m) return undefined;
  return { partition: m[1], region: m[2], account: m[3], keyId: m[4] };
}

/**
 * Converts a region in either form to the Atlas form, or returns undefined when it is not a KMS region Atlas knows.
 * `GLOBAL` is in Atlas's enum but is not a KMS region.
 */
export function toAtlasKeyRegion(region: string): string | undefined {
  const atlas = awsRegionToAtlas(region);
  return ATLAS_AWS_REGIONS.includes(atlas) && atlas !== 'GLOBAL' ? atlas : undefined;
}

function partitionFor(atlasRegion: string): string {
  if (atlasRegion.startsWith('US_GOV_')) return 'aws-us-gov';
  if (atlasRegion.startsWith('CN_')) return 'aws-cn';
  return 'aws';
}

/** SYN-AWS-1..4 on one AWS key configuration. */
export function checkAwsKms(config: AwsKmsKeyConfig, r: RuleReporter): void {
  const s = SUBJECT;
  let atlasRegion: string | undefined;
  if (!r.deferIfUnresolved('SYN-AWS-1', s, 'region', config.region)) {
    atlasRegion = typeof config.region === 'string' ? toAtlasKeyRegion(config.region) : undefined;
    if (!atlasRegion) {
      r.report(
        'SYN-AWS-1',
        s,
        'region',
        config.region,
        "not an AWS KMS region Atlas knows (give the key's region, not the cluster's)",
        `an AWS region such as us-east-1 or US_EAST_1; one of ${listAllowed(
          ATLAS_AWS_REGIONS.filter((x) => x !== 'GLOBAL'),
          8,
        )}`,
      );
    }
  }

  const key = config.customerMasterKeyId;
  if (!r.deferIfUnresolved('SYN-AWS-2', s, 'customerMasterKeyId', key)) {
    const arn = typeof key === 'string' ? parseKeyArn(key) : undefined;
    if (typeof key !== 'string' || key.length === 0 || key.length > 2048) {
      r.report(
        'SYN-AWS-2',
        s,
        'customerMasterKeyId',
        key,
        'a key id or key ARN is required',
        'a KMS key id or key ARN',
      );
    } else if (key.startsWith('alias/') || /:alias\//.test(key)) {
      r.report(
        'SYN-AWS-2',
        s,
        'customerMasterKeyId',
        key,
        'aliases are not accepted: re-pointing an alias would silently swap the key that encrypts your data',
        'the key id (UUID or mrk-…) or the key ARN',
      );
    } else if (arn) {
      if (!AWS_KEY_ID.test(arn.keyId)) {
        r.report(
          'SYN-AWS-2',
          s,
          'customerMasterKeyId',
          key,
          'the ARN does not end in a KMS key id',
          'arn:aws:kms:<region>:<account>:key/<key id>',
        );
      }
      if (atlasRegion && awsRegionToAtlas(arn.region) !== atlasRegion) {
        r.report(
          'SYN-AWS-1',
          s,
          'region',
          config.region,
          `the key ARN is in ${arn.region}`,
          `${arn.region} (or ${awsRegionToAtlas(arn.region)}), the region of the key`,
        );
      }
      if (atlasRegion && partitionFor(atlasRegion) !== arn.partition) {
        r.report(
          'SYN-AWS-2',
          s,
          'customerMasterKeyId',
          key,
          `partition ${arn.partition} does not fit region ${atlasRegion}`,
          `an ARN in partition ${partitionFor(atlasRegion)}`,
        );
      }
    } else if (!AWS_KEY_ID.test(key)) {
      r.report(
        'SYN-AWS-2',
        s,
        'customerMasterKeyId',
        key,
        'not a KMS key id or key ARN',
        'a key id (UUID or mrk- followed by 32 hex digits) or arn:aws:kms:<region>:<account>:key/<key id>',
      );
    } else if (
      config.keyAccountId &&
      config.roleAccountId &&
      !r.isUnresolved(config.keyAccountId) &&
      !r.isUnresolved(config.roleAccountId) &&
      config.keyAccountId !== config.roleAccountId
    ) {
      r.report(
        'SYN-AWS-2',
        s,
        'customerMasterKeyId',
        key,
        `the key is in account ${config.keyAccountId} and the Atlas role in ${config.roleAccountId}: a cross-account key must be given as its full ARN`,
        `arn:aws:kms:<region>:${config.keyAccountId}:key/${key}`,
      );
    }
  }

  const legacy = config as unknown as Record<string, unknown>;
  for (const field of ['accessKeyID', 'accessKeyId', 'secretAccessKey']) {
    if (legacy[field] !== undefined) {
      r.report(
        'SYN-AWS-3',
        s,
        field,
        field === 'secretAccessKey' ? '(redacted)' : legacy[field],
        'Atlas refuses IAM user access keys since 2021 (AWS_KMS_CREDENTIALS_AUTH_DEPRECATED)',
        'an IAM role authorized through Atlas cloud-provider access (roleId)',
      );
    }
  }
  if (config.roleId !== undefined && !r.deferIfUnresolved('SYN-AWS-3', s, 'roleId', config.roleId)) {
    if (typeof config.roleId !== 'string' || !ATLAS_ROLE_ID.test(config.roleId)) {
      r.report(
        'SYN-AWS-3',
        s,
        'roleId',
        config.roleId,
        String(config.roleId).startsWith('arn:')
          ? 'roleId is the Atlas cloud-provider-access id, not the IAM role ARN'
          : 'not an Atlas cloud-provider-access role id',
        '24 hexadecimal digits, as returned by Atlas cloud-provider access',
      );
    }
  }

  if (config.keySpec !== undefined && !r.isUnresolved(config.keySpec) && config.keySpec !== 'SYMMETRIC_DEFAULT') {
    r.report('SYN-AWS-4', s, 'keySpec', config.keySpec, 'Atlas needs a symmetric key', 'SYMMETRIC_DEFAULT');
  }
  if (config.keyUsage !== undefined && !r.isUnresolved(config.keyUsage) && config.keyUsage !== 'ENCRYPT_DECRYPT') {
    r.report('SYN-AWS-4', s, 'keyUsage', config.keyUsage, 'Atlas needs an encryption key', 'ENCRYPT_DECRYPT');
  }
}
