/**
 * Each restore check alone, on both sides (pass, and fail or warn), through the same context the runner builds.
 * The composed verdict is tested in restore-verdict.test.ts.
 */
import { RULES } from '../../lib/core/catalogue/rule-registry';
import { checkContext, type RestoreCheck } from '../../lib/cli/restore/check';
import { PRECONDITION_CHECKS, RESTORE_CHECKS, RULE_CHECKS } from '../../lib/cli/restore/checks';
import { checkAwsKeyRegion } from '../../lib/cli/restore/checks/aws-key-region';
import { checkEncryptionMatch } from '../../lib/cli/restore/checks/encryption-match';
import { checkKeyIdentity } from '../../lib/cli/restore/checks/key-identity';
import { checkKeyMapping } from '../../lib/cli/restore/checks/key-mapping';
import { checkPitCurrentKey } from '../../lib/cli/restore/checks/pit-current-key';
import { noteRestoreRole } from '../../lib/cli/restore/checks/restore-role';
import { checkSameProvider } from '../../lib/cli/restore/checks/same-provider';
import { checkSnapshotKeyUsable } from '../../lib/cli/restore/checks/snapshot-key-usable';
import { checkSnapshotState } from '../../lib/cli/restore/checks/snapshot-state';
import { checkTargetProviderValid } from '../../lib/cli/restore/checks/target-provider-valid';
import { checkTargetShape } from '../../lib/cli/restore/checks/target-shape';
import { checkTargetState } from '../../lib/cli/restore/checks/target-state';
import type { CheckStatus, RestoreFacts } from '../../lib/cli/restore/facts';
import { verdictOf } from '../../lib/cli/restore/verdict';
import { AZURE_KEY, awsEar, cluster, facts, GCP_KEY, KEY_1, KEY_2, OTHER_PROJECT, snapshot } from './fixtures';

/** The statuses a check returns on these facts. */
function statuses(check: RestoreCheck, overrides: Partial<RestoreFacts> = {}): CheckStatus[] {
  return check(checkContext(facts(overrides))).map((l) => l.status);
}

/** The text of a check's lines on these facts. */
function text(check: RestoreCheck, overrides: Partial<RestoreFacts> = {}): string {
  return check(checkContext(facts(overrides)))
    .map((l) => `${l.message} ${l.fix ?? ''}`)
    .join('\n');
}

const PLAIN: Partial<RestoreFacts> = {
  sourceCluster: cluster('orders', { encryptionAtRestProvider: 'NONE' }),
  targetCluster: cluster('orders', { encryptionAtRestProvider: 'NONE' }),
  snapshot: snapshot({ masterKeyUUID: undefined }),
  keyHistory: undefined,
  snapshotKeyAccess: undefined,
};
const CROSS: Partial<RestoreFacts> = {
  targetProjectId: OTHER_PROJECT,
  targetClusterName: 'copy',
  targetCluster: cluster('copy'),
};

describe('the check registry', () => {
  it('has one check per registered restore rule, and nothing else under a DEP-RST id', () => {
    const restoreRules = Object.keys(RULES).filter((id) => id.startsWith('DEP-RST-'));
    expect(Object.keys(RULE_CHECKS)).toEqual(restoreRules);
    expect(Object.keys(PRECONDITION_CHECKS)).toEqual(['SNAPSHOT', 'DEP-KEEP-1', 'TARGET']);
    expect(RESTORE_CHECKS.map(([id]) => id)).toEqual(['SNAPSHOT', 'DEP-KEEP-1', 'TARGET', ...restoreRules]);
  });

  // Facts that make every check speak, on both sides.
  const variety: Array<Partial<RestoreFacts>> = [
    {},
    PLAIN,
    CROSS,
    { ...CROSS, targetEncryption: awsEar(KEY_2, 'EU_WEST_1') },
    { keyHistory: undefined, snapshot: snapshot({ status: 'inProgress', expiresAt: '2020-01-01T00:00:00Z' }) },
    { targetCluster: undefined },
    { targetCluster: cluster('orders', { paused: true, clusterType: 'SHARDED' }, 'M5') },
    { pointInTime: true, sourceEncryption: awsEar(KEY_1, 'US_EAST_1', false) },
    { snapshotKeyAccess: { status: 'unusable', keyState: 'Disabled' } },
  ];

  it.each(variety.map((v, i) => [i, v]))(
    'every line carries the id its check is registered under (facts %i)',
    (_i, v) => {
      const context = checkContext(facts(v));
      for (const [id, check] of RESTORE_CHECKS) {
        for (const l of check(context)) expect(l.id).toBe(id);
      }
    },
  );
});

