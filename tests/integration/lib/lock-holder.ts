/**
 * Child process for folder-lock.test.ts: locks a folder, says `locked <pid>` on stdout, then
 * either waits to be killed or (`stall <ms>`) blocks its own event loop that long — a long
 * synchronous query, a debugger pause — so the lock's mtime goes stale while it is alive.
 */
import { lockFolder } from '../../../electron/lib/folder-lock';

const [folder, mode, msArg] = process.argv.slice(2);
if (folder === undefined) throw new Error('usage: lock-holder <folder> [stall <ms>]');
await lockFolder(folder, 'lock-holder test process', { staleMs: 2_000 });
process.stdout.write(`locked ${process.pid}\n`);
if (mode === 'stall') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(msArg ?? 5_000));
setInterval(() => undefined, 60_000);
