/** `/groups/{groupId}/cloudProviderAccess`: the roles Atlas uses to reach a customer's cloud (AWS, Azure, GCP). */
import { createHash, randomUUID } from 'node:crypto';
import type { CloudProviderAccessListWire, CloudProviderAccessRoleWire } from '../../../lib/core/atlas/wire';
import { isoAt, newId, type EmulatedProvider, type Env } from './common';
import { AtlasHttpError, badRequest, missingAttribute } from './errors';
import type { ProjectState } from './project';

/** Atlas's shared AWS principal (not secret; the same for every customer). */
export const ATLAS_AWS_ACCOUNT_ARN = 'arn:aws:iam::536727724300:root';

/** A cloud-provider-access role as stored. */
export interface RoleRecord {
  readonly id: string;
  readonly providerName: EmulatedProvider;
  readonly createdDate: string;
  atlasAWSAccountArn?: string;
  atlasAssumedRoleExternalId?: string;
  iamAssumedRoleArn?: string;
  /** When the role was authorized (AWS: returned; Azure: kept internally, the Azure schema has no such field). */
  authorizedDate?: string;
  /** Azure only: last create/authorize. */
  lastUpdatedDate?: string;
  atlasAzureAppId?: string;
  servicePrincipalId?: string;
  tenantId?: string;
  gcpServiceAccountForAtlas?: string;
  gcpReadyAt?: number;
  /** GCP only: set up failed (status FAILED, a value of the spec's enum; test hook `failGcpRole`). */
  gcpFailed?: boolean;
}

/** Cloud-provider-access roles of one project. */
export class CloudProviderAccess {
  /** Roles by id. */
  public readonly roles = new Map<string, RoleRecord>();

  public constructor(
    private readonly project: ProjectState,
    private readonly env: Env,
  ) {}

  /** Applies due transitions (GCP service accounts become ready). */
  public advance(force: boolean): void {
    const now = this.env.now();
    for (const r of this.roles.values()) {
      if (r.gcpReadyAt !== undefined && (force || r.gcpReadyAt <= now)) r.gcpReadyAt = undefined;
    }
  }

  /** Test hook: the GCP role's set-up fails (status FAILED from now on). */
  public failGcpRole(roleId: string): void {
    const r = this.get(roleId);
    if (r.providerName !== 'GCP') throw new Error(`role ${roleId} is not a GCP role`);
    r.gcpFailed = true;
  }

  /** Seeds an authorized AWS role and returns its id. */
  public seedAuthorizedAws(iamAssumedRoleArn: string): string {
    const role = this.create({ providerName: 'AWS' });
    const rec = this.roles.get(role.roleId as string) as RoleRecord;
    rec.iamAssumedRoleArn = iamAssumedRoleArn;
    rec.authorizedDate = isoAt(this.env.now());
    return rec.id;
  }

  /**
   * Wire view of a role, per the spec's CloudProviderAccessAWSIAMRole / …AzureServicePrincipal /
   * …GCPServiceAccount schemas. A role an enabled EAR block references lists ENCRYPTION_AT_REST in
   * `featureUsages`, whose `featureId` "always returns a null value" (schema
   * ApiAtlasCloudProviderAccessFeatureUsageFeatureIdView).
   */
  public view(r: RoleRecord): CloudProviderAccessRoleWire {
    const featureUsages = this.project.family.encryptionAtRest.usesRole(r.id)
      ? [{ featureType: 'ENCRYPTION_AT_REST', featureId: null }]
      : [];
    if (r.providerName === 'AWS') {
      return {
        providerName: 'AWS',
        roleId: r.id,
        atlasAWSAccountArn: r.atlasAWSAccountArn,
        atlasAssumedRoleExternalId: r.atlasAssumedRoleExternalId,
        createdDate: r.createdDate,
        featureUsages,
        ...(r.iamAssumedRoleArn ? { iamAssumedRoleArn: r.iamAssumedRoleArn } : {}),
        ...(r.authorizedDate ? { authorizedDate: r.authorizedDate } : {}),
      };
    }
    if (r.providerName === 'AZURE') {
      // The Azure schema identifies the role by `_id` and has lastUpdatedDate but no authorizedDate.
      return {
        providerName: 'AZURE',
        _id: r.id,
        atlasAzureAppId: r.atlasAzureAppId,
        servicePrincipalId: r.servicePrincipalId,
        tenantId: r.tenantId,
        createdDate: r.createdDate,
        lastUpdatedDate: r.lastUpdatedDate,
        featureUsages,
      } as CloudProviderAccessRoleWire;
    }
    // Whether the intermediate IN_PROGRESS role already names its service account is unverified: it does not here,
    // the stricter answer (the handler waits for COMPLETE either way).
    const status = r.gcpFailed ? 'FAILED' : r.gcpReadyAt === undefined ? 'COMPLETE' : 'IN_PROGRESS';
    return {
      providerName: 'GCP',
      roleId: r.id,
      ...(status === 'COMPLETE' ? { gcpServiceAccountForAtlas: r.gcpServiceAccountForAtlas } : {}),
      createdDate: r.createdDate,
      featureUsages,
      status,
    };
  }

