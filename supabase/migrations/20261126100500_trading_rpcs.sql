-- The trading RPCs, the only way money and order state change. All SECURITY DEFINER with a
-- pinned search_path; user-callable ones act for auth.uid()'s account, execute_order is the
-- broker's (service_role only). Every money-moving call first locks the account row
-- (FOR UPDATE), so concurrent calls are serialised per account and cannot overdraw, and
-- every movement is also written to transactions. Invariants after every call:
--   balance = availableMargin + usedMargin
--   usedMargin = Σ marginBlocked of PENDING orders + Σ marginBlocked of positions
-- Errors: tradedesk_fail(code, message, detail), codes: unknown_symbol, invalid_quantity,
-- invalid_price, invalid_order, insufficient_margin, not_found, order_not_pending, forbidden.

-- The caller's account, locked for the rest of the transaction.
CREATE OR REPLACE FUNCTION tradedesk_lock_caller_account() RETURNS trading_accounts
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_uid uuid := auth.uid();
  v_account trading_accounts;
BEGIN
  IF v_uid IS NULL THEN
    PERFORM tradedesk_fail('forbidden', 'Sign in to trade');
  END IF;
  SELECT * INTO v_account FROM trading_accounts WHERE "userId" = v_uid::text FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM tradedesk_fail('not_found', 'No trading account for this user');
  END IF;
  RETURN v_account;
END
$$;