describe('verdictOf', () => {
  const l = (status: CheckStatus) => ({ id: 'DEP-RST-8' as const, status, message: '' });
  it.each([
    [[], 'RESTORABLE'],
    [[l('pass'), l('info')], 'RESTORABLE'],
    [[l('pass'), l('manual')], 'RESTORABLE_WITH_WARNINGS'],
    [[l('warn')], 'RESTORABLE_WITH_WARNINGS'],
    [[l('warn'), l('fail'), l('pass')], 'BLOCKED'],
  ] as const)('%j is %s', (lines, verdict) => {
    expect(verdictOf(lines)).toBe(verdict);
  });
});

describe('SNAPSHOT', () => {
  it('a completed snapshot: no line', () => expect(statuses(checkSnapshotState)).toEqual([]));
  it('a snapshot in progress fails', () => {
    expect(statuses(checkSnapshotState, { snapshot: snapshot({ status: 'inProgress' }) })).toEqual(['fail']);
  });
  it('an expiry before the creation time warns', () => {
    expect(statuses(checkSnapshotState, { snapshot: snapshot({ expiresAt: '2020-01-01T00:00:00Z' }) })).toEqual([
      'warn',
    ]);
  });
});

describe('DEP-KEEP-1 (the snapshot-to-key mapping)', () => {
  it('a covering history record: no line', () => expect(statuses(checkKeyMapping)).toEqual([]));
  it('no history: warns, and says where the history comes from', () => {
    expect(statuses(checkKeyMapping, { keyHistory: undefined })).toEqual(['warn']);
    expect(text(checkKeyMapping, { keyHistory: undefined })).toMatch(
      /\/atlas-encryption-at-rest\/<project>\/key-history.*--key-history/,
    );
  });
});

describe('TARGET', () => {
  it('an IDLE target: no line', () => expect(statuses(checkTargetState)).toEqual([]));
  it('a missing target fails and says what to create', () => {
    expect(statuses(checkTargetState, { targetCluster: undefined })).toEqual(['fail']);
    expect(text(checkTargetState, { targetCluster: undefined })).toMatch(
      /M10\+ replica set with encryptionAtRestProvider AWS/,
    );
  });
  it('a paused target fails', () => {
    expect(statuses(checkTargetState, { targetCluster: cluster('orders', { paused: true }) })).toEqual(['fail']);
  });
  it('a target that is not IDLE warns', () => {
    expect(statuses(checkTargetState, { targetCluster: cluster('orders', { stateName: 'UPDATING' }) })).toEqual([
      'warn',
    ]);
  });
});

describe('DEP-RST-1 (target provider enabled and valid)', () => {
  it('passes when enabled and valid', () => expect(statuses(checkTargetProviderValid)).toEqual(['pass']));
  it('fails when not valid', () => {
    expect(statuses(checkTargetProviderValid, { targetEncryption: awsEar(KEY_1, 'US_EAST_1', false) })).toEqual([
      'fail',
    ]);
  });
  it('fails when not enabled on the target project', () => {
    const v = { ...CROSS, targetEncryption: { awsKms: { enabled: false } } };
    expect(statuses(checkTargetProviderValid, v)).toEqual(['fail']);
    expect(text(checkTargetProviderValid, v)).toMatch(`not enabled on target project ${OTHER_PROJECT}`);
  });
  it('with private networking, fails when a target region has no ACTIVE endpoint, and names it', () => {
    const ear = awsEar(KEY_1, 'US_EAST_1');
    const privateEar = { ...ear, awsKms: { ...ear.awsKms, requirePrivateNetworking: true } };
    const region = (cluster('orders').replicationSpecs ?? [])[0]?.regionConfigs?.[0]?.regionName as string;
    const pending = {
      targetEncryption: privateEar,
      targetPrivateEndpoints: [{ id: 'a'.repeat(24), regionName: region, status: 'INITIATING' as const }],
    };
    expect(statuses(checkTargetProviderValid, pending)).toEqual(['fail']);
    expect(text(checkTargetProviderValid, pending)).toContain(`${region} (endpoint INITIATING)`);
    const active = {
      targetEncryption: privateEar,
      targetPrivateEndpoints: [{ id: 'a'.repeat(24), regionName: region, status: 'ACTIVE' as const }],
    };
    expect(statuses(checkTargetProviderValid, active)).toEqual(['pass']);
  });
  it('says nothing for an unencrypted or missing target', () => {
    expect(statuses(checkTargetProviderValid, PLAIN)).toEqual([]);
    expect(statuses(checkTargetProviderValid, { targetCluster: undefined })).toEqual([]);
  });
});

