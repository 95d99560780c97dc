import { CONTRACT_VERSION, TradedeskError } from '../../../src/shared/contract';
import type { IpcRouter } from '../ipc/router';

export interface AppIdentity {
  name: string;
  version: string;
  host: 'electron' | 'web';
  platform: string;
  /** Whether the active profile is the embedded demo backend (asked at call time). */
  isDemo: () => boolean;
}

/** `app.hello` (contract version handshake) and `app.info`. */
export function registerAppMethods(router: IpcRouter, app: AppIdentity): void {
  router.handle('app.hello', ({ contractVersion }, { windowId }) => {
    if (contractVersion !== CONTRACT_VERSION) {
      throw new TradedeskError(
        'contract_mismatch',
        `This window speaks contract v${contractVersion} but Tradedesk ${app.version} speaks v${CONTRACT_VERSION}; reload the window or reinstall the app.`,
        { expected: CONTRACT_VERSION, got: contractVersion },
      );
    }
    return { contractVersion: CONTRACT_VERSION, windowId, appVersion: app.version };
  });
  router.handle('app.info', () => ({
    name: app.name,
    version: app.version,
    host: app.host,
    platform: app.platform,
    contractVersion: CONTRACT_VERSION,
    demo: app.isDemo(),
  }));
}
