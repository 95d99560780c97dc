import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { IpcResult } from '../../shared/contract';
import { useActions, useClient, usePanel, useServices, useTerminal, useWorkspace } from '../app/context';
import { panelInstrumentOf } from '../charts/instrument';
import { contextOfItem } from '../workspace/link';
import { formatCount, formatPercent, formatPrice, formatSigned, toneOf } from '../format/numbers';
import { activeWatchlistItemIds, activeWatchlistTokens, sortedWatchlists } from '../store/selectors';
import type { TicketSide } from '../store/store';
import { NARROW_WINDOW, useMediaQuery } from '../app/useMediaQuery';
import { InstrumentSearch } from './InstrumentSearch';
import type { KeyAction } from '../../shared/keymap';
import { useKeyTarget } from '../keys/targets';
import { useKeyLabel } from '../keys/useKeyLabel';
import { useViewport, virtualWindow } from './virtual';
import { flash } from './flash';
import { ColumnHeaders, type Column } from './ColumnHeaders';
import { PanelHead } from './PanelHead';

/** High and Low give way first on a narrow (laptop) window, so every other column stays whole. */
const WATCH_COLUMNS_NARROW: readonly Column[] = [
  { label: 'Symbol' },
  { label: 'Exch' },
  { label: 'LTP', numeric: true },
  { label: 'Chg', numeric: true },
  { label: 'Chg %', numeric: true },
  { label: 'Volume', numeric: true },
];
const WATCH_COLUMNS: readonly Column[] = [
  { label: 'Symbol' },
  { label: 'Exch' },
  { label: 'LTP', numeric: true },
  { label: 'Chg', numeric: true },
  { label: 'Chg %', numeric: true },
  { label: 'High', numeric: true },
  { label: 'Low', numeric: true },
  { label: 'Volume', numeric: true },
];

export const WATCH_ROW_HEIGHT = 28;
const WATCH_OVERSCAN = 4;

/** Report a failed action as an error toast: the server's own words. */
function useReport() {
  const actions = useActions();
  return useCallback(
    (r: IpcResult<unknown>, what: string) => {
      if (!r.ok) actions.notify({ kind: 'refused', what, message: r.error.message });
      return r.ok;
    },
    [actions],
  );
}

interface RowProps {
  itemId: string;
  index: number;
  count: number;
  selected: boolean;
  onSelect: (itemId: string) => void;
  onTrade: (itemId: string, side: TicketSide) => void;
  onAlert: (itemId: string) => void;
  onMove: (itemId: string, delta: -1 | 1) => void;
  onRemove: (itemId: string) => void;
  /** Show the row's chart / depth (C / D). */
  onMarketPanel: (itemId: string, kind: 'chart' | 'depth') => void;
  /** False on a narrow window: the High and Low cells are left out. */
  highLow: boolean;
}

/** "NSE_EQ" → "NSE": the segment suffix is noise in a narrow column (the ticket shows it). */
function shortExchange(exchange: string): string {
  return exchange.replace(/_(EQ|INDEX)$/, '');
}

function isIndex(instrumentType: string | undefined, exchange: string): boolean {
  return instrumentType === 'INDEX' || exchange.endsWith('_INDEX');
}

/**
 * A ticking number. The span is a layout boundary (`.tick` is size- and layout-contained in
 * the stylesheet), so a new value re-lays out this span only: without it every text change
 * dirtied the whole table and Chromium re-laid out the document on every tick flush
 * (measured: ~8 ms per flush at 3,000 ticks/s).
 */
function TickText({ text }: { text: string }) {
  return <span className="tick">{text}</span>;
}

/** The LTP cell: flashes up/down when the price changes (see ./flash for why not animated). */
function LtpCell({
  price,
  direction,
  fallback,
}: {
  price: number | undefined;
  direction: 'up' | 'down' | 'flat' | undefined;
  fallback: number | null | undefined;
}) {
  const cell = useRef<HTMLTableCellElement>(null);
  const previous = useRef(price);
  useLayoutEffect(() => {
    if (price !== undefined && previous.current !== undefined && price !== previous.current && cell.current) {
      flash(cell.current, price > previous.current ? 'up' : 'down');
    }
    previous.current = price;
  }, [price]);
  return (
    <td ref={cell} className={`num ltp${direction && direction !== 'flat' ? ` last-${direction}` : ''}`}>
      <TickText text={formatPrice(price ?? fallback)} />
    </td>
  );
}

