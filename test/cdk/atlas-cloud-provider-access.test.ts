import { RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  AtlasAzureServicePrincipal,
  AtlasGoogleCloudServiceAccount,
  AtlasProjectEncryption,
  AzureKeyVaultIdentity,
  EarValidationError,
  GoogleCloudKmsIdentity,
} from 'atlas-encryption-at-rest/cdk';
import { specOf } from 'atlas-encryption-at-rest/cdk/testing';
import {
  API_KEY_ARN,
  azureProps,
  credentials,
  GCP_KEY_VERSION,
  GCP_SECRET_ARN,
  newStack,
  only,
  OTHER_PROJECT_ID,
  PROJECT_ID,
} from './util';

const TENANT = '11111111-2222-3333-4444-555555555555';
const PRINCIPAL = '12345678-90ab-4cde-8f01-234567890abc';
const ATLAS_APP = '9f2deb0d-be22-4524-a403-df531868bac0';
const cache = new WeakMap<object, ReturnType<typeof credentials>>();
/** One credentials construct per stack, however many constructs use it. */
function creds(stack: ReturnType<typeof newStack>) {
  if (!cache.has(stack)) cache.set(stack, credentials(stack));
  return cache.get(stack)!;
}
const CRYPTO_KEY = 'projects/p/locations/global/keyRings/ring/cryptoKeys/key';

function principal(stack: ReturnType<typeof newStack>, extra: object = {}) {
  return new AtlasAzureServicePrincipal(stack, 'AtlasPrincipal', {
    projectId: PROJECT_ID,
    credentials: creds(stack),
    servicePrincipalId: PRINCIPAL,
    tenantId: TENANT,
    keyVault: {
      subscriptionId: '66666666-7777-8888-9999-000000000000',
      resourceGroupName: 'atlas-ear',
      keyVaultName: 'atlas-ear-vault',
    },
    ...extra,
  });
}

/** The error a construct throws, with its rule id. */
function failure(fn: () => unknown): EarValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EarValidationError);
    return e as EarValidationError;
  }
  throw new Error('expected an EarValidationError');
}

describe('AtlasAzureServicePrincipal + secretless project encryption', () => {
  const stack = newStack();
  const sp = principal(stack);
  new AtlasProjectEncryption(stack, 'Encryption', {
    projectId: PROJECT_ID,
    credentials: creds(stack),
    azureKeyVault: azureProps(stack, { identity: AzureKeyVaultIdentity.fromAtlasServicePrincipal(sp) }),
  });
  const t = Template.fromStack(stack);
  const role = only(t, 'Custom::AtlasCloudProviderAccess');
  const authorization = only(t, 'Custom::AtlasCloudProviderAccessAuthorization');
  const project = only(t, 'Custom::AtlasProjectEncryption');

  test('the role: providerName AZURE with the principal and tenant; Atlas derives the app id (none sent)', () => {
    expect(specOf(role.resource)).toEqual({
      projectId: PROJECT_ID,
      credentialsSecretArn: API_KEY_ARN,
      providerName: 'AZURE',
      servicePrincipalId: PRINCIPAL,
      tenantId: TENANT,
    });
    expect(role.resource.DeletionPolicy).toBe('Retain');
  });

  test('the authorization names the app id Atlas returned', () => {
    expect(specOf(authorization.resource)).toEqual({
      projectId: PROJECT_ID,
      credentialsSecretArn: API_KEY_ARN,
      providerName: 'AZURE',
      roleId: `<${role.id}.RoleId>`,
      servicePrincipalId: PRINCIPAL,
      tenantId: TENANT,
      atlasAzureAppId: `<${role.id}.AtlasAzureAppId>`,
    });
    expect(authorization.resource.DeletionPolicy).toBe('Retain');
  });

  test('the project encryption uses the role id, with no client id or secret, after role and authorization', () => {
    const azure = specOf(project.resource).azure;
    expect(azure.roleId).toBe(`<${role.id}.RoleId>`);
    expect(azure).not.toHaveProperty('clientId');
    expect(azure).not.toHaveProperty('clientSecretArn');
    // Enabled after the role is authorized; on teardown disabled before the role goes (DEP-ORD-1/2).
    expect(project.resource.DependsOn).toEqual(expect.arrayContaining([role.id, authorization.id]));
    expect(JSON.stringify(t.findResources('AWS::IAM::Policy'))).not.toContain('azure');
  });

  test('the grant the operator makes is an attribute and a stack output, naming principal, roles and vault', () => {
    const scope =
      '/subscriptions/66666666-7777-8888-9999-000000000000/resourceGroups/atlas-ear/providers/Microsoft.KeyVault/vaults/atlas-ear-vault';
    expect(sp.requiredGrant).toContain(`service principal ${PRINCIPAL} (tenant ${TENANT})`);
    expect(sp.requiredGrant).toContain('"Key Vault Crypto User" and "Reader"');
    expect(sp.requiredGrant).toContain(
      `az role assignment create --assignee-object-id ${PRINCIPAL} --assignee-principal-type ServicePrincipal --role "Key Vault Crypto User" --scope ${scope}`,
    );
    expect(sp.requiredGrant).toContain('--role "Reader"');
    const outputs = t.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;
    const grant = Object.entries(outputs).find(([k]) => k.includes('RequiredGrant'));
    expect(grant?.[1].Value).toBe(sp.requiredGrant);
    const roleOut = Object.entries(outputs).find(([k]) => k.includes('RoleIdOutput'));
    expect(roleOut?.[1].Value).toEqual({ 'Fn::GetAtt': [role.id, 'RoleId'] });
  });
});

