-- The symbol rule reads a row's exchange CODE (issue 12). The platform's "Stock" rows say NSE /
-- BSE / MCX in "exchange" and carry the code in "instrumentId" (NSE_EQ-1594, BSE_EQ-500209), so
-- 20261126101100_symbol_rule, which ranked "exchange" itself, ranked NSE and BSE alike there and
-- let the lowest token decide. src/shared/domain/symbol-rule.ts (exchangeCodeOf) now reads the
-- code as below, and tradedesk_place ranks by it; its body is otherwise 20261126101100's.

-- A row's exchange code: "exchange" when it is a code, else the code "instrumentId" starts with,
-- else "exchange" as it is (ranked as any other exchange). The codes: EXCHANGE_PREFIXES' values.
CREATE OR REPLACE FUNCTION tradedesk_exchange_code(p_exchange text, p_instrument_id text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
  SELECT CASE
    WHEN p_exchange = ANY (ARRAY['NSE_EQ', 'NSE_INDEX', 'BSE_EQ', 'NSE_FO', 'MCX_FO', 'NSE_CUR']) THEN p_exchange
    WHEN split_part(coalesce(p_instrument_id, ''), '-', 1)
      = ANY (ARRAY['NSE_EQ', 'NSE_INDEX', 'BSE_EQ', 'NSE_FO', 'MCX_FO', 'NSE_CUR'])
      THEN split_part(p_instrument_id, '-', 1)
    ELSE p_exchange
  END
$$;

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

  -- The symbol rule (src/shared/domain/symbol-rule.ts): exchange rank by exchange code, then the
  -- lowest token.
  SELECT * INTO v_stock FROM "Stock"
  WHERE upper("symbol") = upper(btrim(coalesce(p_symbol, ''))) AND "isActive"
  ORDER BY tradedesk_exchange_rank(tradedesk_exchange_code("exchange", "instrumentId")), "token" NULLS LAST, "id"
  LIMIT 1;
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