/** One row: it selects its own item and quote, so a tick re-renders this row only. */
const WatchRow = memo(function WatchRow({
  itemId,
  index,
  count,
  selected,
  onSelect,
  onTrade,
  onAlert,
  onMove,
  onRemove,
  onMarketPanel,
  highLow,
}: RowProps) {
  const item = useTerminal((s) => s.trading.watchlistItems[itemId]);
  const quote = useTerminal((s) =>
    item?.token !== null && item?.token !== undefined ? s.market.quotes[item.token] : undefined,
  );
  const instrument = useTerminal((s) =>
    item?.token !== null && item?.token !== undefined ? s.trading.instruments[item.token] : undefined,
  );
  if (!item) return null;
  const symbol = item.symbol ?? instrument?.symbol ?? String(item.token);
  const exchange = item.exchange ?? instrument?.exchange ?? '';
  const tone = toneOf(quote?.change);
  // Indices have a price but cannot be bought or sold.
  const tradable = !isIndex(instrument?.instrumentType, instrument?.exchange ?? exchange);
  return (
    <tr
      className={selected ? 'selected' : undefined}
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      data-item-id={itemId}
      onClick={() => onSelect(itemId)}
      style={{ height: WATCH_ROW_HEIGHT }}
    >
      <th scope="row" className="sym">
        {symbol}
      </th>
      <td className="muted">{shortExchange(exchange)}</td>
      <LtpCell price={quote?.ltp} direction={quote?.direction} fallback={instrument?.lastPrice} />
      <td className={`num tone-${tone}`}>
        <TickText text={formatSigned(quote?.change)} />
      </td>
      <td className={`num tone-${tone}`}>
        <TickText text={formatPercent(quote?.changePct)} />
      </td>
      {highLow && (
        <>
          <td className="num">
            <TickText text={formatPrice(quote?.high)} />
          </td>
          <td className="num">
            <TickText text={formatPrice(quote?.low)} />
          </td>
        </>
      )}
      <td className="num">
        <TickText text={formatCount(quote?.volume)} />
      </td>
      <td className="actions">
        {tradable && (
          <>
            <button
              type="button"
              className="btn btn-buy"
              aria-label={`Buy ${symbol}`}
              onClick={() => onTrade(itemId, 'BUY')}
            >
              B
            </button>
            <button
              type="button"
              className="btn btn-sell"
              aria-label={`Sell ${symbol}`}
              onClick={() => onTrade(itemId, 'SELL')}
            >
              S
            </button>
          </>
        )}
        {item.token !== null && (
          <>
            <button
              type="button"
              className="btn btn-icon row-extra"
              aria-label={`Chart ${symbol}`}
              title="Chart (C)"
              onClick={() => onMarketPanel(itemId, 'chart')}
            >
              C
            </button>
            <button
              type="button"
              className="btn btn-icon row-extra"
              aria-label={`Depth ${symbol}`}
              title="Market depth (D)"
              onClick={() => onMarketPanel(itemId, 'depth')}
            >
              D
            </button>
          </>
        )}
        <button
          type="button"
          className="btn btn-icon row-extra"
          aria-label={`Alert ${symbol}`}
          title="Set a price alert (A)"
          onClick={() => onAlert(itemId)}
        >
          ⚑
        </button>
        <button
          type="button"
          className="btn btn-icon row-extra"
          aria-label={`Move ${symbol} up`}
          disabled={index === 0}
          onClick={() => onMove(itemId, -1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="btn btn-icon row-extra"
          aria-label={`Move ${symbol} down`}
          disabled={index === count - 1}
          onClick={() => onMove(itemId, 1)}
        >
          ↓
        </button>
        <button
          type="button"
          className="btn btn-icon row-extra"
          aria-label={`Remove ${symbol}`}
          onClick={() => onRemove(itemId)}
        >
          ×
        </button>
      </td>
    </tr>
  );
});

function WatchlistTabs() {
  const lists = useTerminal(useShallow(sortedWatchlists));
  const activeId = useTerminal((s) => s.ui.activeWatchlistId);
  const actions = useActions();
  const client = useClient();
  const report = useReport();
  const [editing, setEditing] = useState<null | { mode: 'create' | 'rename'; name: string }>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const active = lists.find((l) => l.id === activeId);

  const submit = async () => {
    if (!editing) return;
    const name = editing.name.trim();
    if (!name) return;
    if (editing.mode === 'create') {
      const r = await client.call('watchlists.create', { name });
      if (report(r, 'Create watchlist') && r.ok) actions.setUi({ activeWatchlistId: r.value.id });
    } else if (active) {
      report(await client.call('watchlists.rename', { id: active.id, name }), 'Rename watchlist');
    }
    setEditing(null);
  };

  return (
    <div className="panel-toolbar">
      <div role="tablist" aria-label="Watchlists" className="tabs">
        {lists.map((l) => (
          <button
            key={l.id}
            type="button"
            role="tab"
            aria-selected={l.id === activeId}
            className={l.id === activeId ? 'tab active' : 'tab'}
            onClick={() => actions.setUi({ activeWatchlistId: l.id })}
          >
            {l.name}
          </button>
        ))}
      </div>
      {editing ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <input
            autoFocus
            aria-label={editing.mode === 'create' ? 'New watchlist name' : 'Watchlist name'}
            value={editing.name}
            maxLength={64}
            onChange={(e) => setEditing({ ...editing, name: e.target.value })}
            onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
          />
          <button type="submit" className="btn btn-small">
            Save
          </button>
          <button type="button" className="btn btn-small" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </form>
      ) : confirmDelete && active ? (
        <span className="inline-form" role="group" aria-label="Confirm delete">
          Delete “{active.name}”?
          <button
            type="button"
            className="btn btn-small btn-danger"
            onClick={async () => {
              setConfirmDelete(false);
              report(await client.call('watchlists.delete', { id: active.id }), 'Delete watchlist');
            }}
          >
            Delete
          </button>
          <button type="button" className="btn btn-small" onClick={() => setConfirmDelete(false)}>
            Keep
          </button>
        </span>
      ) : (
        <span className="toolbar-buttons">
          <button type="button" className="btn btn-small" onClick={() => setEditing({ mode: 'create', name: '' })}>
            New watchlist
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={!active}
            onClick={() => active && setEditing({ mode: 'rename', name: active.name })}
          >
            Rename watchlist
          </button>
          <button type="button" className="btn btn-small" disabled={!active} onClick={() => setConfirmDelete(true)}>
            Delete watchlist
          </button>
        </span>
      )}
    </div>
  );
}

/** The title row's reminder of the row keys, as the trader has bound them ("B/S trade, A alert…"). */
function watchlistKeysHint(k: (action: KeyAction) => string | null): string {
  const parts: string[] = [];
  const buy = k('order.buy');
  const sell = k('order.sell');
  if (buy && sell) parts.push(`${buy}/${sell} trade`);
  for (const [action, what] of [
    ['alert.create', 'alert'],
    ['panel.chart', 'chart'],
    ['panel.depth', 'depth'],
  ] as const) {
    const key = k(action);
    if (key) parts.push(`${key} ${what}`);
  }
  parts.push('Alt+↑/↓ reorder');
  const help = k('help.shortcuts');
  if (help) parts.push(`${help} keys`);
  return parts.join(', ');
}

export function WatchlistPanel() {
  const itemIds = useTerminal(useShallow(activeWatchlistItemIds));
  const activeId = useTerminal((s) => s.ui.activeWatchlistId);
  const narrow = useMediaQuery(NARROW_WINDOW);
  const activeName = useTerminal((s) => (activeId ? s.trading.watchlists[activeId]?.name : undefined));
  // Tokens already in the active list: search marks them instead of offering them again.
  const listedTokens = useTerminal(activeWatchlistTokens);
  const actions = useActions();
  const client = useClient();
  const report = useReport();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { scrollTop, height } = useViewport(scrollRef);
  // Four rows of overscan, not the default eight: every off-screen row that is rendered also
  // re-renders and re-lays out on each of its ticks, and four cover a wheel notch.
  const win = virtualWindow(itemIds.length, WATCH_ROW_HEIGHT, scrollTop, height, WATCH_OVERSCAN);

  // Callbacks read the latest ids through a ref so memoized rows are not re-rendered by them.
  const idsRef = useRef(itemIds);
  useLayoutEffect(() => {
    idsRef.current = itemIds;
  });
  const storeApi = useServices().store;
  const getItem = useCallback((id: string) => storeApi.getState().trading.watchlistItems[id], [storeApi]);

  const onTrade = useCallback(
    (itemId: string, side: TicketSide) => {
      const item = getItem(itemId);
      if (!item) return;
      const instrument = item.token !== null ? storeApi.getState().trading.instruments[item.token] : undefined;
      if (isIndex(instrument?.instrumentType, instrument?.exchange ?? item.exchange ?? '')) return;
      setSelectedId(itemId);
      actions.setUi({
        dialog: { kind: 'ticket', request: { token: item.token, symbol: item.symbol ?? String(item.token), side } },
      });
    },
    [actions, getItem, storeApi],
  );
  const onMove = useCallback(
    async (itemId: string, delta: -1 | 1) => {
      const ids = [...idsRef.current];
      const i = ids.indexOf(itemId);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= ids.length || !activeId) return;
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      report(await client.call('watchlists.reorder', { watchlistId: activeId, itemIds: ids }), 'Reorder');
    },
    [activeId, client, report],
  );
  const onRemove = useCallback(
    async (itemId: string) => {
      report(await client.call('watchlists.removeItem', { itemId }), 'Remove instrument');
    },
    [client, report],
  );
  const onAlert = useCallback(
    (itemId: string) => {
      const item = getItem(itemId);
      if (!item) return;
      setSelectedId(itemId);
      actions.setUi({ dialog: { kind: 'alert', token: item.token, alertId: null } });
    },
    [actions, getItem],
  );
  const onSelect = useCallback((itemId: string) => setSelectedId(itemId), []);
  const workspace = useWorkspace();
  const onMarketPanel = useCallback(
    (itemId: string, kind: 'chart' | 'depth') => {
      const instrument = panelInstrumentOf(storeApi.getState(), itemId);
      if (!instrument) return;
      setSelectedId(itemId);
      void workspace.showInstrument(kind, instrument);
    },
    [storeApi, workspace],
  );
  // The selected row's instrument is what the keymap's B, S and A act on (keys/useShortcuts.ts).
  useLayoutEffect(() => {
    const token = selectedId ? (getItem(selectedId)?.token ?? null) : null;
    if (storeApi.getState().ui.selectedToken !== token) actions.setUi({ selectedToken: token });
  }, [actions, getItem, selectedId, storeApi]);

  // The trader's selection goes to the panels of the same link colour, in every window.
  const panel = usePanel();
  const panelRef = useRef(panel);
  useLayoutEffect(() => {
    panelRef.current = panel;
  });
  useEffect(() => {
    const source = panelRef.current;
    if (!selectedId || !source?.link) return;
    const state = storeApi.getState();
    const context = contextOfItem(state.trading.watchlistItems[selectedId], state.trading.instruments);
    if (context) void workspace.broadcast(source.id, context);
  }, [selectedId, storeApi, workspace]);

  const moveSelection = (delta: number) => {
    const ids = idsRef.current;
    if (ids.length === 0) return;
    const i = selectedId ? ids.indexOf(selectedId) : -1;
    const next = Math.max(0, Math.min(ids.length - 1, i + delta));
    const id = ids[next]!;
    setSelectedId(id);
    // Keep the selected row inside the viewport, then focus it once rendered.
    const el = scrollRef.current;
    if (el) {
      const top = next * WATCH_ROW_HEIGHT;
      const headerAllowance = WATCH_ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + WATCH_ROW_HEIGHT * 2 > el.scrollTop + el.clientHeight)
        el.scrollTop = top + WATCH_ROW_HEIGHT * 2 - el.clientHeight + headerAllowance;
    }
    requestAnimationFrame(() =>
      scrollRef.current?.querySelector<HTMLElement>(`tr[data-item-id="${CSS.escape(id)}"]`)?.focus(),
    );
  };

  // Chart and depth keys (C, D by default) come from the keymap (useShortcuts): they open the
  // selected row's, from this panel or from anywhere in the window when no other panel takes them.
  const sectionRef = useRef<HTMLElement>(null);
  useKeyTarget(sectionRef, ({ action }) => {
    if ((action !== 'panel.chart' && action !== 'panel.depth') || !selectedId) return false;
    onMarketPanel(selectedId, action === 'panel.chart' ? 'chart' : 'depth');
    return true;
  });

  const keysHint = watchlistKeysHint(useKeyLabel());

  // The list's own keys (not the keymap's: moving through a list is not rebindable).
  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.target as HTMLElement).tagName === 'INPUT') return;
    const key = e.key;
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      e.preventDefault();
      const delta = key === 'ArrowDown' ? 1 : -1;
      if (e.altKey && selectedId) void onMove(selectedId, delta);
      else moveSelection(delta);
    } else if (key === 'Delete' && selectedId) {
      e.preventDefault();
      void onRemove(selectedId);
    }
  };

  return (
    <section ref={sectionRef} className="panel watchlist" aria-labelledby="watchlist-title">
      <PanelHead id="watchlist-title" name={activeName ? `watchlist ${activeName}` : 'watchlist'}>
        Watchlist{' '}
        <span className="muted">
          {itemIds.length} instruments · {keysHint}
        </span>
      </PanelHead>
      <WatchlistTabs />
      <InstrumentSearch
        disabled={!activeId}
        inList={(token) => listedTokens.has(token)}
        onPick={async (instrument) => {
          if (!activeId) return 'Choose a watchlist first.';
          const r = await client.call('watchlists.addItem', { watchlistId: activeId, token: instrument.token });
          return r.ok
            ? `Added ${instrument.symbol} to ${activeName ?? 'the watchlist'}.`
            : `Could not add ${instrument.symbol}: ${r.error.message}`;
        }}
      />
      <div className="scroll" ref={scrollRef} onKeyDown={onKeyDown}>
        {/* Fixed layout: columns must not change width as virtualized rows come and go. */}
        <table className="grid fixed" aria-label="Watchlist" aria-rowcount={itemIds.length + 1}>
          <colgroup>
            <col />
            <col style={{ width: 40 }} />
            <col style={{ width: 82 }} />
            <col style={{ width: 66 }} />
            <col style={{ width: 56 }} />
            {!narrow && <col style={{ width: 76 }} />}
            {!narrow && <col style={{ width: 76 }} />}
            <col style={{ width: 66 }} />
            <col style={{ width: narrow ? 160 : 166 }} />
          </colgroup>
          <ColumnHeaders columns={narrow ? WATCH_COLUMNS_NARROW : WATCH_COLUMNS} />
          <tbody>
            {win.padTop > 0 && (
              <tr aria-hidden="true" className="pad">
                <td colSpan={narrow ? 7 : 9} style={{ height: win.padTop }} />
              </tr>
            )}
            {itemIds.slice(win.start, win.end).map((id, k) => (
              <WatchRow
                key={id}
                itemId={id}
                index={win.start + k}
                count={itemIds.length}
                selected={id === selectedId}
                onSelect={onSelect}
                onTrade={onTrade}
                onAlert={onAlert}
                onMove={onMove}
                onRemove={onRemove}
                onMarketPanel={onMarketPanel}
                highLow={!narrow}
              />
            ))}
            {win.padBottom > 0 && (
              <tr aria-hidden="true" className="pad">
                <td colSpan={narrow ? 7 : 9} style={{ height: win.padBottom }} />
              </tr>
            )}
          </tbody>
        </table>
        {itemIds.length === 0 && (
          <p className="empty">
            {activeId ? 'This watchlist is empty — add an instrument above.' : 'No watchlists yet.'}
          </p>
        )}
      </div>
    </section>
  );
}
