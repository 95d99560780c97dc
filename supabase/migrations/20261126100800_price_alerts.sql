-- Price alerts: one row per alert, owned by a user, synced to every terminal the user runs
-- (Realtime, versioned like the other synced tables) and fired at most once per arming.
--
-- Conditions (evaluated by the terminal on every tick, crossing semantics, see
-- docs/ARCHITECTURE.md "Price alerts"):
--   LTP_ABOVE / LTP_BELOW               the last traded price reaches `value` from below / above
--   CHANGE_PCT_ABOVE / CHANGE_PCT_BELOW the day change % (against the previous close) does so
-- States: ACTIVE (armed), TRIGGERED (fired; stays off until re-armed), DISABLED.
--
-- Arming. Every arming (insert as ACTIVE, a state change back to ACTIVE, a new value or
-- condition while ACTIVE or TRIGGERED) gets a fresh "armId". trigger_alert fires an alert only
-- for the arming the caller saw, so a crossing observed before a re-arm can never fire the
-- re-armed alert, and two terminals racing on one crossing fire it once between them.
--
-- The platform's watchlist alerts ("WatchlistItem"."alertPrice" / "alertType", written by the
-- web dashboard) are materialised here by a trigger, one row per direction, with a
-- deterministic id `wl:<item id>:<condition>`. Their value and direction belong to the
-- watchlist row (the terminal writes changes through to it); their state (re-arm, disable)
-- and note live here. The dashboard's own columns are never written by this migration.

CREATE TABLE IF NOT EXISTS price_alerts (
  "id" text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  "userId" text NOT NULL,
  -- Set for alerts materialised from a watchlist row (removed with it).
  "watchlistItemId" text REFERENCES "WatchlistItem" ("id") ON DELETE CASCADE,
  -- The market-data provider token the terminal keys ticks by.
  "token" integer NOT NULL,
  "symbol" text NOT NULL,
  "exchange" text,
  "condition" text NOT NULL,
  -- Rupees for LTP conditions, percent for day-change conditions.
  "value" numeric(18, 4) NOT NULL,
  "state" text NOT NULL DEFAULT 'ACTIVE',
  "note" text,
  "armId" text NOT NULL DEFAULT gen_random_uuid()::text,
  "armedAt" timestamp(3),
  "triggeredAt" timestamp(3),
  "triggeredPrice" numeric(18, 4),
  -- The terminal installation whose call fired it (what makes trigger_alert idempotent).
  "triggeredBy" text,
  "createdAt" timestamp(3) NOT NULL DEFAULT timezone('utc', now()),
  "updatedAt" timestamp(3) NOT NULL DEFAULT timezone('utc', now()),
  "version" bigint NOT NULL DEFAULT 0,
  CONSTRAINT price_alerts_condition_check
    CHECK ("condition" IN ('LTP_ABOVE', 'LTP_BELOW', 'CHANGE_PCT_ABOVE', 'CHANGE_PCT_BELOW')),
  CONSTRAINT price_alerts_state_check CHECK ("state" IN ('ACTIVE', 'TRIGGERED', 'DISABLED')),
  CONSTRAINT price_alerts_value_check CHECK (
    CASE WHEN "condition" LIKE 'LTP_%' THEN "value" > 0 ELSE "value" > -100 AND "value" < 1000 END
  ),
  CONSTRAINT price_alerts_triggered_check CHECK (("state" = 'TRIGGERED') = ("triggeredAt" IS NOT NULL)),
  CONSTRAINT price_alerts_note_check CHECK ("note" IS NULL OR length("note") <= 500),
  CONSTRAINT price_alerts_arm_id_check CHECK (length("armId") BETWEEN 1 AND 64)
);
CREATE INDEX IF NOT EXISTS price_alerts_user_id ON price_alerts ("userId");
CREATE UNIQUE INDEX IF NOT EXISTS price_alerts_watchlist_item ON price_alerts ("watchlistItemId", "condition")
  WHERE "watchlistItemId" IS NOT NULL;

-- Synced like the platform's tables (see 20261126100200_sync_versioning.sql).
DROP TRIGGER IF EXISTS tradedesk_touch_row ON price_alerts;
CREATE TRIGGER tradedesk_touch_row BEFORE INSERT OR UPDATE ON price_alerts
  FOR EACH ROW EXECUTE FUNCTION tradedesk_touch_row();
