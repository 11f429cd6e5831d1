/**
 * atlas-encryption-at-rest/cdk: aws-cdk-lib constructs for MongoDB Atlas Encryption at Rest using your Key
 * Management. Start with {@link AtlasCredentials}, then {@link AwsKmsEncryptionKey} (AWS KMS),
 * {@link AtlasProjectEncryption} and {@link EncryptedCluster}. One deploy-time provider per stack
 * ({@link AtlasEncryptionAtRestProvider}) serves them all. For snapshot tests, see {@link assetHashSerializer}.
 * @packageDocumentation
 */
// First: a missing aws-cdk-lib or constructs fails here, with the install line.
import './private/entry-peers';
export * from './credentials';
export * from './provider';
export * from './aws-kms-encryption-key';
export * from './atlas-cloud-provider-access';
export * from './project-encryption';
export * from './encrypted-cluster';
export type { EncryptCfnClusterOptions, IMongoDbCfnCluster } from './mongodb-cluster';
export * from './testing/snapshot-serializer';
export { AzureEnvironment, CloudProvider, ClusterType, EarValidationError, EncryptionProvider } from '../core';
export type { ClusterRegion, ClusterShapeProps } from '../core';
export type {
  CfnClusterAutoScalingShape,
  CfnClusterComputeShape,
  CfnClusterPropsShape,
  CfnClusterRegionConfigShape,
  CfnClusterReplicationSpecShape,
  OwnHardwareSpecs,
} from '../core/atlas/own-constructs';
