import { z } from 'zod';
import { DemoStackInfo } from '../session/profile';

/**
 * What the embedded stack announces when ready (one JSON line / one IPC message): the demo
 * profile's connection info plus the service key the stack's own tools use. Parsed: it crosses
 * a process boundary.
 */
export const StackInfo = DemoStackInfo.extend({ serviceRoleKey: z.string().min(10) });
export type StackInfo = z.infer<typeof StackInfo>;

/** Starts the embedded demo backend for a data folder and resolves with its connection info. */
export type DemoStackLauncher = (dataDir: string) => Promise<{ info: StackInfo; stop(): Promise<void> }>;
