import { z } from 'zod';
import { DemoStackInfo } from '../session/profile';

/**
 * What the embedded stack announces when ready (one JSON line / one IPC message): the demo
 * profile's connection info plus the service key the stack's own tools use. Parsed: it crosses
 * a process boundary.
 */
export const StackInfo = DemoStackInfo.extend({ serviceRoleKey: z.string().min(10) });
export type StackInfo = z.infer<typeof StackInfo>;

/** A running demo backend: its connection info, a stop that never hangs, and news of its exit. */
export interface RunningStack {
  info: StackInfo;
  /** Stops it cleanly, forcing it after a grace period; resolves at once if it already exited. */
  stop(): Promise<void>;
  /** Called once when the process exits, asked to or not (a crash after it was ready). */
  onExit?(listener: (code: number | null) => void): void;
}

/** Starts the embedded demo backend for a data folder and resolves with its connection info. */
export type DemoStackLauncher = (dataDir: string) => Promise<RunningStack>;
