/**
 * Pinned Atlas Admin API v2 resource versions, one per call family (the versions the official Go SDK and Terraform provider send). They are the
 * versions the official Go SDK and Terraform provider send; a retired one answers 410 VERSION_GONE,
 * so they live here as constants rather than scattered strings.
 */

/** The `YYYY-MM-DD` resource version sent for each call family. */
export const ATLAS_API_VERSIONS = Object.freeze({
  /** `GET|PATCH /encryptionAtRest` (only version). */
  encryptionAtRest: '2023-01-01',
  /** `/cloudProviderAccess` (all calls; only version). */
  cloudProviderAccess: '2023-01-01',
  /** Cluster POST and PATCH: newest write version, no sunset. */
  clusterWrite: '2024-10-23',
  /** Cluster GET and list: newest read version (GET has no 2024-10-23). */
  clusterRead: '2024-08-05',
  /** Cluster DELETE: newest DELETE version. */
  clusterDelete: '2023-02-01',
  /** Cloud backup snapshots and restore jobs (only version). */
  backup: '2023-01-01',
  /** `/alertConfigs` (all calls; only version). */
  alertConfigs: '2023-01-01',
  /** Backup Compliance Policy GET/PUT (2023-01-01 sunsets 2027-07-01). */
  backupCompliancePolicy: '2023-10-01',
} as const);

/** A call family of {@link ATLAS_API_VERSIONS}. */
export type AtlasApiVersionName = keyof typeof ATLAS_API_VERSIONS;

/** Media type for a resource version: `application/vnd.atlas.<date>+json` (Accept, and Content-Type with a body). */
export function atlasMediaType(version: string): string {
  return `application/vnd.atlas.${version}+json`;
}

/** Media type of `encryptionAtRest` calls. */
export const MEDIA_TYPE_ENCRYPTION_AT_REST = atlasMediaType(ATLAS_API_VERSIONS.encryptionAtRest);
/** Media type of `cloudProviderAccess` calls. */
export const MEDIA_TYPE_CLOUD_PROVIDER_ACCESS = atlasMediaType(ATLAS_API_VERSIONS.cloudProviderAccess);
/** Media type of cluster POST/PATCH. */
export const MEDIA_TYPE_CLUSTER_WRITE = atlasMediaType(ATLAS_API_VERSIONS.clusterWrite);
/** Media type of cluster GET/list. */
export const MEDIA_TYPE_CLUSTER_READ = atlasMediaType(ATLAS_API_VERSIONS.clusterRead);
/** Media type of cluster DELETE. */
export const MEDIA_TYPE_CLUSTER_DELETE = atlasMediaType(ATLAS_API_VERSIONS.clusterDelete);
/** Media type of snapshot and restore-job calls. */
export const MEDIA_TYPE_BACKUP = atlasMediaType(ATLAS_API_VERSIONS.backup);
/** Media type of alert-configuration calls. */
export const MEDIA_TYPE_ALERT_CONFIGS = atlasMediaType(ATLAS_API_VERSIONS.alertConfigs);
/** Media type of Backup Compliance Policy GET. */
export const MEDIA_TYPE_BACKUP_COMPLIANCE_POLICY = atlasMediaType(ATLAS_API_VERSIONS.backupCompliancePolicy);
