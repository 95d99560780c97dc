import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * Where main keeps secrets (auth tokens). The Electron host supplies a safeStorage-backed one;
 * core ships the file-backed one below for the browser host, tests and headless use.
 */
export interface SecretStore {
  get(key: string): string | null | Promise<string | null>;
  set(key: string, value: string): void | Promise<void>;
  remove(key: string): void | Promise<void>;
}

const SecretFile = z.record(z.string(), z.string());

/**
 * A JSON file readable only by the user (mode 0600), rewritten atomically (temp file + rename)
 * so a crash mid-write never leaves a torn file. A missing or unreadable file reads as empty:
 * losing tokens only means signing in again, never a crash.
 */
export class FileSecretStore implements SecretStore {
  readonly file: string;
  #values: Record<string, string>;

  constructor(file: string) {
    this.file = file;
    this.#values = readSecrets(file);
  }

  get(key: string): string | null {
    return Object.prototype.hasOwnProperty.call(this.#values, key) ? (this.#values[key] ?? null) : null;
  }

  set(key: string, value: string): void {
    this.#values = { ...this.#values, [key]: value };
    this.#flush();
  }

  remove(key: string): void {
    if (!Object.prototype.hasOwnProperty.call(this.#values, key)) return;
    const next = { ...this.#values };
    delete next[key];
    this.#values = next;
    this.#flush();
  }

  #flush(): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.#values), { mode: 0o600 });
    // writeFileSync's mode only applies when it creates the file; make sure a reused temp is private too.
    chmodSync(temp, 0o600);
    renameSync(temp, this.file);
  }
}

function readSecrets(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = SecretFile.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: a corrupt secrets file is treated as empty
  }
  console.warn(`[session] ignoring unreadable secret file ${file}`);
  return {};
}

/** An in-memory store: for tests and for a session that must not persist. */
export class MemorySecretStore implements SecretStore {
  readonly #values = new Map<string, string>();
  get(key: string): string | null {
    return this.#values.get(key) ?? null;
  }
  set(key: string, value: string): void {
    this.#values.set(key, value);
  }
  remove(key: string): void {
    this.#values.delete(key);
  }
}
