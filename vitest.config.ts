import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const conditions = ['@ocispec/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      ...['core', 'linux', 'windows', 'base-spec', 'cli'].map((name) => ({
        extends: true as const,
        test: { name, root: `packages/${name}`, include: ['test/**/*.test.ts'] },
      })),
      {
        extends: true as const,
        test: { name: 'conformance', root: 'test/conformance', include: ['**/*.test.ts'] },
      },
    ],
  },
});
