import { safeStorage } from 'electron';
import { EncryptedSecretStore } from '../core/session/encrypted-secret-store';

/**
 * Session tokens at rest, encrypted with the OS keychain through safeStorage's async API. On
 * Linux without a secret service (the `basic_text` backend) tokens are never written to disk.
 */
export function createSafeStorageSecrets(file: string): EncryptedSecretStore {
  return new EncryptedSecretStore(file, {
    available: () => safeStorage.isAsyncEncryptionAvailable(),
    plainTextOnly: () => process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text',
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    decrypt: (encrypted) => safeStorage.decryptStringAsync(encrypted),
  });
}
