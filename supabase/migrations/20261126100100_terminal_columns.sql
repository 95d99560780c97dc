-- Additive columns the terminal's RPCs need on the platform tables. All optional or
-- defaulted, so the platform's own code keeps working against the same tables.

-- The client order id: the same id twice returns the first order (idempotent placement).
-- The platform's raw-SQL migration already added the column in production.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS "idempotency_key" text;
CREATE UNIQUE INDEX IF NOT EXISTS orders_idempotency_key_key ON orders ("idempotency_key");

-- What placement blocked and debited, so cancel releases exactly that and the fill adjusts
-- from it (the platform returns the same two figures from its order API). Whole rupees.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS "marginBlocked" integer NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS "chargesDeducted" integer NOT NULL DEFAULT 0;

-- Cumulative P&L booked on this symbol (the platform computes it per request; we keep it).
ALTER TABLE positions ADD COLUMN IF NOT EXISTS "realizedPnL" numeric(18, 2) NOT NULL DEFAULT 0;
-- Margin held by the open quantity, released pro rata as it is reduced, so usedMargin is
-- always exactly (pending orders' marginBlocked) + (positions' marginBlocked).
ALTER TABLE positions ADD COLUMN IF NOT EXISTS "marginBlocked" integer NOT NULL DEFAULT 0;
-- Product of the order that opened the position; close_position exits with the same one.
ALTER TABLE positions ADD COLUMN IF NOT EXISTS "productType" text NOT NULL DEFAULT 'MIS';

-- Indices are quoted but not tradable; the platform's Stock rows carry no such flag.
ALTER TABLE "Stock" ADD COLUMN IF NOT EXISTS "instrumentType" text;
ALTER TABLE "Stock" ADD COLUMN IF NOT EXISTS "tradable" boolean NOT NULL DEFAULT true;
ALTER TABLE "Stock" ADD COLUMN IF NOT EXISTS "tickSize" double precision;

-- Prisma maps TradingAccount.clientId to "client_id"; the terminal's domain reads
-- "clientId". A trigger-maintained mirror, not a GENERATED column: Postgres refuses
-- UPDATEs on a REPLICA IDENTITY FULL table whose identity holds an unpublished generated
-- column (42P10), and publishing generated columns needs Postgres 18.
ALTER TABLE trading_accounts ADD COLUMN IF NOT EXISTS "clientId" text;
UPDATE trading_accounts SET "clientId" = "client_id" WHERE "clientId" IS DISTINCT FROM "client_id";

CREATE OR REPLACE FUNCTION tradedesk_mirror_client_id() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  NEW."clientId" := NEW."client_id";
  RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS tradedesk_mirror_client_id ON trading_accounts;
CREATE TRIGGER tradedesk_mirror_client_id BEFORE INSERT OR UPDATE ON trading_accounts
  FOR EACH ROW EXECUTE FUNCTION tradedesk_mirror_client_id();
REVOKE ALL ON FUNCTION tradedesk_mirror_client_id() FROM PUBLIC, anon, authenticated;
