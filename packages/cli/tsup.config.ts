import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

export default defineConfig(
  libraryBuild({
    entry: ['src/index.ts', 'src/bin.ts'],
    dts: { entry: 'src/index.ts', compilerOptions: { ignoreDeprecations: '6.0' } },
  }),
);
