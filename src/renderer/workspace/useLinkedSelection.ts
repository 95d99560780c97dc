import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { usePanel, useServices, useWorkspace } from '../app/context';
import { contextOfSymbol } from './link';

/**
 * The selected row of a positions or orders panel, sent on the panel's link colour as the
 * watchlist sends its selection: selecting a position row sets the linked ticket, chart and
 * depth to its instrument, in every window. `select(rowId, symbol)` is stable (memoized rows
 * keep it); a row whose symbol this window cannot resolve is selected but sends nothing.
 */
export function useLinkedSelection(): { selected: string | null; select: (rowId: string, symbol: string) => void } {
  const [selected, setSelected] = useState<string | null>(null);
  const store = useServices().store;
  const workspace = useWorkspace();
  const panel = usePanel();
  // Read at the click through a ref: the panel object changes with every layout push.
  const panelRef = useRef(panel);
  useLayoutEffect(() => {
    panelRef.current = panel;
  });
  const select = useCallback(
    (rowId: string, symbol: string) => {
      setSelected(rowId);
      const source = panelRef.current;
      if (!source?.link) return;
      const s = store.getState();
      const context = contextOfSymbol(symbol, s.trading.tokenBySymbol, s.trading.instruments);
      if (context) void workspace.broadcast(source.id, context);
    },
    [store, workspace],
  );
  return { selected, select };
}

/** What a selectable row (positions, orders, alerts) takes from its panel. */
export interface SelectableRowProps {
  selected: boolean;
  /** Takes the tab stop (the selected row, else the first). */
  focusable: boolean;
  onSelect: (id: string, symbol: string) => void;
}

/**
 * The `<tr>` attributes of a selectable row, spread onto it: selected state for screen readers,
 * one tab stop per table (roving tabindex), click and keyboard selection (onSelectableRowKey).
 * The row keeps its own className.
 */
export function selectableRowProps(
  selected: boolean,
  focusable: boolean,
  select: () => void,
): {
  'aria-selected': boolean;
  tabIndex: number;
  'data-selectable': string;
  onClick: () => void;
  onKeyDown: (e: KeyboardEvent<HTMLTableRowElement>) => void;
} {
  return {
    'aria-selected': selected,
    tabIndex: focusable ? 0 : -1,
    'data-selectable': '',
    onClick: select,
    onKeyDown: (e) => onSelectableRowKey(e, select),
  };
}

/**
 * Keyboard for a selectable row: Enter or Space selects it, ↑/↓ select the row above or below
 * (and focus it), as in the watchlist.
 */
export function onSelectableRowKey(e: KeyboardEvent<HTMLTableRowElement>, select: () => void): void {
  if (e.target !== e.currentTarget) return;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    select();
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    const next = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
    if (next instanceof HTMLTableRowElement && next.dataset.selectable !== undefined) {
      e.preventDefault();
      next.focus();
      next.click();
    }
  }
}
