// Lint: typescript-eslint recommended rules over the whole tree.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './scripts/eslint/layers.mjs';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'cdk.out/', '**/cdktf.out/', 'assets/', 'coverage/', 'docs/api/', '.gen/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The layer arrows of docs/design.md.
  { files: ['lib/**/*.ts'], plugins: { layers }, rules: { 'layers/no-upward-imports': 'error' } },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
