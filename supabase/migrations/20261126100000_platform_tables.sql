-- The platform's tables exactly as its Prisma schema creates them (physical names from
-- @@map, quoted camelCase columns, Prisma's column types). Production already has them, so
-- everything is IF NOT EXISTS: on a hosted project this file is a no-op; on a fresh project
-- (and in the embedded stack) it creates the schema. Additions the terminal needs live in
-- later migrations, one concern per file.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'OrderType') THEN
    CREATE TYPE "OrderType" AS ENUM ('MARKET', 'LIMIT');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'OrderSide') THEN
    CREATE TYPE "OrderSide" AS ENUM ('BUY', 'SELL');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'OrderStatus') THEN
    CREATE TYPE "OrderStatus" AS ENUM ('PENDING', 'EXECUTED', 'CANCELLED');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'TransactionType') THEN
    CREATE TYPE "TransactionType" AS ENUM ('CREDIT', 'DEBIT');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'OptionType') THEN
    CREATE TYPE "OptionType" AS ENUM ('CE', 'PE', 'XX');
  END IF;
END
$$;

-- Prisma generates ids client-side; the defaults let our RPCs (and the seed) insert too.
CREATE TABLE IF NOT EXISTS trading_accounts (
  "id" text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  "userId" text NOT NULL,
  "balance" integer NOT NULL DEFAULT 0,
  "availableMargin" integer NOT NULL DEFAULT 0,
  "usedMargin" integer NOT NULL DEFAULT 0,
  "client_id" text,
  "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX IF NOT EXISTS "trading_accounts_userId_key" ON trading_accounts ("userId");
CREATE UNIQUE INDEX IF NOT EXISTS "trading_accounts_client_id_key" ON trading_accounts ("client_id");

CREATE TABLE IF NOT EXISTS "Stock" (
  "id" text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  "instrumentId" text NOT NULL,
  "symbol" text NOT NULL,
  "exchange" text NOT NULL,
  "ticker" text NOT NULL,
  "name" text NOT NULL,
  "segment" text NOT NULL,
  "ltp" double precision NOT NULL DEFAULT 0,
  "open" double precision NOT NULL DEFAULT 0,
  "high" double precision NOT NULL DEFAULT 0,
  "low" double precision NOT NULL DEFAULT 0,
  "close" double precision NOT NULL DEFAULT 0,
  "change" double precision NOT NULL DEFAULT 0,
  "changePercent" double precision NOT NULL DEFAULT 0,
  "volume" integer NOT NULL DEFAULT 0,
  "sector" text,
  "isActive" boolean NOT NULL DEFAULT true,
  "strikePrice" numeric(65, 30),
  "optionType" "OptionType",
  "expiry" timestamp(3),
  "lot_size" double precision,
  "token" integer,
  "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX IF NOT EXISTS "Stock_instrumentId_key" ON "Stock" ("instrumentId");
CREATE UNIQUE INDEX IF NOT EXISTS "Stock_token_key" ON "Stock" ("token");
CREATE INDEX IF NOT EXISTS "Stock_symbol_idx" ON "Stock" ("symbol");

CREATE TABLE IF NOT EXISTS positions (
  "id" text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  "tradingAccountId" text NOT NULL REFERENCES trading_accounts ("id") ON DELETE CASCADE,
  "symbol" text NOT NULL,
  "quantity" integer NOT NULL,
  "averagePrice" numeric(10, 2) NOT NULL,
  "unrealizedPnL" numeric(18, 2) NOT NULL DEFAULT 0,
  "dayPnL" numeric(18, 2) NOT NULL DEFAULT 0,
  "stopLoss" numeric(65, 30),
  "target" numeric(65, 30),
  "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "stockId" text REFERENCES "Stock" ("id") ON DELETE SET NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS "positions_tradingAccountId_symbol_key"
  ON positions ("tradingAccountId", "symbol");

CREATE TABLE IF NOT EXISTS orders (
  "id" text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  "tradingAccountId" text NOT NULL REFERENCES trading_accounts ("id") ON DELETE CASCADE,
  "symbol" text NOT NULL,
  "quantity" integer NOT NULL,
  "orderType" "OrderType" NOT NULL,
  "orderSide" "OrderSide" NOT NULL,
  "price" numeric(10, 2),
  "filledQuantity" integer NOT NULL DEFAULT 0,
  "averagePrice" numeric(10, 2),
  "productType" text NOT NULL DEFAULT 'MIS',
  "status" "OrderStatus" NOT NULL DEFAULT 'PENDING',
  "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "executedAt" timestamp(3),
  "stockId" text REFERENCES "Stock" ("id") ON DELETE SET NULL,
  "positionId" text REFERENCES positions ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "orders_tradingAccountId_idx" ON orders ("tradingAccountId");

CREATE TABLE IF NOT EXISTS transactions (
  "id" text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  "tradingAccountId" text NOT NULL REFERENCES trading_accounts ("id") ON DELETE CASCADE,
  "amount" numeric(18, 2) NOT NULL,
  "type" "TransactionType" NOT NULL,
  "description" text,
  "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "orderId" text REFERENCES orders ("id") ON DELETE SET NULL,
  "positionId" text REFERENCES positions ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "transactions_tradingAccountId_idx" ON transactions ("tradingAccountId");

CREATE TABLE IF NOT EXISTS "Watchlist" (
  "id" text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  "userId" text NOT NULL,
  "name" text NOT NULL DEFAULT 'My Watchlist',
  "description" text,
  "color" text,
  "isDefault" boolean NOT NULL DEFAULT false,
  "isPrivate" boolean NOT NULL DEFAULT true,
  "sortOrder" integer NOT NULL DEFAULT 0,
  "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX IF NOT EXISTS "Watchlist_userId_name_key" ON "Watchlist" ("userId", "name");

CREATE TABLE IF NOT EXISTS "WatchlistItem" (
  "id" text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  "watchlistId" text NOT NULL REFERENCES "Watchlist" ("id") ON DELETE CASCADE,
  "stockId" text REFERENCES "Stock" ("id") ON DELETE SET NULL,
  "notes" text,
  "alertPrice" numeric(65, 30),
  "alertType" text,
  "sortOrder" integer NOT NULL DEFAULT 0,
  "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "token" integer,
  "symbol" text,
  "exchange" text,
  "segment" text,
  "name" text,
  "ltp" double precision NOT NULL DEFAULT 0,
  "close" double precision NOT NULL DEFAULT 0,
  "strikePrice" numeric(65, 30),
  "optionType" "OptionType",
  "expiry" timestamp(3),
  "lotSize" double precision
);
CREATE UNIQUE INDEX IF NOT EXISTS "WatchlistItem_watchlistId_token_key" ON "WatchlistItem" ("watchlistId", "token");

CREATE TABLE IF NOT EXISTS risk_config (
  "id" text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  "segment" text NOT NULL,
  "product_type" text NOT NULL,
  "leverage" numeric(10, 2) NOT NULL DEFAULT 1,
  "brokerageFlat" numeric(10, 2),
  "brokerageRate" numeric(10, 6),
  "brokerageCap" numeric(10, 2),
  "marginRate" numeric(10, 6),
  "maxOrderValue" numeric(18, 2),
  "maxPositions" integer,
  "active" boolean NOT NULL DEFAULT true,
  "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX IF NOT EXISTS "risk_config_segment_product_type_key" ON risk_config ("segment", "product_type");
