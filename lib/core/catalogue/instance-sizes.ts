/**
 * Dedicated instance sizes per cloud (Atlas `*HardwareSpec20240805.instanceSize`), and the shared tiers
 * that can never carry customer-key encryption.
 */
import { CloudProvider } from '../model/enums';

/** Dedicated AWS sizes. */
export const AWS_INSTANCE_SIZES: readonly string[] = [
  'M10', 'M20', 'M30', 'M40', 'M50', 'M60', 'M80', 'M100', 'M140', 'M200', 'M300', 'R40', 'R50', 'R60', 'R80', 'R200',
  'R300', 'R400', 'R700', 'M40_NVME', 'M50_NVME', 'M60_NVME', 'M80_NVME', 'M200_NVME', 'M400_NVME', 'M30_GEN_2',
  'M40_GEN_2', 'M50_GEN_2', 'M60_GEN_2', 'M80_GEN_2', 'M140_GEN_2', 'M200_GEN_2', 'M300_GEN_2', 'R40_GEN_2',
  'R50_GEN_2', 'R60_GEN_2', 'R80_GEN_2', 'R200_GEN_2', 'R300_GEN_2', 'R400_GEN_2', 'R700_GEN_2', 'M40_NVME_GEN_2',
  'M50_NVME_GEN_2', 'M60_NVME_GEN_2', 'M80_NVME_GEN_2', 'M200_NVME_GEN_2', 'M400_NVME_GEN_2',
];

/** Dedicated Azure sizes. */
export const AZURE_INSTANCE_SIZES: readonly string[] = [
  'M10', 'M20', 'M30', 'M40', 'M50', 'M60', 'M80', 'M90', 'M200', 'R40', 'R50', 'R60', 'R80', 'R200', 'R300', 'R400',
  'M60_NVME', 'M80_NVME', 'M200_NVME', 'M300_NVME', 'M400_NVME', 'M600_NVME',
];

/** Dedicated Google Cloud sizes. */
export const GCP_INSTANCE_SIZES: readonly string[] = [
  'M10', 'M20', 'M30', 'M40', 'M50', 'M60', 'M80', 'M140', 'M200', 'M250', 'M300', 'M400', 'R40', 'R50', 'R60', 'R80',
  'R200', 'R300', 'R400', 'R600', 'M30_GEN_2', 'M40_GEN_2', 'M50_GEN_2', 'M60_GEN_2', 'M80_GEN_2', 'M140_GEN_2',
  'M200_GEN_2', 'R40_GEN_2', 'R50_GEN_2', 'R60_GEN_2', 'R80_GEN_2', 'R200_GEN_2', 'R300_GEN_2', 'R400_GEN_2',
];

/** Dedicated sizes per cloud. */
export const INSTANCE_SIZES: Readonly<Record<CloudProvider, readonly string[]>> = {
  [CloudProvider.AWS]: AWS_INSTANCE_SIZES,
  [CloudProvider.AZURE]: AZURE_INSTANCE_SIZES,
  [CloudProvider.GCP]: GCP_INSTANCE_SIZES,
};

/** Shared and serverless tiers: never valid with customer-key encryption (SYN-TIER-1). */
export const SHARED_TIERS: readonly string[] = ['M0', 'M2', 'M5', 'FLEX', 'SERVERLESS', 'TENANT'];