describe("DEP-RST-2 (the snapshot's key)", () => {
  it('passes when the key is usable', () => expect(statuses(checkSnapshotKeyUsable)).toEqual(['pass']));
  it('fails when the key is disabled, with the command that enables it', () => {
    const v = { snapshotKeyAccess: { status: 'unusable' as const, keyState: 'Disabled' } };
    expect(statuses(checkSnapshotKeyUsable, v)).toEqual(['fail']);
    expect(text(checkSnapshotKeyUsable, v)).toMatch(`aws kms enable-key --key-id ${KEY_1} --region us-east-1`);
  });
  it('is a manual check when the KMS could not be asked', () => {
    expect(statuses(checkSnapshotKeyUsable, { snapshotKeyAccess: { status: 'unverified' } })).toEqual(['manual']);
  });
  it('fails when the provider cannot be told', () => {
    expect(statuses(checkSnapshotKeyUsable, { sourceCluster: undefined, keyHistory: undefined })).toEqual(['fail']);
  });
  it('fails when the key cannot be told (no enabled key, no covering record)', () => {
    const v = { sourceEncryption: { awsKms: { enabled: false } }, keyHistory: [] };
    expect(statuses(checkSnapshotKeyUsable, v)).toEqual(['fail']);
  });
  it('notes a plain snapshot', () => expect(statuses(checkSnapshotKeyUsable, PLAIN)).toEqual(['info']));
});

describe('DEP-RST-3 (same provider)', () => {
  it('passes on the same provider', () => expect(statuses(checkSameProvider)).toEqual(['pass']));
  it('fails on another provider, pointing at DEP-SW-1', () => {
    const v = { targetCluster: cluster('orders', { encryptionAtRestProvider: 'AZURE' }) };
    expect(statuses(checkSameProvider, v)).toEqual(['fail']);
    expect(text(checkSameProvider, v)).toMatch(/through NONE, DEP-SW-1/);
  });
  it('says nothing when the target uses no key (DEP-RST-4 covers it)', () => {
    expect(
      statuses(checkSameProvider, { targetCluster: cluster('orders', { encryptionAtRestProvider: 'NONE' }) }),
    ).toEqual([]);
  });
});

describe('DEP-RST-4 (encrypted to encrypted, plain to plain)', () => {
  it('passes encrypted to encrypted', () => expect(statuses(checkEncryptionMatch)).toEqual(['pass']));
  it('passes plain to plain', () => expect(statuses(checkEncryptionMatch, PLAIN)).toEqual(['pass']));
  it('fails encrypted to plain', () => {
    expect(
      statuses(checkEncryptionMatch, { targetCluster: cluster('orders', { encryptionAtRestProvider: 'NONE' }) }),
    ).toEqual(['fail']);
  });
  it('fails plain to encrypted', () => {
    expect(statuses(checkEncryptionMatch, { ...PLAIN, targetCluster: cluster('orders') })).toEqual(['fail']);
  });
});

describe('DEP-RST-5 (AWS key regions across projects)', () => {
  it('passes across projects with both keys in one region', () => {
    expect(statuses(checkAwsKeyRegion, { ...CROSS, targetEncryption: awsEar(KEY_2, 'US_EAST_1') })).toEqual(['pass']);
  });
  it('fails across projects with keys in two regions', () => {
    expect(statuses(checkAwsKeyRegion, { ...CROSS, targetEncryption: awsEar(KEY_2, 'EU_WEST_1') })).toEqual(['fail']);
  });
  it("warns when the target key's region is unknown", () => {
    const targetEncryption = { awsKms: { enabled: true, customerMasterKeyID: KEY_2, valid: true } };
    expect(statuses(checkAwsKeyRegion, { ...CROSS, targetEncryption })).toEqual(['warn']);
  });
  it('says nothing in place, or for other providers', () => {
    expect(statuses(checkAwsKeyRegion)).toEqual([]);
    const azure = {
      azureKeyVault: { enabled: true, keyIdentifier: AZURE_KEY, valid: true },
    };
    expect(
      statuses(checkAwsKeyRegion, {
        ...CROSS,
        sourceCluster: cluster('orders', { encryptionAtRestProvider: 'AZURE' }),
        targetCluster: cluster('copy', { encryptionAtRestProvider: 'AZURE' }),
        sourceEncryption: azure,
        targetEncryption: azure,
        keyHistory: [{ provider: 'AZURE', keyId: AZURE_KEY, from: '2024-01-01T00:00:00Z' }],
      }),
    ).toEqual([]);
  });
});

