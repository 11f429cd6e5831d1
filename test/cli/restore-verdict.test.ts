import type { RestoreFacts, RestoreLineId, RestoreVerdict, Verdict } from '../../lib/cli/restore/facts';
import { resolveSnapshotKey } from '../../lib/cli/restore/snapshot-key';
import { restoreVerdict } from '../../lib/cli/restore/verdict';
import { parseKeyHistory } from '../../lib/cli/key-history';
import { compareMongoVersions } from '../../lib/cli/mongodb-version';
import { BEGINNING, type KeyChange } from '../../lib/core/atlas/key-history';
import { AZURE_KEY, awsEar, cluster, facts, GCP_KEY, KEY_1, KEY_2, OTHER_PROJECT, PROJECT, snapshot } from './fixtures';

const failed = (v: RestoreVerdict): RestoreLineId[] => v.checks.filter((c) => c.status === 'fail').map((c) => c.id);

interface Row {
  readonly name: string;
  readonly facts: Partial<RestoreFacts>;
  readonly verdict: Verdict;
  /** Ids that must fail (exactly these). */
  readonly fails?: RestoreLineId[];
  /** Text that must appear in some failing or warning line (message or fix). */
  readonly says?: RegExp[];
}

const AZURE_EAR = {
  awsKms: { enabled: false },
  azureKeyVault: { enabled: true, keyIdentifier: AZURE_KEY, keyVaultName: 'kv1', valid: true },
  googleCloudKms: { enabled: false },
};

