/** `/groups/{groupId}/cloudProviderAccess`: the roles Atlas uses to reach a customer's cloud (AWS, Azure, GCP). */
import { randomUUID } from 'node:crypto';
import type { CloudProviderAccessListWire, CloudProviderAccessRoleWire } from '../../../lib/atlas/types';
import { isoAt, newId, type EmulatedProvider, type Env } from './common';
import { AtlasHttpError } from './errors';
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
  authorizedDate?: string;
  atlasAzureAppId?: string;
  servicePrincipalId?: string;
  tenantId?: string;
  gcpServiceAccountForAtlas?: string;
  gcpReadyAt?: number;
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

  /** Seeds an authorized AWS role and returns its id. */
  public seedAuthorizedAws(iamAssumedRoleArn: string): string {
    const role = this.create({ providerName: 'AWS' });
    const rec = this.roles.get(role.roleId as string) as RoleRecord;
    rec.iamAssumedRoleArn = iamAssumedRoleArn;
    rec.authorizedDate = isoAt(this.env.now());
    return rec.id;
  }

  /** Wire view of a role. */
  public view(r: RoleRecord): CloudProviderAccessRoleWire {
    const featureUsages = this.project.family.encryptionAtRest.usesRole(r.id)
      ? [{ featureType: 'ENCRYPTION_AT_REST', featureId: { groupId: this.project.groupId } }]
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
      return {
        providerName: 'AZURE',
        _id: r.id,
        atlasAzureAppId: r.atlasAzureAppId,
        servicePrincipalId: r.servicePrincipalId,
        tenantId: r.tenantId,
        createdDate: r.createdDate,
        featureUsages,
        ...(r.authorizedDate ? { authorizedDate: r.authorizedDate } : {}),
      };
    }
    return {
      providerName: 'GCP',
      roleId: r.id,
      gcpServiceAccountForAtlas: r.gcpServiceAccountForAtlas,
      createdDate: r.createdDate,
      featureUsages,
      status: r.gcpReadyAt === undefined ? 'COMPLETE' : 'IN_PROGRESS',
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

  /** `POST /cloudProviderAccess`. */
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
      for (const k of ['tenantId', 'servicePrincipalId']) {
        if (typeof body[k] !== 'string' || !body[k])
          throw new AtlasHttpError(400, 'MISSING_ATTRIBUTE', `The required attribute ${k} was not specified.`, [k]);
      }
      rec = {
        id,
        providerName: 'AZURE',
        createdDate,
        atlasAzureAppId:
          typeof body.atlasAzureAppId === 'string' ? body.atlasAzureAppId : '9f2deb0d-be22-4524-a403-df531868bac0',
        servicePrincipalId: body.servicePrincipalId as string,
        tenantId: body.tenantId as string,
      };
    } else if (provider === 'GCP') {
      rec = {
        id,
        providerName: 'GCP',
        createdDate,
        gcpServiceAccountForAtlas: `mongodb-atlas-${id.slice(0, 8)}@p-${groupId.slice(0, 12)}.iam.gserviceaccount.com`,
        gcpReadyAt: this.env.now() + this.env.durations.gcpRoleMs,
      };
    } else {
      throw new AtlasHttpError(400, 'INVALID_PROVIDER', `Invalid provider ${String(provider)}.`, [provider]);
    }
    this.roles.set(id, rec);
    return this.view(rec);
  }

  /** A role or 404. */
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

  /** `PATCH /cloudProviderAccess/{roleId}` (authorize). */
  public authorize(roleId: string, body: Record<string, unknown>): CloudProviderAccessRoleWire {
    const r = this.get(roleId);
    if (body.providerName !== r.providerName) {
      throw new AtlasHttpError(400, 'INVALID_PROVIDER', `Role ${roleId} is not a ${String(body.providerName)} role.`, [
        body.providerName,
      ]);
    }
    this.project.consumeIamFailure([body.iamAssumedRoleArn]);
    if (r.providerName === 'AWS') {
      const arn = body.iamAssumedRoleArn;
      if (typeof arn !== 'string' || !/^arn:aws(-us-gov|-cn)?:iam::\d{12}:role\/.+$/.test(arn)) {
        throw new AtlasHttpError(400, 'INVALID_IAM_ROLE_ARN', `Invalid IAM role ARN ${String(arn)}.`, [arn]);
      }
      r.iamAssumedRoleArn = arn;
    } else if (r.providerName === 'AZURE') {
      for (const k of ['atlasAzureAppId', 'servicePrincipalId', 'tenantId']) {
        if (typeof body[k] !== 'string')
          throw new AtlasHttpError(400, 'MISSING_ATTRIBUTE', `The required attribute ${k} was not specified.`, [k]);
      }
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

  /** `DELETE /cloudProviderAccess/{provider}/{roleId}` (deauthorize). */
  public deauthorize(provider: string, roleId: string): void {
    const r = this.get(roleId);
    if (r.providerName !== provider)
      throw new AtlasHttpError(404, 'CLOUD_PROVIDER_ACCESS_ROLE_NOT_FOUND', `No ${provider} role with ID ${roleId}.`, [
        roleId,
      ]);
    if (this.project.family.encryptionAtRest.usesRole(roleId)) {
      throw new AtlasHttpError(
        409,
        'CLOUD_PROVIDER_ACCESS_ROLE_IN_USE',
        `Role ${roleId} is in use by encryption at rest.`,
        [roleId],
      );
    }
    this.roles.delete(roleId);
  }
}
