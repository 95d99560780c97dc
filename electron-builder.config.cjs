// Packaged builds: `npm run package` (scripts/package.mjs) builds the app with electron-vite,
// builds better-sqlite3 for Electron into native/electron, then runs electron-builder with this.
//
// Environment, read at build time:
//   TRADEDESK_UPDATE_URL      generic update feed (latest.yml, latest-mac.yml, … and the files);
//                             without it the build has no app-update.yml and never checks
//   TRADEDESK_UPDATE_CHANNEL  feed channel (default "latest")
//   TRADEDESK_DEMO_ONLY=1     a demo-only build: updates off ("tradedesk.updates": false)
const updateUrl = process.env.TRADEDESK_UPDATE_URL?.trim();
const demoOnly = process.env.TRADEDESK_DEMO_ONLY === '1';

/**
 * electron-builder's own deb dependencies (app-builder-lib FpmTarget.getDefaultDepends('deb')),
 * which a `depends` list replaces rather than extends — so they are repeated here, then ours.
 */
const DEB_DEFAULT_DEPENDS = [
  'libgtk-3-0',
  'libnotify4',
  'libnss3',
  'libxss1',
  'libxtst6',
  'xdg-utils',
  'libatspi2.0-0',
  'libuuid1',
  'libsecret-1-0',
];
/** Electron's own Linux runtime needs beyond those (audio, GBM for the GPU process, NSPR). */
const DEB_EXTRA_DEPENDS = ['libasound2 | libasound2t64', 'libgbm1', 'libnspr4'];

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'app.tradedesk.terminal',
  productName: 'Tradedesk',
  copyright: 'Copyright © 2026 Tradedesk',
  directories: { output: 'release/${version}', buildResources: 'resources' },
  files: [
    'out/**',
    // The embedded demo backend applies these migrations and the seed at run time.
    'supabase/**',
    'package.json',
    '!**/*.map',
    // Electron's build of better-sqlite3 ships in resources/native (extraResources); the Node
    // build, the C++ sources and the SQLite amalgamation stay out of the package.
    '!**/node_modules/better-sqlite3/{build,deps,src}/**',
    // Bundled into out/renderer already; main never loads them.
    '!**/node_modules/{react,react-dom,scheduler,zustand}/**',
  ],
  extraResources: [{ from: 'native/electron/better_sqlite3.node', to: 'native/better_sqlite3.node' }],
  asar: true,
  // Native addons cannot be loaded from inside the archive; PGlite's WASM is read through fs.
  asarUnpack: ['**/*.node', '**/node_modules/@electric-sql/pglite/dist/**'],
  // Never rebuild inside the project's node_modules: that copy stays built for Node (npm test).
  npmRebuild: false,
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    // Checked on macOS and Windows (Electron has no asar integrity on Linux yet).
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  },
  publish: updateUrl
    ? [{ provider: 'generic', url: updateUrl, channel: process.env.TRADEDESK_UPDATE_CHANNEL || 'latest' }]
    : null,
  ...(demoOnly ? { extraMetadata: { tradedesk: { updates: false } } } : {}),
  linux: {
    // deb first: its postinst makes chrome-sandbox SUID; an AppImage cannot, so on Ubuntu ≥ 23.10
    // (AppArmor user-namespace restriction) it needs an AppArmor profile or --no-sandbox (README).
    target: ['deb', 'AppImage'],
    // Here only: at the top level it would also rename the macOS bundle (tradedesk.app) and the
    // Windows executable (tradedesk.exe), which keep the product name.
    executableName: 'tradedesk',
    category: 'Finance',
    icon: 'resources/icons',
    maintainer: 'Tradedesk <support@tradedesk.app>',
    synopsis: 'Real-time trading terminal',
  },
  deb: { depends: [...DEB_DEFAULT_DEPENDS, ...DEB_EXTRA_DEPENDS] },
  mac: {
    // The zip is what electron-updater installs from; the dmg is what people download.
    target: ['dmg', 'zip'],
    category: 'public.app-category.finance',
    icon: 'resources/icon.png',
    hardenedRuntime: true,
  },
  win: { target: ['nsis'], icon: 'resources/icon.png' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
};
