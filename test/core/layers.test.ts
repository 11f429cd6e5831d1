import { join } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import layers from '../../scripts/eslint/layers.mjs';

const ROOT = join(__dirname, '../..');

function lint(file: string, code: string): string[] {
  const linter = new Linter({ cwd: ROOT });
  const config = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { layers },
      rules: { 'layers/no-upward-imports': 'error' as const },
    },
  ];
  return linter.verify(`${code}\nexport {};\n`, config, { filename: join(ROOT, file) }).map((m) => m.message);
}

describe('layer arrows are lint errors', () => {
  test.each([
    ['lib/core/rules/x.ts', "import { Stack } from 'aws-cdk-lib';", 'aws-cdk-lib'],
    ['lib/core/rules/x.ts', "import { AtlasClient } from '../../atlas/client';", 'lib/atlas'],
    ['lib/atlas/x.ts', "import { EncryptedCluster } from '../cdk/encrypted-cluster';", 'lib/cdk'],
    ['lib/cli/x.ts', "import { AtlasProjectEncryption } from '../cdktf/atlas-project-encryption';", 'lib/cdktf'],
    ['lib/cdk/x.ts', "import { handler } from './handler';", 'lib/cdk/handler'],
    ['lib/cdk/handler/x.ts', "import { Stack } from 'aws-cdk-lib';", 'aws-cdk-lib'],
    ['lib/cdktf/x.ts', "const cdk = require('aws-cdk-lib');", 'aws-cdk-lib'],
  ])('%s: %s', (file, code, what) => {
    expect(lint(file, code)).toEqual([expect.stringContaining(`${what} may not be imported`)]);
  });

  test.each([
    ['lib/core/rules/x.ts', "import { RULES } from '../catalogue/rule-registry';"],
    ['lib/cdk/handler/x.ts', "import { AtlasClient } from '../../atlas/client';"],
    ['lib/cdk/x.ts', "import { atlasCustomResource } from './private/custom-resource';"],
    ['lib/cli/x.ts', "import { clusterSpecFromWire } from '../core/atlas/cluster';"],
  ])('allowed: %s: %s', (file, code) => {
    expect(lint(file, code)).toEqual([]);
  });
});
