// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The rules that matter most here are the promise rules: a promise that is
 * neither awaited nor returned is the bug this project exists to prevent (on
 * Lambda, I/O still in flight when the handler settles is frozen and lost).
 * `void promise` is refused too: it is the usual way to silence the rule.
 */
export default tseslint.config(
  { ignores: ['node_modules/', '.serverless/', '.esbuild/', 'web/dist/', 'test-output/', 'coverage/', 'test/fixtures/lint/', 'bench/.models/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'scripts/serverless/*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false, ignoreIIFE: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/return-await': ['error', 'always'],
      'no-void': 'error',
      // no-floating-promises accepts `p.catch(f)` and `p.then(f, g)` as handled; on Lambda they are
      // still left running when the handler returns, and frozen.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExpressionStatement > CallExpression[callee.property.name=/^(then|catch|finally)$/]',
          message: 'Await the promise instead of chaining on it: on Lambda, work still running when the handler returns is frozen and lost.',
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Server code: Promise.all/race/any return while other promises of the group are still running,
    // which on Lambda means frozen I/O. settleAll (src/settle-all.ts) waits for every one.
    files: ['src/**/*.ts'],
    ignores: ['src/client/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['all', 'race', 'any'].map((property) => ({
          object: 'Promise',
          property,
          message: 'Use settleAll (src/settle-all.ts): on Lambda, a promise still running when the handler returns is frozen and lost.',
        })),
      ],
    },
  },
  {
    // Tests fake AWS and the network: unsafe `any` from mocks is expected there.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