const rows: Row[] = [
  { name: 'restorable in place', facts: {}, verdict: 'RESTORABLE', fails: [] },
  {
    name: 'snapshot key disabled',
    facts: { snapshotKeyAccess: { status: 'unusable', keyState: 'Disabled' } },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-2'],
    says: [new RegExp(`${KEY_1}.*Disabled`), /aws kms enable-key --key-id 1234abcd.* --region us-east-1/],
  },
  {
    name: 'snapshot key pending deletion',
    facts: {
      snapshotKeyAccess: { status: 'unusable', keyState: 'PendingDeletion', deletionDate: '2025-06-01T00:00:00.000Z' },
    },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-2'],
    says: [/PendingDeletion/, /cancel-key-deletion --key-id 1234abcd/, /2025-06-01/],
  },
  {
    name: 'snapshot key not found',
    facts: { snapshotKeyAccess: { status: 'not-found', detail: 'NotFoundException' } },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-2'],
    says: [/was not found/, /aws kms describe-key/],
  },
  {
    name: 'snapshot key unverified (no AWS credentials) is a manual check, not a blocker',
    facts: { snapshotKeyAccess: { status: 'unverified', detail: 'no AWS credentials' } },
    verdict: 'RESTORABLE_WITH_WARNINGS',
    fails: [],
    says: [/aws kms describe-key --key-id 1234abcd/],
  },
  {
    name: 'snapshot key maps through history to the old key',
    facts: {
      sourceEncryption: awsEar(KEY_2),
      targetEncryption: awsEar(KEY_2),
      keyHistory: [
        { provider: 'AWS', keyId: KEY_1, from: '2024-01-01T00:00:00Z', to: '2025-04-01T00:00:00Z' },
        { provider: 'AWS', keyId: KEY_2, from: '2025-04-01T00:00:00Z', to: null },
      ],
      snapshotKeyAccess: { status: 'unusable', keyState: 'Disabled' },
    },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-2'],
    says: [new RegExp(KEY_1)],
  },
  {
    name: 'no history: falls back to the current key with a warning',
    facts: { keyHistory: undefined },
    verdict: 'RESTORABLE_WITH_WARNINGS',
    fails: [],
    says: [/no key history \(no --key-history file/],
  },
  {
    name: 'target uses another provider',
    facts: {
      targetCluster: cluster('orders', { encryptionAtRestProvider: 'AZURE' }),
      targetEncryption: { ...awsEar(), azureKeyVault: AZURE_EAR.azureKeyVault },
    },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-3'],
    says: [/uses provider AZURE, but the snapshot was encrypted with AWS/],
  },
  {
    name: 'target not encrypted',
    facts: { targetCluster: cluster('orders', { encryptionAtRestProvider: 'NONE' }) },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-4'],
    says: [/does not use a customer key/],
  },
  {
    name: 'unencrypted snapshot onto an encrypted target',
    facts: {
      sourceCluster: cluster('orders', { encryptionAtRestProvider: 'NONE' }),
      snapshot: snapshot({ masterKeyUUID: undefined }),
      keyHistory: undefined,
      snapshotKeyAccess: undefined,
    },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-4'],
    says: [/not encrypted with one/],
  },
  {
    name: 'unencrypted snapshot onto an unencrypted target',
    facts: {
      sourceCluster: cluster('orders', { encryptionAtRestProvider: 'NONE' }),
      targetCluster: cluster('orders', { encryptionAtRestProvider: 'NONE' }),
      snapshot: snapshot({ masterKeyUUID: undefined }),
      keyHistory: undefined,
      snapshotKeyAccess: undefined,
    },
    verdict: 'RESTORABLE',
    fails: [],
  },
  {
    // The replica-set limit of (f) is about encrypted snapshots; a plain sharded snapshot restores to a sharded cluster.
    name: 'unencrypted sharded snapshot onto an unencrypted sharded target',
    facts: {
      sourceCluster: cluster('orders', { encryptionAtRestProvider: 'NONE', clusterType: 'SHARDED' }),
      targetCluster: cluster('orders', { encryptionAtRestProvider: 'NONE', clusterType: 'SHARDED' }),
      snapshot: snapshot({ masterKeyUUID: undefined, type: 'shardedCluster' }),
      keyHistory: undefined,
      snapshotKeyAccess: undefined,
    },
    verdict: 'RESTORABLE',
    fails: [],
  },
  {
    name: "target project's key invalid",
    facts: { targetEncryption: awsEar(KEY_1, 'US_EAST_1', false) },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-1'],
    says: [/not valid/, /Restore key access first/],
  },
  {
    name: "target project's provider not enabled",
    facts: {
      targetProjectId: OTHER_PROJECT,
      targetClusterName: 'copy',
      targetCluster: cluster('copy'),
      targetEncryption: { awsKms: { enabled: false } },
    },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-1'],
  },
  {
    name: 'across projects, AWS keys in different regions',
    facts: {
      targetProjectId: OTHER_PROJECT,
      targetClusterName: 'copy',
      targetCluster: cluster('copy'),
      targetEncryption: awsEar(KEY_2, 'EU_WEST_1'),
    },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-5'],
    says: [/US_EAST_1.*EU_WEST_1/],
  },
  {
    name: 'across projects, AWS keys in the same region (ARN and id forms)',
    facts: {
      targetProjectId: OTHER_PROJECT,
      targetClusterName: 'copy',
      targetCluster: cluster('copy'),
      targetEncryption: awsEar(`arn:aws:kms:us-east-1:111122223333:key/${KEY_2}`, 'US_EAST_1'),
    },
    verdict: 'RESTORABLE',
    fails: [],
  },
  {
    name: 'target below M10',
    facts: { targetCluster: cluster('orders', {}, 'M5') },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-6'],
    says: [/SYN-TIER-1/, /M10 or larger/],
  },
  {
    name: 'target sharded',
    facts: { targetCluster: cluster('orders', { clusterType: 'SHARDED' }) },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-6'],
    says: [/only to a replica set/],
  },
  {
    name: 'target on a lower MongoDB version',
    facts: { targetCluster: cluster('orders', { mongoDBMajorVersion: '6.0', mongoDBVersion: '6.0.19' }) },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-6'],
    says: [/runs MongoDB 6.0.19, lower than the snapshot's 7.0.12/],
  },
  {
    name: 'target on a newer MongoDB version',
    facts: { targetCluster: cluster('orders', { mongoDBMajorVersion: '8.0', mongoDBVersion: '8.0.3' }) },
    verdict: 'RESTORABLE',
    fails: [],
  },
  {
    name: 'target missing',
    facts: { targetClusterName: 'nope', targetCluster: undefined },
    verdict: 'BLOCKED',
    fails: ['TARGET'],
    says: [/does not exist/],
  },
  {
    name: 'target paused',
    facts: { targetCluster: cluster('orders', { paused: true }) },
    verdict: 'BLOCKED',
    fails: ['TARGET'],
  },
  {
    name: 'snapshot not completed',
    facts: { snapshot: snapshot({ status: 'inProgress' }) },
    verdict: 'BLOCKED',
    fails: ['SNAPSHOT'],
  },
  {
    name: 'PIT with the current key invalid',
    facts: { pointInTime: true, sourceEncryption: awsEar(KEY_1, 'US_EAST_1', false), targetEncryption: awsEar() },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-7'],
    says: [/point-in-time restore needs the current AWS key valid/],
  },
  {
    name: 'PIT with the current key disabled at KMS',
    facts: {
      pointInTime: true,
      sourceEncryption: awsEar(KEY_2),
      targetEncryption: awsEar(KEY_2),
      keyHistory: [
        { provider: 'AWS', keyId: KEY_1, from: '2024-01-01T00:00:00Z', to: '2025-04-01T00:00:00Z' },
        { provider: 'AWS', keyId: KEY_2, from: '2025-04-01T00:00:00Z' },
      ],
      currentKeyAccess: { status: 'unusable', keyState: 'Disabled' },
    },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-7'],
    says: [new RegExp(KEY_2)],
  },
  {
    name: 'PIT on a cluster without pitEnabled',
    facts: { pointInTime: true, sourceCluster: cluster('orders', { pitEnabled: false }) },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-7'],
  },
  {
    name: 'PIT with a valid current key',
    facts: { pointInTime: true, currentKeyAccess: { status: 'usable', keyState: 'Enabled' } },
    verdict: 'RESTORABLE',
    fails: [],
  },
  {
    name: 'Azure key: says exactly what to verify',
    facts: {
      sourceCluster: cluster('orders', { encryptionAtRestProvider: 'AZURE' }),
      targetCluster: cluster('orders', { encryptionAtRestProvider: 'AZURE' }),
      sourceEncryption: AZURE_EAR,
      targetEncryption: AZURE_EAR,
      keyHistory: [{ provider: 'AZURE', keyId: AZURE_KEY, from: '2024-01-01T00:00:00Z' }],
      snapshotKeyAccess: { status: 'unverified', detail: 'the CLI cannot query Azure Key Vault' },
    },
    verdict: 'RESTORABLE_WITH_WARNINGS',
    fails: [],
    says: [/az keyvault key show --id https:\/\/kv1/],
  },
  {
    name: 'GCP key: says exactly what to verify',
    facts: {
      sourceCluster: cluster('orders', { encryptionAtRestProvider: 'GCP' }),
      targetCluster: cluster('orders', { encryptionAtRestProvider: 'GCP' }),
      sourceEncryption: { googleCloudKms: { enabled: true, keyVersionResourceID: GCP_KEY, valid: true } },
      targetEncryption: { googleCloudKms: { enabled: true, keyVersionResourceID: GCP_KEY, valid: true } },
      keyHistory: [{ provider: 'GCP', keyId: GCP_KEY, from: '2024-01-01T00:00:00Z' }],
      snapshotKeyAccess: undefined,
    },
    verdict: 'RESTORABLE_WITH_WARNINGS',
    fails: [],
    says: [/gcloud kms keys versions describe projects\/p/],
  },
  {
    name: 'source cluster gone, masterKeyUUID but no history: blocked, asks for history',
    facts: { sourceCluster: undefined, keyHistory: undefined },
    verdict: 'BLOCKED',
    fails: ['DEP-RST-2'],
    says: [/--key-history/],
  },
  {
    name: 'source cluster gone, history covers the snapshot',
    facts: { sourceCluster: undefined },
    verdict: 'RESTORABLE_WITH_WARNINGS',
    fails: [],
  },
];

describe('restoreVerdict (DEP-RST-1 to DEP-RST-9)', () => {
  it.each(rows)('$name', (row) => {
    const v = restoreVerdict(facts(row.facts));
    expect(v.verdict).toBe(row.verdict);
    if (row.fails) expect([...new Set(failed(v))].sort()).toEqual([...row.fails].sort());
    const text = v.checks
      .filter((c) => c.status !== 'pass')
      .map((c) => `${c.message} ${c.fix ?? ''}`)
      .join('\n');
    for (const re of row.says ?? []) expect(text).toMatch(re);
  });

  it('reports the key the snapshot needs and where that came from', () => {
    const v = restoreVerdict(facts());
    expect(v.key).toEqual({ provider: 'AWS', keyId: KEY_1, region: 'US_EAST_1', basis: 'history' });
    expect(v.snapshot).toMatchObject({ id: '65f0c0ffee0123456789ab01', projectId: PROJECT, encrypted: true });
    const fallback = restoreVerdict(facts({ keyHistory: undefined }));
    expect(fallback.key?.basis).toBe('current-key');
  });

  it('always notes the role the restore needs (h) without blocking', () => {
    const v = restoreVerdict(facts());
    expect(v.checks.find((c) => c.id === 'DEP-RST-8')?.status).toBe('info');
  });
});

describe('resolveSnapshotKey', () => {
  const history = [
    {
      provider: 'AWS' as const,
      keyId: `arn:aws:kms:eu-west-1:111122223333:key/${KEY_1}`,
      from: '2024-01-01T00:00:00Z',
      to: '2025-03-01T00:00:00Z',
    },
    { provider: 'AWS' as const, keyId: KEY_2, region: 'us-east-2', from: '2025-03-01T00:00:00Z', to: null },
  ];
  const base = { sourceCluster: cluster('orders'), sourceEncryption: awsEar(KEY_2, 'US_EAST_2'), keyHistory: history };

  it.each([
    ['just before the change: the old key, region from its ARN', '2025-02-28T23:59:59Z', KEY_1, 'EU_WEST_1'],
    ['exactly at the change ([from, to) is half-open): the new key', '2025-03-01T00:00:00Z', KEY_2, 'US_EAST_2'],
    ['long after: the current key', '2026-01-01T00:00:00Z', KEY_2, 'US_EAST_2'],
  ])('%s', (_name, createdAt, keyPart, region) => {
    const r = resolveSnapshotKey({ ...base, snapshot: snapshot({ createdAt }) });
    expect(r.basis).toBe('history');
    expect(r.key?.keyId).toContain(keyPart);
    expect(r.key?.region).toBe(region);
    expect(r.warnings).toEqual([]);
  });

  it('before the first record: falls back to the current key and warns', () => {
    const r = resolveSnapshotKey({ ...base, snapshot: snapshot({ createdAt: '2023-01-01T00:00:00Z' }) });
    expect(r.basis).toBe('current-key');
    expect(r.key?.keyId).toBe(KEY_2);
    expect(r.warnings.join()).toMatch(/no AWS key covering the snapshot time/);
  });

  it('source cluster now NONE: the provider comes from the history', () => {
    const r = resolveSnapshotKey({
      ...base,
      sourceCluster: cluster('orders', { encryptionAtRestProvider: 'NONE' }),
      snapshot: snapshot({ createdAt: '2024-06-01T00:00:00Z' }),
    });
    expect(r.provider).toBe('AWS');
    expect(r.key?.keyId).toContain(KEY_1);
    expect(r.warnings.join()).toMatch(/now uses provider NONE/);
  });
});

describe('parseKeyHistory', () => {
  const rec = { provider: 'aws', keyId: KEY_1, from: '2024-01-01T00:00:00Z', to: null };
  it.each([
    ['an array', JSON.stringify([rec])],
    ['a {KeyHistory} object', JSON.stringify({ KeyHistory: [rec] })],
    ['a JSON string (a stack output value)', JSON.stringify(JSON.stringify([rec]))],
    ['a {KeyHistory} whose value is a JSON string', JSON.stringify({ KeyHistory: JSON.stringify([rec]) })],
  ])('accepts %s', (_n, text) => {
    expect(parseKeyHistory(text)).toEqual([{ provider: 'AWS', keyId: KEY_1, from: '2024-01-01T00:00:00Z', to: null }]);
  });

  describe("the handler's change events (stack output KeyHistory)", () => {
    const change = (
      from: string,
      to: string,
      changedAt: string,
      projectId = PROJECT,
    ): KeyChange & { projectId: string } => ({
      provider: 'AWS',
      from,
      to,
      changedAt,
      retainPreviousKeyUntil: '2026-01-01T00:00:00.000Z',
      projectId,
    });
    const expected = [
      { provider: 'AWS', keyId: KEY_1, from: BEGINNING, to: '2025-04-01T00:00:00.000Z' },
      { provider: 'AWS', keyId: KEY_2, from: '2025-04-01T00:00:00.000Z', to: '2025-05-01T00:00:00.000Z' },
      { provider: 'AWS', keyId: KEY_1, from: '2025-05-01T00:00:00.000Z', to: null },
    ];
    // Two deploys' outputs concatenated, out of order.
    const events = [change(KEY_2, KEY_1, '2025-05-01T00:00:00.000Z'), change(KEY_1, KEY_2, '2025-04-01T00:00:00.000Z')];

    it('become [from, to) intervals, the first key current since the beginning', () => {
      expect(parseKeyHistory(JSON.stringify({ KeyHistory: JSON.stringify(events) }))).toEqual(expected);
    });

    it("are read from the handler's log lines, ignoring other projects", () => {
      const log = [
        '2025-04-01T00:00:00Z INFO unrelated line',
        ...events.map((e) => `2025-04-01T00:00:00Z INFO atlas-ear key-history ${JSON.stringify(e)}`),
        `x atlas-ear key-history ${JSON.stringify(change(KEY_1, 'other', '2025-06-01T00:00:00.000Z', OTHER_PROJECT))}`,
      ].join('\n');
      expect(parseKeyHistory(log, 'log', PROJECT)).toEqual(expected);
    });

    it('map a snapshot to the key current at its time', () => {
      const history = parseKeyHistory(JSON.stringify(events));
      const at = (createdAt: string): string | undefined =>
        resolveSnapshotKey({
          sourceCluster: cluster('orders'),
          sourceEncryption: awsEar(KEY_1),
          keyHistory: history,
          snapshot: snapshot({ createdAt }),
        }).key?.keyId;
      expect(at('2025-03-01T00:00:00Z')).toBe(KEY_1);
      expect(at('2025-04-15T00:00:00Z')).toBe(KEY_2);
      expect(at('2025-06-01T00:00:00Z')).toBe(KEY_1);
    });

    it('reject a change without a time', () => {
      expect(() => parseKeyHistory(JSON.stringify([{ ...change(KEY_1, KEY_2, 'x') }]))).toThrow(/record 0: changedAt/);
    });
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['not an array', '{"a":1}', /not an array/],
    ['a bad provider', JSON.stringify([{ ...rec, provider: 'IBM' }]), /record 0: provider/],
    ['a bad time', JSON.stringify([{ ...rec, from: 'yesterday' }]), /record 0: from/],
    ['a missing key', JSON.stringify([{ ...rec, keyId: '' }]), /record 0: keyId/],
  ])('rejects %s', (_n, text, re) => {
    expect(() => parseKeyHistory(text, 'history.json')).toThrow(re);
  });
});

describe('parseKeyHistory: identities', () => {
  const R1 = '65f0c0ffee0123456789ab11';
  const R2 = '65f0c0ffee0123456789ab12';
  const change = {
    provider: 'AZURE',
    from: AZURE_KEY,
    to: `${AZURE_KEY}x`,
    changedAt: '2025-06-01T00:00:00.000Z',
    retainPreviousKeyUntil: 'none',
  };

  it("carries each change's identities onto the intervals they start", () => {
    const doc = [
      {
        ...change,
        previousIdentity: { kind: 'AZURE_CLIENT_SECRET', clientId: 'app-1' },
        identity: { kind: 'AZURE_SERVICE_PRINCIPAL', roleId: R1 },
      },
      {
        ...change,
        from: `${AZURE_KEY}x`,
        to: `${AZURE_KEY}y`,
        changedAt: '2025-07-01T00:00:00.000Z',
        identity: { kind: 'AZURE_SERVICE_PRINCIPAL', roleId: R2 },
      },
    ];
    expect(parseKeyHistory(JSON.stringify(doc)).map((r) => r.identity)).toEqual([
      { kind: 'AZURE_CLIENT_SECRET', clientId: 'app-1' },
      { kind: 'AZURE_SERVICE_PRINCIPAL', roleId: R1 },
      { kind: 'AZURE_SERVICE_PRINCIPAL', roleId: R2 },
    ]);
  });

  it('reads entries written before identities were recorded (no identity field)', () => {
    const [first, second] = parseKeyHistory(JSON.stringify([change]));
    expect(first).not.toHaveProperty('identity');
    expect(second).toEqual({ provider: 'AZURE', keyId: `${AZURE_KEY}x`, from: change.changedAt, to: null });
  });

  it('refuses an identity of another provider or kind, naming the record and the kinds allowed', () => {
    expect(() => parseKeyHistory(JSON.stringify([{ ...change, identity: { kind: 'AWS_ROLE', roleId: R1 } }]))).toThrow(
      'key history record 0: identity: kind must be one of AZURE_SERVICE_PRINCIPAL, AZURE_CLIENT_SECRET',
    );
    expect(() =>
      parseKeyHistory(JSON.stringify([{ ...change, identity: { kind: 'AZURE_SERVICE_PRINCIPAL', roleId: 7 } }])),
    ).toThrow(/identity: roleId must be a string/);
  });

  it('the snapshot key takes the identity of its interval; the current key without one takes the live one', () => {
    const history = parseKeyHistory(
      JSON.stringify([{ ...change, identity: { kind: 'AZURE_SERVICE_PRINCIPAL', roleId: R1 } }]),
    );
    const at = (createdAt: string) =>
      resolveSnapshotKey({
        sourceCluster: cluster('orders', { encryptionAtRestProvider: 'AZURE' }),
        sourceEncryption: { azureKeyVault: { enabled: true, keyIdentifier: `${AZURE_KEY}x`, roleId: R2 } },
        snapshot: snapshot({ createdAt }),
        keyHistory: history,
      }).identity;
    // The current key's interval: the live identity (role 2), whatever the record says.
    expect(at('2025-06-02T00:00:00Z')).toEqual({ kind: 'AZURE_SERVICE_PRINCIPAL', roleId: R2 });
    expect(at('2025-05-01T00:00:00Z')).toBeUndefined(); // the first interval: not recorded, and not the live key
    // A past interval: the identity recorded with the change that started it.
    const later = { ...change, from: `${AZURE_KEY}x`, to: `${AZURE_KEY}y`, changedAt: '2025-07-01T00:00:00.000Z' };
    expect(
      resolveSnapshotKey({
        sourceCluster: cluster('orders', { encryptionAtRestProvider: 'AZURE' }),
        sourceEncryption: { azureKeyVault: { enabled: true, keyIdentifier: `${AZURE_KEY}y`, roleId: R2 } },
        snapshot: snapshot({ createdAt: '2025-06-02T00:00:00Z' }),
        keyHistory: parseKeyHistory(
          JSON.stringify([{ ...change, identity: { kind: 'AZURE_SERVICE_PRINCIPAL', roleId: R1 } }, later]),
        ),
      }).identity,
    ).toEqual({ kind: 'AZURE_SERVICE_PRINCIPAL', roleId: R1 });
    // The current key's record takes the live identity, even when it records another (switched on the same key).
    expect(
      resolveSnapshotKey({
        sourceCluster: cluster('orders', { encryptionAtRestProvider: 'AZURE' }),
        sourceEncryption: { azureKeyVault: { enabled: true, keyIdentifier: `${AZURE_KEY}x`, clientID: 'app-1' } },
        snapshot: snapshot({ createdAt: '2025-06-02T00:00:00Z' }),
        keyHistory: history,
      }).identity,
    ).toEqual({ kind: 'AZURE_CLIENT_SECRET', clientId: 'app-1' });
    const noIdentity = parseKeyHistory(JSON.stringify([change]));
    expect(
      resolveSnapshotKey({
        sourceCluster: cluster('orders', { encryptionAtRestProvider: 'AZURE' }),
        sourceEncryption: { azureKeyVault: { enabled: true, keyIdentifier: `${AZURE_KEY}x`, roleId: R2 } },
        snapshot: snapshot({ createdAt: '2025-06-02T00:00:00Z' }),
        keyHistory: noIdentity,
      }).identity,
    ).toEqual({ kind: 'AZURE_SERVICE_PRINCIPAL', roleId: R2 });
  });
});

describe('compareMongoVersions', () => {
  it.each([
    ['7.0', '7.0.12', 0],
    ['6.0.19', '7.0.12', -1],
    ['8.0', '7.0.12', 1],
    ['7.0.2', '7.0.12', -1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareMongoVersions(a, b) ?? NaN)).toBe(sign);
  });
  it('is undefined for unparseable versions', () => {
    expect(compareMongoVersions('latest', '7.0')).toBeUndefined();
  });
});