describe('DEP-RST-6 (target shape)', () => {
  it('passes a dedicated replica set on the same version', () => {
    expect(statuses(checkTargetShape)).toEqual(['pass', 'pass', 'pass']);
  });
  it('fails a sharded target', () => {
    expect(statuses(checkTargetShape, { targetCluster: cluster('orders', { clusterType: 'SHARDED' }) })).toEqual([
      'fail',
      'pass',
      'pass',
    ]);
  });
  it('fails a shared tier with the core SYN-TIER-1 message', () => {
    const v = { targetCluster: cluster('orders', {}, 'M5') };
    expect(statuses(checkTargetShape, v)).toEqual(['pass', 'fail', 'pass']);
    expect(text(checkTargetShape, v)).toMatch(/\[SYN-TIER-1\]/);
  });
  it('judges a shared tier by its backing cloud (core translator)', () => {
    const shared = cluster('orders', {
      replicationSpecs: [
        {
          regionConfigs: [
            {
              providerName: 'TENANT',
              backingProviderName: 'AWS',
              regionName: 'US_EAST_1',
              electableSpecs: { instanceSize: 'M2' },
            },
          ],
        },
      ],
    });
    expect(statuses(checkTargetShape, { targetCluster: shared })).toEqual(['pass', 'fail', 'pass']);
  });
  it('fails a lower MongoDB version, warns when it cannot compare', () => {
    expect(
      statuses(checkTargetShape, {
        targetCluster: cluster('orders', { mongoDBVersion: '6.0.19', mongoDBMajorVersion: '6.0' }),
      }),
    ).toEqual(['pass', 'pass', 'fail']);
    expect(
      statuses(checkTargetShape, {
        targetCluster: cluster('orders', { mongoDBVersion: undefined, mongoDBMajorVersion: undefined }),
      }),
    ).toEqual(['pass', 'pass', 'warn']);
  });
  it('a plain snapshot is judged on the version only', () => {
    expect(
      statuses(checkTargetShape, {
        ...PLAIN,
        targetCluster: cluster('orders', { encryptionAtRestProvider: 'NONE', clusterType: 'SHARDED' }),
      }),
    ).toEqual(['pass']);
  });
});

describe('DEP-RST-7 (point in time needs the current key)', () => {
  it('says nothing for a snapshot restore', () => expect(statuses(checkPitCurrentKey)).toEqual([]));
  it('passes with a valid current key', () => {
    expect(statuses(checkPitCurrentKey, { pointInTime: true })).toEqual(['pass']);
  });
  it('fails when Atlas reports the current key not valid', () => {
    expect(
      statuses(checkPitCurrentKey, { pointInTime: true, sourceEncryption: awsEar(KEY_1, 'US_EAST_1', false) }),
    ).toEqual(['fail']);
  });
  it('fails when the KMS says the current key is disabled, naming it', () => {
    const v: Partial<RestoreFacts> = {
      pointInTime: true,
      sourceEncryption: awsEar(KEY_2),
      currentKeyAccess: { status: 'unusable', keyState: 'Disabled' },
    };
    expect(statuses(checkPitCurrentKey, v)).toEqual(['fail']);
    expect(text(checkPitCurrentKey, v)).toMatch(KEY_2);
  });
  it('fails without continuous backup on the source', () => {
    expect(
      statuses(checkPitCurrentKey, { pointInTime: true, sourceCluster: cluster('orders', { pitEnabled: false }) }),
    ).toEqual(['fail', 'pass']);
  });
});

describe('DEP-RST-8 (the role the restore needs)', () => {
  it('always notes, never blocks; names the target project across projects', () => {
    expect(statuses(noteRestoreRole)).toEqual(['info']);
    expect(text(noteRestoreRole, CROSS)).toMatch(
      `Project Owner (or Project Backup Recovery Operator) on target project ${OTHER_PROJECT}`,
    );
  });
});

