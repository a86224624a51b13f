import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      // Node built-ins are not packages, so enforce-module-boundaries cannot see
      // them; the contracts are loaded in the browser and must not use them.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'libs/statistics is platform-neutral: no Node built-ins.' },
            {
              regex: '^(fs|path|os|crypto|http|https|net|stream|zlib|child_process|worker_threads|url|util|buffer|events)(/.*)?$',
              message: 'libs/statistics is platform-neutral: no Node built-ins.',
            },
          ],
        },
      ],
    },
  },
];
