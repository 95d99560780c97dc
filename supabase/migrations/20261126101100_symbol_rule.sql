-- One symbol → instrument rule on the server and in the terminal (issue 12). A bare symbol can
-- be listed on more than one exchange (INFY on NSE and BSE); the rule that picks its "Stock" row
-- is src/shared/domain/symbol-rule.ts, the source of truth, and this migration restates it:
--   1. symbols compare case-insensitively, the argument trimmed (as before);
--   2. NSE cash (NSE_EQ) before NSE indices (NSE_INDEX) before BSE cash (BSE_EQ) before any
--      other exchange (exchangeRank);
--   3. within one rank, the lowest token; rows without a token last, then by id, so the answer
--      never depends on the order rows were written in.
-- Until now tradedesk_place chose with ORDER BY "tradable" DESC alone: a symbol on NSE and BSE
-- got whichever row the scan met first, and the server could book another instrument than the
-- one the terminal priced. "tradable" no longer orders the choice (the terminal's rule does not
-- read it): a bare symbol whose preferred row is not tradable is refused as not tradable.
-- tradedesk_place is the only SQL that resolves a bare symbol to a "Stock" row (close_position
-- calls it; modify/execute/trigger read the order's "stockId"). Its body is otherwise the one of
-- 20261126101000_exchange_rules, unchanged.

-- Exchange preference for a bare symbol, lower preferred: exchangeRank in symbol-rule.ts.
CREATE OR REPLACE FUNCTION tradedesk_exchange_rank(p_exchange text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
  SELECT CASE p_exchange WHEN 'NSE_EQ' THEN 0 WHEN 'NSE_INDEX' THEN 1 WHEN 'BSE_EQ' THEN 2 ELSE 3 END
$$;

-- Placement for an already locked account (shared by place_order and close_position): the
-- exchange_rules body, its "Stock" row chosen by the symbol rule.
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

  -- The symbol rule (src/shared/domain/symbol-rule.ts): exchange rank, then the lowest token.
  SELECT * INTO v_stock FROM "Stock"
  WHERE upper("symbol") = upper(btrim(coalesce(p_symbol, ''))) AND "isActive"
  ORDER BY tradedesk_exchange_rank("exchange"), "token" NULLS LAST, "id" LIMIT 1;
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

REVOKE ALL ON FUNCTION tradedesk_place(trading_accounts, text, text, text, text, text, integer, numeric, numeric) FROM PUBLIC, anon, authenticated;
