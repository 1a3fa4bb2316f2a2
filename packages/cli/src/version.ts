/** The version `ocispec --version` prints: the package's (set by the build; read from package.json from source). */
import { readFileSync } from 'node:fs';

declare const __OCISPEC_VERSION__: string | undefined;

function sourceVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export const VERSION: string =
  typeof __OCISPEC_VERSION__ === 'string' ? __OCISPEC_VERSION__ : sourceVersion();
