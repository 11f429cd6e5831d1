import { ATLAS_AWS_REGIONS, atlasRegionToAws, awsRegionToAtlas, toAtlasKeyRegion } from '../../lib/core';

describe('AWS region conversion (SYN-AWS-1)', () => {
  test.each([
    ['us-east-1', 'US_EAST_1'],
    ['eu-central-2', 'EU_CENTRAL_2'],
    ['us-gov-west-1', 'US_GOV_WEST_1'],
    ['cn-northwest-1', 'CN_NORTHWEST_1'],
    ['  ap-southeast-7 ', 'AP_SOUTHEAST_7'],
  ])('%s -> %s', (aws, atlas) => {
    expect(awsRegionToAtlas(aws)).toBe(atlas);
    expect(toAtlasKeyRegion(aws)).toBe(atlas);
    expect(atlasRegionToAws(atlas)).toBe(aws.trim());
  });

  test('every Atlas AWS region round-trips', () => {
    for (const region of ATLAS_AWS_REGIONS) expect(awsRegionToAtlas(atlasRegionToAws(region))).toBe(region);
  });

  test.each(['GLOBAL', 'global', 'eu-west-9', 'mars-1', ''])('%j is not a key region', (region) => {
    expect(toAtlasKeyRegion(region)).toBeUndefined();
  });

  test('the list has the 39 Atlas values', () => {
    expect(new Set(ATLAS_AWS_REGIONS).size).toBe(39);
  });
});
