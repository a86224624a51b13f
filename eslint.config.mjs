import nx from '@nx/eslint-plugin';

// Packages that only make sense on one platform. Shared code (platform:neutral)
// may import none of them, so the contracts stay usable from the browser and Node.
const nodeOnly = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'pg-*',
  'express',
  'nestjs-pino',
  'pino*',
  'ioredis',
  'openai',
  'prom-client',
  '@electric-sql/*',
];
const browserOnly = ['@angular/*', '@swimlane/*', 'rxjs', 'marked'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/.angular', 'tmp/**', 'data/**'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            // scope: who may use whom
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
            { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: ['scope:dashboard', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:shared', 'scope:api', 'scope:tooling'] },
            // type: layering (apps use libraries; test helpers reach tests only; contracts depend on nothing else)
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:util', 'type:contracts'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            // platform: what runtime the code may assume
            {
              sourceTag: 'platform:neutral',
              onlyDependOnLibsWithTags: ['platform:neutral'],
              bannedExternalImports: [...nodeOnly, ...browserOnly],
            },
            {
              sourceTag: 'platform:browser',
              onlyDependOnLibsWithTags: ['platform:browser', 'platform:neutral'],
              bannedExternalImports: nodeOnly,
            },
            {
              sourceTag: 'platform:node',
              onlyDependOnLibsWithTags: ['platform:node', 'platform:neutral'],
              bannedExternalImports: ['@angular/*', '@swimlane/*'],
            },
          ],
        },
      ],
    },
  },
];