-- Moves money between the account's columns and writes the matching transaction row.
-- p_margin > 0 blocks (available → used), < 0 releases; p_cash > 0 credits balance and
-- available, < 0 debits them. One call moves one of the two.
CREATE OR REPLACE FUNCTION tradedesk_move_money(
  p_account_id text, p_margin integer, p_cash integer, p_description text,
  p_order_id text DEFAULT NULL, p_position_id text DEFAULT NULL
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_amount integer := CASE WHEN p_margin <> 0 THEN p_margin ELSE p_cash END;
  v_type "TransactionType";
BEGIN
  IF v_amount = 0 THEN
    RETURN;
  END IF;
  UPDATE trading_accounts SET
    "balance" = "balance" + p_cash,
    "availableMargin" = "availableMargin" - p_margin + p_cash,
    "usedMargin" = "usedMargin" + p_margin
  WHERE "id" = p_account_id;
  -- Blocking margin and paying out are debits from the trader's free funds.
  v_type := CASE WHEN p_margin > 0 OR p_cash < 0 THEN 'DEBIT' ELSE 'CREDIT' END;
  INSERT INTO transactions ("tradingAccountId", "amount", "type", "description", "orderId", "positionId")
  VALUES (p_account_id, abs(v_amount), v_type, p_description, p_order_id, p_position_id);
END
$$;

-- How much of an order in direction p_sign (+1 BUY, −1 SELL) opens new exposure, given the
-- account's current position in the symbol. The part that reduces a position needs no margin.
CREATE OR REPLACE FUNCTION tradedesk_opening_quantity(
  p_account_id text, p_symbol text, p_sign integer, p_quantity integer
) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT CASE
    WHEN p."quantity" IS NULL OR p."quantity" = 0 OR sign(p."quantity") = p_sign THEN p_quantity
    ELSE p_quantity - least(p_quantity, abs(p."quantity"))
  END
  FROM (SELECT 1) one
  LEFT JOIN positions p ON p."tradingAccountId" = p_account_id AND p."symbol" = p_symbol
$$;

CREATE OR REPLACE FUNCTION tradedesk_check_price(p_price numeric) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
BEGIN
  IF p_price IS NOT NULL AND (p_price <= 0 OR p_price <> round(p_price, 2) OR p_price >= 100000000) THEN
    PERFORM tradedesk_fail('invalid_price', format('Invalid price %s', p_price), jsonb_build_object('price', p_price));
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION tradedesk_check_quantity(p_stock "Stock", p_quantity integer) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
DECLARE
  v_lot integer := greatest(coalesce(p_stock."lot_size", 1), 1)::integer;
BEGIN
  IF p_quantity IS NULL OR p_quantity <= 0 THEN
    PERFORM tradedesk_fail('invalid_quantity', 'Quantity must be a positive whole number',
      jsonb_build_object('quantity', p_quantity));
  END IF;
  IF upper(p_stock."segment") IN ('NFO', 'MCX') AND p_quantity % v_lot <> 0 THEN
    PERFORM tradedesk_fail('invalid_quantity',
      format('Quantity %s is not a multiple of the lot size %s', p_quantity, v_lot),
      jsonb_build_object('quantity', p_quantity, 'lotSize', v_lot));
  END IF;
END
$$;

-- The reference price a MARKET order is margined at: the given price, else the
-- instrument's last price, else its close.
CREATE OR REPLACE FUNCTION tradedesk_reference_price(p_stock "Stock", p_price numeric) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
DECLARE
  v_ref numeric := coalesce(p_price, nullif(p_stock."ltp", 0)::numeric, nullif(p_stock."close", 0)::numeric);
BEGIN
  IF v_ref IS NULL OR v_ref <= 0 THEN
    PERFORM tradedesk_fail('invalid_price', format('No price available for %s', p_stock."symbol"),
      jsonb_build_object('symbol', p_stock."symbol"));
  END IF;
  RETURN round(v_ref, 2);
END
$$;

-- Placement for an already locked account (shared by place_order and close_position).
CREATE OR REPLACE FUNCTION tradedesk_place(
  p_account trading_accounts, p_idempotency_key text, p_symbol text, p_side text,
  p_order_type text, p_product_type text, p_quantity integer, p_price numeric
) RETURNS orders
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_existing orders;
  v_order orders;
  v_stock "Stock";
  v_side text := upper(btrim(coalesce(p_side, '')));
  v_type text := upper(btrim(coalesce(p_order_type, '')));
  v_product text := tradedesk_normalize_product(p_product_type);
  v_ref numeric;
  v_leverage numeric;
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
  IF v_type NOT IN ('MARKET', 'LIMIT') THEN
    PERFORM tradedesk_fail('invalid_order', format('Unknown order type %s', p_order_type), jsonb_build_object('orderType', p_order_type));
  END IF;
  IF v_product NOT IN ('MIS', 'DELIVERY', 'NRML') THEN
    PERFORM tradedesk_fail('invalid_order', format('Unknown product type %s', p_product_type), jsonb_build_object('productType', p_product_type));
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

  PERFORM tradedesk_check_quantity(v_stock, p_quantity);
  PERFORM tradedesk_check_price(p_price);
  IF v_type = 'LIMIT' AND p_price IS NULL THEN
    PERFORM tradedesk_fail('invalid_price', 'A LIMIT order needs a price');
  END IF;
  v_ref := tradedesk_reference_price(v_stock, p_price);

  v_leverage := tradedesk_leverage(v_stock."segment", v_product);
  v_margin := tradedesk_margin(
    tradedesk_opening_quantity(p_account."id", v_stock."symbol", CASE v_side WHEN 'BUY' THEN 1 ELSE -1 END, p_quantity),
    v_ref, v_leverage);
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
    "tradingAccountId", "symbol", "quantity", "orderType", "orderSide", "price", "productType",
    "status", "stockId", "idempotency_key", "marginBlocked", "chargesDeducted"
  ) VALUES (
    p_account."id", v_stock."symbol", p_quantity, v_type::"OrderType", v_side::"OrderSide", p_price, v_product,
    'PENDING', v_stock."id", p_idempotency_key, v_margin, v_charges
  ) RETURNING * INTO v_order;

  PERFORM tradedesk_move_money(p_account."id", v_margin, 0,
    format('Margin blocked: %s %s %s', v_side, p_quantity, v_stock."symbol"), v_order."id");
  PERFORM tradedesk_move_money(p_account."id", 0, -v_charges,
    format('Charges: %s %s %s', v_side, p_quantity, v_stock."symbol"), v_order."id");
  RETURN v_order;
END
$$;

CREATE OR REPLACE FUNCTION place_order(
  p_client_order_id uuid, p_symbol text, p_side text, p_order_type text,
  p_product_type text, p_quantity integer, p_price numeric DEFAULT NULL
) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_account trading_accounts := tradedesk_lock_caller_account();
BEGIN
  IF p_client_order_id IS NULL THEN
    PERFORM tradedesk_fail('invalid_order', 'A client order id is required');
  END IF;
  RETURN row_to_json(tradedesk_place(v_account, p_client_order_id::text, p_symbol, p_side,
    p_order_type, p_product_type, p_quantity, p_price));
END
$$;

-- A PENDING order of the caller's, locked; fails with not_found / forbidden / order_not_pending.
CREATE OR REPLACE FUNCTION tradedesk_lock_pending_order(p_account trading_accounts, p_order_id uuid) RETURNS orders
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_order orders;
BEGIN
  SELECT * INTO v_order FROM orders WHERE "id" = p_order_id::text FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM tradedesk_fail('not_found', 'Order not found', jsonb_build_object('orderId', p_order_id));
  END IF;
  IF v_order."tradingAccountId" <> p_account."id" THEN
    PERFORM tradedesk_fail('forbidden', 'This order belongs to another account', jsonb_build_object('orderId', p_order_id));
  END IF;
  IF v_order."status" <> 'PENDING' THEN
    PERFORM tradedesk_fail('order_not_pending', format('Order is %s, not PENDING', v_order."status"),
      jsonb_build_object('orderId', p_order_id, 'status', v_order."status"));
  END IF;
  RETURN v_order;
