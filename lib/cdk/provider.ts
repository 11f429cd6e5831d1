import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { keyHistoryParameterName } from '../core/atlas/key-history';
import { grantPermission, Permission } from './private/permissions';

/** Construct id of the provider singleton, directly under its stack. Part of the public API: do not change. */
const PROVIDER_ID = 'AtlasEarProvider';
/** Total time the provider waits for one operation. CloudFormation itself gives a custom resource at most 1 hour. */
const TOTAL_TIMEOUT = Duration.minutes(55);
/** Time between `isComplete` polls. */
const QUERY_INTERVAL = Duration.seconds(30);

/** Finds the package root (holds `assets/handler/index.js`) from lib/cdk (sources) or dist/lib/cdk (published). */
function handlerAssetDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'assets', 'handler');
    if (existsSync(join(candidate, 'index.js'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(
    'atlas-encryption-at-rest: assets/handler/index.js not found. In a clone, run `node scripts/bundle.mjs`.',
  );
}

/** Options of the stack's {@link AtlasEncryptionAtRestProvider}. */
export interface AtlasEncryptionAtRestProviderProps {
  /**
   * VPC for the handler and the provider framework functions. The Atlas Administration API is on the internet:
   * pick subnets with a NAT gateway. Use this when the Atlas API access list of your credentials allows only
   * known IP addresses: the NAT gateway's Elastic IP is then the one address to allow.
   * @default - no VPC: the functions reach Atlas from AWS Lambda's shared, changing egress addresses
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets in `vpc` for the functions (private subnets with egress).
   * @default - the VPC's default selection (private subnets)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * How long the handler's logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The one deploy-time provider of a stack: the handler functions (`onEvent` and `isComplete` exports of the bundled
 * handler), their role and log group, and an aws-cdk-lib `custom_resources.Provider` that serves every custom
 * resource type of this library. Constructs find it with {@link AtlasEncryptionAtRestProvider.of}; create it
 * yourself first only to pass options such as a VPC.
 *
 * Timeouts: the provider polls `isComplete` every 30 seconds for at most 55 minutes per operation, because
 * CloudFormation fails any custom resource that has not answered within one hour. Atlas operations that run longer
 * (an initial sync after enabling encryption on a large cluster) are treated by the handler as accepted, not as
 * failures to roll back.
 */
export class AtlasEncryptionAtRestProvider extends Construct implements iam.IGrantable {
  /** Construct id of the singleton, directly under its stack (public API: it fixes the logical ids). */
  public static readonly ID: string = PROVIDER_ID;
  /** Total time one operation may take, as configured on the provider framework. */
  public static readonly TOTAL_TIMEOUT: Duration = TOTAL_TIMEOUT;
  /** Interval between `isComplete` polls. */
  public static readonly QUERY_INTERVAL: Duration = QUERY_INTERVAL;

  /**
   * The provider of the stack that holds `scope`, created on first use.
   * @param scope any construct in the stack
   * @param props options, only allowed when the provider does not exist yet
   */
  public static of(scope: IConstruct, props?: AtlasEncryptionAtRestProviderProps): AtlasEncryptionAtRestProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    if (existing) {
      if (!(existing instanceof AtlasEncryptionAtRestProvider)) {
        throw new Error(`${stack.node.path}/${PROVIDER_ID} is reserved for the Atlas encryption-at-rest provider`);
      }
      if (props) {
        throw new Error(
          `${stack.node.path}: the Atlas encryption-at-rest provider already exists; create it with its options before any Atlas construct`,
        );
      }
      return existing;
    }
    return new AtlasEncryptionAtRestProvider(stack, PROVIDER_ID, props ?? {});
  }

  /** Service token of the provider; every Atlas custom resource in the stack uses it. */
  public readonly serviceToken: string;
  /** The one function that runs the bundled handler (both onEvent and isComplete). */
  public readonly handlerFunction: lambda.IFunction;
  /** The handler function's role. */
  public readonly role: iam.IRole;
  /** The principal the handler runs as: grant it access with aws-cdk-lib's own grant methods. */
  public readonly grantPrincipal: iam.IPrincipal;
  /** Log group of the handler and framework functions. */
  public readonly logGroup: logs.ILogGroup;

  private readonly granted = new Map<string, iam.Grant>();

  private constructor(scope: Stack, id: string, props: AtlasEncryptionAtRestProviderProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = this.lambdaRole(
      'HandlerRole',
      'Atlas encryption-at-rest handler: reads the referenced secrets, keeps the key history',
      props,
    );
    this.role = role;
    this.grantPrincipal = role;

    const code = lambda.Code.fromAsset(handlerAssetDir());
    const common: Omit<lambda.FunctionProps, 'handler' | 'description'> = {
      code,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(5),
      role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? props.vpcSubnets : undefined,
    };
    // One function serves both phases: `index.handler` routes framework polls to isComplete.
    this.handlerFunction = new lambda.Function(this, 'Handler', {
      ...common,
      handler: 'index.handler',
      description: 'Atlas encryption at rest: creates, updates and deletes Atlas resources, then polls until done',
    });

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handlerFunction,
      isCompleteHandler: this.handlerFunction,
      queryInterval: QUERY_INTERVAL,
      totalTimeout: TOTAL_TIMEOUT,
      logGroup: this.logGroup,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? props.vpcSubnets : undefined,
      frameworkOnEventRole: this.lambdaRole(
        'FrameworkOnEventRole',
        'Atlas encryption-at-rest provider framework: onEvent',
        props,
      ),
      frameworkCompleteAndTimeoutRole: this.lambdaRole(
        'FrameworkWaiterRole',
        'Atlas encryption-at-rest provider framework: isComplete and onTimeout',
        props,
      ),
    });
    this.serviceToken = provider.serviceToken;
    this.acknowledgeFrameworkFindings(provider);
  }

  /**
   * Lets the handler read one secret, and decrypt it through Secrets Manager when it uses a customer-managed key
   * (for an imported secret, pass the key: `secretsmanager.Secret.fromSecretAttributes(..., { encryptionKey })`).
   * Idempotent: a second grant of the same secret adds nothing and returns the first grant.
   * @param secret a secret the handler reads at deploy time
   */
  public grantReadSecret(secret: secretsmanager.ISecret): iam.Grant {
    const id = JSON.stringify(Stack.of(this).resolve(secret.secretArn));
    const existing = this.granted.get(id);
    if (existing) return existing;
    let grant = grantPermission(this, { permission: Permission.HANDLER_READ_SECRET, secret });
    if (secret.encryptionKey) {
      grant = grant.combine(
        grantPermission(this, { permission: Permission.HANDLER_DECRYPT_SECRET, key: secret.encryptionKey }),
      );
    }
    this.granted.set(id, grant);
    return grant;
  }

  /**
   * Lets the handler read and write one project's key-history parameter (`ssm:GetParameter`, `ssm:PutParameter` on
   * exactly `parameter/atlas-encryption-at-rest/<projectId>/key-history` in this stack's account and region).
   * Idempotent.
   * @param projectId Atlas project id (a token is fine)
   * @returns the parameter's name
   */
  public grantKeyHistory(projectId: string): string {
    const name = keyHistoryParameterName(projectId);
    const stack = Stack.of(this);
    const id = JSON.stringify(stack.resolve(name));
    if (!this.granted.has(id)) {
      // The name starts with "/": the ARN's resource is `parameter/` plus the name without it.
      const parameterArn = stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1) });
      this.granted.set(id, grantPermission(this, { permission: Permission.HANDLER_KEY_HISTORY, parameterArn }));
    }
    return name;
  }

  /** A role Lambda can assume that writes only to this provider's log group (no AWS managed policy). */
  private lambdaRole(id: string, description: string, props: AtlasEncryptionAtRestProviderProps): iam.Role {
    const role = new iam.Role(this, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
    grantPermission(role, { permission: Permission.HANDLER_WRITE_LOGS, logGroup: this.logGroup });
    if (props.vpc) {
      // ENI management for a function in a VPC: these ec2 actions take no resource scoping.
      role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'));
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason:
          'A Lambda function in a VPC needs ec2:CreateNetworkInterface and related actions, which take no resource scoping.',
      });
    }
    return role;
  }

  /**
   * Findings on aws-cdk-lib's provider framework that its props cannot change. Each acknowledgement names the
   * exact finding (rule and resource), so anything else the framework might add still shows.
   */
  private acknowledgeFrameworkFindings(provider: cr.Provider): void {
    const stack = Stack.of(this);
    const arnOf = (fn: lambda.IFunction) => `<${stack.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>`;
    const invoked: lambda.IFunction[] = [this.handlerFunction];
    for (const id of ['framework-isComplete', 'framework-onTimeout']) {
      const fn = provider.node.tryFindChild(id) as lambda.IFunction | undefined;
      if (fn) invoked.push(fn);
    }
    Validations.of(this).acknowledge(
      ...invoked.map((fn) => ({
        id: `AwsSolutions-IAM5[Resource::${arnOf(fn)}:*]`,
        reason:
          'Provider framework: lambda:InvokeFunction on one function and its versions (ARN + ":*"), granted by aws-cdk-lib; no other resource.',
      })),
      {
        id: 'AwsSolutions-SF1',
        reason:
          'Provider framework waiter only retries isComplete; every step is logged by the functions. Logging execution data would write CloudFormation pre-signed response URLs to logs.',
      },
      {
        id: 'AwsSolutions-SF2',
        reason: 'Provider framework waiter offers no X-Ray option; the functions it calls log every invocation.',
      },
    );
  }
}
