import type {
  Account,
  Instrument,
  Order,
  Position,
  Quote,
  StateSnapshot,
  TradingEvent,
  Watchlist,
  WatchlistItem,
} from '../../../src/shared/domain';

/** Rows shaped exactly as the contract's schemas output them. */
export const ACCOUNT_ID = 'acc-1';

export function account(over: Partial<Account> = {}): Account {
  return {
    id: ACCOUNT_ID,
    userId: 'user-1',
    balance: 1_000_000,
    availableMargin: 1_000_000,
    usedMargin: 0,
    clientId: 'TD0001',
    version: 1,
    ...over,
  };
}

export function order(over: Partial<Order> & { id: string }): Order {
  return {
    tradingAccountId: ACCOUNT_ID,
    symbol: 'RELIANCE',
    quantity: 10,
    orderType: 'MARKET',
    orderSide: 'BUY',
    price: null,
    triggerPrice: null,
    triggeredAt: null,
    filledQuantity: 0,
    averagePrice: null,
    productType: 'MIS',
    status: 'PENDING',
    createdAt: '2026-11-26T09:20:00.000Z',
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

export function position(over: Partial<Position> & { id: string }): Position {
  return {
    tradingAccountId: ACCOUNT_ID,
    symbol: 'RELIANCE',
    quantity: 10,
    averagePrice: 2500,
    unrealizedPnL: 0,
    dayPnL: 0,
    realizedPnL: 0,
    realizedPnLRounding: 0,
    stopLoss: null,
    target: null,
    // A carried position (opened on an earlier day): day P&L measures from the previous close.
    createdAt: '2026-11-20T09:20:00.000Z',
    stockId: null,
    version: 1,
    ...over,
  };
}

export function instrument(
  token: number,
  symbol: string,
  exchange = 'NSE_EQ',
  over: Partial<Instrument> = {},
): Instrument {
  return {
    token,
    instrumentId: `${exchange}-${token}`,
    symbol,
    name: symbol,
    exchange,
    segment: exchange,
    instrumentType: 'EQ',
    lotSize: 1,
    tickSize: 0.05,
    lastPrice: null,
    ...over,
  };
}

export function watchlist(id: string, name: string, over: Partial<Watchlist> = {}): Watchlist {
  return {
    id,
    userId: 'user-1',
    name,
    description: null,
    color: null,
    isDefault: false,
    isPrivate: true,
    sortOrder: 0,
    version: 1,
    ...over,
  };
}

export function item(
  id: string,
  watchlistId: string,
  token: number,
  sortOrder: number,
  symbol = `SYM${token}`,
): WatchlistItem {
  return {
    id,
    watchlistId,
    token,
    symbol,
    exchange: 'NSE_EQ',
    segment: 'NSE_EQ',
    name: null,
    notes: null,
    alertPrice: null,
    alertType: null,
    sortOrder,
    lotSize: 1,
    version: 1,
  };
}

export function quote(token: number, ltp: number, over: Partial<Quote> = {}): Quote {
  return {
    token,
    ltp,
    open: null,
    high: null,
    low: null,
    close: null,
    volume: null,
    change: null,
    changePct: null,
    bid: null,
    ask: null,
    direction: 'flat',
    ts: 1_000,
    receivedAt: 1_000,
    ...over,
  };
}

export function snapshot(over: Partial<StateSnapshot> = {}): StateSnapshot {
  return {
    account: account(),
    orders: [],
    positions: [],
    transactions: [],
    watchlists: [],
    watchlistItems: [],
    instruments: [],
    quotes: [],
    intents: [],
    riskConfig: [],
    priceAlerts: [],
    alertIntents: [],
    stale: false,
    syncedAt: 1_000,
    asOf: 1_000,
    ...over,
  };
}

export function executedEvent(seq: number, over: Partial<Order> = {}, recovered = false): TradingEvent {
  return {
    seq,
    at: 1_700_000_000_000 + seq,
    accountId: ACCOUNT_ID,
    recovered,
    type: 'order_executed',
    order: order({ id: `o${seq}`, status: 'EXECUTED', filledQuantity: 10, averagePrice: 2500, ...over }),
  };
}
