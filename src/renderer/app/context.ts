import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { TradedeskClient } from '../bridge/client';
import type { TerminalActions, TerminalState, TerminalStore } from '../store/store';

export interface AppServices {
  store: TerminalStore;
  client: TradedeskClient;
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

export function useClient(): TradedeskClient {
  return useServices().client;
}

export function useActions(): TerminalActions {
  return useServices().store.getState();
}
