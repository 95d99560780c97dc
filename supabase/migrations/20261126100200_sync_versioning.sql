-- Sync support for the terminal: every synced table carries "updatedAt" and a "version"
-- that strictly increases on every write (the reconciler never applies an older row over a
-- newer one), publishes whole old rows (REPLICA IDENTITY FULL) and is a member of the
-- supabase_realtime publication.

-- One sequence for all tables: versions are globally ordered, so "newer" is comparable
-- even across tables, and no two writes ever share a version.
CREATE SEQUENCE IF NOT EXISTS tradedesk_row_version_seq AS bigint;

CREATE OR REPLACE FUNCTION tradedesk_touch_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  NEW."updatedAt" := clock_timestamp();
  -- greatest(): a row written by other code with a hand-set version still only moves up.
  IF TG_OP = 'UPDATE' THEN
    NEW."version" := greatest(coalesce(OLD."version", 0) + 1, nextval('tradedesk_row_version_seq'));
  ELSE
    NEW."version" := greatest(coalesce(NEW."version", 0), nextval('tradedesk_row_version_seq'));
  END IF;
  RETURN NEW;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['trading_accounts', 'orders', 'positions', 'transactions', 'Watchlist', 'WatchlistItem']
  LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN IF NOT EXISTS "updatedAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP', t);
    EXECUTE format('ALTER TABLE %I ADD COLUMN IF NOT EXISTS "version" bigint NOT NULL DEFAULT 0', t);
    EXECUTE format('DROP TRIGGER IF EXISTS tradedesk_touch_row ON %I', t);
    EXECUTE format('CREATE TRIGGER tradedesk_touch_row BEFORE INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION tradedesk_touch_row()', t);
    EXECUTE format('ALTER TABLE %I REPLICA IDENTITY FULL', t);
    IF NOT EXISTS (
      SELECT 1 FROM pg_publication_tables
      WHERE pubname = 'supabase_realtime' AND schemaname = 'public' AND tablename = t
    ) THEN
      EXECUTE format('ALTER PUBLICATION supabase_realtime ADD TABLE %I', t);
    END IF;
  END LOOP;
END
$$;

-- Rows that existed before this migration get a real version too.
UPDATE trading_accounts SET "version" = 0 WHERE "version" = 0;
UPDATE orders SET "version" = 0 WHERE "version" = 0;
UPDATE positions SET "version" = 0 WHERE "version" = 0;
UPDATE transactions SET "version" = 0 WHERE "version" = 0;
UPDATE "Watchlist" SET "version" = 0 WHERE "version" = 0;
UPDATE "WatchlistItem" SET "version" = 0 WHERE "version" = 0;
