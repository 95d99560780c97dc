import type { ConnectionStatus, Feed, SessionState } from '../../../shared/domain';
import type { MethodResult } from '../../../shared/contract';
import type { LinkStatus } from '../../bridge/socketBridge';
import type { SliceCreator } from '../store';

export type AppInfo = MethodResult<'app.info'>;

/**
 * The connection slice: this window's link to main (the host socket), main's answer to our
 * contract version, who is signed in, and the state of each market/trading feed. Written only by
 * wire.ts from main's answers and pushes; components read it for the header and the banners.
 */
export interface ConnectionState {
  link: LinkStatus;
  /** Set when main refused our contract version: the whole screen says so. */
  contractMismatch: string | null;
  appInfo: AppInfo | null;
  session: SessionState | null;
  /** Each feed's last `connection.status`, by feed; a feed main never reported is absent. */
  feeds: Partial<Record<Feed, ConnectionStatus>>;
  /** Pushes the bridge dropped as malformed (zod refused them): counted, shown in the status bar. */
  droppedPushes: number;
}

export interface ConnectionActions {
  setLink(link: LinkStatus): void;
  setContractMismatch(message: string | null): void;
  setAppInfo(info: AppInfo): void;
  setSession(session: SessionState): void;
  setFeed(status: ConnectionStatus): void;
  countDroppedPush(): void;
}

export type ConnectionSlice = ConnectionState & ConnectionActions;

export function initialConnectionState(): ConnectionState {
  return {
    link: { state: 'connecting', attempt: 0 },
    contractMismatch: null,
    appInfo: null,
    session: null,
    feeds: {},
    droppedPushes: 0,
  };
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set) => ({
  ...initialConnectionState(),
  setLink: (link) => set({ link }),
  setContractMismatch: (contractMismatch) => set({ contractMismatch }),
  setAppInfo: (appInfo) => set({ appInfo }),
  setSession: (session) => set({ session }),
  setFeed: (status) => set((s) => ({ feeds: { ...s.feeds, [status.feed]: status } })),
  countDroppedPush: () => set((s) => ({ droppedPushes: s.droppedPushes + 1 })),
});
