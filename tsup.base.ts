import type { Options } from 'tsup';

/** The build every package shares: ESM for Node 20 with type declarations (see docs/architecture.md). */
export function libraryBuild(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm'],
    // tsup injects `baseUrl` into the dts program, which TypeScript 6 deprecates.
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    target: 'node20',
    clean: true,
    removeNodeProtocol: false,
    ...overrides,
  };
}
