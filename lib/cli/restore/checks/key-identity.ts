/**
 * DEP-RST-9: the identity Atlas used to reach the snapshot's key is still there. A role-based identity (AWS IAM
 * role, Azure service principal, Atlas's Google service account) is a cloud-provider-access role of the source
 * project: Atlas cannot reach the key once it is removed or unauthorized. A static credential (Azure client secret,
 * Google service-account key) is held by Atlas, which never returns it, so its expiry cannot be seen from here.
 */
import {
  describeIdentity,
  identityOfBlock,
  isRoleIdentity,
  KEY_IDENTITY_KINDS,
  roleProblem,
} from '../../../core/atlas/key-identity';
import { blockOf } from '../../../core/atlas/providers';
import { line, type RestoreCheck } from '../check';

/** No line for a plain snapshot or an unknown provider (DEP-RST-2 says so); else one line on the identity. */
export const checkKeyIdentity: RestoreCheck = ({ facts, snapshotKey }) => {
  const p = snapshotKey.provider;
  if (snapshotKey.encrypted !== true || !p || !snapshotKey.key) return [];
  const identity = snapshotKey.identity;
  const project = facts.sourceProjectId;
  if (!identity) {
    return [
      line(
        'DEP-RST-9',
        'info',
        `the key history does not record which identity Atlas used for the snapshot's ${p} key (entries written by an earlier version of the library); the identity was not checked`,
      ),
    ];
  }
  const what = describeIdentity(identity);
  if (!isRoleIdentity(identity)) {
    const fix =
      identity.kind === 'AZURE_CLIENT_SECRET'
        ? `Check the expiry of the client secret of application ${identity.clientId ?? '(the configured client id)'} in Microsoft Entra ID (az ad app credential list --id <client id>); renew it before it expires, or move to the secretless identity (an Atlas Azure role).`
        : "Check that the service-account key still exists and is enabled (gcloud iam service-accounts keys list --iam-account <service account>), or move to Atlas's own service account (an Atlas Google Cloud role).";
    return [
      line(
        'DEP-RST-9',
        'manual',
        `the snapshot's key configuration used a ${what}: Atlas holds the credential and never returns it, so the CLI cannot check whether it still works or when it expires (Atlas cannot reach the key once it has expired)`,
        fix,
      ),
    ];
  }
  if (!identity.roleId) {
    return [
      line(
        'DEP-RST-9',
        'info',
        `the snapshot's key configuration used an ${what} whose role id is not recorded; not checked`,
      ),
    ];
  }
  const lookup = facts.snapshotKeyRole;
  if (!lookup || lookup.roleId !== identity.roleId) {
    return [line('DEP-RST-9', 'info', `${what}: not looked up in project ${project}`)];
  }
  const problem = roleProblem(identity, lookup, project);
  if (!problem) {
    return [line('DEP-RST-9', 'pass', `${what} exists in project ${project} and is authorized`)];
  }
  if ('error' in lookup) return [line('DEP-RST-9', 'warn', problem.problem, problem.fix)];
  // The project may now reach its keys through another role of the provider: then the snapshot's key needs a grant
  // for that role, which the CLI cannot see (Atlas does not document which role it uses for an earlier key).
  const now = identityOfBlock(blockOf(facts.sourceEncryption, p), p);
  if (now && now.roleId && now.roleId !== identity.roleId && isRoleIdentity(now)) {
    return [
      line(
        'DEP-RST-9',
        'warn',
        `${problem.problem}; the project now uses ${describeIdentity(now)}`,
        `Make sure ${KEY_IDENTITY_KINDS[now.kind].title} ${now.roleId} may use the snapshot's key ${snapshotKey.key.keyId}, or: ${problem.fix}`,
      ),
    ];
  }
  return [line('DEP-RST-9', 'fail', problem.problem, problem.fix)];
};
