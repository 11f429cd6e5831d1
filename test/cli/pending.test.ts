/**
 * `status`'s pending changes: reading what a template asks for (from what both engines really synthesize), and
 * comparing it with Atlas.
 */
import { App } from 'aws-cdk-lib';
import { Testing } from 'cdktf';
import { AzureKeyVaultExampleStack } from '../../examples/azure-key-vault/stack';
import { AtlasEncryptionAtRestExampleStack } from '../../examples/cdk/stack';
import { pendingChanges } from '../../lib/cli/pending';
import { wantedClusters } from '../../lib/cli/stack-template';
import { cluster, PROJECT } from './fixtures';

describe('wantedClusters', () => {
  it('reads the clusters of a cdk template (Spec as a JSON string), ignoring other resources', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new AtlasEncryptionAtRestExampleStack(app, 'Example', {
      env: { account: '123456789012', region: 'us-east-1' },
    });
    const template = JSON.stringify(app.synth().getStackArtifact(stack.artifactId).template);
    const project = '65f1c0ffee0123456789abcd'; // the example's project
    expect(wantedClusters(template, 'Example.template.json', project)).toEqual([
      { name: 'orders', provider: 'AWS', source: 'Example.template.json: OrdersOnAws56F51425' },
      { name: 'catalog', provider: 'AZURE', source: 'Example.template.json: CatalogOnAzureF638E8CF' },
    ]);
    // A literal project id of another project: not this project's clusters.
    expect(wantedClusters(template, 'Example.template.json', PROJECT)).toEqual([]);
  });

  it('reads the clusters of a cdktf cdk.tf.json (project_id a reference: assumed this project)', () => {
    const app = Testing.app();
    const text = Testing.synth(new AzureKeyVaultExampleStack(app, 'atlas-ear-azure'));
    const wanted = wantedClusters(text, 'cdk.tf.json', PROJECT);
    expect(wanted.map((w) => [w.name, w.provider])).toEqual([['orders', 'AZURE']]);
    expect(wanted[0].source).toMatch(/^cdk\.tf\.json: mongodbatlas_advanced_cluster\./);
  });

  const spec = (o: object): unknown => ({
    Resources: { C: { Type: 'Custom::AtlasEncryptedCluster', Properties: { Spec: JSON.stringify(o) } } },
  });

  it('unwraps aws cloudformation get-template output (TemplateBody as an object or a string)', () => {
    const body = spec({ projectId: PROJECT, name: 'orders', encryptionProvider: 'GCP' });
    for (const doc of [{ TemplateBody: body }, { TemplateBody: JSON.stringify(body) }]) {
      expect(wantedClusters(JSON.stringify(doc), 'f', PROJECT)).toEqual([
        { name: 'orders', provider: 'GCP', source: 'f: C' },
      ]);
    }
  });

  it('leaves out a cluster whose name or provider is computed at deploy time', () => {
    const doc = {
      Resources: {
        C: {
          Type: 'Custom::AtlasEncryptedCluster',
          Properties: { Spec: { 'Fn::Join': ['', ['{"name":"', { Ref: 'Name' }, '","encryptionProvider":"AWS"}']] } },
        },
      },
    };
    expect(wantedClusters(JSON.stringify(doc), 'f', PROJECT)).toEqual([]);
  });

  it.each([
    ['YAML', 'Resources:\n  C: {}\n', /not a JSON template \(YAML templates are not read\)/],
    ['a YAML TemplateBody', JSON.stringify({ TemplateBody: 'Resources: {}' }), /TemplateBody is not JSON/],
    [
      'no library cluster',
      JSON.stringify({ Resources: { K: { Type: 'AWS::KMS::Key' } } }),
      /has no cluster to compare/,
    ],
  ])('rejects %s with what to pass', (_n, text, re) => {
    expect(() => wantedClusters(text, 't.json', PROJECT)).toThrow(re);
  });
});

