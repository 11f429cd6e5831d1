/**
 * Physical ids and attributes of the non-custom resources the simulator does not create for real.
 *
 * They are unique per stack instance, as in AWS: CloudFormation generates names as
 * `<stack name>-<logical id>-<random suffix>` (AWS docs, "Name type": "CloudFormation generates a unique
 * physical ID to name a resource"), and a KMS key gets a new random key id on every CreateKey. A stack that is
 * deleted and created again therefore gets a new KMS key ARN and new IAM role ARNs; the `instance` seed models
 * that (deterministic within a run, different for every stack instance).
 */
import { createHash } from 'node:crypto';

export function shortHash(s: string, n = 12): string {
  return createHash('sha256').update(s).digest('hex').slice(0, n);
}

export function fakeUuid(seed: string): string {
  const h = shortHash(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Fake ids for one stack instance. */
export class FakeIds {
  constructor(
    private readonly stackName: string,
    private readonly account: string,
    private readonly region: string,
    /** Distinguishes stack instances of the same name. */
    private readonly instance: string,
  ) {}

  private seed(): string {
    return this.instance ? `${this.stackName}#${this.instance}` : this.stackName;
  }

  /** The stack id (`arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>`). */
  public stackId(): string {
    return `arn:aws:cloudformation:${this.region}:${this.account}:stack/${this.stackName}/${fakeUuid(this.seed())}`;
  }

  /** Physical id (Ref) of a non-custom resource. */
  public physicalId(logicalId: string, type: string): string {
    const seed = `${this.seed()}/${logicalId}`;
    const suffix = shortHash(seed, 12).toUpperCase();
    const name = `${this.stackName}-${logicalId}`.slice(0, 50) + `-${suffix}`;
    const arnPrefix = `arn:aws:%s:${this.region}:${this.account}`;
    switch (type) {
      case 'AWS::KMS::Key':
        return fakeUuid(seed);
      case 'AWS::KMS::Alias':
        return `alias/${logicalId}`;
      case 'AWS::SecretsManager::Secret':
        return `${arnPrefix.replace('%s', 'secretsmanager')}:secret:${name}-AbCdEf`;
      case 'AWS::StepFunctions::StateMachine':
        return `${arnPrefix.replace('%s', 'states')}:stateMachine:${name}`;
      case 'AWS::IAM::Policy':
        return `${this.stackName.slice(0, 20)}-${suffix}`;
      default:
        return name;
    }
  }

  /**
   * A physical id CloudFormation makes up for a custom resource that never answered a usable response (timeout,
   * response too long), so that the rollback Delete has one. Unverified: the AWS docs do not say what id that
   * Delete carries; a generated `<stack>-<logical id>-<suffix>` name is what such Deletes show in practice.
   */
  public generatedCustomId(logicalId: string, requestId: string): string {
    return `${this.stackName}-${logicalId}`.slice(0, 50) + `-${shortHash(requestId, 12).toUpperCase()}`;
  }

  /** Fn::GetAtt of a non-custom resource whose physical id is `id`. */
  public attribute(logicalId: string, type: string, id: string, attr: string): string {
    const { region, account } = this;
    if (attr === 'Arn') {
      switch (type) {
        case 'AWS::KMS::Key':
          return `arn:aws:kms:${region}:${account}:key/${id}`;
        case 'AWS::IAM::Role':
          return `arn:aws:iam::${account}:role/${id}`;
        case 'AWS::Lambda::Function':
          return `arn:aws:lambda:${region}:${account}:function:${id}`;
        case 'AWS::Logs::LogGroup':
          return `arn:aws:logs:${region}:${account}:log-group:${id}:*`;
        case 'AWS::StepFunctions::StateMachine':
        case 'AWS::SecretsManager::Secret':
          return id;
        default: {
          const svc = type.split('::')[1].toLowerCase();
          return `arn:aws:${svc}:${region}:${account}:${logicalId.toLowerCase()}/${id}`;
        }
      }
    }
    if (attr === 'KeyId') return id;
    if (attr === 'RoleId') return `AROA${shortHash(id, 17).toUpperCase()}`;
    return `${id}.${attr}`;
  }
}
