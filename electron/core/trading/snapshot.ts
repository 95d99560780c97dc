import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { Instrument, Int, Num, RiskConfig } from '../../../src/shared/domain';
import type { EntityKind, RowOf } from '../cache';
import { ENTITY_KINDS, parseRow } from './entities';
import type { SnapshotRows } from './reconcile-plan';
import { unwrap } from './rest';

/** Orders and transactions are fetched newest first up to these limits (a day's trading fits easily). */
export const ORDER_SNAPSHOT_LIMIT = 5_000;
export const TRANSACTION_SNAPSHOT_LIMIT = 2_000;

export interface TradingSnapshot {
  rows: SnapshotRows;
  windowedSince: Partial<Record<EntityKind, string>>;
  /** Ids of rows the server sent that failed their schema: not applied, and not deleted either. */
  invalidIds: { [K in EntityKind]: string[] };
  instruments: Instrument[];
  riskConfig: RiskConfig[];
}

/** `"Stock"` as the platform stores it → the terminal's Instrument. */
const StockRow = z.object({
  instrumentId: z.string(),
  token: Int.nullable(),
  symbol: z.string(),
  name: z.string(),
  exchange: z.string(),
  segment: z.string(),
  instrumentType: z.string().nullish(),
  lot_size: Num.nullish(),
  tickSize: Num.nullish(),
  ltp: Num.nullish(),
  close: Num.nullish(),
  isActive: z.boolean().nullish(),
});

const RiskConfigRow = z.object({
  segment: z.string(),
  product_type: z.string(),
  leverage: Num,
  brokerageFlat: Num.nullish(),
  brokerageRate: Num.nullish(),
  brokerageCap: Num.nullish(),
  active: z.boolean().nullish(),
});

/**
 * One REST snapshot of everything the account owns, read as the signed-in user (RLS decides).
 * The queries run in parallel; they are taken after SUBSCRIBED, so anything committed later is
 * delivered live (and buffered by the gate while this runs).
 */
export async function fetchTradingSnapshot(
  client: SupabaseClient,
  accountId: string,
  userId: string,
): Promise<TradingSnapshot> {
  const [account, orders, positions, transactions, watchlists, items, stocks, risk] = await Promise.all([
    client.from('trading_accounts').select('*').eq('id', accountId),
    client
      .from('orders')
      .select('*')
      .eq('tradingAccountId', accountId)
      .order('createdAt', { ascending: false })
      .limit(ORDER_SNAPSHOT_LIMIT),
    client.from('positions').select('*').eq('tradingAccountId', accountId),
    client
      .from('transactions')
      .select('*')
      .eq('tradingAccountId', accountId)
      .order('createdAt', { ascending: false })
      .limit(TRANSACTION_SNAPSHOT_LIMIT),
    client.from('Watchlist').select('*').eq('userId', userId),
    client.from('WatchlistItem').select('*'),
    client.from('Stock').select('*'),
    client.from('risk_config').select('*'),
  ]);
  const raw: Record<EntityKind, unknown[]> = {
    account: asArray(unwrap('account', account)),
    order: asArray(unwrap('orders', orders)),
    position: asArray(unwrap('positions', positions)),
    transaction: asArray(unwrap('transactions', transactions)),
    watchlist: asArray(unwrap('watchlists', watchlists)),
    watchlistItem: asArray(unwrap('watchlist items', items)),
  };
  const rows = {
    account: [],
    order: [],
    position: [],
    transaction: [],
    watchlist: [],
    watchlistItem: [],
  } as unknown as SnapshotRows;
  const invalidIds = {
    account: [],
    order: [],
    position: [],
    transaction: [],
    watchlist: [],
    watchlistItem: [],
  } as TradingSnapshot['invalidIds'];
  for (const kind of ENTITY_KINDS) {
    for (const candidate of raw[kind]) {
      const row = parseRow(kind, candidate);
      if (row) (rows[kind] as RowOf<EntityKind>[]).push(row);
      else invalidIds[kind].push(idOf(candidate));
    }
  }
  const windowedSince: TradingSnapshot['windowedSince'] = {};
  if (raw.order.length >= ORDER_SNAPSHOT_LIMIT) windowedSince.order = oldestCreatedAt(rows.order);
  if (raw.transaction.length >= TRANSACTION_SNAPSHOT_LIMIT)
    windowedSince.transaction = oldestCreatedAt(rows.transaction);
  return {
    rows,
    windowedSince,
    invalidIds,
    instruments: asArray(unwrap('instruments', stocks)).flatMap(toInstrument),
    riskConfig: asArray(unwrap('risk config', risk)).flatMap(toRiskConfig),
  };
}

function toInstrument(raw: unknown): Instrument[] {
  const parsed = StockRow.safeParse(raw);
  if (!parsed.success || parsed.data.token === null || parsed.data.isActive === false) return [];
  const s = parsed.data;
  const instrument = Instrument.safeParse({
    token: s.token,
    instrumentId: s.instrumentId,
    symbol: s.symbol,
    name: s.name,
    exchange: s.exchange,
    segment: s.segment,
    instrumentType: s.instrumentType ?? 'EQ',
    lotSize: s.lot_size ?? 1,
    tickSize: s.tickSize ?? 0.05,
    lastPrice: s.ltp || s.close || null,
  });
  return instrument.success ? [instrument.data] : [];
}

function toRiskConfig(raw: unknown): RiskConfig[] {
  const parsed = RiskConfigRow.safeParse(raw);
  if (!parsed.success) return [];
  const r = parsed.data;
  return [
    RiskConfig.parse({
      segment: r.segment,
      productType: r.product_type,
      leverage: r.leverage,
      brokerageFlat: r.brokerageFlat ?? null,
      brokerageRate: r.brokerageRate ?? null,
      brokerageCap: r.brokerageCap ?? null,
      active: r.active ?? true,
    }),
  ];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function idOf(raw: unknown): string {
  return raw !== null && typeof raw === 'object' && 'id' in raw ? String((raw as { id: unknown }).id) : '';
}

function oldestCreatedAt(rows: Array<{ createdAt: string }>): string {
  let oldest = rows[0]?.createdAt ?? new Date(0).toISOString();
  for (const row of rows) if (Date.parse(row.createdAt) < Date.parse(oldest)) oldest = row.createdAt;
  return oldest;
}
