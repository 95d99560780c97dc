import { z } from 'zod';
import { StackInfo } from '../../../src/shared/contract/stack-info';

/** What a demo profile keeps of the stack's announcement: everything but the service key. */
export const DemoStackInfo = StackInfo.omit({ serviceRoleKey: true });
export type DemoStackInfo = z.infer<typeof DemoStackInfo>;

export const RemoteProfile = z.object({
  kind: z.literal('remote'),
  name: z.string().min(1).max(64),
  supabaseUrl: z.string().url(),
  anonKey: z.string().min(10),
  marketUrl: z.string().url(),
  marketApiKey: z.string().min(1),
});
export type RemoteProfile = z.infer<typeof RemoteProfile>;

export type DemoProfile = { kind: 'demo'; stack: DemoStackInfo };
export type Profile = DemoProfile | RemoteProfile;

/** The connection info every profile resolves to. */
export interface ProfileEndpoints {
  kind: 'demo' | 'remote';
  name: string;
  supabaseUrl: string;
  anonKey: string;
  marketUrl: string;
  marketApiKey: string;
  /** Demo only: credentials to sign in with automatically. */
  autoSignIn: { email: string; password: string } | null;
}

export function endpointsOf(profile: Profile): ProfileEndpoints {
  if (profile.kind === 'demo') {
    const s = DemoStackInfo.parse(profile.stack);
    return {
      kind: 'demo',
      name: 'Demo',
      supabaseUrl: s.supabaseUrl,
      anonKey: s.anonKey,
      marketUrl: s.marketUrl,
      marketApiKey: s.marketApiKey,
      autoSignIn: s.demo,
    };
  }
  const r = RemoteProfile.parse(profile);
  return { ...r, autoSignIn: null };
}

/** Secrets of different profiles never collide: tokens are stored under the profile's key. */
export function profileKey(endpoints: ProfileEndpoints): string {
  return `${endpoints.kind}:${endpoints.name}:${endpoints.supabaseUrl}`;
}
