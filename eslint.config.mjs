import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/coverage',
      '**/.angular',
      '**/.nx',
      '**/.data',
      'tmp',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.cjs', '**/*.js'],
    plugins: { '@nx': nx },
    rules: {
      // The architecture, enforced: domain depends on nothing of ours, contracts only on
      // domain, apps only on libs, and the portal never on the API.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          banTransitiveDependencies: true,
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
            { sourceTag: 'scope:portal', notDependOnLibsWithTags: ['scope:api'] },
            { sourceTag: 'scope:api', notDependOnLibsWithTags: ['scope:portal'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The domain is pure: no framework, no persistence, no I/O.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', '@angular/*', 'typeorm', 'pg', 'rxjs', 'node:*', 'fs', 'http'],
              message: 'libs/domain is pure TypeScript: no framework or I/O imports.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e.ts'],
    rules: {
      'no-restricted-globals': ['error', 'fdescribe', 'fit', 'xdescribe', 'xit'],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        jasmine: 'readonly',
      },
    },
  },
  prettier,
);
