import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptedSecretStore, type SecretCipher } from '../../../../electron/core/session/encrypted-secret-store';

/** A real cipher (AES-256-GCM) standing in for the OS keychain, counting keychain round-trips. */
function aesCipher(options: { plainTextOnly?: boolean; available?: boolean } = {}) {
  let key = randomBytes(32);
  const calls = { encrypt: 0, decrypt: 0 };
  let rotateOnNextDecrypt = false;
  const cipher: SecretCipher = {
    available: async () => options.available ?? true,
    plainTextOnly: () => options.plainTextOnly ?? false,
    encrypt: async (plain) => {
      calls.encrypt++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt: async (encrypted) => {
      calls.decrypt++;
      const d = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      d.setAuthTag(encrypted.subarray(12, 28));
      const result = Buffer.concat([d.update(encrypted.subarray(28)), d.final()]).toString('utf8');
      const shouldReEncrypt = rotateOnNextDecrypt;
      rotateOnNextDecrypt = false;
      return { result, shouldReEncrypt };
    },
  };
  return {
    cipher,
    calls,
    rotate: () => {
      rotateOnNextDecrypt = true;
    },
    newKey: () => {
      key = randomBytes(32);
    },
  };
}

let dir: string;
let file: string;
const warnings: string[] = [];
const warn = (m: string) => warnings.push(m);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tradedesk-secrets-'));
  file = join(dir, 'session.enc');
  warnings.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('EncryptedSecretStore', () => {
  it('round-trips through an encrypted 0600 file that holds no token in clear', async () => {
    const { cipher } = aesCipher();
    const store = new EncryptedSecretStore(file, cipher, warn);
    await store.set('sb-auth-token', '{"access_token":"eyJ-secret-access","refresh_token":"r-secret"}');
    const bytes = readFileSync(file);
    expect(bytes.toString('latin1')).not.toContain('secret');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const reopened = new EncryptedSecretStore(file, cipher, warn);
    expect(await reopened.get('sb-auth-token')).toContain('eyJ-secret-access');
    await reopened.remove('sb-auth-token');
    expect(existsSync(file)).toBe(false);
  });

  it('decrypts once, then serves reads from memory (no keychain round-trip per read)', async () => {
    const { cipher, calls } = aesCipher();
    await new EncryptedSecretStore(file, cipher, warn).set('k', 'v');
    const store = new EncryptedSecretStore(file, cipher, warn);
    for (let i = 0; i < 50; i++) expect(await store.get('k')).toBe('v');
    expect(calls.decrypt).toBe(1);
  });

  it('re-encrypts when the keychain says the key rotated', async () => {
    const { cipher, calls, rotate } = aesCipher();
    await new EncryptedSecretStore(file, cipher, warn).set('k', 'v');
    const before = readFileSync(file);
    rotate();
    const store = new EncryptedSecretStore(file, cipher, warn);
    expect(await store.get('k')).toBe('v');
    await store.set('other', 'x'); // queued behind the re-encryption
    expect(calls.encrypt).toBeGreaterThanOrEqual(3);
    expect(readFileSync(file).equals(before)).toBe(false);
    expect(await new EncryptedSecretStore(file, cipher, warn).get('k')).toBe('v');
  });

  it('basic_text (no real keychain): never writes tokens to disk, keeps them for this run, says so', async () => {
    const { cipher, calls } = aesCipher({ plainTextOnly: true });
    const store = new EncryptedSecretStore(file, cipher, warn);
    await store.set('sb-auth-token', 'eyJ-secret');
    expect(await store.get('sb-auth-token')).toBe('eyJ-secret');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.tmp`)).toBe(false);
    expect(calls.encrypt).toBe(0);
    expect(warnings.join('\n')).toMatch(/memory only/);
  });

  it('encryption unavailable: same as basic_text; an old file is left alone, not read in clear', async () => {
    writeFileSync(file, 'whatever was there');
    const { cipher, calls } = aesCipher({ available: false });
    const store = new EncryptedSecretStore(file, cipher, warn);
    expect(await store.get('k')).toBeNull();
    expect(calls.decrypt).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('whatever was there');
  });

  it('a file it cannot decrypt (another key, garbage) reads as empty instead of failing', async () => {
    const first = aesCipher();
    await new EncryptedSecretStore(file, first.cipher, warn).set('k', 'v');
    first.newKey();
    expect(await new EncryptedSecretStore(file, first.cipher, warn).get('k')).toBeNull();
  });

  it('two quick sets both land; the file ends with both', async () => {
    const { cipher } = aesCipher();
    const store = new EncryptedSecretStore(file, cipher, warn);
    await Promise.all([store.set('a', '1'), store.set('b', '2')]);
    const reopened = new EncryptedSecretStore(file, cipher, warn);
    expect([await reopened.get('a'), await reopened.get('b')]).toEqual(['1', '2']);
  });
});
