import { z } from 'zod';

/** What the embedded stack announces when ready (one JSON line / one IPC message). Parsed: it crosses a process boundary. */
export const StackInfo = z.object({
  supabaseUrl: z.string().url(),
  anonKey: z.string().min(10),
  serviceRoleKey: z.string().min(10),
  marketUrl: z.string().url(),
  marketApiKey: z.string().min(1),
  demo: z.object({ email: z.string(), password: z.string() }),
});
export type StackInfo = z.infer<typeof StackInfo>;

/** Starts the embedded demo backend for a data folder and resolves with its connection info. */
export type DemoStackLauncher = (dataDir: string) => Promise<{ info: StackInfo; stop(): Promise<void> }>;