  /** `GET /cloudProviderAccess`: roles grouped by provider. */
  public list(): CloudProviderAccessListWire {
    const views = [...this.roles.values()].map((x) => this.view(x));
    return {
      awsIamRoles: views.filter((v) => v.providerName === 'AWS'),
      azureServicePrincipals: views.filter((v) => v.providerName === 'AZURE'),
      gcpServiceAccounts: views.filter((v) => v.providerName === 'GCP'),
    };
  }

  /**
   * `POST /cloudProviderAccess` (createGroupCloudProviderAccess). GCP, per the spec's description: "if the project
   * folder is not yet provisioned, Atlas will now create the role asynchronously. An intermediate role with status
   * IN_PROGRESS will be returned … Once the GCP project is set up, subsequent requests will create the service
   * account synchronously." The first GCP role of a project therefore stays IN_PROGRESS for `gcpRoleMs`.
   */
  public create(body: Record<string, unknown>): CloudProviderAccessRoleWire {
    const provider = body.providerName;
    const id = newId();
    const createdDate = isoAt(this.env.now());
    const groupId = this.project.groupId;
    let rec: RoleRecord;
    if (provider === 'AWS') {
      rec = {
        id,
        providerName: 'AWS',
        createdDate,
        atlasAWSAccountArn: ATLAS_AWS_ACCOUNT_ARN,
        atlasAssumedRoleExternalId: randomUUID(),
      };
    } else if (provider === 'AZURE') {
      // Spec: tenantId and servicePrincipalId (format uuid) identify the principal; atlasAzureAppId "is optional
      // and will be derived from the Azure subscription if not provided" (the derived value here is unverified).
      for (const k of ['tenantId', 'servicePrincipalId']) {
        if (typeof body[k] !== 'string' || !body[k]) throw missingAttribute(k);
        if (!UUID.test(body[k] as string))
          throw badRequest('INVALID_ATTRIBUTE', `Invalid attribute ${k} specified.`, [k]);
      }
      rec = {
        id,
        providerName: 'AZURE',
        createdDate,
        lastUpdatedDate: createdDate,
        atlasAzureAppId:
          typeof body.atlasAzureAppId === 'string' ? body.atlasAzureAppId : '9f2deb0d-be22-4524-a403-df531868bac0',
        servicePrincipalId: body.servicePrincipalId as string,
        tenantId: body.tenantId as string,
      };
    } else if (provider === 'GCP') {
      const folderReady = [...this.roles.values()].some((x) => x.providerName === 'GCP' && x.gcpReadyAt === undefined);
      const readyAt = this.env.now() + this.env.durations.gcpRoleMs;
      rec = {
        id,
        providerName: 'GCP',
        createdDate,
        gcpServiceAccountForAtlas: gcpServiceAccount(groupId, id),
        gcpReadyAt: folderReady || this.env.durations.gcpRoleMs <= 0 ? undefined : readyAt,
      };
    } else {
      // INVALID_PROVIDER (400): "No provider %s exists." (error-code list).
      throw badRequest('INVALID_PROVIDER', `No provider ${String(provider)} exists.`, [provider]);
    }
    this.roles.set(id, rec);
    return this.view(rec);
  }