ALTER TABLE price_alerts REPLICA IDENTITY FULL;
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_publication_tables
    WHERE pubname = 'supabase_realtime' AND schemaname = 'public' AND tablename = 'price_alerts'
  ) THEN
    ALTER PUBLICATION supabase_realtime ADD TABLE price_alerts;
  END IF;
END
$$;

-- At most this many alerts a user creates (watchlist rows are not counted and never refused:
-- a dashboard write must not fail because of the terminal). Mirrors MAX_ALERTS_PER_USER in
-- src/shared/alerts.
CREATE OR REPLACE FUNCTION tradedesk_max_alerts_per_user() RETURNS integer
LANGUAGE sql IMMUTABLE AS $$ SELECT 1000 $$;

-- The rules every write obeys, whoever writes (a terminal, the dashboard's trigger, an admin).
CREATE OR REPLACE FUNCTION tradedesk_price_alert_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_count integer;
  v_rearm boolean := false;
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- Traders' own inserts (the watchlist trigger writes as the table owner, the broker and
    -- admin tools as service_role).
    IF NEW."watchlistItemId" IS NULL AND current_user = 'authenticated' THEN
      SELECT count(*) INTO v_count FROM price_alerts WHERE "userId" = NEW."userId" AND "watchlistItemId" IS NULL;
      IF v_count >= tradedesk_max_alerts_per_user() THEN
        PERFORM tradedesk_fail('invalid_alert',
          format('At most %s alerts; delete some before adding more', tradedesk_max_alerts_per_user()),
          jsonb_build_object('limit', tradedesk_max_alerts_per_user()));
      END IF;
    END IF;
    NEW."armedAt" := CASE WHEN NEW."state" = 'ACTIVE' THEN timezone('utc', clock_timestamp()) END;
    RETURN NEW;
  END IF;

  IF OLD."watchlistItemId" IS NOT NULL AND current_user = 'authenticated'
     AND (NEW."value", NEW."condition") IS DISTINCT FROM (OLD."value", OLD."condition") THEN
    PERFORM tradedesk_fail('invalid_alert',
      'This alert comes from a watchlist row: change its price on the watchlist',
      jsonb_build_object('alertId', OLD."id", 'watchlistItemId', OLD."watchlistItemId"));
  END IF;
  -- A new value or condition on a fired alert is a new alert: it arms again.
  IF OLD."state" = 'TRIGGERED' AND NEW."state" = 'TRIGGERED'
     AND (NEW."value", NEW."condition") IS DISTINCT FROM (OLD."value", OLD."condition") THEN
    NEW."state" := 'ACTIVE';
  END IF;
  IF NEW."state" = 'ACTIVE' AND (OLD."state" <> 'ACTIVE'
     OR (NEW."value", NEW."condition", NEW."token") IS DISTINCT FROM (OLD."value", OLD."condition", OLD."token")) THEN
    v_rearm := true;
  END IF;
  IF v_rearm THEN
    -- A terminal arming offline names the arming itself (so its queued fire can refer to it);
    -- otherwise the arming gets a new id here.
    IF NEW."armId" IS NOT DISTINCT FROM OLD."armId" THEN
      NEW."armId" := gen_random_uuid()::text;
    END IF;
    NEW."armedAt" := timezone('utc', clock_timestamp());
  END IF;
  IF NEW."state" <> 'TRIGGERED' THEN
    NEW."triggeredAt" := NULL;
    NEW."triggeredPrice" := NULL;
    NEW."triggeredBy" := NULL;
  END IF;
  RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS tradedesk_price_alert_rules ON price_alerts;
CREATE TRIGGER tradedesk_price_alert_rules BEFORE INSERT OR UPDATE ON price_alerts
  FOR EACH ROW EXECUTE FUNCTION tradedesk_price_alert_rules();