describe('AtlasAzureServicePrincipal rules', () => {
  test('SYN-AZ-2: ids that are not UUIDs, named as written', () => {
    const stack = newStack();
    const e = failure(() => principal(stack, { servicePrincipalId: 'atlas-sp' }));
    expect(e.ruleId).toBe('SYN-AZ-2');
    expect(e.message).toMatch(/Atlas Azure service principal servicePrincipalId: not a UUID \(got "atlas-sp"/);
    expect(failure(() => principal(newStack(), { tenantId: 'contoso.onmicrosoft.com' })).message).toMatch(/tenantId/);
    expect(failure(() => principal(newStack(), { atlasAzureAppId: 'atlas' })).message).toMatch(/atlasAzureAppId/);
    // The other side: well-formed ids (the app id given) pass and reach the Spec.
    const ok = newStack();
    principal(ok, { atlasAzureAppId: ATLAS_APP });
    expect(specOf(only(Template.fromStack(ok), 'Custom::AtlasCloudProviderAccess').resource).atlasAzureAppId).toBe(
      ATLAS_APP,
    );
  });

  test('SYN-PROJ-4: a malformed project id', () => {
    expect(failure(() => principal(newStack(), { projectId: 'my-project' })).ruleId).toBe('SYN-PROJ-4');
  });

  test('SYN-AZ-3: the vault must be in the tenant of the service principal', () => {
    const stack = newStack();
    const sp = principal(stack);
    // The same tenant passes (the suite above); a vault in another tenant than the principal does not.
    const e = failure(
      () =>
        new AtlasProjectEncryption(stack, 'Encryption', {
          projectId: PROJECT_ID,
          credentials: creds(stack),
          azureKeyVault: azureProps(stack, {
            tenantId: '99999999-2222-3333-4444-555555555555',
            identity: AzureKeyVaultIdentity.fromAtlasServicePrincipal(sp),
          }),
        }),
    );
    expect(e.ruleId).toBe('SYN-AZ-3');
    expect(e.message).toMatch(/tenantId.*is in tenant 11111111/);
  });

  test('SYN-PROJ-3: a principal set up for another project', () => {
    const stack = newStack();
    const sp = principal(stack, { projectId: OTHER_PROJECT_ID });
    const e = failure(
      () =>
        new AtlasProjectEncryption(stack, 'Encryption', {
          projectId: PROJECT_ID,
          credentials: creds(stack),
          azureKeyVault: azureProps(stack, { identity: AzureKeyVaultIdentity.fromAtlasServicePrincipal(sp) }),
        }),
    );
    expect(e.ruleId).toBe('SYN-PROJ-3');
  });

  test('DESTROY reaches both Specs, with the SYN-KEEP-2 warning', () => {
    const stack = newStack();
    const sp = principal(stack, { removalPolicy: RemovalPolicy.DESTROY });
    const t = Template.fromStack(stack);
    expect(specOf(only(t, 'Custom::AtlasCloudProviderAccess').resource).deletePolicy).toBe('DESTROY');
    expect(specOf(only(t, 'Custom::AtlasCloudProviderAccessAuthorization').resource).deletePolicy).toBe('DESTROY');
    expect(sp.removalPolicy).toBe(RemovalPolicy.DESTROY);
    Annotations.fromStack(stack).hasWarning('/Test/AtlasPrincipal', Match.stringLikeRegexp('^\\[SYN-KEEP-2\\]'));
    expect(only(t, 'Custom::AtlasCloudProviderAccess').resource.DeletionPolicy).toBe('Delete');
  });
});

describe('AtlasGoogleCloudServiceAccount + role-based project encryption', () => {
  const stack = newStack();
  const account = new AtlasGoogleCloudServiceAccount(stack, 'AtlasServiceAccount', {
    projectId: PROJECT_ID,
    credentials: creds(stack),
    cryptoKey: CRYPTO_KEY,
  });
  new AtlasProjectEncryption(stack, 'Encryption', {
    projectId: PROJECT_ID,
    credentials: creds(stack),
    googleCloudKms: {
      keyVersionResourceId: GCP_KEY_VERSION,
      identity: GoogleCloudKmsIdentity.fromAtlasServiceAccount(account),
    },
    allowGcpClusters: true,
  });
  const t = Template.fromStack(stack);
  const role = only(t, 'Custom::AtlasCloudProviderAccess');
  const project = only(t, 'Custom::AtlasProjectEncryption');

  test('the role: providerName GCP, retained; no authorization resource (Google Cloud roles need none)', () => {
    expect(specOf(role.resource)).toEqual({
      projectId: PROJECT_ID,
      credentialsSecretArn: API_KEY_ARN,
      providerName: 'GCP',
    });
    expect(role.resource.DeletionPolicy).toBe('Retain');
    expect(t.findResources('Custom::AtlasCloudProviderAccessAuthorization')).toEqual({});
  });

  test('the project encryption uses the role id with no service-account key, after the role', () => {
    const gcp = specOf(project.resource).gcp;
    expect(gcp).toEqual({ keyVersionResourceId: GCP_KEY_VERSION, roleId: `<${role.id}.RoleId>` });
    expect(project.resource.DependsOn).toEqual(expect.arrayContaining([role.id]));
    expect(JSON.stringify(t.toJSON())).not.toContain(GCP_SECRET_ARN);
  });

  test('the grant names the role, the key and the service account, as attribute and output', () => {
    const outputs = t.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;
    const grant = JSON.stringify(Object.entries(outputs).find(([k]) => k.includes('RequiredGrant'))?.[1].Value);
    expect(grant).toContain(`Grant roles/cloudkms.cryptoKeyEncrypterDecrypter on ${CRYPTO_KEY} to serviceAccount:`);
    expect(grant).toContain(
      'gcloud kms keys add-iam-policy-binding key --keyring ring --location global --project p --member serviceAccount:',
    );
    expect(grant).toContain(`"Fn::GetAtt":["${role.id}","GcpServiceAccountForAtlas"]`);
    const email = Object.values(outputs).find((o) => o.Description.startsWith('Email of the service account'));
    expect(email?.Value).toEqual({ 'Fn::GetAtt': [role.id, 'GcpServiceAccountForAtlas'] });
    expect(stack.resolve(account.serviceAccountEmail)).toEqual({
      'Fn::GetAtt': [role.id, 'GcpServiceAccountForAtlas'],
    });
  });
});

describe('AtlasGoogleCloudServiceAccount rules', () => {
  const make = (extra: object) => {
    const stack = newStack();
    return new AtlasGoogleCloudServiceAccount(stack, 'A', {
      projectId: PROJECT_ID,
      credentials: creds(stack),
      ...extra,
    });
  };

  test('SYN-GCP-1: cryptoKey must be a crypto key (or key version) name; both forms pass', () => {
    const e = failure(() => make({ cryptoKey: 'key' }));
    expect(e.ruleId).toBe('SYN-GCP-1');
    expect(e.message).toMatch(/cryptoKey.*"key"/);
    expect(make({ cryptoKey: CRYPTO_KEY }).requiredGrant).toContain(CRYPTO_KEY);
    expect(make({ cryptoKey: GCP_KEY_VERSION }).requiredGrant).toContain(`on ${CRYPTO_KEY} to`);
    expect(make({}).requiredGrant).toContain('on the key to');
  });

  test('SYN-GCP-2: a role and a service-account key cannot be combined; SYN-PROJ-3 on another project', () => {
    const stack = newStack();
    const other = new AtlasGoogleCloudServiceAccount(stack, 'Other', {
      projectId: OTHER_PROJECT_ID,
      credentials: creds(stack),
    });
    expect(
      failure(
        () =>
          new AtlasProjectEncryption(stack, 'Encryption', {
            projectId: PROJECT_ID,
            credentials: creds(stack),
            googleCloudKms: {
              keyVersionResourceId: GCP_KEY_VERSION,
              identity: GoogleCloudKmsIdentity.fromAtlasServiceAccount(other),
            },
          }),
      ).ruleId,
    ).toBe('SYN-PROJ-3');
  });
});

describe('identity factories take only their own role type', () => {
  test('a Google Cloud service account is no Azure service principal, and the reverse (tsc checks these lines)', () => {
    const stack = newStack();
    const account = new AtlasGoogleCloudServiceAccount(stack, 'A', {
      projectId: PROJECT_ID,
      credentials: creds(stack),
    });
    const sp = principal(stack);
    // @ts-expect-error an AtlasGoogleCloudServiceAccount has no servicePrincipalId or tenantId
    expect(AzureKeyVaultIdentity.fromAtlasServicePrincipal(account).roleId).toBe(account.roleId);
    // @ts-expect-error an AtlasAzureServicePrincipal has no serviceAccountEmail
    expect(GoogleCloudKmsIdentity.fromAtlasServiceAccount(sp).roleId).toBe(sp.roleId);
  });
});
