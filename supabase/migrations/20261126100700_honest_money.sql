-- Money a trader can check (issue 11). Replaces the trading RPCs' bodies; the signatures,
-- error codes and invariants of 20261126100500_trading_rpcs stay as they were:
--   balance = availableMargin + usedMargin
--   usedMargin = Σ marginBlocked of PENDING orders + Σ marginBlocked of positions
--
-- 1. Every RPC writes the account row ONCE, after all its movements are known (each movement
--    still gets its own transactions row). Realtime delivers every row change on its own, so an
--    account row written half-way through a call (margin blocked, charges not yet debited) used
--    to reach the screen as if it were a state the account had been in. Now every account row
--    anyone sees is the state of a committed call.
-- 2. modify_order books the difference in charges: the order's charges are recomputed at its
--    new quantity and price, the increase debited (and checked against availableMargin with the
--    margin increase), a decrease refunded; orders."chargesDeducted" always holds what the
--    order has paid in total.
-- 3. Realized P&L is booked to the paisa and the whole-rupee rounding is recorded beside it:
--    the balance still moves by round(P&L) (half away from zero, the platform's whole-rupee
--    columns), and the difference is a transactions row of its own ("P&L rounding") and a
--    column on the order that booked it and on the position, so the screen can show the booked
--    amount and the rounding separately.
-- 4. tradedesk_estimate also returns the statutory subtotal and the charges' rounding line, so
--    the ticket's lines add up to its total to the paisa (src/shared/trading/charges.ts).

-- The P&L an order's fill booked (to the paisa) and the rounding applied when it moved the
-- whole-rupee balance: balance moved by realizedPnL + realizedPnLRounding.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS "realizedPnL" numeric(18, 2) NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS "realizedPnLRounding" numeric(18, 2) NOT NULL DEFAULT 0;
-- Σ of the rounding of every fill booked on this position (beside "realizedPnL", its Σ of P&L).
ALTER TABLE positions ADD COLUMN IF NOT EXISTS "realizedPnLRounding" numeric(18, 2) NOT NULL DEFAULT 0;

-- The order ticket's estimate, field for field what estimateOrder() in charges.ts returns.
CREATE OR REPLACE FUNCTION tradedesk_estimate(p_segment text, p_product text, p_quantity integer, p_price numeric)
RETURNS json
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_leverage numeric := tradedesk_leverage(p_segment, p_product);
  v_margin integer := tradedesk_margin(p_quantity, p_price, v_leverage);
  c record;
  v_statutory numeric;
BEGIN
  SELECT * INTO c FROM tradedesk_charges(p_segment, p_product, p_quantity, p_price);
  v_statutory := c.stt + c.exchange_txn + c.gst + c.stamp_duty;
  RETURN json_build_object(
    'orderValue', p_quantity::numeric * p_price,
    'leverage', v_leverage,
    'margin', v_margin,
    'brokerage', c.brokerage,
    'stt', c.stt,
    'exchangeTxn', c.exchange_txn,
    'gst', c.gst,
    'stampDuty', c.stamp_duty,
    'statutory', v_statutory,
    'chargesRounding', c.total - c.brokerage - v_statutory,
    'charges', c.total,
    'totalRequired', v_margin + c.total
  );
END
$$;

