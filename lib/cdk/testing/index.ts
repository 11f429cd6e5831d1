/**
 * atlas-encryption-at-rest/cdk/testing: test your own stacks. {@link hasSpec} and {@link findSpecs} read the
 * deploy-time settings of this library's custom resources from a `Template` (every setting lives in one JSON
 * property, `Spec`); {@link snapshotSerializer} keeps snapshots stable and readable.
 * @packageDocumentation
 */
// First: a missing aws-cdk-lib or constructs fails here, with the install line.
import '../private/entry-peers';

export * from './spec';
export * from './serializer';
export { ASSET_HASH_PLACEHOLDER, assetHashSerializer } from './snapshot-serializer';
export type { SnapshotSerializer } from './snapshot-serializer';
export { AtlasResourceType } from '../custom-resources/properties';
