import type { StackInfo } from '../../../src/shared/contract/stack-info';

export { StackInfo } from '../../../src/shared/contract/stack-info';

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
