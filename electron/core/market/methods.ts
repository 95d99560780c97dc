import type { IpcRouter } from '../ipc/router';
import type { MarketService } from './service';

/** The market half of the IPC contract: what a window shows, and instrument search. */
export function registerMarketMethods(router: IpcRouter, market: MarketService): void {
  router.handle('market.setInterest', ({ tokens }, { windowId }) => {
    market.setWindowInterest(windowId, tokens);
    return { tokens: new Set(tokens).size };
  });
  router.handle('instruments.search', async ({ q, limit, exchange }) => ({
    results: await market.search(q, limit, exchange),
  }));
}
