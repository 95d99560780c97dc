import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTerminal } from '../core/app/terminal';
import { childProcessStackLauncher } from '../core/app/stack-child';
import { readPackageVersion } from '../core/app/version';
import { FolderInUseError } from '../lib/folder-lock';
import { startWebHost } from './server';

/**
 * `npm run web`: the browser host. Prints exactly one line when ready:
 *   Tradedesk ready: http://127.0.0.1:<port>/?token=<token>
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'renderer-dir': { type: 'string' },
    dev: { type: 'boolean', default: false },
    token: { type: 'string' },
  },
});

const dataDir = resolve(
  values['data-dir'] ?? process.env.TRADEDESK_DATA_DIR ?? join(homedir(), '.config', 'Tradedesk'),
);

async function main() {
  const terminal = await createTerminal({
    host: 'web',
    appVersion: readPackageVersion(join(root, 'package.json')),
    dataDir,
    launchDemoStack: childProcessStackLauncher(join(root, 'electron/stack/cli.ts')),
  });
  let devMiddleware: Parameters<typeof startWebHost>[0]['devMiddleware'];
  let closeDev: (() => Promise<void>) | undefined;
  if (values.dev) {
    // Hot reload of the renderer: Vite in middleware mode behind the same host and token.
    const { createServer } = await import('vite');
    const vite = await createServer({
      configFile: join(root, 'vite.renderer.config.ts'),
      server: { middlewareMode: true },
      appType: 'spa',
    });
    devMiddleware = vite.middlewares;
    closeDev = () => vite.close();
  }
  const host = await startWebHost({
    router: terminal.router,
    hub: terminal.hub,
    bindWindow: (windowId, windowKey) => terminal.workspace.bindWindow(windowId, windowKey),
    rendererDir: values.dev ? undefined : resolve(values['renderer-dir'] ?? join(root, 'out', 'renderer')),
    devMiddleware,
    port: values.port ? Number(values.port) : undefined,
    token: values.token,
  });
  process.stdout.write(`Tradedesk ready: ${host.url}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await closeDev?.();
    await terminal.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  // Another Tradedesk on this data folder is not a crash: say which process, in one sentence.
  if (error instanceof FolderInUseError) console.error(`[tradedesk] ${error.message}`);
  else console.error('[tradedesk] the browser host failed to start:', error);
  process.exit(1);
});
