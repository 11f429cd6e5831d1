/**
 * `Custom::AtlasCloudProviderAccessAuthorization`: authorizes an IAM role for an Atlas AWS role, or the customer's
 * service principal of Atlas's application for an Atlas Azure role. Physical id: `<projectId>:<roleId>`. The Atlas
 * client retries `CANNOT_ASSUME_ROLE` while a new AWS trust policy propagates (DEP-IAM-2).
 *
 * Delete: Atlas has no "unauthorize" short of deleting the role, which the cloud-provider-access resource
 * owns. So Delete never changes Atlas: RETAIN keeps the authorization without any call; DESTROY leaves it to that
 * resource (whose DESTROY deauthorizes once encryption no longer uses the role), but first refuses while
 * encryption at rest still uses the role (DEP-DIS-1): CloudFormation deletes the IAM role and its key grant right
 * after this resource and before the cloud-provider-access one, so this is the last point that can stop them.
 */
import type { AtlasApi } from '../../../../atlas/api';
import type { CloudProviderAccessRoleWire } from '../../../../core/atlas';
import type {
  AwsCloudProviderAccessAuthorizationSpec,
  AzureCloudProviderAccessAuthorizationSpec,
  CloudProviderAccessAuthorizationSpec,
} from '../../../custom-resources/properties';
import { atlasStatus, describeError, hasErrorCode } from '../../runtime/atlas-errors';
import type { HandlerContext } from '../../runtime/context';
import { HandlerError, InvalidRequestError, NotFoundError } from '../../runtime/errors';
import type { IsCompleteResponse, OnEventRequest, OnEventResponse } from '../../runtime/events';
import { isDestroy, parseSpec } from '../../runtime/spec';
import { findRole, providerOf, usedByEncryption } from '../cloud-provider-access/role';

