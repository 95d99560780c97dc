import { createContext, useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import type { TradedeskClient } from '../bridge/client';
import type { ChartsActions, ChartsState, ChartsStore } from '../charts/store';
import type { Panel } from '../../shared/layout';
import type { TerminalActions, TerminalState, TerminalStore } from '../store/store';
import type { WorkspaceCommands } from '../workspace/commands';

export interface AppServices {
  store: TerminalStore;
  client: TradedeskClient;
  /** The charts slice (chart and depth panels, their candles and depth): its own store. */
  charts: ChartsStore;
  /** Detach, link, layouts (workspace/commands.ts). */
  workspace: WorkspaceCommands;
}

/** The layout panel a component is drawn for (null: drawn outside the workspace, e.g. a test). */
export const PanelContext = createContext<Panel | null>(null);

export function usePanel(): Panel | null {
  return useContext(PanelContext);
}

export function useWorkspace(): WorkspaceCommands {
  return useServices().workspace;
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('ServicesContext is missing (render inside <App>)');
  return services;
}

/** Select from the terminal store; pair with `useShallow` when the selector builds a list. */
export function useTerminal<T>(selector: (s: TerminalState & TerminalActions) => T): T {
  return useStore(useServices().store, selector);
}

/** Select from the charts slice; its actions are `useChartsStore().getState()`'s (stable). */
export function useCharts<T>(selector: (s: ChartsState & ChartsActions) => T): T {
  return useStore(useServices().charts, selector);
}

export function useChartsStore(): ChartsStore {
  return useServices().charts;
}

export function useClient(): TradedeskClient {
  return useServices().client;
}

/**
 * The store's actions. Stable for the life of the store: `getState()` returns a new object on
 * every change (every tick), and an effect that depends on it would re-run on every tick.
 */
export function useActions(): TerminalActions {
  const store = useServices().store;
  return useMemo(() => actionsOf(store), [store]);
}

const actionsCache = new WeakMap<TerminalStore, TerminalActions>();
function actionsOf(store: TerminalStore): TerminalActions {
  let actions = actionsCache.get(store);
  if (!actions) {
    // Actions never change after creation; keep only the functions.
    const state = store.getState();
    actions = Object.fromEntries(
      Object.entries(state).filter(([, v]) => typeof v === 'function'),
    ) as unknown as TerminalActions;
    actionsCache.set(store, actions);
  }
  return actions;
}
