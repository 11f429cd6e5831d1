/**
 * Imported first by the Terraform entry point: the peers every use of it needs (the Azure packages are loaded
 * only by the Azure key construct).
 * @internal
 */
import { assertPeersInstalled } from '../../core/peers';

assertPeersInstalled('atlas-encryption-at-rest/cdktf', ['cdktf', 'constructs', '@cdktf/provider-mongodbatlas']);
