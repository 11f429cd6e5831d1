/**
 * atlas-encryption-at-rest: the engine-free model and rules for MongoDB Atlas
 * Encryption at Rest using your Key Management. The engines live in `atlas-encryption-at-rest/cdk`
 * and `atlas-encryption-at-rest/cdktf`.
 * @packageDocumentation
 */
export * from './model/enums';
export * from './model/key-configs';
export * from './model/project';
export * from './model/cluster';
export * from './model/private-networking';
export * from './catalogue/regions';
export * from './catalogue/instance-sizes';
export * from './catalogue/rule-registry';
export * from './rules/rule';
export { AWS_KEY_ID, AWS_KEY_ARN, ATLAS_ROLE_ID, parseKeyArn, toAtlasKeyRegion } from './rules/aws-kms';
export type { ParsedKeyArn } from './rules/aws-kms';
export { KEY_VAULT_DNS_SUFFIX, MAX_CLIENT_SECRET_DAYS, UUID as AZURE_UUID } from './rules/azure-key-vault';
export { GCP_KEY_VERSION } from './rules/google-cloud-kms';
export { privateEndpointRegionNames, untypedPrivateNetworking } from './rules/private-networking';
export { configuredProviders } from './rules/project-wiring';
export type { PerProjectConstruct } from './rules/project-wiring';
export * from './validate';
export * from './engine-report';
export * from './errors';
export * from './tokens';
