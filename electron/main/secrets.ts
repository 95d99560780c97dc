import { safeStorage } from 'electron';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Session tokens at rest, encrypted with the OS keychain through safeStorage. When the OS offers
 * only the plain-text backend (Linux without a secret service), we refuse to write tokens to
 * disk and say so: the session then lasts until the app quits.
 */
export function createSafeStorageSecrets(file: string) {
  const memory = new Map<string, string>();
  const plainTextOnly = () =>
    !safeStorage.isEncryptionAvailable() ||
    (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');

  const readAll = (): Record<string, string> => {
    if (plainTextOnly() || !existsSync(file)) return Object.fromEntries(memory);
    try {
      const parsed: unknown = JSON.parse(safeStorage.decryptString(readFileSync(file)));
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  const writeAll = (values: Record<string, string>) => {
    if (plainTextOnly()) {
      memory.clear();
      for (const [k, v] of Object.entries(values)) memory.set(k, v);
      console.warn(
        '[tradedesk] no OS secret store is available: the session is kept in memory only, not written to disk.',
      );
      return;
    }
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, safeStorage.encryptString(JSON.stringify(values)), { mode: 0o600 });
    renameSync(tmp, file);
  };

  return {
    get: (key: string): string | null => readAll()[key] ?? null,
    set: (key: string, value: string): void => writeAll({ ...readAll(), [key]: value }),
    remove: (key: string): void => {
      const values = readAll();
      delete values[key];
      if (Object.keys(values).length === 0 && existsSync(file)) rmSync(file);
      else writeAll(values);
    },
  };
}