-- One transactions row for one movement of the trader's free funds (availableMargin):
-- p_free < 0 is a DEBIT (margin blocked, charges, a loss), > 0 a CREDIT. Writes no account
-- row: the RPC sums its movements and calls tradedesk_settle once.
CREATE OR REPLACE FUNCTION tradedesk_ledger(
  p_account_id text, p_free numeric, p_description text,
  p_order_id text DEFAULT NULL, p_position_id text DEFAULT NULL
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF p_free IS NULL OR p_free = 0 THEN
    RETURN;
  END IF;
  INSERT INTO transactions ("tradingAccountId", "amount", "type", "description", "orderId", "positionId")
  VALUES (p_account_id, abs(p_free), CASE WHEN p_free < 0 THEN 'DEBIT' ELSE 'CREDIT' END::"TransactionType",
    p_description, p_order_id, p_position_id);
END
$$;

-- The one account write of an RPC: p_margin > 0 blocks (available → used), < 0 releases;
-- p_cash moves balance and available together (charges, booked P&L). Whole rupees.
CREATE OR REPLACE FUNCTION tradedesk_settle(p_account_id text, p_margin integer, p_cash integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF coalesce(p_margin, 0) = 0 AND coalesce(p_cash, 0) = 0 THEN
    RETURN;
  END IF;
  UPDATE trading_accounts SET
    "balance" = "balance" + p_cash,
    "availableMargin" = "availableMargin" - p_margin + p_cash,
    "usedMargin" = "usedMargin" + p_margin
  WHERE "id" = p_account_id;
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

  PERFORM tradedesk_ledger(p_account."id", -v_margin,
    format('Margin blocked: %s %s %s', v_side, p_quantity, v_stock."symbol"), v_order."id");
  PERFORM tradedesk_ledger(p_account."id", -v_charges,
    format('Charges: %s %s %s', v_side, p_quantity, v_stock."symbol"), v_order."id");
  PERFORM tradedesk_settle(p_account."id", v_margin, -v_charges);
  RETURN v_order;
END
$$;

-- Changes price and/or quantity of a PENDING order. Unlike the platform (which recomputes
-- nothing), the order is re-margined AND re-charged at its new size and price: the increase
-- of margin + charges must be available; a decrease is released / refunded. Charges are
-- computed on the whole new order, exactly as a fresh placement of it would be, so
-- orders."chargesDeducted" is always what placing the order as it now stands costs.
CREATE OR REPLACE FUNCTION modify_order(p_order_id uuid, p_price numeric DEFAULT NULL, p_quantity integer DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_account trading_accounts := tradedesk_lock_caller_account();
  v_order orders := tradedesk_lock_pending_order(v_account, p_order_id);
  v_stock "Stock";
  v_quantity integer := coalesce(p_quantity, v_order."quantity");
  v_price numeric := coalesce(p_price, v_order."price");
  v_ref numeric;
  v_margin integer;
  v_charges integer;
  v_margin_delta integer;
  v_charges_delta integer;
  v_what text;
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

  v_ref := tradedesk_reference_price(v_stock, v_price);
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

  UPDATE orders SET "price" = v_price, "quantity" = v_quantity, "marginBlocked" = v_margin,
    "chargesDeducted" = v_charges
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

-- Cancels a PENDING order and releases exactly the margin it holds. Charges are not
-- refunded (as on the platform).
CREATE OR REPLACE FUNCTION cancel_order(p_order_id uuid) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_account trading_accounts := tradedesk_lock_caller_account();
  v_order orders := tradedesk_lock_pending_order(v_account, p_order_id);
BEGIN
  UPDATE orders SET "status" = 'CANCELLED' WHERE "id" = v_order."id" RETURNING * INTO v_order;
  PERFORM tradedesk_ledger(v_account."id", v_order."marginBlocked",
    format('Margin released: cancelled %s %s %s', v_order."orderSide", v_order."quantity", v_order."symbol"),
    v_order."id");
  PERFORM tradedesk_settle(v_account."id", -v_order."marginBlocked", 0);
  RETURN row_to_json(v_order);
END
$$;

-- Fills a PENDING order at p_fill_price (the broker, service_role only). Idempotent: an
-- EXECUTED order is returned unchanged; a CANCELLED one raises order_not_pending.
--  1. The order's blocked margin is recomputed at the fill price for the quantity that
--     opens exposure, and the difference blocked or released.
--  2. The part that reduces an existing position releases that position's margin pro rata
--     and books realized P&L (fill − avg) × closedQty × sign(position), to the paisa, into
--     positions."realizedPnL" and orders."realizedPnL"; balance and availableMargin move by
--     round(P&L) (whole rupees, half away from zero) and the difference is recorded as
--     "realizedPnLRounding" on both rows and as a transactions row of its own.
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
  v_settled integer := 0;
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
  PERFORM tradedesk_ledger(v_account_id, -(v_margin - v_order."marginBlocked"),
    format('Margin adjusted at fill: %s %s %s @ %s', v_order."orderSide", v_order."quantity", v_order."symbol", v_fill),
    v_order."id", v_position."id");

  -- 2. The reducing part: release the position's margin pro rata, book P&L.
  IF v_reduce > 0 THEN
    v_release := CASE WHEN v_reduce = abs(v_old_qty) THEN v_position."marginBlocked"
      ELSE round(v_position."marginBlocked"::numeric * v_reduce / abs(v_old_qty))::integer END;
    -- All numeric (sign() of an integer would be double precision, and a binary fraction could
    -- round a half-rupee the wrong way).
    v_pnl := round((v_fill - v_old_avg) * v_reduce * sign(v_old_qty::numeric), 2);
    v_settled := round(v_pnl)::integer;
    PERFORM tradedesk_ledger(v_account_id, v_release,
      format('Margin released: %s %s %s', v_order."orderSide", v_reduce, v_order."symbol"),
      v_order."id", v_position."id");
    PERFORM tradedesk_ledger(v_account_id, v_pnl,
      format('Realized P&L: %s %s @ %s (avg %s)', v_order."symbol", v_reduce, v_fill, v_old_avg),
      v_order."id", v_position."id");
    PERFORM tradedesk_ledger(v_account_id, v_settled - v_pnl,
      format('P&L rounding to the rupee: %s %s @ %s', v_order."symbol", v_reduce, v_fill),
      v_order."id", v_position."id");
  END IF;
  PERFORM tradedesk_settle(v_account_id, v_margin - v_order."marginBlocked" - v_release, v_settled);

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
      "realizedPnL" = "realizedPnL" + v_pnl,
      "realizedPnLRounding" = "realizedPnLRounding" + (v_settled - v_pnl),
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
    "marginBlocked" = v_margin,
    "realizedPnL" = v_pnl,
    "realizedPnLRounding" = v_settled - v_pnl
  WHERE "id" = v_order."id"
  RETURNING * INTO v_order;
  RETURN row_to_json(v_order);
END
$$;

-- The RPCs no longer write the account per movement; nothing may (see 1. above).
DROP FUNCTION IF EXISTS tradedesk_move_money(text, integer, integer, text, text, text);

REVOKE ALL ON FUNCTION tradedesk_ledger(text, numeric, text, text, text) FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION tradedesk_settle(text, integer, integer) FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION tradedesk_place(trading_accounts, text, text, text, text, text, integer, numeric) FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION modify_order(uuid, numeric, integer) FROM PUBLIC, anon;
REVOKE ALL ON FUNCTION cancel_order(uuid) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION modify_order(uuid, numeric, integer) TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION cancel_order(uuid) TO authenticated, service_role;
REVOKE ALL ON FUNCTION execute_order(uuid, numeric) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION execute_order(uuid, numeric) TO service_role;
