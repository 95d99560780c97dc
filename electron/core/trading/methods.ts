import { TradedeskError } from '../../../src/shared/contract';
import type { StateSnapshot } from '../../../src/shared/domain';
import type { IpcRouter } from '../ipc/router';
import type { TradingService } from './service';

/**
 * The trading half of the IPC surface. `connection.retry` reconnects this feed and, when given,
 * the market feed too (one Retry button for both); it is skipped if someone registered it first.
 */
export function registerTradingMethods(
  router: IpcRouter,
  trading: TradingService,
  opts: {
    market?: { reconnectNow(): void };
    /** Shapes `state.get` for the asking window (the workspace keeps a window to its panels' topics). */
    projectState?: (windowId: string, snapshot: StateSnapshot) => StateSnapshot;
  } = {},
): void {
  router.handle('session.get', () => trading.session());
  router.handle('session.signIn', (args) => trading.signIn(args.email, args.password));
  router.handle('session.signOut', () => trading.signOut());
  router.handle('session.useProfile', async (args) => {
    if (args.kind === 'remote') return trading.useProfile(args);
    try {
      return await trading.useDemoProfile();
    } catch (error) {
      if (error instanceof TradedeskError) throw error;
      throw new TradedeskError(
        'server_error',
        `The demo backend could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
  router.handle('state.get', (_args, { windowId }) =>
    opts.projectState ? opts.projectState(windowId, trading.state()) : trading.state(),
  );
  router.handle('events.list', (args) => ({ events: trading.cache.listEvents(args.limit ?? 100, args.beforeSeq) }));
  router.handle('orders.place', (args) => trading.actions.placeOrder(args));
  router.handle('intents.check', (args) => trading.actions.checkIntent(args));
  router.handle('intents.placeAgain', (args) => trading.actions.placeIntentAgain(args));
  router.handle('intents.discard', (args) => trading.actions.discardIntent(args));
  router.handle('orders.modify', (args) => trading.actions.modifyOrder(args));
  router.handle('orders.cancel', (args) => trading.actions.cancelOrder(args));
  router.handle('positions.close', (args) => trading.actions.closePosition(args));
  router.handle('watchlists.create', (args) => trading.actions.createWatchlist(args));
  router.handle('watchlists.rename', (args) => trading.actions.renameWatchlist(args));
  router.handle('watchlists.delete', (args) => trading.actions.deleteWatchlist(args));
  router.handle('watchlists.addItem', (args) => trading.actions.addWatchlistItem(args));
  router.handle('watchlists.removeItem', (args) => trading.actions.removeWatchlistItem(args));
  router.handle('watchlists.reorder', (args) => trading.actions.reorderWatchlist(args));
  if (!router.has('connection.retry')) {
    router.handle('connection.retry', () => {
      trading.reconnectNow();
      opts.market?.reconnectNow();
      return { ok: true as const };
    });
  }
}