  /** A role, or 404 CLOUD_PROVIDER_ACCESS_ROLE_NOT_FOUND (the spec declares 404; the code is unverified). */
  public get(roleId: string): RoleRecord {
    const r = this.roles.get(roleId);
    if (!r)
      throw new AtlasHttpError(
        404,
        'CLOUD_PROVIDER_ACCESS_ROLE_NOT_FOUND',
        `No cloud provider access role with ID ${roleId}.`,
        [roleId],
      );
    return r;
  }

  /**
   * `PATCH /cloudProviderAccess/{roleId}` (authorizeGroupCloudProviderAccessRole): AWS sends iamAssumedRoleArn,
   * Azure atlasAzureAppId/servicePrincipalId/tenantId (schemas …RequestUpdate); "This is not required for GCP
   * service account access" (spec description; the answer to a GCP PATCH is unverified).
   */
  public authorize(roleId: string, body: Record<string, unknown>): CloudProviderAccessRoleWire {
    const r = this.get(roleId);
    if (body.providerName !== r.providerName) {
      throw new AtlasHttpError(400, 'INVALID_PROVIDER', `Role ${roleId} is not a ${String(body.providerName)} role.`, [
        body.providerName,
      ]);
    }
    // CANNOT_ASSUME_ROLE while IAM propagates: terraform-provider-mongodbatlas retried authorization on this code
    // (internal/service/cloudprovideraccess/resource_cloud_provider_access_authorization.go).
    this.project.consumeIamFailure([body.iamAssumedRoleArn]);
    if (r.providerName === 'AWS') {
      const arn = body.iamAssumedRoleArn;
      // Unverified error code; the ARN shape is the spec's (minLength 20) plus IAM's role ARN format.
      if (typeof arn !== 'string' || !/^arn:aws(-us-gov|-cn)?:iam::\d{12}:role\/.+$/.test(arn)) {
        throw new AtlasHttpError(400, 'INVALID_IAM_ROLE_ARN', `Invalid IAM role ARN ${String(arn)}.`, [arn]);
      }
      r.iamAssumedRoleArn = arn;
    } else if (r.providerName === 'AZURE') {
      for (const k of ['atlasAzureAppId', 'servicePrincipalId', 'tenantId']) {
        if (typeof body[k] !== 'string') throw missingAttribute(k);
      }
      r.lastUpdatedDate = isoAt(this.env.now());
    } else {
      throw new AtlasHttpError(
        400,
        'CLOUD_PROVIDER_ACCESS_AUTHORIZATION_NOT_SUPPORTED',
        'GCP roles do not need authorization.',
      );
    }
    r.authorizedDate = isoAt(this.env.now());
    return this.view(r);
  }

  /**
   * `DELETE /cloudProviderAccess/{cloudProvider}/{roleId}` (deauthorizeGroupCloudProviderAccessRole). Atlas
   * refuses to remove a role in use ("You can't remove a Service Principal that is currently in use",
   * https://www.mongodb.com/docs/atlas/security/set-up-azure-access/). The spec declares 204/400/401/403/404/429/500
   * only, so the refusal is a 400; its error code is unverified.
   */
  public deauthorize(provider: string, roleId: string): void {
    const r = this.get(roleId);
    if (r.providerName !== provider)
      throw new AtlasHttpError(404, 'CLOUD_PROVIDER_ACCESS_ROLE_NOT_FOUND', `No ${provider} role with ID ${roleId}.`, [
        roleId,
      ]);
    if (this.project.family.encryptionAtRest.usesRole(roleId)) {
      throw new AtlasHttpError(
        400,
        'CLOUD_PROVIDER_ACCESS_ROLE_IN_USE',
        `Role ${roleId} is in use by encryption at rest.`,
        [roleId],
      );
    }
    this.roles.delete(roleId);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Atlas's service account for a GCP role, matching the spec's pattern
 * `^mongodb-atlas-[0-9a-z]{16}@p-[0-9a-z]{24}.iam.gserviceaccount.com$` (one GCP project per Atlas project).
 */
export function gcpServiceAccount(groupId: string, roleId: string): string {
  const base36 = (seed: string, n: number): string =>
    BigInt(`0x${createHash('sha256').update(seed).digest('hex')}`)
      .toString(36)
      .padStart(n, '0')
      .slice(0, n);
  return `mongodb-atlas-${base36(roleId, 16)}@p-${base36(groupId, 24)}.iam.gserviceaccount.com`;
}
