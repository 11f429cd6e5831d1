/** examples/cdk-private-networking: synthesizes with both cdk-nag packs; one endpoint per cluster region, in order. */
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AtlasResourceType, findSpecs } from 'atlas-encryption-at-rest/cdk/testing';
import { createPrivateNetworkingApp } from '../../examples/cdk-private-networking/app';

describe('examples/cdk-private-networking', () => {
  const { stack } = createPrivateNetworkingApp({ appProps: { context: {} } });
  const template = Template.fromStack(stack); // throws on any unacknowledged cdk-nag finding (AwsSolutions, NIST)

  test('an AWS KMS key with private networking, an endpoint in each cluster region, two clusters', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs(AtlasResourceType.ENCRYPTED_CLUSTER, 2);
    const regions = Object.values(findSpecs(template, AtlasResourceType.PRIVATE_ENDPOINT)).map((s) => s.regionName);
    expect(regions.sort()).toEqual(['EU_WEST_1', 'US_EAST_1']);
    const [project] = Object.values(findSpecs(template, AtlasResourceType.PROJECT_ENCRYPTION));
    expect(project.aws).toMatchObject({ requirePrivateNetworking: true });
  });

  test('no warnings from the library', () => {
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('\\[SYN-'))).toEqual([]);
  });
});
