import { cloudsOf, instanceSizesOf } from '../../lib/cli/cluster-summary';
import { cluster } from './fixtures';

describe('cluster summary (through core clusterSpecFromWire)', () => {
  it('a shared tier shows its backing cloud, not TENANT', () => {
    const shared = cluster('small', {
      replicationSpecs: [
        {
          regionConfigs: [
            {
              providerName: 'TENANT',
              backingProviderName: 'AZURE',
              regionName: 'US_EAST_2',
              electableSpecs: { instanceSize: 'M0' },
            },
          ],
        },
      ],
    });
    expect(cloudsOf(shared)).toEqual(['AZURE']);
    expect(instanceSizesOf(shared)).toEqual(['M0']);
  });

  it('a multi-cloud cluster lists each cloud and size once', () => {
    const multi = cluster('multi', {
      replicationSpecs: [
        {
          regionConfigs: [
            { providerName: 'AWS', regionName: 'US_EAST_1', electableSpecs: { instanceSize: 'M10', nodeCount: 3 } },
            { providerName: 'AZURE', regionName: 'US_EAST_2', electableSpecs: { instanceSize: 'M10', nodeCount: 2 } },
            { providerName: 'AWS', regionName: 'US_WEST_2', electableSpecs: { instanceSize: 'M20', nodeCount: 2 } },
          ],
        },
      ],
    });
    expect(cloudsOf(multi)).toEqual(['AWS', 'AZURE']);
    expect(instanceSizesOf(multi)).toEqual(['M10', 'M20']);
  });
});
