import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Account,
  Order,
  Position,
  PriceAlert,
  Quote,
  Transaction,
  Watchlist,
  WatchlistItem,
} from '../../../../src/shared/domain';

/** A temp directory per test; `cleanup()` removes it. */
export function tempDir(): { dir: string; file: (name?: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-cache-'));
  return {
    dir,
    file: (name = 'cache.sqlite') => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const ACCOUNT_ID = 'acc-1';

export function account(over: Partial<Account> = {}): Account {
  return {
    id: ACCOUNT_ID,
    userId: 'user-1',
    balance: 100_000,
    availableMargin: 100_000,
    usedMargin: 0,
    clientId: 'CL1',
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T09:00:00.000Z',
    version: 1,
    ...over,
  };
}

export function order(over: Partial<Order> = {}): Order {
  return {
    id: 'ord-1',
    tradingAccountId: ACCOUNT_ID,
    symbol: 'RELIANCE',
    quantity: 10,
    orderType: 'LIMIT',
    orderSide: 'BUY',
    price: 2500.5,
    triggerPrice: null,
    triggeredAt: null,
    filledQuantity: 0,
    averagePrice: null,
    productType: 'MIS',
    status: 'PENDING',
    createdAt: '2026-11-26T09:15:00.000Z',
    executedAt: null,
    stockId: null,
    positionId: null,
    clientOrderId: null,
    marginBlocked: 0,
    chargesDeducted: 0,
    realizedPnL: 0,
    realizedPnLRounding: 0,
    version: 1,
    ...over,
  };
}

export function position(over: Partial<Position> = {}): Position {
  return {
    id: 'pos-1',
    tradingAccountId: ACCOUNT_ID,
    symbol: 'RELIANCE',
    quantity: 10,
    averagePrice: 2500.5,
    unrealizedPnL: 0,
    dayPnL: 0,
    realizedPnL: 0,
    realizedPnLRounding: 0,
    stopLoss: null,
    target: null,
    createdAt: '2026-11-26T09:15:01.000Z',
    stockId: null,
    version: 1,
    ...over,
  };
}

export function transaction(over: Partial<Transaction> = {}): Transaction {
  return {
    id: 'txn-1',
    tradingAccountId: ACCOUNT_ID,
    amount: 125,
    type: 'DEBIT',
    description: 'margin blocked',
    createdAt: '2026-11-26T09:15:01.000Z',
    orderId: 'ord-1',
    positionId: null,
    ...over,
  };
}

export function watchlist(over: Partial<Watchlist> = {}): Watchlist {
  return {
    id: 'wl-1',
    userId: 'user-1',
    name: 'Banks',
    description: null,
    color: null,
    isDefault: false,
    isPrivate: true,
    sortOrder: 0,
    version: 1,
    ...over,
  };
}

export function watchlistItem(over: Partial<WatchlistItem> = {}): WatchlistItem {
  return {
    id: 'wli-1',
    watchlistId: 'wl-1',
    token: 1333,
    symbol: 'HDFCBANK',
    exchange: 'NSE_EQ',
    segment: 'NSE_EQ',
    name: 'HDFC Bank',
    notes: null,
    alertPrice: null,
    alertType: null,
    sortOrder: 0,
    lotSize: 1,
    version: 1,
    ...over,
  };
}

export function priceAlert(over: Partial<PriceAlert> = {}): PriceAlert {
  return {
    id: 'alert-1',
    userId: 'user-1',
    watchlistItemId: null,
    token: 2885,
    symbol: 'RELIANCE',
    exchange: 'NSE_EQ',
    condition: 'LTP_ABOVE',
    value: 2500,
    state: 'ACTIVE',
    note: null,
    armId: 'arm-1',
    armedAt: '2026-11-26T04:00:00.000Z',
    triggeredAt: null,
    triggeredPrice: null,
    triggeredBy: null,
    createdAt: '2026-11-26T04:00:00.000Z',
    version: 1,
    ...over,
  };
}

export function quote(over: Partial<Quote> = {}): Quote {
  return {
    token: 1333,
    ltp: 1650.25,
    open: 1640,
    high: 1660,
    low: 1635,
    close: 1645,
    volume: 12345,
    change: 5.25,
    changePct: 0.32,
    bid: null,
    ask: null,
    direction: 'up',
    ts: 1_764_150_000_000,
    receivedAt: 1_764_150_000_100,
    ...over,
  };
}