END
$$;

-- Changes price and/or quantity of a PENDING order. Unlike the platform (which does not
-- recompute), the blocked margin follows the new size so a bigger order cannot dodge the
-- margin check; charges were paid at placement and are not recomputed.
CREATE OR REPLACE FUNCTION modify_order(p_order_id uuid, p_price numeric DEFAULT NULL, p_quantity integer DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_account trading_accounts := tradedesk_lock_caller_account();
  v_order orders := tradedesk_lock_pending_order(v_account, p_order_id);
  v_stock "Stock";
  v_quantity integer := coalesce(p_quantity, v_order."quantity");
  v_price numeric := coalesce(p_price, v_order."price");
  v_margin integer;
  v_delta integer;
BEGIN
  IF p_price IS NULL AND p_quantity IS NULL THEN
    PERFORM tradedesk_fail('invalid_order', 'Nothing to modify: give a price or a quantity');
  END IF;
  IF p_price IS NOT NULL AND v_order."orderType" = 'MARKET' THEN
    PERFORM tradedesk_fail('invalid_order', 'A MARKET order has no price to modify');
  END IF;
  SELECT * INTO v_stock FROM "Stock" WHERE "id" = v_order."stockId";
  IF NOT FOUND THEN
    PERFORM tradedesk_fail('unknown_symbol', format('Unknown symbol %s', v_order."symbol"));
  END IF;
  PERFORM tradedesk_check_quantity(v_stock, v_quantity);
  PERFORM tradedesk_check_price(p_price);

  v_margin := tradedesk_margin(
    tradedesk_opening_quantity(v_account."id", v_order."symbol",
      CASE v_order."orderSide" WHEN 'BUY' THEN 1 ELSE -1 END, v_quantity),
    tradedesk_reference_price(v_stock, v_price),
    tradedesk_leverage(v_stock."segment", v_order."productType"));
  v_delta := v_margin - v_order."marginBlocked";
  IF v_delta > v_account."availableMargin" THEN
    PERFORM tradedesk_fail('insufficient_margin',
      format('Insufficient margin: required %s more, available %s', v_delta, v_account."availableMargin"),
      jsonb_build_object('required', v_delta, 'available', v_account."availableMargin",
        'shortfall', v_delta - v_account."availableMargin"));
  END IF;

  UPDATE orders SET "price" = v_price, "quantity" = v_quantity, "marginBlocked" = v_margin
  WHERE "id" = v_order."id" RETURNING * INTO v_order;
  PERFORM tradedesk_move_money(v_account."id", v_delta, 0,
    format('Margin %s on modify: %s %s', CASE WHEN v_delta > 0 THEN 'blocked' ELSE 'released' END, v_order."orderSide", v_order."symbol"),
    v_order."id");
  RETURN row_to_json(v_order);
END
$$;

-- Cancels a PENDING order and releases exactly the margin it holds. Charges are not
-- refunded (as on the platform).
CREATE OR REPLACE FUNCTION cancel_order(p_order_id uuid) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_account trading_accounts := tradedesk_lock_caller_account();
  v_order orders := tradedesk_lock_pending_order(v_account, p_order_id);
BEGIN
  UPDATE orders SET "status" = 'CANCELLED' WHERE "id" = v_order."id" RETURNING * INTO v_order;
  PERFORM tradedesk_move_money(v_account."id", -v_order."marginBlocked", 0,
    format('Margin released: cancelled %s %s %s', v_order."orderSide", v_order."quantity", v_order."symbol"),
    v_order."id");
  RETURN row_to_json(v_order);
END
$$;

-- Places an opposite MARKET order for the open quantity (PENDING; the broker fills it).
-- It reduces the position, so it blocks no margin; only its charges are debited.
CREATE OR REPLACE FUNCTION close_position(p_position_id uuid) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_account trading_accounts := tradedesk_lock_caller_account();
  v_position positions;
BEGIN
  SELECT * INTO v_position FROM positions WHERE "id" = p_position_id::text;
  IF NOT FOUND THEN
    PERFORM tradedesk_fail('not_found', 'Position not found', jsonb_build_object('positionId', p_position_id));
  END IF;
  IF v_position."tradingAccountId" <> v_account."id" THEN
    PERFORM tradedesk_fail('forbidden', 'This position belongs to another account', jsonb_build_object('positionId', p_position_id));
  END IF;
  IF v_position."quantity" = 0 THEN
    PERFORM tradedesk_fail('invalid_order', format('The %s position is already closed', v_position."symbol"),
      jsonb_build_object('positionId', p_position_id));
  END IF;
  RETURN row_to_json(tradedesk_place(v_account, gen_random_uuid()::text, v_position."symbol",
    CASE WHEN v_position."quantity" > 0 THEN 'SELL' ELSE 'BUY' END, 'MARKET',
    v_position."productType", abs(v_position."quantity"), NULL));
END
$$;

-- Fills a PENDING order at p_fill_price (the broker, service_role only). Idempotent: an
-- EXECUTED order is returned unchanged; a CANCELLED one raises order_not_pending.
--  1. The order's blocked margin is recomputed at the fill price for the quantity that
--     opens exposure, and the difference blocked or released.
--  2. The part that reduces an existing position releases that position's margin pro rata
--     and books realized P&L (fill − avg) × closedQty × sign(position) into balance and
--     availableMargin (rounded to the rupee) and into positions."realizedPnL" (to the paisa).
--  3. The position is opened / averaged / reduced / flipped / closed (quantity 0, row kept).
CREATE OR REPLACE FUNCTION execute_order(p_order_id uuid, p_fill_price numeric) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_order orders;
  v_account_id text;
  v_stock "Stock";
  v_position positions;
  v_fill numeric := round(p_fill_price, 2);
  v_sign integer;
  v_old_qty integer;
  v_old_avg numeric;
  v_reduce integer := 0;
  v_open integer;
  v_new_qty integer;
  v_new_avg numeric;
  v_margin integer;
  v_release integer := 0;
  v_pnl numeric := 0;
  v_position_margin integer;
BEGIN
  IF coalesce(auth.role(), 'service_role') <> 'service_role' THEN
    PERFORM tradedesk_fail('forbidden', 'Only the broker executes orders');
  END IF;
  SELECT "tradingAccountId" INTO v_account_id FROM orders WHERE "id" = p_order_id::text;
  IF NOT FOUND THEN
    PERFORM tradedesk_fail('not_found', 'Order not found', jsonb_build_object('orderId', p_order_id));
  END IF;
  PERFORM 1 FROM trading_accounts WHERE "id" = v_account_id FOR UPDATE;
  SELECT * INTO v_order FROM orders WHERE "id" = p_order_id::text FOR UPDATE;
  IF v_order."status" = 'EXECUTED' THEN
    RETURN row_to_json(v_order);
  END IF;
  IF v_order."status" <> 'PENDING' THEN
    PERFORM tradedesk_fail('order_not_pending', format('Order is %s, not PENDING', v_order."status"),
      jsonb_build_object('orderId', p_order_id, 'status', v_order."status"));
  END IF;
  IF v_fill IS NULL OR v_fill <= 0 OR v_fill >= 100000000 THEN
    PERFORM tradedesk_fail('invalid_price', format('Invalid fill price %s', p_fill_price), jsonb_build_object('price', p_fill_price));
  END IF;
  SELECT * INTO v_stock FROM "Stock" WHERE "id" = v_order."stockId";

  v_sign := CASE v_order."orderSide" WHEN 'BUY' THEN 1 ELSE -1 END;
  SELECT * INTO v_position FROM positions
  WHERE "tradingAccountId" = v_account_id AND "symbol" = v_order."symbol" FOR UPDATE;
  v_old_qty := coalesce(v_position."quantity", 0);
  v_old_avg := coalesce(v_position."averagePrice", 0);
  IF v_old_qty <> 0 AND sign(v_old_qty) <> v_sign THEN
    v_reduce := least(v_order."quantity", abs(v_old_qty));
  END IF;
  v_open := v_order."quantity" - v_reduce;
  v_new_qty := v_old_qty + v_sign * v_order."quantity";

  -- 1. Margin for the opening part, at the fill price.
  v_margin := tradedesk_margin(v_open, v_fill,
    tradedesk_leverage(coalesce(v_stock."segment", ''), v_order."productType"));
  PERFORM tradedesk_move_money(v_account_id, v_margin - v_order."marginBlocked", 0,
    format('Margin adjusted at fill: %s %s %s @ %s', v_order."orderSide", v_order."quantity", v_order."symbol", v_fill),
    v_order."id", v_position."id");

  -- 2. The reducing part: release the position's margin pro rata, book P&L.
  IF v_reduce > 0 THEN
    v_release := CASE WHEN v_reduce = abs(v_old_qty) THEN v_position."marginBlocked"
      ELSE round(v_position."marginBlocked"::numeric * v_reduce / abs(v_old_qty))::integer END;
    v_pnl := (v_fill - v_old_avg) * v_reduce * sign(v_old_qty);
    PERFORM tradedesk_move_money(v_account_id, -v_release, 0,
      format('Margin released: %s %s %s', v_order."orderSide", v_reduce, v_order."symbol"),
      v_order."id", v_position."id");
    PERFORM tradedesk_move_money(v_account_id, 0, round(v_pnl)::integer,
      format('Realized P&L: %s %s @ %s (avg %s)', v_order."symbol", v_reduce, v_fill, v_old_avg),
      v_order."id", v_position."id");
  END IF;

  -- 3. The position.
  v_new_avg := CASE
    WHEN v_open = 0 THEN v_old_avg                                   -- reduced or closed
    WHEN v_reduce > 0 OR v_old_qty = 0 THEN v_fill                   -- flipped or opened
    ELSE round((abs(v_old_qty) * v_old_avg + v_open * v_fill) / (abs(v_old_qty) + v_open), 2)  -- added
  END;
  v_position_margin := coalesce(v_position."marginBlocked", 0) - v_release + v_margin;

  IF v_position."id" IS NULL THEN
    INSERT INTO positions ("tradingAccountId", "symbol", "quantity", "averagePrice", "stockId",
      "marginBlocked", "productType")
    VALUES (v_account_id, v_order."symbol", v_new_qty, v_new_avg, v_order."stockId",
      v_position_margin, v_order."productType")
    RETURNING * INTO v_position;
  ELSE
    UPDATE positions SET
      "quantity" = v_new_qty,
      "averagePrice" = v_new_avg,
      "marginBlocked" = v_position_margin,
      "realizedPnL" = "realizedPnL" + round(v_pnl, 2),
      "productType" = CASE WHEN v_old_qty = 0 OR v_reduce > 0 AND v_open > 0 THEN v_order."productType" ELSE "productType" END,
      "stockId" = coalesce("stockId", v_order."stockId"),
      "unrealizedPnL" = CASE WHEN v_new_qty = 0 THEN 0 ELSE "unrealizedPnL" END,
      "stopLoss" = CASE WHEN v_new_qty = 0 OR (v_reduce > 0 AND v_open > 0) THEN NULL ELSE "stopLoss" END,
      "target" = CASE WHEN v_new_qty = 0 OR (v_reduce > 0 AND v_open > 0) THEN NULL ELSE "target" END
    WHERE "id" = v_position."id"
    RETURNING * INTO v_position;
  END IF;

  UPDATE orders SET
    "status" = 'EXECUTED',
    "filledQuantity" = "quantity",
    "averagePrice" = v_fill,
    "executedAt" = CURRENT_TIMESTAMP,
    "positionId" = v_position."id",
    "marginBlocked" = v_margin
  WHERE "id" = v_order."id"
  RETURNING * INTO v_order;
  RETURN row_to_json(v_order);
END
$$;

-- Privileges. Supabase makes every new function executable by PUBLIC, anon and
-- authenticated; the internal helpers move money without checks, so only the owner (and
-- the RPCs, which run as the owner) may call them.
REVOKE ALL ON FUNCTION tradedesk_lock_caller_account() FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION tradedesk_move_money(text, integer, integer, text, text, text) FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION tradedesk_opening_quantity(text, text, integer, integer) FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION tradedesk_place(trading_accounts, text, text, text, text, text, integer, numeric) FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION tradedesk_lock_pending_order(trading_accounts, uuid) FROM PUBLIC, anon, authenticated;

REVOKE ALL ON FUNCTION place_order(uuid, text, text, text, text, integer, numeric) FROM PUBLIC, anon;
REVOKE ALL ON FUNCTION modify_order(uuid, numeric, integer) FROM PUBLIC, anon;
REVOKE ALL ON FUNCTION cancel_order(uuid) FROM PUBLIC, anon;
REVOKE ALL ON FUNCTION close_position(uuid) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION place_order(uuid, text, text, text, text, integer, numeric) TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION modify_order(uuid, numeric, integer) TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION cancel_order(uuid) TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION close_position(uuid) TO authenticated, service_role;

REVOKE ALL ON FUNCTION execute_order(uuid, numeric) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION execute_order(uuid, numeric) TO service_role;
