/**
 * Security gates on the examples: cdk-nag AwsSolutions and NIST 800-53 R5 with zero unacknowledged findings,
 * no IAM statement with a wildcard resource for KMS or Secrets Manager, the external-id condition on the trust
 * policy, and a search of every output (cdk.out, cdktf.out, handler logs, CloudFormation responses, failure
 * reasons) for the test's secret values.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App as TfApp } from 'cdktf';
import { createExampleApp } from '../../examples/cdk/app';
import { AzureKeyVaultExampleStack } from '../../examples/azure-key-vault/stack';
import { CfnTemplate, loadTemplate, summarize } from '../support/cloudformation';
import { AZURE_CLIENT_SECRET, E2EWorld, newStack, REPO, secretValuesSeen, STACK, startWorld } from './support';

jest.setTimeout(120_000);

/** Every file under `dir`, as text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, text: readFileSync(p, 'utf8') });
  }
  return out;
}

/** Identity-policy statements of a template: inline role policies, AWS::IAM::Policy and managed policies. */
function identityStatements(t: CfnTemplate): Array<{ where: string; Action: unknown; Resource: unknown }> {
  const out: Array<{ where: string; Action: unknown; Resource: unknown }> = [];
  for (const [id, r] of Object.entries(t.Resources)) {
    const p = (r.Properties ?? {}) as Record<string, unknown>;
    const docs: unknown[] = [];
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') docs.push(p.PolicyDocument);
    if (r.Type === 'AWS::IAM::Role')
      for (const pol of (p.Policies as Array<{ PolicyDocument: unknown }>) ?? []) docs.push(pol.PolicyDocument);
    for (const d of docs) {
      for (const s of ((d as { Statement?: unknown[] })?.Statement ?? []) as Array<Record<string, unknown>>) {
        out.push({ where: id, Action: s.Action, Resource: s.Resource });
      }
    }
  }
  return out;
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe('security gates', () => {
  const outdir = join(REPO, 'cdk.out', 'e2e', 'security');
  let template: CfnTemplate;

  beforeAll(() => {
    // The example app exactly as `npx cdk synth` builds it: AwsSolutions + NIST 800-53 R5, built-in validation on.
    process.env.TF_VAR_atlas_private_key = AZURE_CLIENT_SECRET; // must never reach any synthesized file
    const { app } = createExampleApp({ appProps: { outdir } });
    app.synth(); // throws on any unacknowledged cdk-nag finding
    template = loadTemplate(outdir, STACK);
  });
  afterAll(() => {
    delete process.env.TF_VAR_atlas_private_key;
  });

  test('cdk-nag AwsSolutions and NIST 800-53 R5: zero unacknowledged findings', () => {
    const reportPath = join(outdir, 'validation-report.json');
    let report: { pluginReports?: Array<{ pluginName: string; conclusion: string }> } = {};
    try {
      report = JSON.parse(readFileSync(reportPath, 'utf8'));
    } catch {
      // No report: nothing failed.
    }
    for (const p of report.pluginReports ?? []) expect(`${p.pluginName}: ${p.conclusion}`).toMatch(/: success$/);
  });

  test('no IAM statement with a wildcard resource for KMS or Secrets Manager', () => {
    const statements = identityStatements(template);
    const relevant = statements.filter((s) => asList(s.Action).some((a) => /^(kms|secretsmanager):/.test(String(a))));
    expect(relevant.length).toBeGreaterThan(0);
    for (const s of relevant) {
      for (const r of asList(s.Resource)) {
        expect({ where: s.where, resource: JSON.stringify(r) }).toEqual({
          where: s.where,
          resource: expect.not.stringContaining('*'),
        });
      }
    }
    // Nor any action wildcard on those services.
    for (const s of statements)
      for (const a of asList(s.Action)) expect(String(a)).not.toMatch(/^(kms|secretsmanager):\*$/);
  });

  test('the IAM role Atlas assumes trusts only the Atlas principal, with the external-id condition', () => {
    const roleId = Object.keys(template.Resources).find(
      (id) => template.Resources[id].Type === 'AWS::IAM::Role' && id.startsWith('AwsKeyRole'),
    )!;
    const cpaId = Object.keys(template.Resources).find(
      (id) => template.Resources[id].Type === 'Custom::AtlasCloudProviderAccess',
    )!;
    const doc = (template.Resources[roleId].Properties as { AssumeRolePolicyDocument: { Statement: unknown[] } })
      .AssumeRolePolicyDocument;
    expect(doc.Statement).toHaveLength(1);
    expect(doc.Statement[0]).toMatchObject({
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::GetAtt': [cpaId, 'AtlasAwsAccountArn'] } },
      Condition: { StringEquals: { 'sts:ExternalId': { 'Fn::GetAtt': [cpaId, 'ExternalId'] } } },
    });
  });

  describe('secret values never appear in any output', () => {
    let world: E2EWorld;
    const outputs: Array<{ what: string; text: string }> = [];

    beforeAll(async () => {
      world = await startWorld('security-deploy');
      // A clean deploy, an update and a failing deploy whose Atlas error echoes the client secret.
      const ok = newStack(world);
      const created = await ok.sim.deploy(ok.template);
      expect(created.status).toBe('CREATE_COMPLETE');
      const failing = newStack(world);
      world.emu.faults.add({
        method: 'PATCH',
        path: new RegExp(`/groups/${failing.projectId}/encryptionAtRest$`),
        times: 1,
        status: 400,
        errorCode: 'VALIDATION_ERROR',
        detail: `Invalid azureKeyVault.secret "${AZURE_CLIENT_SECRET}" for client aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee.`,
      });
      const failed = await failing.sim.deploy(failing.template);
      console.log(summarize(failed));
      expect(failed.status).toBe('ROLLBACK_COMPLETE');
      expect(failed.failure?.reason).toMatch(/VALIDATION_ERROR/);
      for (const [name, s] of [
        ['ok', ok],
        ['failing', failing],
      ] as const) {
        outputs.push(
          { what: `${name}: handler logs`, text: s.sim.logs.join('\n') },
          { what: `${name}: CloudFormation responses`, text: JSON.stringify(s.sim.responses) },
          { what: `${name}: failure reasons`, text: s.sim.requests.map((r) => r.reason ?? '').join('\n') },
        );
      }
      // Atlas received the secret (so the search is meaningful), in the request the handler built.
      expect(world.emu.state.project(ok.projectId).ear.azureKeyVault.secret).toBe(AZURE_CLIENT_SECRET);
      for (const f of filesUnder(world.cdkOut)) outputs.push({ what: f.path, text: f.text });
      for (const f of filesUnder(outdir)) outputs.push({ what: f.path, text: f.text });
      // The cdktf example, synthesized to a temp dir with a marker in the Atlas private-key variable's env.
      const tfOut = mkdtempSync(join(tmpdir(), 'atlas-ear-cdktf-'));
      try {
        const app = new TfApp({ outdir: tfOut });
        new AzureKeyVaultExampleStack(app, 'atlas-ear-azure');
        app.synth();
        const files = filesUnder(tfOut);
        expect(files.some((f) => f.path.endsWith('cdk.tf.json'))).toBe(true);
        for (const f of files) outputs.push({ what: f.path, text: f.text });
      } finally {
        rmSync(tfOut, { recursive: true, force: true });
      }
    });
    afterAll(async () => world?.stop());

    test('searched: cdk.out, cdktf.out, handler logs, responses, failure reasons', () => {
      expect(outputs.length).toBeGreaterThan(10);
      expect(secretValuesSeen.size).toBeGreaterThanOrEqual(2);
      const leaks: string[] = [];
      for (const secret of secretValuesSeen) {
        for (const o of outputs) if (o.text.includes(secret)) leaks.push(`${o.what} contains a secret value`);
      }
      expect(leaks).toEqual([]);
      // The failure reason still says what went wrong, with the secret scrubbed.
      expect(outputs.find((o) => o.what === 'failing: failure reasons')!.text).toMatch(/VALIDATION_ERROR/);
    });
  });
});
