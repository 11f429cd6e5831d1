/**
 * atlas-encryption-at-rest/cdktf: the Terraform engine. cdktf constructs that give a MongoDB Atlas
 * project encryption at rest with a customer-managed key, built on the prebuilt providers
 * `@cdktf/provider-mongodbatlas` (Terraform provider 1.41.1; the secretless Azure `role_id` needs >= 2.8.0, which
 * the library then requires in the synthesized `required_providers`), `@cdktf/provider-azurerm`,
 * `@cdktf/provider-azuread`, `@cdktf/provider-aws`, `@cdktf/provider-google` and `@cdktf/provider-time`, each imported by sub-path and
 * loaded only by the construct that needs it.
 * @packageDocumentation
 */
// First: a missing cdktf, constructs or @cdktf/provider-mongodbatlas fails here, with the install line.
import './private/entry-peers';

export * from './azure-key-vault-encryption-key';
export * from './aws-kms-encryption-key';
export * from './google-cloud-kms-encryption-key';
export * from './key-configurations';
export * from './atlas-project-encryption';
export * from './encrypted-cluster';
export type { EncryptAdvancedClusterOptions } from './mongodb-cluster';
export type { EncryptionPrivateEndpoint } from './private-networking';
export { AzureEnvironment, ClusterType, CloudProvider, EncryptionProvider, EarValidationError } from '../core';
export type { ClusterRegion, ClusterShapeProps, PrivateNetworkingProvider } from '../core';
