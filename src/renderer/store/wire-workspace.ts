import type { WorkspaceCommands } from '../workspace/commands';
import { ownPanels } from './slices/workspace';
import type { TerminalStore } from './store';

/**
 * Keeps a watchlist panel and the layout agreeing on which list it shows: when the layout
 * (restored, switched) names a list this window knows, the panel shows it; when the trader
 * picks another list, the layout remembers it (main saves it, debounced). Until the layout's
 * list has been applied, the window's own default pick is not saved over it.
 */
export function wireWatchlistSetting(
  store: TerminalStore,
  commands: Pick<WorkspaceCommands, 'updatePanel'>,
): () => void {
  let seeded: string | null = null;
  return store.subscribe((next) => {
    const ws = next.workspace;
    if (!ws.layout) return;
    const panel = ownPanels(ws).find((p) => p.kind === 'watchlist');
    if (!panel || panel.kind !== 'watchlist') return;
    const seedKey = `${ws.layout.layout.id}/${panel.id}`;
    const wanted = panel.watchlistId;
    if (seeded !== seedKey) {
      if (wanted !== null && next.trading.watchlists[wanted]) {
        seeded = seedKey;
        if (next.ui.activeWatchlistId !== wanted) next.setUi({ activeWatchlistId: wanted });
        return;
      }
      // Lists not read yet: wait for them before deciding anything.
      if (wanted !== null && Object.keys(next.trading.watchlists).length === 0) return;
      // No list saved, or the saved one was deleted: this window's pick stands (and is saved below).
      seeded = seedKey;
    }
    const active = next.ui.activeWatchlistId;
    if (active !== null && active !== wanted) void commands.updatePanel(panel.id, { watchlistId: active });
  });
}
