import { join } from 'node:path';

/**
 * Where the Electron host loads better-sqlite3's addon from. The copy in `node_modules` is built
 * for Node's ABI (vitest, the browser host, the stack all need it); Electron needs its own build,
 * which `scripts/native-electron.mjs` makes outside `node_modules` and the package ships as an
 * extra resource (electron-builder.config.cjs `extraResources`). Loaded through better-sqlite3's
 * `nativeBinding` option.
 */
export interface BindingFacts {
  /** `app.isPackaged`. */
  isPackaged: boolean;
  /** `process.resourcesPath` (the package's `resources/` folder). */
  resourcesPath: string;
  /** `app.getAppPath()` (the project root when run from a checkout). */
  appPath: string;
}

/** The folder, relative to the project root, that `scripts/native-electron.mjs` builds into. */
export const ELECTRON_NATIVE_DIR = join('native', 'electron');
export const SQLITE_ADDON = 'better_sqlite3.node';

export function electronSqliteBinding(facts: BindingFacts): string {
  return facts.isPackaged
    ? join(facts.resourcesPath, 'native', SQLITE_ADDON)
    : join(facts.appPath, ELECTRON_NATIVE_DIR, SQLITE_ADDON);
}
