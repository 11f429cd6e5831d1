// The layer arrows of docs/design.md as a lint rule: each folder lists what it may not import, by resolved path
// (relative imports) or by package name, so a wrong import fails `npm test`.
import { dirname, relative, resolve } from 'node:path';

const ENGINES = ['aws-cdk-lib', 'constructs', 'cdktf', '@cdktf/'];
const NETWORK = ['@aws-sdk/', 'oauth4webapi', 'node:http', 'node:https', 'node:net'];

/** Folder (below the repo root) → forbidden folders and packages. The most specific folder wins. */
export const LAYERS = [
  {
    folder: 'lib/core',
    why: 'core is engine-free and pure',
    paths: ['lib/cdk', 'lib/cdktf', 'lib/cli', 'lib/atlas'],
    packages: [...ENGINES, ...NETWORK],
  },
  {
    folder: 'lib/atlas',
    why: 'the Atlas client serves the handler and the CLI, never an engine',
    paths: ['lib/cdk', 'lib/cdktf', 'lib/cli'],
    packages: ENGINES,
  },
  {
    folder: 'lib/cli',
    why: 'the CLI needs no engine',
    paths: ['lib/cdk', 'lib/cdktf'],
    // The construct/handler contract (resource types, Spec fields) is engine-free, so the CLI may read templates by it.
    allow: ['lib/cdk/custom-resources'],
    packages: ENGINES,
  },
  {
    folder: 'lib/cdk/handler',
    why: 'the handler runs in Lambda without aws-cdk-lib',
    paths: ['lib/cdktf', 'lib/cli', 'lib/cdk/private', 'lib/cdk/testing'],
    packages: ENGINES,
  },
  {
    folder: 'lib/cdk/custom-resources',
    why: 'the construct/handler contract is types and pure helpers only',
    paths: ['lib/cdk/handler', 'lib/atlas', 'lib/cdktf', 'lib/cli'],
    packages: [...ENGINES, ...NETWORK],
  },
  {
    folder: 'lib/cdk',
    why: 'constructs never import the handler or the network client',
    paths: ['lib/cdk/handler', 'lib/atlas', 'lib/cdktf', 'lib/cli'],
    packages: ['cdktf', '@cdktf/', ...NETWORK],
  },
  {
    folder: 'lib/cdktf',
    why: 'the Terraform engine never loads aws-cdk-lib, the handler or the network client',
    paths: ['lib/cdk', 'lib/atlas', 'lib/cli'],
    packages: ['aws-cdk-lib', ...NETWORK],
  },
];

function layerOf(root, file) {
  const rel = relative(root, file).split('\\').join('/');
  return LAYERS.filter((l) => rel === l.folder || rel.startsWith(`${l.folder}/`)).sort(
    (a, b) => b.folder.length - a.folder.length,
  )[0];
}

function within(rel, folder) {
  return rel === folder || rel.startsWith(`${folder}/`);
}

const rule = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { layer: '{{what}} may not be imported here: {{why}} (docs/design.md).' },
  },
  create(context) {
    // eslint runs from the repo root (eslint.config.mjs lives there).
    const root = context.cwd;
    const layer = layerOf(root, context.filename);
    if (!layer) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      let bad;
      if (source.startsWith('.')) {
        const target = relative(root, resolve(dirname(context.filename), source))
          .split('\\')
          .join('/');
        // A deeper folder of the file's own layer is allowed unless listed (lib/cdk may use lib/cdk/private).
        bad = (layer.allow ?? []).some((a) => within(target, a))
          ? undefined
          : layer.paths.find((p) => within(target, p));
      } else {
        bad = layer.packages.find((p) =>
          p.endsWith('/') ? source.startsWith(p) : source === p || source.startsWith(`${p}/`),
        );
      }
      if (bad) context.report({ node, messageId: 'layer', data: { what: bad, why: layer.why } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        )
          check(node, node.arguments[0].value);
      },
    };
  },
};

export default { rules: { 'no-upward-imports': rule } };
