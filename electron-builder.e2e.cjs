// The e2e flavour of the packaged build (`npm run package:e2e`): identical, except the
// Node inspector fuse stays on, because Playwright's _electron attaches through --inspect.
// Never ship it. Written to release/e2e-<version>, where the Electron e2e project looks first.
const base = require('./electron-builder.config.cjs');

/** @type {import('electron-builder').Configuration} */
module.exports = {
  ...base,
  directories: { ...base.directories, output: 'release/e2e-${version}' },
  electronFuses: { ...base.electronFuses, enableNodeCliInspectArguments: true },
  publish: null,
};
