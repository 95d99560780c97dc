import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { Instrument, Int, Num, RiskConfig } from '../../../src/shared/domain';
import { priceBandOf } from '../../../src/shared/trading/order-rules';
import type { EntityKind, RowOf } from '../cache';
import { ENTITY_KINDS } from './entities';
import { parseRow } from './platform-row';
import type { SnapshotRows } from './reconcile-plan';
import { readAllRows } from './paging';

export interface TradingSnapshot {
  rows: SnapshotRows;
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
  tradable: z.boolean().nullish(),
  optionType: z.string().nullish(),
  priceBandPercent: Num.nullish(),
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
 * Every table is read completely, page by page (`readAllRows`): a server's row cap (1,000 on a
 * hosted project) must never make a row look deleted. The reads run in parallel; they are taken
 * after SUBSCRIBED, so anything committed later is delivered live (and buffered by the gate
 * while this runs).
 */
export async function fetchTradingSnapshot(
  client: SupabaseClient,
  accountId: string,
  userId: string,
): Promise<TradingSnapshot> {
  const [account, orders, positions, transactions, watchlists, items, alerts, stocks, risk] = await Promise.all([
    readAllRows('account', () => client.from('trading_accounts').select('*', { count: 'exact' }).eq('id', accountId)),
    readAllRows('orders', () =>
      client.from('orders').select('*', { count: 'exact' }).eq('tradingAccountId', accountId),
    ),
    readAllRows('positions', () =>
      client.from('positions').select('*', { count: 'exact' }).eq('tradingAccountId', accountId),
    ),
    readAllRows('transactions', () =>
      client.from('transactions').select('*', { count: 'exact' }).eq('tradingAccountId', accountId),
    ),
    readAllRows('watchlists', () => client.from('Watchlist').select('*', { count: 'exact' }).eq('userId', userId)),
    // No filter: items carry no user id; RLS limits them to the user's watchlists.
    readAllRows('watchlist items', () => client.from('WatchlistItem').select('*', { count: 'exact' })),
    readAllRows('price alerts', () => client.from('price_alerts').select('*', { count: 'exact' }).eq('userId', userId)),
    readAllRows('instruments', () => client.from('Stock').select('*', { count: 'exact' })),
    readAllRows('risk config', () => client.from('risk_config').select('*', { count: 'exact' })),
  ]);
  const raw: Record<EntityKind, unknown[]> = {
    account,
    order: orders,
    position: positions,
    transaction: transactions,
    watchlist: watchlists,
    watchlistItem: items,
    priceAlert: alerts,
  };
  const rows = {
    account: [],
    order: [],
    position: [],
    transaction: [],
    watchlist: [],
    watchlistItem: [],
    priceAlert: [],
  } as unknown as SnapshotRows;
  const invalidIds = {
    account: [],
    order: [],
    position: [],
    transaction: [],
    watchlist: [],
    watchlistItem: [],
    priceAlert: [],
  } as TradingSnapshot['invalidIds'];
  for (const kind of ENTITY_KINDS) {
    for (const candidate of raw[kind]) {
      const row = parseRow(kind, candidate);
      if (row) (rows[kind] as RowOf<EntityKind>[]).push(row);
      else invalidIds[kind].push(idOf(candidate));
    }
  }
  return {
    rows,
    invalidIds,
    instruments: stocks.flatMap(toInstrument),
    riskConfig: risk.flatMap(toRiskConfig),
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
    optionType: s.optionType ?? null,
    // The same band the database checks orders against (exchange_rules).
    priceBand:
      s.tradable === false
        ? null
        : priceBandOf({
            prevClose: s.close ?? null,
            tickSize: s.tickSize ?? 0.05,
            percent: s.priceBandPercent ?? null,
            segment: s.segment,
            instrumentType: s.instrumentType ?? 'EQ',
          }),
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

function idOf(raw: unknown): string {
  return raw !== null && typeof raw === 'object' && 'id' in raw ? String((raw as { id: unknown }).id) : '';
}
