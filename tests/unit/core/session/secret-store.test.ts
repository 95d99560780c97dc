import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../../electron/core/session/secret-store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'td-secrets-'));
  dirs.push(dir);
  return join(dir, 'nested', 'secrets.json');
}

describe('FileSecretStore', () => {
  it('persists across instances in a 0600 file', () => {
    const file = tempFile();
    const a = new FileSecretStore(file);
    a.set('k', 'v');
    a.set('k2', 'v2');
    a.remove('k2');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const b = new FileSecretStore(file);
    expect(b.get('k')).toBe('v');
    expect(b.get('k2')).toBeNull();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ k: 'v' });
  });

  it('reads a corrupt file as empty instead of throwing, and can write again', () => {
    const file = tempFile();
    new FileSecretStore(file).set('x', '1');
    writeFileSync(file, '{not json');
    const store = new FileSecretStore(file);
    expect(store.get('x')).toBeNull();
    store.set('y', '2');
    expect(new FileSecretStore(file).get('y')).toBe('2');
  });
});
