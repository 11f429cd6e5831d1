/** The custom resource types this handler serves, each a module with the same four entry points. */
import { AtlasResourceType } from '../../custom-resources/properties';
import type { HandlerContext } from '../runtime/context';
import { InvalidRequestError } from '../runtime/errors';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../runtime/events';
import * as authorization from './authorization';
import * as cloudProviderAccess from './cloud-provider-access';
import * as encryptedCluster from './encrypted-cluster';
import * as privateEndpoint from './private-endpoint';
import * as projectEncryption from './project-encryption';

/** What every custom resource type implements. */
export interface ResourceModule {
  onCreate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse>;
  onUpdate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse>;
  onDelete(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse>;
  isComplete(ctx: HandlerContext, event: IsCompleteRequest): Promise<IsCompleteResponse>;
}

/** The module of a resource type; an unknown type is a library or template bug. */
export function moduleFor(resourceType: string): ResourceModule {
  switch (resourceType) {
    case AtlasResourceType.CLOUD_PROVIDER_ACCESS:
      return cloudProviderAccess;
    case AtlasResourceType.CLOUD_PROVIDER_ACCESS_AUTHORIZATION:
      return authorization;
    case AtlasResourceType.PROJECT_ENCRYPTION:
      return projectEncryption;
    case AtlasResourceType.ENCRYPTED_CLUSTER:
      return encryptedCluster;
    case AtlasResourceType.PRIVATE_ENDPOINT:
      return privateEndpoint;
    default:
      throw new InvalidRequestError(`unknown resource type ${JSON.stringify(resourceType)}`);
  }
}
