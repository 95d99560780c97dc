// The e2e flavour of the packaged build: identical, except the Node inspector fuse stays on so
// that Playwright's _electron can attach (it times out when the fuse is off).
const base = require('js-yaml').load(require('node:fs').readFileSync(`${__dirname}/electron-builder.yml`, 'utf8'));
module.exports = {
  ...base,
  directories: { ...base.directories, output: 'release/e2e-${version}' },
  electronFuses: { ...base.electronFuses, enableNodeCliInspectArguments: true },
};