const WHAT = 'Custom::AtlasCloudProviderAccessAuthorization';
const IAM_ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/.+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parse(event: OnEventRequest, old = false): CloudProviderAccessAuthorizationSpec {
  const props = old ? event.OldResourceProperties : event.ResourceProperties;
  const raw = parseSpec<CloudProviderAccessAuthorizationSpec>(props, WHAT, ['roleId']);
  const provider = providerOf(raw);
  if (provider === 'AZURE') {
    const spec = parseSpec<AzureCloudProviderAccessAuthorizationSpec>(props, WHAT, [
      'roleId',
      'servicePrincipalId',
      'tenantId',
      'atlasAzureAppId',
    ]);
    for (const k of ['servicePrincipalId', 'tenantId', 'atlasAzureAppId'] as const) {
      if (!UUID.test(spec[k])) {
        throw new InvalidRequestError(
          `${WHAT}: Spec.${k} ${JSON.stringify(spec[k])} is not a UUID (an Azure object id)`,
        );
      }
    }
    return spec;
  }
  if (provider !== 'AWS') {
    // Google Cloud roles need no authorization ("not required for GCP service account access", spec).
    throw new InvalidRequestError(
      `${WHAT}: providerName ${JSON.stringify(raw.providerName)} is not supported (AWS or AZURE)`,
    );
  }
  const spec = parseSpec<AwsCloudProviderAccessAuthorizationSpec>(props, WHAT, ['roleId', 'iamAssumedRoleArn']);
  if (!IAM_ROLE_ARN.test(spec.iamAssumedRoleArn)) {
    throw new InvalidRequestError(
      `${WHAT}: iamAssumedRoleArn ${JSON.stringify(spec.iamAssumedRoleArn)} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
    );
  }
  return spec;
}

function physicalId(spec: CloudProviderAccessAuthorizationSpec): string {
  return `${spec.projectId}:${spec.roleId}`;
}

function awsData(
  role: CloudProviderAccessRoleWire,
  spec: AwsCloudProviderAccessAuthorizationSpec,
): Record<string, string> {
  return {
    RoleId: spec.roleId,
    IamAssumedRoleArn: role.iamAssumedRoleArn ?? spec.iamAssumedRoleArn,
    AuthorizedDate: role.authorizedDate ?? '',
  };
}

async function authorize(ctx: HandlerContext, spec: CloudProviderAccessAuthorizationSpec): Promise<OnEventResponse> {
  const api = await ctx.atlas(spec);
  const role = await findRole(api, spec.projectId, spec.roleId);
  if (!role) {
    throw new NotFoundError(`${WHAT}: Atlas role ${spec.roleId} does not exist in project ${spec.projectId}`);
  }
  if (spec.providerName === 'AZURE') return authorizeAzure(ctx, api, spec, role);
  if (role.iamAssumedRoleArn === spec.iamAssumedRoleArn && role.authorizedDate) {
    ctx.log.info(`${WHAT}: role ${spec.roleId} is already authorized for ${spec.iamAssumedRoleArn}`);
    return { PhysicalResourceId: physicalId(spec), Data: awsData(role, spec) };
  }
  let out: CloudProviderAccessRoleWire;
  try {
    out = await api.authorizeCloudProviderAccessRole(spec.projectId, spec.roleId, {
      providerName: 'AWS',
      iamAssumedRoleArn: spec.iamAssumedRoleArn,
    });
  } catch (err) {
    if (hasErrorCode(err, 'CANNOT_ASSUME_ROLE')) {
      throw new HandlerError(
        `${WHAT}: Atlas still cannot assume ${spec.iamAssumedRoleArn} after the propagation budget: check the role's trust policy (principal = the Atlas AWS account ARN, sts:ExternalId = the project's external id). ${describeError(err)}`,
        'DEP-IAM-2',
      );
    }
    throw err;
  }
  ctx.log.info(`${WHAT}: authorized ${spec.iamAssumedRoleArn} for role ${spec.roleId}`);
  return { PhysicalResourceId: physicalId(spec), Data: awsData(out, spec) };
}

/**
 * Azure: PATCH the role with the service principal, tenant and app id (schema
 * CloudProviderAccessAzureServicePrincipalRequestUpdate; terraform-provider-mongodbatlas sends the same three in
 * `mongodbatlas_cloud_provider_access_authorization.azure`). Repeating it is harmless, so every Create and Update
 * sends it.
 */
async function authorizeAzure(
  ctx: HandlerContext,
  api: AtlasApi,
  spec: AzureCloudProviderAccessAuthorizationSpec,
  role: CloudProviderAccessRoleWire,
): Promise<OnEventResponse> {
  if (role.providerName !== 'AZURE') {
    throw new InvalidRequestError(
      `${WHAT}: Atlas role ${spec.roleId} is a ${role.providerName} role, not an Azure one`,
    );
  }
  let out: CloudProviderAccessRoleWire;
  try {
    out = await api.authorizeCloudProviderAccessRole(spec.projectId, spec.roleId, {
      providerName: 'AZURE',
      atlasAzureAppId: spec.atlasAzureAppId,
      servicePrincipalId: spec.servicePrincipalId,
      tenantId: spec.tenantId,
    });
  } catch (err) {
    const status = atlasStatus(err);
    if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
      // Atlas's exact answer for a missing or foreign service principal is unverified: say what to check.
      throw new HandlerError(
        `${WHAT}: Atlas refused to authorize Azure role ${spec.roleId}: ${describeError(err)}. Check that service principal ${spec.servicePrincipalId} exists in tenant ${spec.tenantId} and belongs to Atlas's application ${spec.atlasAzureAppId} (az ad sp create --id ${spec.atlasAzureAppId})`,
      );
    }
    throw err;
  }
  ctx.log.info(`${WHAT}: authorized Azure service principal ${spec.servicePrincipalId} for role ${spec.roleId}`);
  return {
    PhysicalResourceId: physicalId(spec),
    Data: {
      RoleId: spec.roleId,
      ServicePrincipalId: out.servicePrincipalId ?? spec.servicePrincipalId,
      LastUpdatedDate: out.lastUpdatedDate ?? '',
    },
  };
}

export async function onCreate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  return authorize(ctx, parse(event));
}

/** Update: a new ARN re-authorizes; a new role or project is a new physical id (CloudFormation then deletes the old one). */
export async function onUpdate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  return authorize(ctx, parse(event));
}

export async function onDelete(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event);
  const id = event.PhysicalResourceId ?? physicalId(spec);
  if (!isDestroy(spec)) {
    ctx.log.info(`${WHAT}: deletePolicy RETAIN: authorization of role ${spec.roleId} stays in Atlas`);
    return { PhysicalResourceId: id };
  }
  if (id === physicalId(spec)) {
    const role = await findRole(await ctx.atlas(spec), spec.projectId, spec.roleId);
    if (role && usedByEncryption(role)) {
      // AWS: the IAM role and its key grant are always retained (the construct's DeletionPolicy), so keeping the
      // authorization leaves the chain Atlas uses whole; the stack delete goes on (DEP-DIS-1).
      const kept = spec.providerName === 'AZURE' ? '' : ', and the IAM role and its key grant are retained with it';
      ctx.log.warn(
        `[DEP-DIS-1] ${WHAT}: the authorization of role ${spec.roleId} is kept: project ${spec.projectId} still uses it for encryption at rest (featureUsages ENCRYPTION_AT_REST)${kept}`,
      );
      return { PhysicalResourceId: id };
    }
  }
  ctx.log.info(
    `${WHAT}: deletePolicy DESTROY: the authorization ends when the cloud-provider-access role is deauthorized; no change here`,
  );
  return { PhysicalResourceId: id };
}

export async function isComplete(): Promise<IsCompleteResponse> {
  return { IsComplete: true };
}
