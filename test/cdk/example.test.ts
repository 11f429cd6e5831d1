import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { assetHashSerializer } from 'atlas-encryption-at-rest/cdk';
import { AtlasEncryptionAtRestExampleStack } from '../../examples/cdk/stack';

expect.addSnapshotSerializer(assetHashSerializer);

describe('examples/cdk', () => {
  // As examples/cdk/app.ts, with cdk-nag AwsSolutions; aws-cdk-lib's built-in template validation is off here for
  // speed (it costs ~4 s) and stays on in the app itself, where `npx cdk synth` runs it.
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new AtlasEncryptionAtRestExampleStack(app, 'AtlasEncryptionAtRestExample', {
    env: { account: '123456789012', region: 'us-east-1' },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const template = Template.fromStack(stack); // throws on any unacknowledged cdk-nag finding

  test('template snapshot (asset hashes replaced, so only template changes show)', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('one AWS KMS key, AWS + Azure project encryption, one cluster per provider', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('Custom::AtlasProjectEncryption', 1);
    template.resourceCountIs('Custom::AtlasEncryptedCluster', 2);
    for (const provider of ['AWS', 'AZURE']) {
      template.hasResourceProperties('Custom::AtlasEncryptedCluster', {
        Spec: Match.stringLikeRegexp(`"encryptionProvider":"${provider}"`),
      });
    }
  });

  test('no warnings from the library', () => {
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('\\[SYN-'))).toEqual([]);
  });

  test('cdk.json bundles the handler when it is missing or stale, then runs the example with tsx', () => {
    const cdkJson = JSON.parse(readFileSync(join(__dirname, '../../cdk.json'), 'utf8'));
    expect(cdkJson.app).toBe('node scripts/bundle.mjs handler --if-stale --quiet && npx tsx examples/cdk/app.ts');
  });
});

describe('assetHashSerializer', () => {
  test('replaces 64-hex asset hashes, leaves other strings alone', () => {
    const hash = 'a'.repeat(64);
    expect(assetHashSerializer.test(`${hash}.zip`)).toBe(true);
    expect(assetHashSerializer.test('index.handler')).toBe(false);
    expect({ S3Key: `${hash}.zip`, Handler: 'index.handler' }).toMatchInlineSnapshot(`
{
  "Handler": "index.handler",
  "S3Key": "[ASSET-HASH].zip",
}
`);
  });
});