describe('pendingChanges', () => {
  const want = (name: string, provider: 'AWS' | 'AZURE' | 'GCP' | 'NONE') => ({ name, provider, source: 't: X' });

  describe('with a template', () => {
    it('a cluster at the provider the template asks for: nothing pending', () => {
      expect(
        pendingChanges({ clusters: [cluster('orders')], enabledProviders: ['AWS'], wanted: [want('orders', 'AWS')] }),
      ).toEqual([]);
    });

    it("IDLE at NONE while the template asks for a provider: step 2 is pending (the handler's PendingStep)", () => {
      const [p] = pendingChanges({
        clusters: [cluster('orders', { encryptionAtRestProvider: 'NONE' })],
        enabledProviders: ['AWS'],
        wanted: [want('orders', 'AWS')],
      });
      expect(p).toMatchObject({
        cluster: 'orders',
        current: 'NONE',
        wanted: 'AWS',
        basis: 'template',
        step: 'encryptionAtRestProvider=AWS',
      });
      expect(p.message).toMatch(/step 2 of the provider switch \(DEP-SW-1\) is pending.*Redeploy/);
    });

    it('still moving to NONE: step 1 is running', () => {
      const [p] = pendingChanges({
        clusters: [cluster('orders', { encryptionAtRestProvider: 'NONE', stateName: 'UPDATING' })],
        enabledProviders: ['AWS'],
        wanted: [want('orders', 'AWS')],
      });
      expect(p.message).toMatch(/at NONE \(UPDATING\).*step 1 of the switch is still running/);
    });

    it('on another provider: the whole switch is pending, through NONE', () => {
      const [p] = pendingChanges({
        clusters: [cluster('orders', { encryptionAtRestProvider: 'AZURE' })],
        enabledProviders: ['AWS', 'AZURE'],
        wanted: [want('orders', 'AWS')],
      });
      expect(p).toMatchObject({
        current: 'AZURE',
        step: 'encryptionAtRestProvider=NONE, then encryptionAtRestProvider=AWS',
      });
      expect(p.message).toMatch(/not deployed yet/);
    });

    it('a provider while the template asks for NONE: one step', () => {
      const [p] = pendingChanges({
        clusters: [cluster('orders')],
        enabledProviders: ['AWS'],
        wanted: [want('orders', 'NONE')],
      });
      expect(p.step).toBe('encryptionAtRestProvider=NONE');
    });

    it('in the template, not in Atlas', () => {
      const [p] = pendingChanges({ clusters: [], enabledProviders: ['AWS'], wanted: [want('orders', 'AWS')] });
      expect(p).toMatchObject({ cluster: 'orders', current: 'ABSENT', basis: 'template' });
      expect(p.step).toBeUndefined();
    });

    it('clusters the template does not name are not judged', () => {
      expect(
        pendingChanges({
          clusters: [cluster('adhoc', { encryptionAtRestProvider: 'NONE' })],
          enabledProviders: ['AWS'],
          wanted: [],
        }),
      ).toEqual([]);
    });
  });

  describe('from Atlas alone', () => {
    it('a cluster at NONE while the project has providers: possibly pending', () => {
      const pending = pendingChanges({
        clusters: [
          cluster('orders'),
          cluster('plain', { encryptionAtRestProvider: 'NONE' }),
          cluster('unset', { encryptionAtRestProvider: undefined }),
        ],
        enabledProviders: ['AWS', 'GCP'],
      });
      expect(pending.map((p) => [p.cluster, p.basis])).toEqual([
        ['plain', 'possible'],
        ['unset', 'possible'],
      ]);
      expect(pending[0].message).toMatch(/AWS, GCP enabled.*pass --template/);
    });

    it('no provider on the project: nothing can be pending', () => {
      expect(
        pendingChanges({ clusters: [cluster('plain', { encryptionAtRestProvider: 'NONE' })], enabledProviders: [] }),
      ).toEqual([]);
    });
  });
});
