import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Beyond the recommended rules, the layering of STYLE.md §2: a module is entered through its
 * index.ts (its contracts and, for foreign keys and documented read models, its schema);
 * domain code reads neither the wall clock nor the environment.
 */
export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', '.cache/', '.scratch/', 'test-results/', 'playwright-report/', 'migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/modules/**/*.ts'],
    ignores: ['src/modules/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A module's sub-folder (customers/tags/) may reach its own ../domain/ rules.
              regex: '^\\.\\./(?!\\.|domain/)[^/]+/(?!index\\.ts$|schema\\.ts$|contracts\\.ts$|domain/|errors\\.ts$)',
              message: 'Import another module through its index.ts (STYLE.md §2).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/modules/*/domain/**/*.ts', 'src/kernel/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/kernel/clock.ts', 'src/kernel/ids.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the injected Clock.' },
        { object: 'process', property: 'env', message: 'Domain code takes its settings as arguments.' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the injected Clock.' }],
    },
  },
);
