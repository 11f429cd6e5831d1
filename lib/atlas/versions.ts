/**
 * Pinned Atlas Admin API v2 resource versions, one per call family: the newest version without a sunset date
 * that the Atlas Admin API v2 OpenAPI spec lists for each operation (`x-xgen-version` of its content types).
 * A retired version answers 410 VERSION_GONE, so they live here as constants rather than scattered strings.
 */

/** The `YYYY-MM-DD` resource version sent for each call family. */
export const ATLAS_API_VERSIONS = Object.freeze({
  /** `GET|PATCH /encryptionAtRest` (only version). */
  encryptionAtRest: '2023-01-01',
  /** `/cloudProviderAccess` (all calls; only version). */
  cloudProviderAccess: '2023-01-01',
  /** Cluster POST and PATCH: newest write version, no sunset (2024-08-05 sunsets 2027-03-01). */
  clusterWrite: '2024-10-23',
  /** Cluster GET and list: newest read version, no sunset (GET has no 2024-10-23). */
  clusterRead: '2024-08-05',
  /** Cluster DELETE: newest DELETE version (2023-01-01 sunsets 2027-07-01). */
  clusterDelete: '2023-02-01',
  /** `GET /clusters/{clusterName}/status` (getClusterStatus; only version). */
  clusterStatus: '2023-01-01',
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
/** Media type of the cluster status GET. */
export const MEDIA_TYPE_CLUSTER_STATUS = atlasMediaType(ATLAS_API_VERSIONS.clusterStatus);
/** Media type of cluster DELETE. */
export const MEDIA_TYPE_CLUSTER_DELETE = atlasMediaType(ATLAS_API_VERSIONS.clusterDelete);
/** Media type of snapshot and restore-job calls. */
export const MEDIA_TYPE_BACKUP = atlasMediaType(ATLAS_API_VERSIONS.backup);
/** Media type of alert-configuration calls. */
export const MEDIA_TYPE_ALERT_CONFIGS = atlasMediaType(ATLAS_API_VERSIONS.alertConfigs);
/** Media type of Backup Compliance Policy GET. */
export const MEDIA_TYPE_BACKUP_COMPLIANCE_POLICY = atlasMediaType(ATLAS_API_VERSIONS.backupCompliancePolicy);
