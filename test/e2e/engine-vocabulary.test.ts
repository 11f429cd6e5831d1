/**
 * One domain vocabulary across both engines: the props both engines share have the same names, and the only
 * differences are engine idioms, each listed in the README's engine table. The `Equal` checks fail `tsc` (and so
 * `npm test`) the moment a shared prop is renamed, added or dropped in one engine only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as cdk from '../../lib/cdk';
import type * as tf from '../../lib/cdktf';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Keys<T> = keyof T & string;

/** Engine idioms: what only one engine has, and why (the README's table says the same). */
const IDIOMS = {
  cluster: {
    cdk: ['removalPolicy', 'timeout'] as const,
    cdktf: ['retainOnDestroy', 'numShards', 'retainBackupsOnDelete'] as const,
  },
  project: {
    cdk: ['credentials', 'adopt', 'removalPolicy', 'validationTimeout'] as const,
    cdktf: ['retainOnDestroy'] as const,
  },
};
type Only<K extends keyof typeof IDIOMS, E extends 'cdk' | 'cdktf'> = (typeof IDIOMS)[K][E][number];

const clusterProps: Equal<
  Exclude<Keys<cdk.EncryptedClusterProps>, Only<'cluster', 'cdk'>>,
  Exclude<Keys<tf.EncryptedClusterProps>, Only<'cluster', 'cdktf'>>
> = true;
const projectProps: Equal<
  Exclude<Keys<cdk.AtlasProjectEncryptionProps>, Only<'project', 'cdk'>>,
  Exclude<Keys<tf.AtlasProjectEncryptionProps>, Only<'project', 'cdktf'>>
> = true;
// Both engines' regions are core's one region type.
const regions: Equal<cdk.EncryptedClusterProps['regions'], tf.EncryptedClusterProps['regions']> = true;
// The construct members users read have the same names.
type ClusterMembers = 'clusterName' | 'encryptionProvider' | 'projectEncryption' | 'spec';
const clusterMembers: Equal<Extract<Keys<cdk.EncryptedCluster>, ClusterMembers>, ClusterMembers> &
  Equal<Extract<Keys<tf.EncryptedCluster>, ClusterMembers>, ClusterMembers> = true;
type ProjectMembers = 'projectId' | 'providers' | 'spec' | 'validAttribute';
const projectMembers: Equal<Extract<Keys<cdk.AtlasProjectEncryption>, ProjectMembers>, ProjectMembers> &
  Equal<Extract<Keys<tf.AtlasProjectEncryption>, ProjectMembers>, ProjectMembers> = true;

describe('one vocabulary across engines', () => {
  test('the shared props and members match (checked by tsc)', () => {
    expect([clusterProps, projectProps, regions, clusterMembers, projectMembers]).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  test("the README's engine table lists every engine idiom", () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const rows = readme.split('\n').filter((l) => l.startsWith('|'));
    for (const [what, byEngine] of Object.entries(IDIOMS)) {
      for (const prop of [...byEngine.cdk, ...byEngine.cdktf]) {
        expect({ what, prop, listed: rows.some((r) => r.includes(`\`${prop}\``)) }).toEqual({
          what,
          prop,
          listed: true,
        });
      }
    }
  });
});
