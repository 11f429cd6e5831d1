/** Missing peer packages: one error naming every missing package and the install line with this package's ranges. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertPeersInstalled, installLine, loadPeer, MissingPeerError } from '../../lib/core/peers';

describe('peers', () => {
  test('the install line uses the peer ranges of package.json, and names other packages bare', () => {
    const { peerDependencies } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    expect(installLine(['aws-cdk-lib', 'left-pad-unknown'])).toBe(
      `npm install aws-cdk-lib@${peerDependencies['aws-cdk-lib']} left-pad-unknown`,
    );
  });

  test('assertPeersInstalled passes for installed packages and names every missing one', () => {
    expect(() => assertPeersInstalled('entry', ['constructs'])).not.toThrow();
    expect(() => assertPeersInstalled('entry', ['constructs', 'no-such-peer-a', 'no-such-peer-b'])).toThrow(
      new MissingPeerError(
        ['no-such-peer-a', 'no-such-peer-b'],
        'entry needs the peer packages no-such-peer-a, no-such-peer-b, which are not installed. ' +
          'Install them: npm install no-such-peer-a no-such-peer-b',
      ),
    );
  });

  test('loadPeer turns a missing module of that package into the install line, and passes other errors on', () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'no-such-peer/lib/x'"), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => loadPeer('no-such-peer', 'entry Thing', missing)).toThrow(
      'entry Thing needs the peer package no-such-peer, which is not installed. Install it: npm install no-such-peer',
    );
    // A module missing inside an installed peer is that peer's problem: not reported as the peer missing.
    expect(() => loadPeer('other-peer', 'entry Thing', missing)).toThrow("Cannot find module 'no-such-peer/lib/x'");
    expect(loadPeer('constructs', 'entry Thing', () => 42)).toBe(42);
  });
});