-- The conditions a watchlist row's "alertType" asks for. The dashboard writes ABOVE / BELOW /
-- BOTH; Kite-style operators are read too; no type means either direction; anything else is
-- kept on the watchlist row but makes no alert.
CREATE OR REPLACE FUNCTION tradedesk_watchlist_alert_conditions(p_alert_type text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE upper(btrim(coalesce(p_alert_type, '')))
    WHEN 'ABOVE' THEN ARRAY['LTP_ABOVE']
    WHEN 'LTP_GTE' THEN ARRAY['LTP_ABOVE']
    WHEN 'LTP_GT' THEN ARRAY['LTP_ABOVE']
    WHEN 'BELOW' THEN ARRAY['LTP_BELOW']
    WHEN 'LTP_LTE' THEN ARRAY['LTP_BELOW']
    WHEN 'LTP_LT' THEN ARRAY['LTP_BELOW']
    WHEN 'BOTH' THEN ARRAY['LTP_ABOVE', 'LTP_BELOW']
    WHEN '' THEN ARRAY['LTP_ABOVE', 'LTP_BELOW']
    ELSE ARRAY[]::text[]
  END
$$;

-- Makes a watchlist row's alerts in price_alerts what its columns say: creates, moves (a new
-- price re-arms) and removes them. Never raises for a value it cannot use (not positive, too
-- large, no token): the dashboard's write goes through, the row simply has no alert.
CREATE OR REPLACE FUNCTION tradedesk_sync_watchlist_item_alerts(p_item "WatchlistItem") RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user text;
  v_symbol text;
  v_exchange text;
  v_conditions text[] := ARRAY[]::text[];
  v_condition text;
BEGIN
  SELECT "userId" INTO v_user FROM "Watchlist" WHERE "id" = p_item."watchlistId";
  IF v_user IS NOT NULL AND p_item."token" IS NOT NULL AND p_item."alertPrice" > 0
     AND p_item."alertPrice" < 100000000000000 THEN
    v_conditions := tradedesk_watchlist_alert_conditions(p_item."alertType");
  END IF;
  DELETE FROM price_alerts WHERE "watchlistItemId" = p_item."id" AND NOT ("condition" = ANY (v_conditions));
  IF cardinality(v_conditions) = 0 THEN
    RETURN;
  END IF;
  SELECT coalesce(p_item."symbol", s."symbol", p_item."token"::text), coalesce(p_item."exchange", s."exchange")
    INTO v_symbol, v_exchange
    FROM (SELECT 1) one LEFT JOIN "Stock" s ON s."token" = p_item."token";
  FOREACH v_condition IN ARRAY v_conditions LOOP
    INSERT INTO price_alerts AS a ("id", "userId", "watchlistItemId", "token", "symbol", "exchange", "condition", "value")
    VALUES ('wl:' || p_item."id" || ':' || v_condition, v_user, p_item."id", p_item."token", v_symbol, v_exchange,
            v_condition, round(p_item."alertPrice", 4))
    ON CONFLICT ("id") DO UPDATE SET
      "userId" = EXCLUDED."userId", "token" = EXCLUDED."token", "symbol" = EXCLUDED."symbol",
      "exchange" = EXCLUDED."exchange", "value" = EXCLUDED."value"
    WHERE (a."userId", a."token", a."symbol", a."exchange", a."value")
      IS DISTINCT FROM (EXCLUDED."userId", EXCLUDED."token", EXCLUDED."symbol", EXCLUDED."exchange", EXCLUDED."value");
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION tradedesk_watchlist_item_alerts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM tradedesk_sync_watchlist_item_alerts(NEW);
  RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS tradedesk_watchlist_item_alerts ON "WatchlistItem";
CREATE TRIGGER tradedesk_watchlist_item_alerts
  AFTER INSERT OR UPDATE OF "alertPrice", "alertType", "token", "symbol", "exchange", "watchlistId" ON "WatchlistItem"
  FOR EACH ROW EXECUTE FUNCTION tradedesk_watchlist_item_alerts();

-- Watchlist alerts that existed before this migration (the watchlist rows are not touched).
SELECT tradedesk_sync_watchlist_item_alerts(i) FROM "WatchlistItem" i WHERE i."alertPrice" IS NOT NULL;

