import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes as stored in `auth.users.encrypted_password` by this stack:
 * `scrypt$16384$8$1$<salt base64>$<hash base64>` (64-byte key). Async scrypt keeps the event
 * loop free while a sign-in hashes (~16 MiB, tens of ms).
 */

const KEY_LEN = 64;

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LEN, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const key = await scryptAsync(password, salt, 16384, 8, 1);
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** False for a wrong password and for any hash not in our format (e.g. a bcrypt hash). */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Refuse absurd cost parameters from a tampered row rather than hang or exhaust memory.
  if (N > 1 << 20 || r > 32 || p > 16 || (N & (N - 1)) !== 0) return false;
  const expected = Buffer.from(m[5]!, 'base64');
  const key = await scryptAsync(password, Buffer.from(m[4]!, 'base64'), N, r, p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