describe('DEP-RST-9 (the Atlas role of the snapshot key configuration)', () => {
  const R1 = '65f0c0ffee0123456789ab11';
  const R2 = '65f0c0ffee0123456789ab12';
  const awsRole = (authorizedDate?: string) => ({
    providerName: 'AWS' as const,
    roleId: R1,
    ...(authorizedDate ? { authorizedDate, iamAssumedRoleArn: 'arn:aws:iam::111122223333:role/atlas' } : {}),
  });
  const withRole = (over: Partial<RestoreFacts> = {}): Partial<RestoreFacts> => ({
    keyHistory: [
      {
        provider: 'AWS',
        keyId: KEY_1,
        from: '2024-01-01T00:00:00Z',
        to: null,
        identity: { kind: 'AWS_ROLE', roleId: R1 },
      },
    ],
    ...over,
  });

  it('a role that exists and is authorized passes', () => {
    const f = withRole({ snapshotKeyRole: { roleId: R1, found: true, role: awsRole('2024-01-01T00:00:00Z') } });
    expect(statuses(checkKeyIdentity, f)).toEqual(['pass']);
    expect(text(checkKeyIdentity, f)).toMatch(`AWS IAM role, Atlas role ${R1} exists in project`);
  });

  it('a removed role fails: Atlas cannot reach the key without it, and says what to do', () => {
    const f = withRole({ snapshotKeyRole: { roleId: R1, found: false } });
    expect(statuses(checkKeyIdentity, f)).toEqual(['fail']);
    expect(text(checkKeyIdentity, f)).toMatch(
      /no longer exists .*Atlas cannot reach the key without it.*Create a new AWS/,
    );
  });

  it('an unauthorized role fails and says to authorize it', () => {
    const f = withRole({ snapshotKeyRole: { roleId: R1, found: true, role: awsRole() } });
    expect(statuses(checkKeyIdentity, f)).toEqual(['fail']);
    expect(text(checkKeyIdentity, f)).toMatch(/not authorized.*Authorize the role/);
  });

  it('a removed role while the project now uses another role warns: that role needs a grant on the old key', () => {
    const f = withRole({
      sourceEncryption: awsEar(KEY_2, 'US_EAST_1', true, {
        awsKms: { enabled: true, customerMasterKeyID: KEY_2, region: 'US_EAST_1', valid: true, roleId: R2 },
      }),
      keyHistory: [
        {
          provider: 'AWS',
          keyId: KEY_1,
          from: '2024-01-01T00:00:00Z',
          to: '2025-06-01T00:00:00Z',
          identity: { kind: 'AWS_ROLE', roleId: R1 },
        },
        {
          provider: 'AWS',
          keyId: KEY_2,
          from: '2025-06-01T00:00:00Z',
          to: null,
          identity: { kind: 'AWS_ROLE', roleId: R2 },
        },
      ],
      snapshotKeyRole: { roleId: R1, found: false },
    });
    expect(statuses(checkKeyIdentity, f)).toEqual(['warn']);
    expect(text(checkKeyIdentity, f)).toMatch(`now uses AWS IAM role, Atlas role ${R2}`);
  });

  it('a role that could not be read warns', () => {
    const f = withRole({ snapshotKeyRole: { roleId: R1, error: '500 UNEXPECTED_ERROR' } });
    expect(statuses(checkKeyIdentity, f)).toEqual(['warn']);
  });

  it('Google Cloud: COMPLETE passes, IN_PROGRESS fails', () => {
    const gcp = (status: 'COMPLETE' | 'IN_PROGRESS'): Partial<RestoreFacts> => ({
      sourceCluster: cluster('orders', { encryptionAtRestProvider: 'GCP' }),
      sourceEncryption: { googleCloudKms: { enabled: true, keyVersionResourceID: GCP_KEY, roleId: R1, valid: true } },
      keyHistory: undefined,
      snapshotKeyRole: { roleId: R1, found: true, role: { providerName: 'GCP', roleId: R1, status } },
    });
    expect(statuses(checkKeyIdentity, gcp('COMPLETE'))).toEqual(['pass']);
    expect(statuses(checkKeyIdentity, gcp('IN_PROGRESS'))).toEqual(['fail']);
    expect(text(checkKeyIdentity, gcp('COMPLETE'))).toMatch("Atlas's Google Cloud service account");
  });

  it('an Azure client secret: a manual check, since Atlas holds the secret and the CLI cannot see its expiry', () => {
    const f: Partial<RestoreFacts> = {
      sourceCluster: cluster('orders', { encryptionAtRestProvider: 'AZURE' }),
      sourceEncryption: { azureKeyVault: { enabled: true, keyIdentifier: AZURE_KEY, clientID: 'app-1', valid: true } },
      keyHistory: undefined,
    };
    expect(statuses(checkKeyIdentity, f)).toEqual(['manual']);
    expect(text(checkKeyIdentity, f)).toMatch(/Azure client secret, client id app-1.*cannot check.*expires/);
  });

  it('a history entry without an identity (older handler) only notes; a plain snapshot has no line', () => {
    expect(statuses(checkKeyIdentity)).toEqual(['info']);
    expect(text(checkKeyIdentity)).toMatch(/does not record which identity/);
    expect(statuses(checkKeyIdentity, PLAIN)).toEqual([]);
  });
});