-- Fires an alert for the arming the caller evaluated, once. Returns {won, alert}: won is true
-- for the one call that moved it from ACTIVE to TRIGGERED — and again for that same caller
-- asking again (its first answer was lost), so a retry never loses the notification and a
-- second terminal never shows one. Any other call gets won = false and the current row.
-- p_price is the last price that crossed (rupees); p_terminal names the calling installation.
CREATE OR REPLACE FUNCTION trigger_alert(p_alert_id text, p_arm_id text, p_price numeric, p_terminal text)
RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_uid uuid := auth.uid();
  v_alert price_alerts;
  v_won boolean;
BEGIN
  IF v_uid IS NULL THEN
    PERFORM tradedesk_fail('forbidden', 'Sign in to use alerts');
  END IF;
  IF p_price IS NULL OR p_price <= 0 OR p_price >= 100000000000000 THEN
    PERFORM tradedesk_fail('invalid_price', format('Invalid price %s', p_price), jsonb_build_object('price', p_price));
  END IF;
  IF p_terminal IS NULL OR length(p_terminal) NOT BETWEEN 1 AND 64 THEN
    PERFORM tradedesk_fail('invalid_alert', 'The calling terminal must name itself');
  END IF;
  UPDATE price_alerts SET
    "state" = 'TRIGGERED',
    "triggeredAt" = timezone('utc', clock_timestamp()),
    "triggeredPrice" = round(p_price, 4),
    "triggeredBy" = p_terminal
  WHERE "id" = p_alert_id AND "userId" = v_uid::text AND "state" = 'ACTIVE' AND "armId" = p_arm_id
  RETURNING * INTO v_alert;
  v_won := FOUND;
  IF NOT v_won THEN
    SELECT * INTO v_alert FROM price_alerts WHERE "id" = p_alert_id AND "userId" = v_uid::text;
    IF NOT FOUND THEN
      PERFORM tradedesk_fail('not_found', 'Alert not found', jsonb_build_object('alertId', p_alert_id));
    END IF;
    v_won := v_alert."state" = 'TRIGGERED' AND v_alert."armId" = p_arm_id AND v_alert."triggeredBy" = p_terminal;
  END IF;
  RETURN json_build_object('won', v_won, 'alert', row_to_json(v_alert));
END
$$;

-- Row-level security: a user sees and changes their own alerts only. Users write the fields a
-- trader edits; the triggered fields change only through trigger_alert; watchlist alerts are
-- created and removed with their watchlist row.
ALTER TABLE price_alerts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS price_alerts_select_own ON price_alerts;
CREATE POLICY price_alerts_select_own ON price_alerts
  FOR SELECT TO authenticated USING ("userId" = auth.uid()::text);
DROP POLICY IF EXISTS price_alerts_insert_own ON price_alerts;
CREATE POLICY price_alerts_insert_own ON price_alerts
  FOR INSERT TO authenticated WITH CHECK ("userId" = auth.uid()::text AND "watchlistItemId" IS NULL);
DROP POLICY IF EXISTS price_alerts_update_own ON price_alerts;
CREATE POLICY price_alerts_update_own ON price_alerts
  FOR UPDATE TO authenticated USING ("userId" = auth.uid()::text) WITH CHECK ("userId" = auth.uid()::text);
DROP POLICY IF EXISTS price_alerts_delete_own ON price_alerts;
CREATE POLICY price_alerts_delete_own ON price_alerts
  FOR DELETE TO authenticated USING ("userId" = auth.uid()::text AND "watchlistItemId" IS NULL);

REVOKE ALL ON price_alerts FROM anon, authenticated;
GRANT SELECT, DELETE ON price_alerts TO authenticated;
GRANT INSERT ("id", "userId", "token", "symbol", "exchange", "condition", "value", "state", "note", "armId")
  ON price_alerts TO authenticated;
GRANT UPDATE ("value", "condition", "state", "note", "armId") ON price_alerts TO authenticated;
GRANT ALL ON price_alerts TO service_role;

REVOKE ALL ON FUNCTION trigger_alert(text, text, numeric, text) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION trigger_alert(text, text, numeric, text) TO authenticated, service_role;
REVOKE ALL ON FUNCTION tradedesk_sync_watchlist_item_alerts("WatchlistItem") FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION tradedesk_watchlist_item_alerts() FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION tradedesk_price_alert_rules() FROM PUBLIC, anon, authenticated;
