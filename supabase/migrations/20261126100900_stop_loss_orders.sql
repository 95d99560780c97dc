-- Stop-loss orders and price bands (issue 13): the additive schema. The rules that use it are
-- in the next migration (exchange_rules): a new enum value cannot be used in the transaction
-- that adds it, and each migration runs in one transaction.

-- SL: stop-loss limit (trigger + limit price); SL-M: stop-loss market (trigger only). Added to
-- the platform's enum, so its own code keeps reading MARKET and LIMIT as before.
ALTER TYPE "OrderType" ADD VALUE IF NOT EXISTS 'SL';
ALTER TYPE "OrderType" ADD VALUE IF NOT EXISTS 'SL-M';

-- The price whose crossing by the last price turns a stop into a LIMIT (SL) or MARKET (SL-M)
-- order; NULL for MARKET and LIMIT. Same type as "price".
ALTER TABLE orders ADD COLUMN IF NOT EXISTS "triggerPrice" numeric(10, 2);
-- When the broker recorded the crossing (trigger_order); NULL while untriggered. UTC, as every
-- platform timestamp.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS "triggeredAt" timestamp(3);

-- The instrument's own daily price band, ± % of the previous close ("close"); NULL = the
-- default by segment (cash equity 20, index futures 10; others none). MCX publishes a daily
-- price range per contract, so MCX rows carry their own.
ALTER TABLE "Stock" ADD COLUMN IF NOT EXISTS "priceBandPercent" numeric(6, 2);
