-- Orders as an exchange treats them (issue 13). Every rule lives here once; the ticket checks
-- the same ones live (src/shared/trading/order-rules.ts), and supabase/README.md ("Order
-- rules") gives each its source and the defaults chosen. New refusal codes (HINT):
--   off_tick               a price (limit, trigger) that is not a multiple of the tick size
--   outside_band           a price outside the day's band (detail: lower, upper)
--   product_not_allowed    CNC outside cash equity, NRML outside F&O/commodities (detail: allowed)
--   insufficient_holdings  a CNC SELL beyond the open CNC long net of pending CNC sells
--   invalid_trigger        a stop without a trigger, on the wrong side of the last price or of
--                          its limit, or a trigger on an order that is not a stop
--   order_type_not_allowed SL-M on an option
-- Every refusal's detail carries "field" (price, triggerPrice, product, quantity, type) so the
-- ticket can show the sentence under the input it concerns.
--
-- place_order and modify_order gain p_trigger_price; trigger_order (the broker's) is new;
-- execute_order refuses fills an exchange would not make (an untriggered stop, a limit filled
-- at a worse price, a price outside the band). The honest_money bodies are kept: place and
-- modify are rewritten with the checks added, execute_order is wrapped.

-- ── The instrument ──────────────────────────────────────────────────────────────────────────

CREATE OR REPLACE FUNCTION tradedesk_is_option(p_stock "Stock") RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
  SELECT upper(coalesce(p_stock."instrumentType", '')) IN ('OPT', 'OPTIDX', 'OPTSTK', 'CE', 'PE')
      OR coalesce(p_stock."optionType"::text, '') IN ('CE', 'PE')
$$;

-- Cash equity: an NSE/BSE row that is an equity (rows without a type are the platform's
-- stocks). Products: CNC (stored DELIVERY) and MIS; F&O and commodities: NRML and MIS; else MIS.
CREATE OR REPLACE FUNCTION tradedesk_allowed_products(p_stock "Stock") RETURNS text[]
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
  SELECT CASE
    WHEN upper(p_stock."segment") IN ('NSE', 'BSE') AND upper(coalesce(p_stock."instrumentType", 'EQ')) = 'EQ'
      AND NOT tradedesk_is_option(p_stock) THEN ARRAY['MIS', 'DELIVERY']
    WHEN upper(p_stock."segment") IN ('NFO', 'BFO', 'MCX', 'CDS') THEN ARRAY['MIS', 'NRML']
    ELSE ARRAY['MIS']
  END
$$;

-- The tick size as an exact decimal ("tickSize" is double precision; 0.05 reads back 0.05).
CREATE OR REPLACE FUNCTION tradedesk_tick(p_stock "Stock") RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
  SELECT coalesce(trim_scale(round(nullif(p_stock."tickSize", 0)::numeric, 6)), 0.05)
$$;

-- The band's width: the row's own figure, else cash equity 20, index futures (NFO FUT) 10,
-- else none (NULL).
CREATE OR REPLACE FUNCTION tradedesk_band_percent(p_stock "Stock") RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
  SELECT coalesce(p_stock."priceBandPercent", CASE
    WHEN 'DELIVERY' = ANY (tradedesk_allowed_products(p_stock)) THEN 20
    WHEN upper(p_stock."segment") = 'NFO' AND upper(coalesce(p_stock."instrumentType", '')) = 'FUT' THEN 10
  END)
$$;

-- Today's band: close × (1 ∓ p) rounded inwards onto the tick grid (lower up, upper down), as
-- priceBandOf() in src/shared/trading/order-rules.ts. NULLs when the instrument has none.
CREATE OR REPLACE FUNCTION tradedesk_price_band(p_stock "Stock", OUT lower numeric, OUT upper numeric)
LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
DECLARE
  v_pct numeric := tradedesk_band_percent(p_stock);
  v_close numeric := round(nullif(p_stock."close", 0)::numeric, 6);
  v_tick numeric := tradedesk_tick(p_stock);
BEGIN
  IF v_pct IS NULL OR v_close IS NULL OR v_close <= 0 OR NOT p_stock."tradable" THEN
    RETURN;
  END IF;
  lower := greatest(ceil(v_close * (100 - v_pct) / 100 / v_tick) * v_tick, v_tick);
  upper := floor(v_close * (100 + v_pct) / 100 / v_tick) * v_tick;
END
$$;

-- The last price the trigger-side rule compares with: "Stock".ltp (kept live by the quote
-- writer), else the previous close.
CREATE OR REPLACE FUNCTION tradedesk_last_price(p_stock "Stock") RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
  SELECT round(coalesce(nullif(p_stock."ltp", 0), nullif(p_stock."close", 0))::numeric, 2)
$$;

-- ── The rules ───────────────────────────────────────────────────────────────────────────────

-- One price (limit or trigger; p_field names it) against the grid and the band.
CREATE OR REPLACE FUNCTION tradedesk_check_grid_and_band(p_stock "Stock", p_price numeric, p_field text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
DECLARE
  v_tick numeric := tradedesk_tick(p_stock);
  v_what text := CASE p_field WHEN 'triggerPrice' THEN 'Trigger price' ELSE 'Price' END;
  b record;
BEGIN
  IF p_price IS NULL THEN
    RETURN;
  END IF;
  IF p_price <= 0 OR p_price >= 100000000 THEN
    PERFORM tradedesk_fail('invalid_price', format('Invalid %s %s', lower(v_what), p_price),
      jsonb_build_object('price', p_price, 'field', p_field));
  END IF;
  IF mod(p_price, v_tick) <> 0 THEN
    PERFORM tradedesk_fail('off_tick',
      format('%s %s is not a multiple of the tick size %s for %s', v_what, p_price, v_tick, p_stock."symbol"),
      jsonb_build_object('price', p_price, 'tickSize', v_tick, 'symbol', p_stock."symbol", 'field', p_field));
  END IF;
  SELECT * INTO b FROM tradedesk_price_band(p_stock);
  IF b.lower IS NOT NULL AND (p_price < b.lower OR p_price > b.upper) THEN
    PERFORM tradedesk_fail('outside_band',
      format('%s %s is outside today''s price band for %s: %s to %s', v_what, p_price, p_stock."symbol", b.lower, b.upper),
      jsonb_build_object('price', p_price, 'lower', b.lower, 'upper', b.upper, 'symbol', p_stock."symbol", 'field', p_field));
  END IF;
END
$$;

-- CNC quantity the account may still sell in a symbol: its open CNC (DELIVERY) long minus its
-- PENDING CNC sells, not counting p_except (the order being modified).
CREATE OR REPLACE FUNCTION tradedesk_cnc_sellable(p_account_id text, p_symbol text, p_except text DEFAULT NULL)
RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT (coalesce((SELECT greatest(p."quantity", 0) FROM positions p
            WHERE p."tradingAccountId" = p_account_id AND p."symbol" = p_symbol AND p."productType" = 'DELIVERY'), 0)
        - coalesce((SELECT sum(o."quantity") FROM orders o
            WHERE o."tradingAccountId" = p_account_id AND o."symbol" = p_symbol AND o."status" = 'PENDING'
              AND o."orderSide" = 'SELL' AND o."productType" = 'DELIVERY'
              AND o."id" IS DISTINCT FROM p_except), 0))::integer
$$;

-- Every rule of an order as it would stand (placement, or a modify's result). p_triggered: a
-- stop already triggered (its trigger is history: no side rule).
CREATE OR REPLACE FUNCTION tradedesk_check_order(
  p_account_id text, p_stock "Stock", p_side text, p_type text, p_product text,
  p_quantity integer, p_price numeric, p_trigger numeric, p_except text DEFAULT NULL, p_triggered boolean DEFAULT false
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_allowed text[] := tradedesk_allowed_products(p_stock);
  v_ltp numeric := tradedesk_last_price(p_stock);
  v_sellable integer;
BEGIN
  IF NOT (p_product = ANY (v_allowed)) THEN
    PERFORM tradedesk_fail('product_not_allowed',
      format('%s is not available for %s; allowed: %s', CASE p_product WHEN 'DELIVERY' THEN 'CNC' ELSE p_product END,
        p_stock."symbol", replace(array_to_string(v_allowed, ', '), 'DELIVERY', 'CNC')),
      jsonb_build_object('product', p_product, 'allowed', to_jsonb(v_allowed), 'symbol', p_stock."symbol", 'field', 'product'));
  END IF;
  IF p_type = 'SL-M' AND tradedesk_is_option(p_stock) THEN
    PERFORM tradedesk_fail('order_type_not_allowed',
      'SL-M orders are not allowed on options (NSE, since 27 Sep 2021); use SL with a limit price',
      jsonb_build_object('orderType', p_type, 'symbol', p_stock."symbol", 'field', 'type'));
  END IF;
  PERFORM tradedesk_check_quantity(p_stock, p_quantity);
  IF p_product = 'DELIVERY' AND p_side = 'SELL' THEN
    v_sellable := tradedesk_cnc_sellable(p_account_id, p_stock."symbol", p_except);
    IF p_quantity > v_sellable THEN
      PERFORM tradedesk_fail('insufficient_holdings',
        format('CNC sell of %s %s exceeds the holdings not already being sold (%s)', p_quantity, p_stock."symbol", greatest(v_sellable, 0)),
        jsonb_build_object('quantity', p_quantity, 'sellable', greatest(v_sellable, 0), 'symbol', p_stock."symbol", 'field', 'quantity'));
    END IF;
  END IF;

  IF p_type IN ('LIMIT', 'SL') AND p_price IS NULL THEN
    PERFORM tradedesk_fail('invalid_price', format('A %s order needs a price', p_type), jsonb_build_object('field', 'price'));
  END IF;
  IF p_type IN ('SL', 'SL-M') AND p_trigger IS NULL THEN
    PERFORM tradedesk_fail('invalid_trigger', format('A %s order needs a trigger price', p_type), jsonb_build_object('field', 'triggerPrice'));
  END IF;
  IF p_type IN ('MARKET', 'LIMIT') AND p_trigger IS NOT NULL THEN
    PERFORM tradedesk_fail('invalid_trigger', 'Only SL and SL-M orders take a trigger price',
      jsonb_build_object('triggerPrice', p_trigger, 'field', 'triggerPrice'));
  END IF;
  PERFORM tradedesk_check_grid_and_band(p_stock, p_price, 'price');
  PERFORM tradedesk_check_grid_and_band(p_stock, p_trigger, 'triggerPrice');

  IF p_type IN ('SL', 'SL-M') THEN
    IF NOT p_triggered AND v_ltp IS NOT NULL AND (CASE p_side WHEN 'BUY' THEN p_trigger <= v_ltp ELSE p_trigger >= v_ltp END) THEN
      PERFORM tradedesk_fail('invalid_trigger',
        format('A %s stop''s trigger price must be %s the last price %s (it would trigger at once)',
          p_side, CASE p_side WHEN 'BUY' THEN 'above' ELSE 'below' END, v_ltp),
        jsonb_build_object('triggerPrice', p_trigger, 'ltp', v_ltp, 'side', p_side, 'field', 'triggerPrice'));
    END IF;
    IF p_type = 'SL' AND p_side = 'BUY' AND p_trigger > p_price THEN
      PERFORM tradedesk_fail('invalid_trigger', format('A BUY stop''s trigger price can''t be higher than its price %s', p_price),
        jsonb_build_object('triggerPrice', p_trigger, 'price', p_price, 'field', 'triggerPrice'));
    END IF;
    IF p_type = 'SL' AND p_side = 'SELL' AND p_trigger < p_price THEN
      PERFORM tradedesk_fail('invalid_trigger', format('A SELL stop''s trigger price can''t be lower than its price %s', p_price),
        jsonb_build_object('triggerPrice', p_trigger, 'price', p_price, 'field', 'triggerPrice'));
    END IF;
  END IF;
END
$$;

-- The price an order is margined and charged at: its limit (LIMIT, SL), its trigger (SL-M: a
-- market order at the trigger), else the given price or the last price (MARKET).
CREATE OR REPLACE FUNCTION tradedesk_blocking_price(p_stock "Stock", p_type text, p_price numeric, p_trigger numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
  SELECT tradedesk_reference_price(p_stock, CASE WHEN p_type = 'SL-M' THEN p_trigger ELSE p_price END)
$$;

-- ── Placement ───────────────────────────────────────────────────────────────────────────────

DROP FUNCTION IF EXISTS place_order(uuid, text, text, text, text, integer, numeric);
DROP FUNCTION IF EXISTS tradedesk_place(trading_accounts, text, text, text, text, text, integer, numeric);

-- Placement for an already locked account (shared by place_order and close_position): the
-- honest_money body with the exchange's rules before anything is booked.
CREATE OR REPLACE FUNCTION tradedesk_place(
  p_account trading_accounts, p_idempotency_key text, p_symbol text, p_side text,
  p_order_type text, p_product_type text, p_quantity integer, p_price numeric, p_trigger_price numeric DEFAULT NULL
) RETURNS orders
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_existing orders;
  v_order orders;
  v_stock "Stock";
  v_side text := upper(btrim(coalesce(p_side, '')));
  v_type text := upper(btrim(coalesce(p_order_type, '')));
  v_product text := tradedesk_normalize_product(p_product_type);
  v_price numeric := p_price;
  v_ref numeric;
  v_margin integer;
  v_charges integer;
BEGIN
  SELECT * INTO v_existing FROM orders WHERE "idempotency_key" = p_idempotency_key;
  IF FOUND THEN
    IF v_existing."tradingAccountId" <> p_account."id" THEN
      PERFORM tradedesk_fail('forbidden', 'This client order id belongs to another account');
    END IF;
    RETURN v_existing;
  END IF;

  IF v_side NOT IN ('BUY', 'SELL') THEN
    PERFORM tradedesk_fail('invalid_order', format('Unknown order side %s', p_side), jsonb_build_object('side', p_side));
  END IF;
  IF v_type NOT IN ('MARKET', 'LIMIT', 'SL', 'SL-M') THEN
    PERFORM tradedesk_fail('invalid_order', format('Unknown order type %s', p_order_type),
      jsonb_build_object('orderType', p_order_type, 'field', 'type'));
  END IF;
  IF v_product NOT IN ('MIS', 'DELIVERY', 'NRML') THEN
    PERFORM tradedesk_fail('invalid_order', format('Unknown product type %s', p_product_type),
      jsonb_build_object('productType', p_product_type, 'field', 'product'));
  END IF;
  -- An SL-M has no limit price: a price sent with it is not kept (it would read as a limit).
  IF v_type = 'SL-M' THEN
    v_price := NULL;
  END IF;

  SELECT * INTO v_stock FROM "Stock"
  WHERE upper("symbol") = upper(btrim(coalesce(p_symbol, ''))) AND "isActive"
  ORDER BY "tradable" DESC LIMIT 1;
  IF NOT FOUND THEN
    PERFORM tradedesk_fail('unknown_symbol', format('Unknown symbol %s', p_symbol), jsonb_build_object('symbol', p_symbol));
  END IF;
  IF NOT v_stock."tradable" THEN
    PERFORM tradedesk_fail('invalid_order', format('%s is not tradable', v_stock."symbol"), jsonb_build_object('symbol', v_stock."symbol"));
  END IF;

  PERFORM tradedesk_check_price(v_price);
  PERFORM tradedesk_check_price(p_trigger_price);
  PERFORM tradedesk_check_order(p_account."id", v_stock, v_side, v_type, v_product, p_quantity, v_price, p_trigger_price);
  v_ref := tradedesk_blocking_price(v_stock, v_type, v_price, p_trigger_price);

  v_margin := tradedesk_margin(
    tradedesk_opening_quantity(p_account."id", v_stock."symbol", CASE v_side WHEN 'BUY' THEN 1 ELSE -1 END, p_quantity),
    v_ref, tradedesk_leverage(v_stock."segment", v_product));
  SELECT c.total INTO v_charges FROM tradedesk_charges(v_stock."segment", v_product, p_quantity, v_ref) c;

  IF p_account."availableMargin" < v_margin + v_charges THEN
    PERFORM tradedesk_fail('insufficient_margin',
      format('Insufficient margin: required %s, available %s', v_margin + v_charges, p_account."availableMargin"),
      jsonb_build_object(
        'required', v_margin + v_charges,
        'available', p_account."availableMargin",
        'shortfall', v_margin + v_charges - p_account."availableMargin",
        'margin', v_margin,
        'charges', v_charges));
  END IF;

  INSERT INTO orders (
    "tradingAccountId", "symbol", "quantity", "orderType", "orderSide", "price", "triggerPrice", "productType",
    "status", "stockId", "idempotency_key", "marginBlocked", "chargesDeducted"
  ) VALUES (
    p_account."id", v_stock."symbol", p_quantity, v_type::"OrderType", v_side::"OrderSide", v_price, p_trigger_price,
    v_product, 'PENDING', v_stock."id", p_idempotency_key, v_margin, v_charges
  ) RETURNING * INTO v_order;

  PERFORM tradedesk_ledger(p_account."id", -v_margin,
    format('Margin blocked: %s %s %s', v_side, p_quantity, v_stock."symbol"), v_order."id");
  PERFORM tradedesk_ledger(p_account."id", -v_charges,
    format('Charges: %s %s %s', v_side, p_quantity, v_stock."symbol"), v_order."id");
  PERFORM tradedesk_settle(p_account."id", v_margin, -v_charges);
  RETURN v_order;
END
$$;

CREATE OR REPLACE FUNCTION place_order(
  p_client_order_id uuid, p_symbol text, p_side text, p_order_type text,
  p_product_type text, p_quantity integer, p_price numeric DEFAULT NULL, p_trigger_price numeric DEFAULT NULL
) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_account trading_accounts := tradedesk_lock_caller_account();
BEGIN
  IF p_client_order_id IS NULL THEN
    PERFORM tradedesk_fail('invalid_order', 'A client order id is required');
  END IF;
  RETURN row_to_json(tradedesk_place(v_account, p_client_order_id::text, p_symbol, p_side,
    p_order_type, p_product_type, p_quantity, p_price, p_trigger_price));
END
$$;

-- ── Modify ──────────────────────────────────────────────────────────────────────────────────

DROP FUNCTION IF EXISTS modify_order(uuid, numeric, integer);

-- Changes price, quantity and/or trigger of a PENDING order under the same rules as placement
-- (grid, band, trigger ordering, CNC holdings), then re-margins and re-charges it as
-- honest_money does. A trigger can change only while the stop is untriggered; an SL-M has no
-- limit price and a MARKET order none at all.
CREATE OR REPLACE FUNCTION modify_order(
  p_order_id uuid, p_price numeric DEFAULT NULL, p_quantity integer DEFAULT NULL, p_trigger_price numeric DEFAULT NULL
) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_account trading_accounts := tradedesk_lock_caller_account();
  v_order orders := tradedesk_lock_pending_order(v_account, p_order_id);
  v_stock "Stock";
  v_type text := v_order."orderType"::text;
  v_quantity integer := coalesce(p_quantity, v_order."quantity");
  v_price numeric := coalesce(p_price, v_order."price");
  v_trigger numeric := coalesce(p_trigger_price, v_order."triggerPrice");
  v_ref numeric;
  v_margin integer;
  v_charges integer;
  v_margin_delta integer;
  v_charges_delta integer;
  v_what text;
BEGIN
  IF p_price IS NULL AND p_quantity IS NULL AND p_trigger_price IS NULL THEN
    PERFORM tradedesk_fail('invalid_order', 'Nothing to modify: give a price, a trigger price or a quantity');
  END IF;
  IF p_price IS NOT NULL AND v_type IN ('MARKET', 'SL-M') THEN
    PERFORM tradedesk_fail('invalid_order', format('A %s order has no price to modify', v_type), jsonb_build_object('field', 'price'));
  END IF;
  IF p_trigger_price IS NOT NULL AND v_type NOT IN ('SL', 'SL-M') THEN
    PERFORM tradedesk_fail('invalid_trigger', 'Only SL and SL-M orders take a trigger price',
      jsonb_build_object('triggerPrice', p_trigger_price, 'field', 'triggerPrice'));
  END IF;
  IF p_trigger_price IS NOT NULL AND v_order."triggeredAt" IS NOT NULL THEN
    PERFORM tradedesk_fail('invalid_trigger', 'This stop has already triggered; its trigger price can no longer change',
      jsonb_build_object('triggerPrice', p_trigger_price, 'field', 'triggerPrice'));
  END IF;
  SELECT * INTO v_stock FROM "Stock" WHERE "id" = v_order."stockId";
  IF NOT FOUND THEN
    PERFORM tradedesk_fail('unknown_symbol', format('Unknown symbol %s', v_order."symbol"));
  END IF;
  PERFORM tradedesk_check_price(p_price);
  PERFORM tradedesk_check_price(p_trigger_price);
  PERFORM tradedesk_check_order(v_account."id", v_stock, v_order."orderSide"::text, v_type, v_order."productType",
    v_quantity, v_price, v_trigger, v_order."id", v_order."triggeredAt" IS NOT NULL);

  v_ref := tradedesk_blocking_price(v_stock, v_type, v_price, v_trigger);
  v_margin := tradedesk_margin(
    tradedesk_opening_quantity(v_account."id", v_order."symbol",
      CASE v_order."orderSide" WHEN 'BUY' THEN 1 ELSE -1 END, v_quantity),
    v_ref,
    tradedesk_leverage(v_stock."segment", v_order."productType"));
  SELECT c.total INTO v_charges FROM tradedesk_charges(v_stock."segment", v_order."productType", v_quantity, v_ref) c;
  v_margin_delta := v_margin - v_order."marginBlocked";
  v_charges_delta := v_charges - v_order."chargesDeducted";
  IF v_margin_delta + v_charges_delta > 0 AND v_margin_delta + v_charges_delta > v_account."availableMargin" THEN
    PERFORM tradedesk_fail('insufficient_margin',
      format('Insufficient margin: required %s more, available %s', v_margin_delta + v_charges_delta, v_account."availableMargin"),
      jsonb_build_object('required', v_margin_delta + v_charges_delta, 'available', v_account."availableMargin",
        'shortfall', v_margin_delta + v_charges_delta - v_account."availableMargin",
        'margin', v_margin_delta, 'charges', v_charges_delta));
  END IF;

  UPDATE orders SET "price" = v_price, "triggerPrice" = v_trigger, "quantity" = v_quantity,
    "marginBlocked" = v_margin, "chargesDeducted" = v_charges
  WHERE "id" = v_order."id" RETURNING * INTO v_order;
  v_what := format('%s %s %s', v_order."orderSide", v_quantity, v_order."symbol");
  PERFORM tradedesk_ledger(v_account."id", -v_margin_delta,
    format('Margin %s on modify: %s', CASE WHEN v_margin_delta > 0 THEN 'blocked' ELSE 'released' END, v_what),
    v_order."id");
  PERFORM tradedesk_ledger(v_account."id", -v_charges_delta,
    format('Charges %s on modify: %s', CASE WHEN v_charges_delta > 0 THEN 'debited' ELSE 'refunded' END, v_what),
    v_order."id");
  PERFORM tradedesk_settle(v_account."id", v_margin_delta, -v_charges_delta);
  RETURN row_to_json(v_order);
END
$$;

-- ── The broker's side ───────────────────────────────────────────────────────────────────────

-- Records that the last price p_last_price crossed a stop's trigger (the paper broker,
-- service_role only). Exactly once: an order already triggered is returned unchanged, so a
-- broker that restarts between trigger and fill (or two brokers racing) change nothing; a
-- price that does not cross is refused (invalid_trigger), as is anything not a PENDING stop.
-- Margin stays as blocked at placement; execute_order adjusts it to the fill price.
CREATE OR REPLACE FUNCTION trigger_order(p_order_id uuid, p_last_price numeric) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_order orders;
BEGIN
  IF coalesce(auth.role(), 'service_role') <> 'service_role' THEN
    PERFORM tradedesk_fail('forbidden', 'Only the broker triggers orders');
  END IF;
  SELECT * INTO v_order FROM orders WHERE "id" = p_order_id::text FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM tradedesk_fail('not_found', 'Order not found', jsonb_build_object('orderId', p_order_id));
  END IF;
  IF v_order."status" <> 'PENDING' THEN
    PERFORM tradedesk_fail('order_not_pending', format('Order is %s, not PENDING', v_order."status"),
      jsonb_build_object('orderId', p_order_id, 'status', v_order."status"));
  END IF;
  IF v_order."orderType" NOT IN ('SL', 'SL-M') THEN
    PERFORM tradedesk_fail('invalid_order', format('A %s order has no trigger', v_order."orderType"),
      jsonb_build_object('orderId', p_order_id));
  END IF;
  IF v_order."triggeredAt" IS NOT NULL THEN
    RETURN row_to_json(v_order);
  END IF;
  IF p_last_price IS NULL OR (CASE v_order."orderSide" WHEN 'BUY' THEN p_last_price < v_order."triggerPrice"
                                                      ELSE p_last_price > v_order."triggerPrice" END) THEN
    PERFORM tradedesk_fail('invalid_trigger',
      format('The last price %s has not crossed the trigger %s', p_last_price, v_order."triggerPrice"),
      jsonb_build_object('orderId', p_order_id, 'lastPrice', p_last_price, 'triggerPrice', v_order."triggerPrice"));
  END IF;
  UPDATE orders SET "triggeredAt" = CURRENT_TIMESTAMP WHERE "id" = v_order."id" RETURNING * INTO v_order;
  RETURN row_to_json(v_order);
END
$$;

-- execute_order keeps honest_money's booking (renamed, still service_role only) behind the
-- checks an exchange's matching implies: an untriggered stop does not fill; a LIMIT (or a
-- triggered SL) never fills at a worse price than its limit; nothing fills outside the day's
-- band or off the tick grid.
-- Re-runnable: on a re-run honest_money has just re-created execute_order with the booking
-- body, so the previous copy is dropped and the fresh one renamed.
DROP FUNCTION IF EXISTS tradedesk_execute_booking(uuid, numeric);
ALTER FUNCTION execute_order(uuid, numeric) RENAME TO tradedesk_execute_booking;

CREATE OR REPLACE FUNCTION execute_order(p_order_id uuid, p_fill_price numeric) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_order orders;
  v_stock "Stock";
  v_fill numeric := round(p_fill_price, 2);
  b record;
BEGIN
  IF coalesce(auth.role(), 'service_role') <> 'service_role' THEN
    PERFORM tradedesk_fail('forbidden', 'Only the broker executes orders');
  END IF;
  SELECT * INTO v_order FROM orders WHERE "id" = p_order_id::text;
  IF FOUND AND v_order."status" = 'PENDING' AND v_fill > 0 THEN
    IF v_order."orderType" IN ('SL', 'SL-M') AND v_order."triggeredAt" IS NULL THEN
      PERFORM tradedesk_fail('invalid_order', 'A stop fills only after its trigger (trigger_order)',
        jsonb_build_object('orderId', p_order_id));
    END IF;
    IF v_order."orderType" IN ('LIMIT', 'SL') AND
       (CASE v_order."orderSide" WHEN 'BUY' THEN v_fill > v_order."price" ELSE v_fill < v_order."price" END) THEN
      PERFORM tradedesk_fail('invalid_price',
        format('A %s %s limited at %s cannot fill at %s', v_order."orderSide", v_order."orderType", v_order."price", v_fill),
        jsonb_build_object('orderId', p_order_id, 'price', v_fill, 'limit', v_order."price"));
    END IF;
    SELECT * INTO v_stock FROM "Stock" WHERE "id" = v_order."stockId";
    IF FOUND THEN
      IF mod(v_fill, tradedesk_tick(v_stock)) <> 0 THEN
        PERFORM tradedesk_fail('off_tick', format('Fill price %s is off the tick grid %s', v_fill, tradedesk_tick(v_stock)),
          jsonb_build_object('orderId', p_order_id, 'price', v_fill, 'tickSize', tradedesk_tick(v_stock)));
      END IF;
      SELECT * INTO b FROM tradedesk_price_band(v_stock);
      IF b.lower IS NOT NULL AND (v_fill < b.lower OR v_fill > b.upper) THEN
        PERFORM tradedesk_fail('outside_band',
          format('Fill price %s is outside today''s price band %s to %s', v_fill, b.lower, b.upper),
          jsonb_build_object('orderId', p_order_id, 'price', v_fill, 'lower', b.lower, 'upper', b.upper));
      END IF;
    END IF;
  END IF;
  RETURN tradedesk_execute_booking(p_order_id, p_fill_price);
END
$$;

REVOKE ALL ON FUNCTION tradedesk_cnc_sellable(text, text, text) FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION tradedesk_check_order(text, "Stock", text, text, text, integer, numeric, numeric, text, boolean) FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION tradedesk_place(trading_accounts, text, text, text, text, text, integer, numeric, numeric) FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION place_order(uuid, text, text, text, text, integer, numeric, numeric) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION place_order(uuid, text, text, text, text, integer, numeric, numeric) TO authenticated, service_role;
REVOKE ALL ON FUNCTION modify_order(uuid, numeric, integer, numeric) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION modify_order(uuid, numeric, integer, numeric) TO authenticated, service_role;
REVOKE ALL ON FUNCTION trigger_order(uuid, numeric) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION trigger_order(uuid, numeric) TO service_role;
REVOKE ALL ON FUNCTION tradedesk_execute_booking(uuid, numeric) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION tradedesk_execute_booking(uuid, numeric) TO service_role;
REVOKE ALL ON FUNCTION execute_order(uuid, numeric) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION execute_order(uuid, numeric) TO service_role;
