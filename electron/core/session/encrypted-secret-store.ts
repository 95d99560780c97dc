import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { SecretStore } from './secret-store';

/**
 * The OS keychain as the Electron host sees it (safeStorage's async API; the synchronous one is
 * deprecated in Electron 45 and removed in 46). Injected so the store is tested in Node.
 */
export interface SecretCipher {
  /** `safeStorage.isAsyncEncryptionAvailable()`. */
  available(): Promise<boolean>;
  /** True when the only backend is plain text (Linux `basic_text`): nothing may go to disk then. */
  plainTextOnly(): boolean;
  encrypt(plain: string): Promise<Buffer>;
  /** `shouldReEncrypt`: the key rotated; write the value back encrypted with the new one. */
  decrypt(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

const Stored = z.record(z.string(), z.string());

/**
 * Session tokens at rest in one encrypted file (written atomically, mode 0600), decrypted once
 * and then served from memory: auth-js reads its key often, and every decrypt is a keychain
 * round-trip. Where the OS offers no real keychain the tokens stay in memory only, and the user
 * signs in again next launch. An unreadable file reads as empty (signing in again, never a crash).
 */
export class EncryptedSecretStore implements SecretStore {
  readonly #file: string;
  readonly #cipher: SecretCipher;
  readonly #warn: (message: string) => void;
  #values: Promise<Record<string, string>> | null = null;
  #persist = true;
  #writes: Promise<void> = Promise.resolve();

  constructor(file: string, cipher: SecretCipher, warn: (message: string) => void = console.warn) {
    this.#file = file;
    this.#cipher = cipher;
    this.#warn = warn;
  }

  async get(key: string): Promise<string | null> {
    return (await this.#load())[key] ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    const values = await this.#load();
    values[key] = value;
    await this.#save(values);
  }

  async remove(key: string): Promise<void> {
    const values = await this.#load();
    if (!(key in values)) return;
    delete values[key];
    await this.#save(values);
  }

  #load(): Promise<Record<string, string>> {
    this.#values ??= this.#read();
    return this.#values;
  }

  async #read(): Promise<Record<string, string>> {
    if (this.#cipher.plainTextOnly() || !(await this.#cipher.available())) {
      this.#persist = false;
      this.#warn(
        '[tradedesk] no OS secret store is available: the session is kept in memory only, not written to disk.',
      );
      return {};
    }
    if (!existsSync(this.#file)) return {};
    try {
      const { result, shouldReEncrypt } = await this.#cipher.decrypt(readFileSync(this.#file));
      const parsed = Stored.safeParse(JSON.parse(result));
      const values = parsed.success ? parsed.data : {};
      if (shouldReEncrypt) void this.#save(values);
      return values;
    } catch {
      return {};
    }
  }

  /** Writes are queued so two quick sets never interleave and the last one wins on disk. */
  #save(values: Record<string, string>): Promise<void> {
    if (!this.#persist) return Promise.resolve();
    const snapshot = JSON.stringify(values);
    const write = async () => {
      if (snapshot === '{}') {
        rmSync(this.#file, { force: true });
        return;
      }
      const encrypted = await this.#cipher.encrypt(snapshot);
      const tmp = `${this.#file}.tmp`;
      writeFileSync(tmp, encrypted, { mode: 0o600 });
      renameSync(tmp, this.#file);
    };
    this.#writes = this.#writes.then(write, write);
    return this.#writes;
  }
}
