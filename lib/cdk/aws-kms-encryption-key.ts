import { Duration, Fn, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import {
  AwsKmsKeyConfig,
  errorsOf,
  parseKeyArn,
  PrivateNetworkingSettings,
  RuleReporter,
  toAtlasKeyRegion,
  validateKeyAlias,
  validateProjectEncryption,
  validateProjectIds,
} from '../core';
import { applyRuleResult, CDK_VALIDATION } from './private/validation';
import { AtlasCredentials } from './credentials';
import {
  AtlasResourceType,
  CloudProviderAccessAuthorizationSpec,
  CloudProviderAccessSpec,
} from './custom-resources/properties';
import { atlasCustomResource, toDeletePolicy } from './private/custom-resource';
import { grantPermission, Permission } from './private/permissions';
import { AtlasEncryptionAtRestProvider } from './provider';

/** Marks instances, so `isAwsKmsEncryptionKey` works across copies of the library. */
const IS_AWS_KMS_ENCRYPTION_KEY = Symbol.for('atlas-encryption-at-rest.AwsKmsEncryptionKey');

/** The AWS side of one project's key: the KMS key, the IAM role Atlas assumes, and the Atlas role set-up. */
export interface IAwsKmsEncryptionKey extends IConstruct {
  /** Atlas project id this key is set up for. */
  readonly projectId: string;
  /** The customer key. */
  readonly key: kms.IKey;
  /** The IAM role Atlas assumes to use the key. */
  readonly role: iam.IRole;
  /** Atlas cloud-provider-access role id (deploy-time attribute). */
  readonly roleId: string;
  /** Region of the key, in Atlas form where known at synth (`US_EAST_1`). */
  readonly keyRegion: string;
  /** The key as the rules see it. */
  readonly keyConfig: AwsKmsKeyConfig;
  /** What a stack deletion does with the role, its policy and the authorization. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Properties of an {@link AwsKmsEncryptionKey}. With `requirePrivateNetworking`, the project encryption creates one
 * AWS PrivateLink endpoint per region of the app's clusters on AWS before they use the key.
 */
export interface AwsKmsEncryptionKeyProps extends PrivateNetworkingSettings {
  /** Atlas project (group) id whose encryption uses this key: 24 hexadecimal digits. */
  readonly projectId: string;
  /** Atlas API credentials the handler uses to set up and authorize the Atlas role. */
  readonly credentials: AtlasCredentials;
  /**
   * An existing symmetric KMS key. Give the key (by ARN), not an alias: re-pointing an alias would swap the key.
   * Its key policy must let IAM policies of this account grant access (the default key policy does); a key in
   * another account must also allow the role this construct creates.
   * @default - a new key: symmetric, automatic yearly rotation, 30-day pending window, retained on stack deletion
   */
  readonly key?: kms.IKey;
  /**
   * Alias of the new key (ignored when `key` is given).
   * @default - `alias/atlas-ear/<unique id of this construct>`
   */
  readonly alias?: string;
  /**
   * Keys the project used before `key`. When you replace the key, move the old one here: Atlas keeps decrypt access
   * to it (`kms:Decrypt`, `kms:DescribeKey`) so that snapshots taken under it can still be restored. The key
   * history (`AtlasProjectEncryption.keyHistory`) says until when each previous key is needed.
   * @default - no previous keys
   */
  readonly previousKeys?: kms.IKey[];
  /**
   * What happens to the IAM role, its policy, the Atlas role and its authorization when the stack deletes them.
   * DESTROY removes them, after the project encryption that uses them has been removed. A new KMS key is always
   * retained, whatever this says.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The AWS side of one Atlas project's customer key: a KMS key (new or imported), the Atlas cloud-provider-access
 * role (`Custom::AtlasCloudProviderAccess`), an IAM role that trusts the Atlas AWS account with the external id
 * Atlas returned, a policy that allows `kms:Encrypt`, `kms:Decrypt` and `kms:DescribeKey` on that key only, and the
 * authorization of the role in Atlas (`Custom::AtlasCloudProviderAccessAuthorization`). Pass it to
 * {@link AtlasProjectEncryption} as `awsKms`.
 *
 * Everything is retained when the stack is deleted unless `removalPolicy` is DESTROY, which removes the Atlas role
 * set-up and its authorization (refused while encryption at rest uses them). The key this construct creates, the
 * IAM role Atlas assumes and its policy are always retained: CloudFormation can delete those without asking the
 * library, and snapshots need them for as long as they exist.
 */
export class AwsKmsEncryptionKey extends Construct implements IAwsKmsEncryptionKey {
  /**
   * True when `x` is an AwsKmsEncryptionKey (works across copies of the library).
   * @param x any value
   */
  public static isAwsKmsEncryptionKey(x: unknown): x is AwsKmsEncryptionKey {
    return typeof x === 'object' && x !== null && IS_AWS_KMS_ENCRYPTION_KEY in x;
  }

  /** The customer key. */
  public readonly key: kms.IKey;
  /** The IAM role Atlas assumes to use the key. */
  public readonly role: iam.IRole;
  /** Atlas cloud-provider-access role id (24 hex digits, known at deploy time). */
  public readonly roleId: string;
  /** ARN of the AWS account Atlas assumes the role from (known at deploy time). */
  public readonly atlasAwsAccountArn: string;
  /** External id Atlas uses when it assumes the role (known at deploy time). */
  public readonly externalId: string;
  /** Atlas project id. */
  public readonly projectId: string;
  /** Atlas API credentials. */
  public readonly credentials: AtlasCredentials;
  /** The key configuration the rules check (key reference, region, spec, rotation). */
  public readonly keyConfig: AwsKmsKeyConfig;
  /** Atlas form of the key's region (`US_EAST_1`), or the AWS form as a token when the region is only known at deploy time. */
  public readonly keyRegion: string;
  /** What Delete does with the role, its policy, the Atlas role and the authorization. */
  public readonly removalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, props: AwsKmsEncryptionKeyProps) {
    super(scope, id);
    Object.defineProperty(this, IS_AWS_KMS_ENCRYPTION_KEY, { value: true });
    // SYN-PROJ-2 across the app: one Atlas role set-up (and so one AWS key construct) per project.
    this.node.addValidation({ validate: () => this.validateOnePerProject() });
    const deletePolicy = toDeletePolicy(
      this,
      'project encryption awsKms',
      'removalPolicy',
      props.removalPolicy,
      'a stack deletion removes the IAM role Atlas assumes and deauthorizes it (the key itself is always kept)',
    );
    this.removalPolicy = deletePolicy === 'DESTROY' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    this.projectId = props.projectId;
    this.credentials = props.credentials;
    const provider = AtlasEncryptionAtRestProvider.of(this);
    provider.grantReadSecret(props.credentials.secret);

    let created = false;
    if (props.key && 'aliasName' in props.key) {
      const r = new RuleReporter(CDK_VALIDATION);
      r.report(
        'SYN-AWS-2',
        'project encryption awsKms',
        'key',
        (props.key as kms.IAlias).aliasName,
        'an alias was given; re-pointing an alias would silently swap the key that encrypts your data',
        'the key itself, e.g. kms.Key.fromKeyArn(...)',
      );
      applyRuleResult(this, r.result());
    }
    applyRuleResult(this, validateKeyAlias(props.alias, CDK_VALIDATION));
    if (props.key) {
      this.key = props.key;
    } else {
      created = true;
      this.key = new kms.Key(this, 'Key', {
        description: 'MongoDB Atlas encryption at rest: customer key',
        keySpec: kms.KeySpec.SYMMETRIC_DEFAULT,
        keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT,
        enableKeyRotation: true,
        pendingWindow: Duration.days(30),
        alias: props.alias ?? `alias/atlas-ear/${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }

    const keyArn = this.key.keyArn;
    const stack = Stack.of(this);
    const parsed = Token.isUnresolved(keyArn) ? undefined : parseKeyArn(keyArn);
    if (parsed) {
      this.keyRegion = toAtlasKeyRegion(parsed.region) ?? parsed.region;
    } else if (created) {
      this.keyRegion = Token.isUnresolved(stack.region)
        ? stack.region
        : (toAtlasKeyRegion(stack.region) ?? stack.region);
    } else {
      // Imported by an ARN known only at deploy time: its fourth field is the region (AWS form).
      this.keyRegion = Fn.select(3, Fn.split(':', keyArn));
    }
    // A key defined in this app carries its props: check them like those of a key the library creates.
    const known = knownKeyProps(this.key);
    this.keyConfig = {
      customerMasterKeyId: keyArn,
      region: this.keyRegion,
      roleAccountId: stack.account,
      keyAccountId: parsed?.account,
      keySpec: known.keySpec,
      keyUsage: known.keyUsage,
      rotationPeriodDays: known.rotationPeriodDays,
      requirePrivateNetworking: props.requirePrivateNetworking,
      privateEndpointRegions: props.privateEndpointRegions,
    };

    applyRuleResult(
      this,
      validateProjectEncryption({ projectId: props.projectId, aws: this.keyConfig }, CDK_VALIDATION),
    );

    const base = {
      projectId: props.projectId,
      credentialsSecretArn: props.credentials.secret.secretArn,
      baseUrl: props.credentials.baseUrl,
      deletePolicy,
    };
    // 1. Atlas cloud-provider-access role: returns the Atlas AWS account ARN and the external id.
    const setupSpec: CloudProviderAccessSpec = { ...base, providerName: 'AWS' };
    const setup = atlasCustomResource(this, 'CloudProviderAccess', AtlasResourceType.CLOUD_PROVIDER_ACCESS, setupSpec);
    this.roleId = setup.getAttString('RoleId');
    this.atlasAwsAccountArn = setup.getAttString('AtlasAwsAccountArn');
    this.externalId = setup.getAttString('ExternalId');

    // 2. The IAM role Atlas assumes (trust: Atlas account + external id) and its key grant.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ArnPrincipal(this.atlasAwsAccountArn),
      externalIds: [this.externalId],
      description: 'Assumed by MongoDB Atlas to use the encryption-at-rest customer key',
    });
    // The role and its key grant are always retained: CloudFormation deletes them on its own (stack delete with
    // --retain-resources, replacement cleanup, create rollback) without asking the handler, and a retained cluster
    // or snapshot may still need them. DESTROY deauthorizes the Atlas role; the IAM role is left behind (docs).
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    grantPermission(role, { permission: Permission.ATLAS_KEY_USE, key: this.key });
    for (const previous of props.previousKeys ?? []) {
      grantPermission(role, { permission: Permission.ATLAS_PREVIOUS_KEY_USE, key: previous });
    }
    const policy = role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
    policy?.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.role = role;

    // 3. Authorization of the role in Atlas, after the role and its policy exist.
    const authorizationSpec: CloudProviderAccessAuthorizationSpec = {
      ...base,
      roleId: this.roleId,
      iamAssumedRoleArn: role.roleArn,
    };
    const authorization = atlasCustomResource(
      this,
      'Authorization',
      AtlasResourceType.CLOUD_PROVIDER_ACCESS_AUTHORIZATION,
      authorizationSpec,
    );
    authorization.node.addDependency(role);
    if (policy) authorization.node.addDependency(policy);
  }

  private validateOnePerProject(): string[] {
    const same = this.node.root.node
      .findAll()
      .filter(AwsKmsEncryptionKey.isAwsKmsEncryptionKey)
      .filter((k) => k.projectId === this.projectId);
    if (same.length < 2) return [];
    const others = same.filter((k) => k !== this).map((k) => k.node.path);
    return errorsOf(
      validateProjectIds(
        same.map((k) => k.projectId),
        CDK_VALIDATION,
        'AWS KMS key',
      ),
    ).map((v) => `${v.message} [also at ${others.join(', ')}]`);
  }
}

/** The spec, usage and rotation period of a key whose `AWS::KMS::Key` is in this app (imported keys: unknown). */
function knownKeyProps(key: kms.IKey): Pick<AwsKmsKeyConfig, 'keySpec' | 'keyUsage' | 'rotationPeriodDays'> {
  const cfn = key.node.defaultChild;
  if (!(cfn instanceof kms.CfnKey)) return {};
  const stack = Stack.of(cfn);
  const str = (v: unknown) => {
    const r = stack.resolve(v);
    return typeof r === 'string' ? r : undefined;
  };
  const rotation = stack.resolve(cfn.enableKeyRotation);
  const period = stack.resolve(cfn.rotationPeriodInDays);
  return {
    // CloudFormation's defaults when the template leaves them out.
    keySpec: cfn.keySpec === undefined ? 'SYMMETRIC_DEFAULT' : str(cfn.keySpec),
    keyUsage: cfn.keyUsage === undefined ? 'ENCRYPT_DECRYPT' : str(cfn.keyUsage),
    rotationPeriodDays: rotation === true ? (typeof period === 'number' ? period : 365) : undefined,
  };
}
