import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships CommonJS and ES builds; Yoga loads the CommonJS one. Point our imports at the
  // same file so there is one GraphQLError class, as under plain Node.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Integration files start real servers and use short deadlines: on a 2-core machine,
    // running them side by side would make deadline-based assertions flaky.
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
