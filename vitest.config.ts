import { defaultServerConditions } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';

const conditions = ['@ocispec/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // CI sets OCISPEC_TEST_REPORT to a file path to get a JSON summary next to the default output.
    reporters: process.env.OCISPEC_TEST_REPORT
      ? ['default', ['json', { outputFile: process.env.OCISPEC_TEST_REPORT }]]
      : ['default'],
    projects: [
      ...[
        'core',
        'linux',
        'windows',
        'base-spec',
        'cri',
        'cri-client',
        'validate',
        'cli',
        'cdi',
        'testing',
      ].map((name) => ({
        extends: true as const,
        test: { name, root: `packages/${name}`, include: ['test/**/*.test.ts'] },
      })),
      {
        extends: true as const,
        test: { name: 'conformance', root: 'test/conformance', include: ['**/*.test.ts'] },
      },
      {
        extends: true as const,
        test: { name: 'packaging', root: 'test/packaging', include: ['**/*.test.ts'] },
      },
      {
        extends: true as const,
        test: { name: 'go-decode', root: 'test/go-decode', include: ['**/*.test.ts'] },
      },
      {
        extends: true as const,
        test: { name: 'docs', root: 'test/docs', include: ['*.test.ts'] },
      },
      {
        extends: true as const,
        test: { name: 'team-policy', root: 'examples/team-policy', include: ['test/**/*.test.ts'] },
      },
      {
        extends: true as const,
        test: {
          name: 'e2e',
          root: 'test/e2e',
          include: ['**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'containerd/**'],
        },
      },
      {
        extends: true as const,
        test: { name: 'containerd', root: 'test/e2e/containerd', include: ['**/*.test.ts'] },
      },
    ],
  },
});
