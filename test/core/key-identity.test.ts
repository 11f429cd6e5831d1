/** The identity of a key configuration and the state of its Atlas role (lib/core/atlas/key-identity). */
import {
  accessRoleState,
  identityOf,
  identityOfBlock,
  isRoleIdentity,
  roleProblem,
} from '../../lib/core/atlas/key-identity';

const ROLE = '65f0c0ffee0123456789ab31';
const PROJECT = '65f0c0ffee0123456789abcd';

describe('identityOf', () => {
  it.each([
    ['AWS', { roleId: ROLE }, { kind: 'AWS_ROLE', roleId: ROLE }],
    ['AWS', {}, undefined],
    ['AZURE', { roleId: ROLE }, { kind: 'AZURE_SERVICE_PRINCIPAL', roleId: ROLE }],
    ['AZURE', { clientId: 'app-1' }, { kind: 'AZURE_CLIENT_SECRET', clientId: 'app-1' }],
    ['GCP', { roleId: ROLE }, { kind: 'GCP_SERVICE_ACCOUNT', roleId: ROLE }],
    ['GCP', { roleId: '' }, { kind: 'GCP_SERVICE_ACCOUNT_KEY' }],
  ] as const)('%s %j is %j', (p, fields, want) => {
    expect(identityOf(p, fields)).toEqual(want);
  });

  it('a live block: only an enabled one has an identity, and never carries its secret', () => {
    expect(identityOfBlock({ enabled: false, roleId: ROLE }, 'AZURE')).toBeUndefined();
    const id = identityOfBlock({ enabled: true, clientID: 'app-1', secret: 's3cr3t' }, 'AZURE');
    expect(JSON.stringify(id)).not.toContain('s3cr3t');
    expect(isRoleIdentity(id!)).toBe(false);
  });
});

describe('accessRoleState', () => {
  it.each([
    [{ providerName: 'AWS', roleId: ROLE, authorizedDate: '2026-01-01T00:00:00Z' }, 'AUTHORIZED'],
    [{ providerName: 'AWS', roleId: ROLE, iamAssumedRoleArn: 'arn:aws:iam::111122223333:role/a' }, 'AUTHORIZED'],
    [{ providerName: 'AWS', roleId: ROLE }, 'UNAUTHORIZED'],
    // Azure: the schema has only lastUpdatedDate; an authorizedDate, should Atlas send one, is accepted too.
    [{ providerName: 'AZURE', _id: ROLE, createdDate: 'a', lastUpdatedDate: 'b' }, 'AUTHORIZED'],
    [{ providerName: 'AZURE', _id: ROLE, createdDate: 'a', lastUpdatedDate: 'a' }, 'UNAUTHORIZED'],
    [{ providerName: 'AZURE', _id: ROLE, authorizedDate: 'c' }, 'AUTHORIZED'],
    [{ providerName: 'GCP', roleId: ROLE, status: 'COMPLETE' }, 'AUTHORIZED'],
    [{ providerName: 'GCP', roleId: ROLE, status: 'IN_PROGRESS' }, 'IN_PROGRESS'],
    [{ providerName: 'GCP', roleId: ROLE, status: 'FAILED' }, 'FAILED'],
    [{ providerName: 'GCP', roleId: ROLE, gcpServiceAccountForAtlas: 'sa@x' }, 'AUTHORIZED'],
    [{ providerName: 'GCP', roleId: ROLE }, 'IN_PROGRESS'],
  ] as const)('%j is %s', (role, want) => {
    expect(accessRoleState(role)).toBe(want);
  });
});

describe('roleProblem', () => {
  const identity = { kind: 'GCP_SERVICE_ACCOUNT', roleId: ROLE } as const;
  it('none for an authorized role; a removed one says Atlas cannot reach the key and how to replace it', () => {
    expect(
      roleProblem(identity, { roleId: ROLE, found: true, role: { providerName: 'GCP', status: 'COMPLETE' } }, PROJECT),
    ).toBeUndefined();
    const gone = roleProblem(identity, { roleId: ROLE, found: false }, PROJECT);
    expect(gone?.problem).toMatch(
      `Atlas role ${ROLE} no longer exists in project ${PROJECT}: Atlas cannot reach the key`,
    );
    expect(gone?.fix).toMatch('roles/cloudkms.cryptoKeyEncrypterDecrypter');
  });
});
