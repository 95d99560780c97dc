import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Reads the app version from a package.json (the hosts pass the one they ship with). */
export function readPackageVersion(packageJsonPath: string): string {
  const parsed = z.object({ version: z.string() }).safeParse(JSON.parse(readFileSync(packageJsonPath, 'utf8')));
  return parsed.success ? parsed.data.version : '0.0.0';
}
