import { z } from 'zod';

/**
 * What the embedded stack announces when it is ready — the JSON line `npm run stack` prints, the
 * message a stack child process sends its host — and what a client needs to reach it. The one
 * definition: the stack builds it (`electron/stack/index.ts`), hosts parse it
 * (`electron/core/app/stack-child.ts`) because it crosses a process boundary. The terminal's
 * demo profile keeps all of it but the service key (`DemoStackInfo`).
 */
export const StackInfo = z.object({
  supabaseUrl: z.string().url(),
  anonKey: z.string().min(10),
  /** Bypasses row-level security: the stack's own tools (broker, price writer) only. */
  serviceRoleKey: z.string().min(10),
  marketUrl: z.string().url(),
  marketApiKey: z.string().min(1),
  /** The seeded demo trader. */
  demo: z.object({ email: z.string(), password: z.string() }),
});
export type StackInfo = z.infer<typeof StackInfo>;
