'use strict';
// `pnpm --silent ocispec ...` inside the repository: pnpm runs a workspace script from the workspace root, so the
// CLI would read `web.json` from the root. Paths on its command line mean what they mean in the directory the
// command was typed in (INIT_CWD, set by pnpm and npm), as they do for the installed `ocispec`.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
require('../packages/cli/launcher/bin.cjs');
