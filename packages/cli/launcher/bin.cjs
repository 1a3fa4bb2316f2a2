#!/usr/bin/env node
'use strict';
// The `ocispec` command: loads the CLI bundle (dist/ocispec.cjs) through V8's code cache (dist/ocispec.cjs.cache,
// written by the build), so that a cold start compiles almost nothing. A cache V8 rejects (another Node version)
// only costs the compile. Plain CommonJS: Node's ESM loader would cost more than everything below.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const bundle = path.join(__dirname, '..', 'dist', 'ocispec.cjs');
const cacheFile = `${bundle}.cache`;
// esbuild writes ASCII (its default charset escapes the rest), so latin1 reads it as utf8 would, without the
// UTF-8 decoding of 800 KB.
const source = fs.readFileSync(bundle, 'latin1');
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  cachedData,
});
const module_ = { exports: {} };
script.runInThisContext()(module_.exports, require, module_, bundle, path.dirname(bundle));
if (process.env.OCISPEC_WRITE_CODE_CACHE === '1') {
  // The build: run what start-up matters for, then record every function compiled so far.
  module_.exports.warm().then(() => fs.writeFileSync(cacheFile, script.createCachedData()));
} else {
  // The bundle's own `import()` does not survive the code cache: plugin modules are imported from here.
  module_.exports.start((specifier) => import(specifier));
}
