import type { ConnectionStatus, Feed, SessionState } from '../../../shared/domain';
import type { MethodResult } from '../../../shared/contract';
import type { LinkStatus } from '../../bridge/socketBridge';
import type { SliceCreator } from '../store';

export type AppInfo = MethodResult<'app.info'>;

/**
 * The connection slice, under one key (`connection`): this window's link to main (the host
 * socket), main's answer to our contract version, who is signed in, and the state of each
 * market/trading feed. Written only by wire.ts and main.tsx from main's answers and pushes;
 * components read it for the header, the status bar and the banners.
 */
export interface ConnectionData {
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

export interface ConnectionState {
  connection: ConnectionData;
}

export type ConnectionSlice = ConnectionState & ConnectionActions;

export function initialConnectionState(): ConnectionData {
  return {
    link: { state: 'connecting', attempt: 0 },
    contractMismatch: null,
    appInfo: null,
    session: null,
    feeds: {},
    droppedPushes: 0,
  };
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set) => {
  /** One field of the connection changed: a new `connection` object, the rest kept. */
  const put = (f: (c: ConnectionData) => Partial<ConnectionData>) =>
    set((s) => ({ connection: { ...s.connection, ...f(s.connection) } }));
  return {
    connection: initialConnectionState(),
    setLink: (link) => put(() => ({ link })),
    setContractMismatch: (contractMismatch) => put(() => ({ contractMismatch })),
    setAppInfo: (appInfo) => put(() => ({ appInfo })),
    setSession: (session) => put(() => ({ session })),
    setFeed: (status) => put((c) => ({ feeds: { ...c.feeds, [status.feed]: status } })),
    countDroppedPush: () => put((c) => ({ droppedPushes: c.droppedPushes + 1 })),
  };
};
