/**
 * Imported first by the CloudFormation entry points: the peers every use of them needs.
 * @internal
 */
import { assertPeersInstalled } from '../../core/peers';

assertPeersInstalled('atlas-encryption-at-rest/cdk', ['aws-cdk-lib', 'constructs']);
