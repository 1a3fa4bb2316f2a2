/** The version `ocispec --version` prints: the package's (set by the build; read from package.json from source). */
import { fileURLToPath } from 'node:url';

import { nodeHostFS } from '@ocispec/core/internal';

declare const __OCISPEC_VERSION__: string | undefined;

function sourceVersion(): string {
  const file = fileURLToPath(new URL('../package.json', import.meta.url));
  const pkg = JSON.parse(new TextDecoder().decode(nodeHostFS.readFile(file))) as { version: string };
  return pkg.version;
}

export const VERSION: string =
  typeof __OCISPEC_VERSION__ === 'string' ? __OCISPEC_VERSION__ : sourceVersion();
