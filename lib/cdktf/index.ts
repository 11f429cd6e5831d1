/**
 * atlas-encryption-at-rest/cdktf: the Terraform engine. cdktf constructs that give a MongoDB Atlas
 * project encryption at rest with a customer-managed key, built on the prebuilt providers
 * `@cdktf/provider-mongodbatlas` (Terraform provider 1.41.1), `@cdktf/provider-azurerm`,
 * `@cdktf/provider-azuread` and `@cdktf/provider-time`, each imported by sub-path.
 * @packageDocumentation
 */
// First: a missing cdktf, constructs or @cdktf/provider-mongodbatlas fails here, with the install line.
import './private/entry-peers';

export * from './azure-key-vault-encryption-key';
export * from './aws-kms-encryption-key';
export * from './key-configurations';
export * from './atlas-project-encryption';
export * from './encrypted-cluster';
export type { EncryptionPrivateEndpoint } from './private-networking';
export { AzureEnvironment, ClusterType, CloudProvider, EncryptionProvider, EarValidationError } from '../core';
export type { ClusterRegion, ClusterShapeProps, PrivateNetworkingProvider } from '../core';
