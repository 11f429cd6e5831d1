/**
 * Atlas region names per cloud, as the Admin API v2 (2024-08-05 cluster schema) enumerates them.
 * Names overlap across clouds (`US_EAST_2`, `US_WEST_2`), so a region never implies its cloud.
 */
import { CloudProvider } from '../model/enums';

/** Atlas AWS region names (`awsKms.region` and AWS `regionName`). */
export const ATLAS_AWS_REGIONS: readonly string[] = [
  'US_GOV_WEST_1', 'US_GOV_EAST_1', 'US_EAST_1', 'US_EAST_2', 'US_WEST_1', 'US_WEST_2', 'CA_CENTRAL_1', 'CA_WEST_1',
  'EU_NORTH_1', 'EU_WEST_1', 'EU_WEST_2', 'EU_WEST_3', 'EU_CENTRAL_1', 'EU_CENTRAL_2', 'EU_SOUTH_1', 'EU_SOUTH_2',
  'AP_EAST_1', 'AP_EAST_2', 'AP_NORTHEAST_1', 'AP_NORTHEAST_2', 'AP_NORTHEAST_3', 'AP_SOUTHEAST_1', 'AP_SOUTHEAST_2',
  'AP_SOUTHEAST_3', 'AP_SOUTHEAST_4', 'AP_SOUTHEAST_5', 'AP_SOUTHEAST_6', 'AP_SOUTHEAST_7', 'AP_SOUTH_1', 'AP_SOUTH_2',
  'SA_EAST_1', 'CN_NORTH_1', 'CN_NORTHWEST_1', 'ME_SOUTH_1', 'ME_CENTRAL_1', 'AF_SOUTH_1', 'IL_CENTRAL_1', 'MX_CENTRAL_1',
  'GLOBAL',
];

/** Atlas Azure region names. */
export const ATLAS_AZURE_REGIONS: readonly string[] = [
  'US_CENTRAL', 'US_EAST', 'US_EAST_2', 'US_NORTH_CENTRAL', 'US_WEST', 'US_SOUTH_CENTRAL', 'EUROPE_NORTH', 'EUROPE_WEST',
  'US_WEST_CENTRAL', 'US_WEST_2', 'US_WEST_3', 'CANADA_EAST', 'CANADA_CENTRAL', 'BRAZIL_SOUTH', 'BRAZIL_SOUTHEAST',
  'AUSTRALIA_CENTRAL', 'AUSTRALIA_CENTRAL_2', 'AUSTRALIA_EAST', 'AUSTRALIA_SOUTH_EAST', 'GERMANY_WEST_CENTRAL',
  'GERMANY_NORTH', 'SWEDEN_CENTRAL', 'SWEDEN_SOUTH', 'SWITZERLAND_NORTH', 'SWITZERLAND_WEST', 'UK_SOUTH', 'UK_WEST',
  'NORWAY_EAST', 'NORWAY_WEST', 'INDIA_CENTRAL', 'INDIA_SOUTH', 'INDIA_WEST', 'CHINA_EAST', 'CHINA_NORTH', 'ASIA_EAST',
  'JAPAN_EAST', 'JAPAN_WEST', 'ASIA_SOUTH_EAST', 'KOREA_CENTRAL', 'KOREA_SOUTH', 'FRANCE_CENTRAL', 'FRANCE_SOUTH',
  'SOUTH_AFRICA_NORTH', 'SOUTH_AFRICA_WEST', 'UAE_CENTRAL', 'UAE_NORTH', 'QATAR_CENTRAL', 'POLAND_CENTRAL',
  'ISRAEL_CENTRAL', 'ITALY_NORTH', 'SPAIN_CENTRAL', 'MEXICO_CENTRAL', 'NEW_ZEALAND_NORTH', 'US_GOV_VIRGINIA',
  'US_GOV_ARIZONA', 'US_GOV_TEXAS',
];

/** Atlas Google Cloud region names. */
export const ATLAS_GCP_REGIONS: readonly string[] = [
  'EASTERN_US', 'EASTERN_US_AW', 'US_EAST_4', 'US_EAST_4_AW', 'US_EAST_5', 'US_EAST_5_AW', 'US_WEST_2', 'US_WEST_2_AW',
  'US_WEST_3', 'US_WEST_3_AW', 'US_WEST_4', 'US_WEST_4_AW', 'US_SOUTH_1', 'US_SOUTH_1_AW', 'CENTRAL_US', 'CENTRAL_US_AW',
  'WESTERN_US', 'WESTERN_US_AW', 'NORTH_AMERICA_NORTHEAST_1', 'NORTH_AMERICA_NORTHEAST_2', 'NORTH_AMERICA_SOUTH_1',
  'SOUTH_AMERICA_EAST_1', 'SOUTH_AMERICA_WEST_1', 'WESTERN_EUROPE', 'EUROPE_NORTH_1', 'EUROPE_WEST_2', 'EUROPE_WEST_3',
  'EUROPE_WEST_4', 'EUROPE_WEST_6', 'EUROPE_WEST_8', 'EUROPE_WEST_9', 'EUROPE_WEST_10', 'EUROPE_WEST_12',
  'EUROPE_SOUTHWEST_1', 'EUROPE_CENTRAL_2', 'MIDDLE_EAST_CENTRAL_1', 'MIDDLE_EAST_CENTRAL_2', 'MIDDLE_EAST_WEST_1',
  'AUSTRALIA_SOUTHEAST_1', 'AUSTRALIA_SOUTHEAST_2', 'AFRICA_SOUTH_1', 'EASTERN_ASIA_PACIFIC', 'NORTHEASTERN_ASIA_PACIFIC',
  'SOUTHEASTERN_ASIA_PACIFIC', 'ASIA_EAST_2', 'ASIA_NORTHEAST_2', 'ASIA_NORTHEAST_3', 'ASIA_SOUTH_1', 'ASIA_SOUTH_2',
  'ASIA_SOUTHEAST_2',
];

/** Region names per cloud. */
export const ATLAS_REGIONS: Readonly<Record<CloudProvider, readonly string[]>> = {
  [CloudProvider.AWS]: ATLAS_AWS_REGIONS,
  [CloudProvider.AZURE]: ATLAS_AZURE_REGIONS,
  [CloudProvider.GCP]: ATLAS_GCP_REGIONS,
};

/** `us-east-1` → `US_EAST_1` (mechanical; validate the result against {@link ATLAS_AWS_REGIONS}). */
export function awsRegionToAtlas(region: string): string {
  return region.trim().toUpperCase().replace(/-/g, '_');
}

/** `US_EAST_1` → `us-east-1`. */
export function atlasRegionToAws(region: string): string {
  return region.trim().toLowerCase().replace(/_/g, '-');
}
