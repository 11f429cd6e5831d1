/**
 * `/groups/{groupId}/encryptionAtRest/{cloudProvider}/privateEndpoints[/{endpointId}]`: the private endpoints Atlas
 * uses to reach an AWS KMS key or an Azure Key Vault (spec: listGroupEncryptionAtRestPrivateEndpoints,
 * createGroupEncryptionAtRestPrivateEndpoint, getGroupEncryptionAtRestPrivateEndpoint,
 * requestGroupEncryptionAtRestPrivateEndpointDeletion; schema EARPrivateEndpoint).
 *
 * Lifecycle (spec `status` enum: INITIATING, PENDING_ACCEPTANCE, ACTIVE, FAILED, PENDING_RECREATION, DELETING):
 * POST answers 202 INITIATING; AWS becomes ACTIVE, Azure PENDING_ACCEPTANCE until the vault owner approves the
 * connection (Atlas docs, Manage Customer Keys with Azure Key Vault Over Private Endpoints: "approve the private
 * endpoint"), then ACTIVE. terraform-provider-mongodbatlas waits from INITIATING to PENDING_ACCEPTANCE, ACTIVE or
 * FAILED on create and from DELETING to gone (404) or FAILED on delete
 * (internal/service/encryptionatrestprivateendpoint/state_transition.go). The durations are unverified.
 */
import type { EARPrivateEndpointWire } from '../../../lib/core/atlas/wire';
import { ATLAS_REGIONS } from '../../../lib/core/catalogue/regions';
import { HEX24, newId, type Env } from './common';
import { AtlasHttpError, badRequest, missingAttribute } from './errors';
import type { ProjectState } from './project';

/** A provider that offers private endpoints (spec: the `cloudProvider` path parameter enum). */
export type EndpointProvider = 'AWS' | 'AZURE';

/** One endpoint as stored. */
export interface EndpointRecord {
  readonly id: string;
  readonly cloudProvider: EndpointProvider;
  readonly regionName: string;
  status: NonNullable<EARPrivateEndpointWire['status']>;
  errorMessage?: string;
  privateEndpointConnectionName?: string;
  /** Emulator-clock instant of the next transition. */
  until?: number;
}

/** Private endpoints of one project. */
export class PrivateEndpoints {
  /** Every endpoint Atlas still lists (gone ones are removed). */
  public readonly records: EndpointRecord[] = [];
  /** Test hook: the next endpoint created in a region ends FAILED with this message. */
  public readonly failNext = new Map<string, string>();

  public constructor(
    private readonly project: ProjectState,
    private readonly env: Env,
  ) {}

  /** Applies every transition whose time has come (`force`: all of them now). */
  public advance(force: boolean): void {
    const now = this.env.now();
    for (const r of [...this.records]) {
      if (r.until === undefined || (!force && now < r.until)) continue;
      r.until = undefined;
      if (r.status === 'DELETING') {
        this.records.splice(this.records.indexOf(r), 1);
      } else if (r.status === 'INITIATING') {
        const failure = this.failNext.get(`${r.cloudProvider}:${r.regionName}`);
        if (failure !== undefined) {
          this.failNext.delete(`${r.cloudProvider}:${r.regionName}`);
          r.status = 'FAILED';
          r.errorMessage = failure;
        } else if (r.cloudProvider === 'AZURE') {
          // Unverified: the connection name's form; Azure names a private endpoint connection `<endpoint>.<guid>`.
          r.status = 'PENDING_ACCEPTANCE';
          r.privateEndpointConnectionName = `atlas-ear-pe-${r.id}.${newId().slice(0, 8)}`;
        } else {
          r.status = 'ACTIVE';
        }
      }
    }
  }

  /** The endpoints of a provider still present (any status but gone). */
  public of(provider: EndpointProvider): EndpointRecord[] {
    return this.records.filter((r) => r.cloudProvider === provider);
  }

  /** Whether the provider has an ACTIVE endpoint in the region (what a cluster there needs). */
  public activeIn(provider: EndpointProvider, regionName: string): boolean {
    return this.of(provider).some((r) => r.regionName === regionName && r.status === 'ACTIVE');
  }

  /** The wire view of an endpoint. */
  public view(r: EndpointRecord): EARPrivateEndpointWire {
    return {
      id: r.id,
      cloudProvider: r.cloudProvider,
      regionName: r.regionName,
      status: r.status,
      ...(r.errorMessage !== undefined ? { errorMessage: r.errorMessage } : {}),
      ...(r.privateEndpointConnectionName !== undefined
        ? { privateEndpointConnectionName: r.privateEndpointConnectionName }
        : {}),
    };
  }

  /** `GET …/privateEndpoints` (200, paged by the router). */
  public list(provider: string): EARPrivateEndpointWire[] {
    return this.of(checkProvider(provider)).map((r) => this.view(r));
  }

  /** `GET …/privateEndpoints/{endpointId}` (200) or 404. */
  public get(provider: string, endpointId: string): EndpointRecord {
    const p = checkProvider(provider);
    // Spec: endpointId pattern ^([a-f0-9]{24})$ (code unverified).
    if (!HEX24.test(endpointId))
      throw badRequest('INVALID_ATTRIBUTE', 'Invalid attribute endpointId specified.', ['endpointId']);
    const r = this.records.find((x) => x.id === endpointId && x.cloudProvider === p);
    // Unverified error code; the 404 itself is what tf's refresh treats as deleted (state_transition.go).
    if (!r) {
      throw new AtlasHttpError(
        404,
        'RESOURCE_NOT_FOUND',
        `Cannot find resource encryption at rest private endpoint ${endpointId}.`,
        [endpointId],
      );
    }
    return r;
  }

