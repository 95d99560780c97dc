-- Row-level security. A user owns the trading account whose "userId" is their auth.uid();
-- orders, positions and transactions belong to them through that account; watchlists
-- through their own "userId". Supabase grants the API roles everything on public by default,
-- so the privileges that must NOT exist are revoked explicitly here:
--   * nobody writes money or order state directly: accounts, orders and transactions are
--     read-only to users and change only through the SECURITY DEFINER RPCs;
--   * on positions a user may set only "stopLoss" and "target" (column-level grant);
--   * watchlists are fully user-writable, within their own rows;
--   * the instrument cache and risk config are readable, never user-writable.
-- service_role bypasses RLS (the broker and admin paths).

-- Helper for policies: is this account the caller's? SECURITY DEFINER so policies on child
-- tables do not depend on the caller's privileges on trading_accounts.
CREATE OR REPLACE FUNCTION tradedesk_owns_account(p_account_id text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM trading_accounts a
    WHERE a."id" = p_account_id AND a."userId" = auth.uid()::text
  )
$$;

ALTER TABLE trading_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE positions ENABLE ROW LEVEL SECURITY;
ALTER TABLE transactions ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Watchlist" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "WatchlistItem" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Stock" ENABLE ROW LEVEL SECURITY;
ALTER TABLE risk_config ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS trading_accounts_select_own ON trading_accounts;
CREATE POLICY trading_accounts_select_own ON trading_accounts
  FOR SELECT TO authenticated USING ("userId" = auth.uid()::text);

DROP POLICY IF EXISTS orders_select_own ON orders;
CREATE POLICY orders_select_own ON orders
  FOR SELECT TO authenticated USING (tradedesk_owns_account("tradingAccountId"));

DROP POLICY IF EXISTS positions_select_own ON positions;
CREATE POLICY positions_select_own ON positions
  FOR SELECT TO authenticated USING (tradedesk_owns_account("tradingAccountId"));
DROP POLICY IF EXISTS positions_update_own ON positions;
CREATE POLICY positions_update_own ON positions
  FOR UPDATE TO authenticated
  USING (tradedesk_owns_account("tradingAccountId"))
  WITH CHECK (tradedesk_owns_account("tradingAccountId"));

DROP POLICY IF EXISTS transactions_select_own ON transactions;
CREATE POLICY transactions_select_own ON transactions
  FOR SELECT TO authenticated USING (tradedesk_owns_account("tradingAccountId"));

DROP POLICY IF EXISTS watchlist_all_own ON "Watchlist";
CREATE POLICY watchlist_all_own ON "Watchlist"
  FOR ALL TO authenticated
  USING ("userId" = auth.uid()::text)
  WITH CHECK ("userId" = auth.uid()::text);

DROP POLICY IF EXISTS watchlist_item_all_own ON "WatchlistItem";
CREATE POLICY watchlist_item_all_own ON "WatchlistItem"
  FOR ALL TO authenticated
  USING (EXISTS (SELECT 1 FROM "Watchlist" w WHERE w."id" = "watchlistId" AND w."userId" = auth.uid()::text))
  WITH CHECK (EXISTS (SELECT 1 FROM "Watchlist" w WHERE w."id" = "watchlistId" AND w."userId" = auth.uid()::text));

DROP POLICY IF EXISTS stock_read_all ON "Stock";
CREATE POLICY stock_read_all ON "Stock" FOR SELECT TO anon, authenticated USING (true);

DROP POLICY IF EXISTS risk_config_read ON risk_config;
CREATE POLICY risk_config_read ON risk_config FOR SELECT TO authenticated USING (true);

-- Privileges. anon reads only the instrument cache.
REVOKE ALL ON trading_accounts, orders, positions, transactions, "Watchlist", "WatchlistItem", risk_config FROM anon;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "Stock" FROM anon, authenticated;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON risk_config FROM authenticated;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER
  ON trading_accounts, orders, positions, transactions FROM authenticated;
GRANT SELECT ON trading_accounts, orders, positions, transactions, "Stock", risk_config TO authenticated;
GRANT SELECT ON "Stock" TO anon;
GRANT UPDATE ("stopLoss", "target") ON positions TO authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON "Watchlist", "WatchlistItem" TO authenticated;

REVOKE ALL ON FUNCTION tradedesk_owns_account(text) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION tradedesk_owns_account(text) TO authenticated, service_role;
-- The version trigger runs as the writer; nobody calls it directly.
REVOKE ALL ON FUNCTION tradedesk_touch_row() FROM PUBLIC, anon, authenticated;
-- The trigger takes nextval() as the writing role (users write watchlists).
GRANT USAGE ON SEQUENCE tradedesk_row_version_seq TO authenticated, service_role;
REVOKE ALL ON SEQUENCE tradedesk_row_version_seq FROM anon;
