/** cdktf GoogleCloudKmsEncryptionKey: key ring and key, Atlas's GCP service account, its grants, and the project setting. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import * as fc from 'fast-check';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  AtlasProjectEncryption,
  EarValidationError,
  GoogleCloudKeyRing,
  GoogleCloudKeyRingOptions,
  GoogleCloudKmsConfiguration,
  GoogleCloudKmsEncryptionKey,
  GoogleCloudKmsEncryptionKeyProps,
} from '../../lib/cdktf';
import { onlyResource, ref, resourcesOf, synth } from './helpers';

const projectId = '65f1c0ffee0123456789abcd';
const KEY_ID = 'projects/acme-keys/locations/us-east1/keyRings/atlas/cryptoKeys/ear';
const ROOT = join(__dirname, '..', '..');

function gcpKey(scope: Construct, props: Partial<GoogleCloudKmsEncryptionKeyProps> = {}): GoogleCloudKmsEncryptionKey {
  new GoogleProvider(scope, 'google', { project: 'acme-keys' });
  return new GoogleCloudKmsEncryptionKey(scope, 'Key', {
    projectId,
    keyRing: GoogleCloudKeyRing.create({ name: 'atlas', location: 'us-east1' }),
    ...props,
  });
}

const ring = (o: Partial<GoogleCloudKeyRingOptions>) =>
  GoogleCloudKeyRing.create({ name: 'atlas', location: 'us-east1', ...o });

function build(props: Partial<GoogleCloudKmsEncryptionKeyProps> = {}, alertDays?: number) {
  let key: GoogleCloudKmsEncryptionKey | undefined;
  let encryption: AtlasProjectEncryption | undefined;
  const json = synth((scope) => {
    key = gcpKey(scope, props);
    encryption = new AtlasProjectEncryption(scope, 'Encryption', {
      projectId,
      googleCloudKms: GoogleCloudKmsConfiguration.fromEncryptionKey(key),
      rotationAlert: alertDays === undefined ? undefined : { thresholdDays: alertDays },
    });
  });
  return { json, key: key!, encryption: encryption! };
}

const warningsOf = (c: Construct) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));

function rejects(props: Partial<GoogleCloudKmsEncryptionKeyProps>): string {
  try {
    synth((scope) => void gcpKey(scope, props));
  } catch (err) {
    expect(err).toBeInstanceOf(EarValidationError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(props)}`);
}

describe('cdktf GoogleCloudKmsEncryptionKey', () => {
  test('a new key ring and a symmetric key rotating every 90 days, both kept on destroy', () => {
    const { json, key } = build();
    const ring = onlyResource(json, 'google_kms_key_ring');
    expect(ring).toMatchObject({ name: 'atlas', location: 'us-east1', lifecycle: { prevent_destroy: true } });
    expect(onlyResource(json, 'google_kms_crypto_key')).toMatchObject({
      name: 'atlas-encryption-at-rest',
      key_ring: ref('google_kms_key_ring', ring.logicalId, 'id'),
      purpose: 'ENCRYPT_DECRYPT',
      rotation_period: `${90 * 86_400}s`,
      version_template: { algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protection_level: 'SOFTWARE' },
      lifecycle: { prevent_destroy: true },
    });
    expect(key.rotationPeriodDays).toBe(90);
  });

  test("Atlas's GCP service account gets encrypterDecrypter and viewer on the key, member by member", () => {
    const { json } = build();
    const setup = onlyResource(json, 'mongodbatlas_cloud_provider_access_setup');
    expect(setup).toMatchObject({ project_id: projectId, provider_name: 'GCP', lifecycle: { prevent_destroy: true } });
    expect(onlyResource(json, 'mongodbatlas_cloud_provider_access_authorization')).toMatchObject({
      project_id: projectId,
      role_id: ref('mongodbatlas_cloud_provider_access_setup', setup.logicalId, 'role_id'),
    });
    const cryptoKey = onlyResource(json, 'google_kms_crypto_key');
    const members = Object.values(resourcesOf(json, 'google_kms_crypto_key_iam_member'));
    expect(members.map((m) => m.role).sort()).toEqual([
      'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      'roles/cloudkms.viewer',
    ]);
    for (const m of members) {
      expect(m).toMatchObject({
        crypto_key_id: ref('google_kms_crypto_key', cryptoKey.logicalId, 'id'),
        member: `serviceAccount:\${mongodbatlas_cloud_provider_access_setup.${setup.logicalId}.gcp_config[0].service_account_for_atlas}`,
        lifecycle: { prevent_destroy: true },
      });
    }
    // Authoritative bindings or policies would drop the key's other members.
    expect(resourcesOf(json, 'google_kms_crypto_key_iam_binding')).toEqual({});
    expect(resourcesOf(json, 'google_kms_crypto_key_iam_policy')).toEqual({});
  });

  test('Atlas gets the primary version and the role id, no service-account key, once IAM has propagated', () => {
    const { json } = build();
    const sleep = onlyResource(json, 'time_sleep');
    expect(sleep.create_duration).toBe('7m');
    expect(sleep.depends_on).toHaveLength(2);
    for (const d of sleep.depends_on as string[]) expect(d).toMatch(/^google_kms_crypto_key_iam_member\./);
    const cryptoKey = onlyResource(json, 'google_kms_crypto_key');
    const auth = onlyResource(json, 'mongodbatlas_cloud_provider_access_authorization');
    const ear = onlyResource(json, 'mongodbatlas_encryption_at_rest');
    const gcp = (ear.google_cloud_kms_config as Record<string, unknown>[] | Record<string, unknown>) ?? {};
    expect(Array.isArray(gcp) ? gcp[0] : gcp).toEqual({
      enabled: true,
      key_version_resource_id: `\${google_kms_crypto_key.${cryptoKey.logicalId}.primary[0].name}`,
      role_id: ref('mongodbatlas_cloud_provider_access_authorization', auth.logicalId, 'role_id'),
    });
    expect(ear.depends_on).toEqual(expect.arrayContaining([`time_sleep.${sleep.logicalId}`]));
  });

  test('an existing key ring is looked up, not created', () => {
    const { json } = build({
      keyRing: GoogleCloudKeyRing.fromName({ name: 'shared', location: 'europe-west3', project: 'acme-keys' }),
    });
    expect(resourcesOf(json, 'google_kms_key_ring')).toEqual({});
    const [ringId, ring] = Object.entries(json.data?.google_kms_key_ring ?? {})[0];
    expect(ring).toMatchObject({ name: 'shared', location: 'europe-west3', project: 'acme-keys' });
    expect(onlyResource(json, 'google_kms_crypto_key').key_ring).toBe(`\${data.google_kms_key_ring.${ringId}.id}`);
  });

  test('an existing crypto key is granted, not created, and Atlas gets its primary version', () => {
    const { json, key } = build({ keyRing: undefined, existingCryptoKeyId: KEY_ID });
    expect(resourcesOf(json, 'google_kms_crypto_key')).toEqual({});
    expect(resourcesOf(json, 'google_kms_key_ring')).toEqual({});
    const [dataId, data] = Object.entries(json.data?.google_kms_crypto_key ?? {})[0];
    expect(String(data.key_ring)).toContain('slice(split("/", "' + KEY_ID + '"), 0, 6)');
    expect(String(data.name)).toContain('element(split("/", "' + KEY_ID + '"), 7)');
    for (const m of Object.values(resourcesOf(json, 'google_kms_crypto_key_iam_member'))) {
      expect(m.crypto_key_id).toBe(KEY_ID);
    }
    expect(key.rotationPeriodDays).toBeUndefined();
    const ear = onlyResource(json, 'mongodbatlas_encryption_at_rest');
    expect(JSON.stringify(ear.google_cloud_kms_config)).toContain(
      `data.google_kms_crypto_key.${dataId}.primary[0].name`,
    );
  });

  test('options: HSM, another rotation period, labels, propagation delay', () => {
    const { json } = build({
      hardwareProtected: true,
      rotationPeriodDays: 30,
      labels: { team: 'data' },
      cryptoKeyName: 'orders_key-1',
      iamPropagationDelay: '3m',
    });
    expect(onlyResource(json, 'google_kms_crypto_key')).toMatchObject({
      name: 'orders_key-1',
      rotation_period: `${30 * 86_400}s`,
      version_template: { protection_level: 'HSM' },
      labels: { team: 'data' },
    });
    expect(onlyResource(json, 'time_sleep').create_duration).toBe('3m');
  });

  test('retainOnDestroy false drops prevent_destroy everywhere and says so at synth (SYN-KEEP-2)', () => {
    const { json, key } = build({ retainOnDestroy: false });
    for (const type of [
      'google_kms_key_ring',
      'google_kms_crypto_key',
      'mongodbatlas_cloud_provider_access_setup',
      'mongodbatlas_cloud_provider_access_authorization',
    ]) {
      expect(onlyResource(json, type)).toMatchObject({ lifecycle: { prevent_destroy: false } });
    }
    expect(warningsOf(key)).toEqual([expect.stringContaining('[SYN-KEEP-2]')]);
    expect(warningsOf(build().key)).toEqual([]);
  });

  test.each<[string, string, Partial<GoogleCloudKmsEncryptionKeyProps>]>([
    ['keyRing.project', '"Acme"', { keyRing: ring({ project: 'Acme' }) }],
    ['keyRing.project', '"acme-"', { keyRing: ring({ project: 'acme-' }) }],
    ['keyRing.location', '"US East 1"', { keyRing: ring({ location: 'US East 1' }) }],
    ['keyRing.name', '"a/b"', { keyRing: GoogleCloudKeyRing.fromName({ name: 'a/b', location: 'us-east1' }) }],
    ['keyRing.name', 'x'.repeat(64), { keyRing: ring({ name: 'x'.repeat(64) }) }],
    ['cryptoKeyName', '"my key"', { cryptoKeyName: 'my key' }],
    [
      'existingCryptoKeyId',
      'key version',
      { keyRing: undefined, existingCryptoKeyId: `${KEY_ID}/cryptoKeyVersions/1` },
    ],
    ['existingCryptoKeyId', '"ear"', { keyRing: undefined, existingCryptoKeyId: 'ear' }],
    ['existingCryptoKeyId', 'both', { existingCryptoKeyId: KEY_ID }],
    ['keyRing', 'no key ring', { keyRing: undefined }],
  ])('SYN-GCP-1 rejects %s %s', (prop, detail, props) => {
    const message = rejects(props);
    expect(message).toContain('[SYN-GCP-1]');
    expect(message).toContain(prop);
    expect(message).toContain(detail);
  });

  test('SYN-GCP-1 accepts the documented forms: legacy domain projects, multi-regions, global, 63-character names', () => {
    for (const ring of [
      { name: 'r'.repeat(63), location: 'global', project: 'example.com:acme-keys' },
      { name: 'Atlas_Ring-1', location: 'nam-eur-asia1', project: 'a12345' },
      { name: 'atlas', location: 'us' },
    ]) {
      expect(() => synth((scope) => void gcpKey(scope, { keyRing: GoogleCloudKeyRing.create(ring) }))).not.toThrow();
    }
    // Unknown at synth: deferred, not rejected.
    expect(() =>
      synth((scope) => {
        const location = new TerraformVariable(scope, 'location', { type: 'string' });
        gcpKey(scope, { keyRing: GoogleCloudKeyRing.create({ name: 'atlas', location: location.stringValue }) });
      }),
    ).not.toThrow();
  });

  test.each([0, 1.5, -3, 36_501])('SYN-INPUT-1 rejects rotationPeriodDays %p', (days) => {
    const message = rejects({ rotationPeriodDays: days });
    expect(message).toContain('[SYN-INPUT-1]');
    expect(message).toContain(`rotationPeriodDays`);
    expect(message).toContain('1 to 36500');
  });

  test('a rotation period from a variable is multiplied by Terraform', () => {
    const json = synth((scope) => {
      const days = new TerraformVariable(scope, 'rotation_days', { type: 'number' });
      gcpKey(scope, { rotationPeriodDays: days.numberValue });
    });
    expect(onlyResource(json, 'google_kms_crypto_key').rotation_period).toBe('${(var.rotation_days * 86400)}s');
  });

  test('rotation periods of 1 and 36500 days are accepted', () => {
    expect(onlyResource(build({ rotationPeriodDays: 1 }).json, 'google_kms_crypto_key').rotation_period).toBe('86400s');
    expect(onlyResource(build({ rotationPeriodDays: 36_500 }).json, 'google_kms_crypto_key').rotation_period).toBe(
      `${36_500 * 86_400}s`,
    );
  });

  test.each<[string, Partial<GoogleCloudKmsEncryptionKeyProps>]>([
    ['rotationPeriodDays', { rotationPeriodDays: 30 }],
    ['hardwareProtected', { hardwareProtected: true }],
    ['cryptoKeyName', { cryptoKeyName: 'other' }],
    ['labels', { labels: { team: 'data' } }],
  ])('an existing crypto key keeps its settings: %s is refused (SYN-INPUT-1)', (prop, extra) => {
    const message = rejects({ keyRing: undefined, existingCryptoKeyId: KEY_ID, ...extra });
    expect(message).toContain('[SYN-INPUT-1]');
    expect(message).toContain(`${prop}: an existing crypto key keeps its own settings`);
  });

  test('SYN-GCP-2: the key gives Atlas exactly one identity; a service-account key on top is refused', () => {
    expect(() => build()).not.toThrow();
    expect(() =>
      synth((scope) => {
        const key = gcpKey(scope);
        const sa = new TerraformVariable(scope, 'sa_key', { type: 'string', sensitive: true });
        new AtlasProjectEncryption(scope, 'Encryption', {
          projectId,
          googleCloudKms: GoogleCloudKmsConfiguration.fromAttributes({
            keyVersionResourceId: key.keyVersionResourceId,
            roleId: key.roleId,
            serviceAccountKey: sa.stringValue,
          }),
        });
      }),
    ).toThrow('[SYN-GCP-2]');
  });

  test('SYN-ALERT-1 knows the rotation period: an alert at 90 days warns, the 365-day default does not', () => {
    expect(warningsOf(build({}, 90).encryption)).toEqual([expect.stringContaining('[SYN-ALERT-1]')]);
    expect(warningsOf(build({}, 365).encryption)).toEqual([]);
  });
});

describe('fuzzed props', () => {
  const idish = fc.oneof(
    fc.constantFrom('atlas', 'us-east1', 'global', 'acme-keys', 'example.com:acme-keys', '', 'A B', 'x'.repeat(64)),
    fc.string({ maxLength: 40 }),
  );
  const props = fc.record({
    ring: fc.option(
      fc.record({
        existing: fc.boolean(),
        name: idish,
        location: idish,
        project: fc.option(idish, { nil: undefined }),
      }),
      { nil: undefined },
    ),
    cryptoKeyName: fc.option(idish, { nil: undefined }),
    existingCryptoKeyId: fc.option(
      fc.oneof(fc.constant(KEY_ID), fc.constant(`${KEY_ID}/cryptoKeyVersions/2`), fc.string({ maxLength: 60 })),
      { nil: undefined },
    ),
    rotationPeriodDays: fc.option(fc.oneof(fc.integer({ min: -5, max: 40_000 }), fc.double({ noNaN: false })), {
      nil: undefined,
    }),
    hardwareProtected: fc.option(fc.boolean(), { nil: undefined }),
    retainOnDestroy: fc.option(fc.boolean(), { nil: undefined }),
  });

  test('every prop set synthesizes or fails with a rule id, never a crash', () => {
    let synthesized = 0;
    let rejected = 0;
    fc.assert(
      fc.property(props, (p) => {
        const keyRing =
          p.ring && (p.ring.existing ? GoogleCloudKeyRing.fromName(p.ring) : GoogleCloudKeyRing.create(p.ring));
        try {
          build({ ...p, keyRing });
          synthesized++;
        } catch (err) {
          rejected++;
          expect(err).toBeInstanceOf(EarValidationError);
          expect((err as Error).message).toMatch(/^\[SYN-(GCP|INPUT|KEEP)-\d\]/);
        }
      }),
      { numRuns: 60, seed: 20261202 },
    );
    // Both outcomes occur, so the property is not vacuous.
    expect(synthesized).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});

describe('the google provider package is loaded only by GoogleCloudKmsEncryptionKey', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'atlas-ear-gcp-peer-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `body` in a fresh Node process (tsx), optionally with @cdktf/provider-google unresolvable. */
  function probe(body: string, hideGoogle: boolean): Record<string, unknown> {
    const hide = join(dir, 'hide-google.cjs');
    writeFileSync(
      hide,
      `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@cdktf/provider-google' || request.startsWith('@cdktf/provider-google/')) {
    throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' });
  }
  return resolve.call(this, request, ...rest);
};
`,
    );
    const script = join(dir, `probe-${hideGoogle ? 'hidden' : 'present'}.ts`);
    writeFileSync(
      script,
      `const { Testing } = require(${JSON.stringify(join(ROOT, 'node_modules', 'cdktf'))});
const loaded = () => Object.keys(require.cache).some((f) => f.includes('@cdktf/provider-google'));
const cdktf = require(${JSON.stringify(join(ROOT, 'lib', 'cdktf'))});
const out: Record<string, unknown> = { afterEntry: loaded() };
${body}
process.stdout.write(JSON.stringify(out));
`,
    );
    const args = [...(hideGoogle ? ['--require', hide] : []), '--import', 'tsx', script];
    return JSON.parse(
      execFileSync(process.execPath, args, {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      }),
    );
  }

  const construct = `
try {
  Testing.synthScope((scope: any) => {
    new cdktf.GoogleCloudKmsEncryptionKey(scope, 'Key', {
      projectId: '65f1c0ffee0123456789abcd',
      keyRing: cdktf.GoogleCloudKeyRing.create({ name: 'atlas', location: 'us-east1' }),
    });
  });
  out.afterConstruct = loaded();
} catch (err) {
  out.error = { name: (err as Error).name, message: (err as Error).message };
}`;

  test('the cdktf entry alone does not load it; the construct does', () => {
    expect(probe(construct, false)).toEqual({ afterEntry: false, afterConstruct: true });
  });

  test('without it, the entry still loads and the construct names the package and its install line', () => {
    const { peerDependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
    };
    expect(probe(construct, true)).toEqual({
      afterEntry: false,
      error: {
        name: 'MissingPeerError',
        message:
          'atlas-encryption-at-rest/cdktf GoogleCloudKmsEncryptionKey needs the peer package @cdktf/provider-google, ' +
          `which is not installed. Install it: npm install @cdktf/provider-google@${peerDependencies['@cdktf/provider-google']}`,
      },
    });
  });
});