  /** `POST …/privateEndpoints` (202 INITIATING). */
  public create(provider: string, body: Record<string, unknown>): EARPrivateEndpointWire {
    const p = checkProvider(provider);
    const regionName = body.regionName;
    if (regionName === undefined) throw missingAttribute('regionName');
    // Spec: regionName enumerates the provider cloud's regions (INVALID_ENUM_VALUE from the error-code list).
    if (typeof regionName !== 'string' || !ATLAS_REGIONS[p].includes(regionName) || regionName === 'GLOBAL') {
      throw badRequest('INVALID_ENUM_VALUE', `An invalid enumeration value ${String(regionName)} was specified.`, [
        String(regionName),
      ]);
    }
    for (const ro of ['id', 'status', 'errorMessage', 'privateEndpointConnectionName', 'cloudProvider']) {
      if (body[ro] !== undefined) throw badRequest('ATTRIBUTE_READ_ONLY', `Attribute ${ro} is read-only.`, [ro]);
    }
    // Atlas needs requirePrivateNetworking on the provider first (tf docs, mongodbatlas_encryption_at_rest_private_endpoint:
    // "As a prerequisite …"); the error code is unverified.
    const block = this.project.family.encryptionAtRest.stored[p === 'AWS' ? 'awsKms' : 'azureKeyVault'];
    if (block.enabled !== true || block.requirePrivateNetworking !== true) {
      throw new AtlasHttpError(
        400,
        'ENCRYPTION_AT_REST_PRIVATE_NETWORKING_NOT_ENABLED',
        `Encryption at rest with ${p} must be enabled with requirePrivateNetworking before private endpoints are created.`,
        [p],
      );
    }
    // Unverified: a second endpoint in a region that has one. Atlas keeps one endpoint per region (docs: one
    // private endpoint per region of the project's clusters); the error code is unverified.
    if (this.of(p).some((r) => r.regionName === regionName && r.status !== 'FAILED')) {
      throw new AtlasHttpError(
        400,
        'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_EXISTS',
        `A private endpoint for ${p} already exists in region ${regionName}.`,
        [regionName],
      );
    }
    const r: EndpointRecord = {
      id: newId(),
      cloudProvider: p,
      regionName,
      status: 'INITIATING',
      until: this.env.now() + this.env.durations.privateEndpointCreateMs,
    };
    this.records.push(r);
    return this.view(r);
  }

  /** `DELETE …/privateEndpoints/{endpointId}` (204): requests deletion; the endpoint is DELETING, then gone. */
  public requestDeletion(provider: string, endpointId: string): void {
    const r = this.get(provider, endpointId);
    // ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING (400): seen in
    // terraform-provider-mongodbatlas acceptance-test reports (TestAccEncryptionAtRestPrivateEndpoint_AWS_basic,
    // 2026-04) for a DELETE while the endpoint was INITIATING.
    if (r.status === 'INITIATING') {
      throw new AtlasHttpError(
        400,
        'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING',
        `Failed to delete Encryption at Rest Private endpoint with id [${r.id}] during IN_PROGRESS state. Please try again later.`,
        [[r.id]],
      );
    }
    // Unverified: a second deletion request; the stricter answer (400) is kept.
    if (r.status === 'DELETING') {
      throw new AtlasHttpError(
        400,
        'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_REQUESTED_DELETION',
        `The private endpoint ${r.id} has already been requested for deletion.`,
        [r.id],
      );
    }
    r.status = 'DELETING';
    r.until = this.env.now() + this.env.durations.privateEndpointDeleteMs;
  }

  // ------------------------------------------------------------------ test hooks

  /** The vault owner approves an Azure endpoint's connection: PENDING_ACCEPTANCE → ACTIVE. */
  public approve(endpointId: string): void {
    const r = this.records.find((x) => x.id === endpointId);
    if (!r || r.status !== 'PENDING_ACCEPTANCE') {
      throw new Error(`endpoint ${endpointId} is not pending acceptance (${r?.status ?? 'gone'})`);
    }
    r.status = 'ACTIVE';
  }

  /** Forces a status, e.g. PENDING_RECREATION (when Atlas sets it is undocumented: unverified). */
  public setStatus(endpointId: string, status: EndpointRecord['status'], errorMessage?: string): void {
    const r = this.records.find((x) => x.id === endpointId);
    if (!r) throw new Error(`no endpoint ${endpointId}`);
    r.status = status;
    r.errorMessage = errorMessage;
  }
}

/** The `cloudProvider` path parameter: AWS or AZURE (spec enum; INVALID_ENUM_VALUE from the error-code list). */
function checkProvider(provider: string): EndpointProvider {
  if (provider !== 'AWS' && provider !== 'AZURE') {
    throw badRequest('INVALID_ENUM_VALUE', `An invalid enumeration value ${provider} was specified.`, [provider]);
  }
  return provider;
}
