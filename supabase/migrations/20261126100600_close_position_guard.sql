-- close_position exits only what is not already being exited: a second click on "Exit"
-- while the first closing order is still PENDING would otherwise flip the position.
-- The closing quantity is the open quantity minus PENDING opposite-side orders on the
-- symbol; nothing left raises invalid_order.
CREATE OR REPLACE FUNCTION close_position(p_position_id uuid) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_account trading_accounts := tradedesk_lock_caller_account();
  v_position positions;
  v_side text;
  v_pending integer;
  v_quantity integer;
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
  v_side := CASE WHEN v_position."quantity" > 0 THEN 'SELL' ELSE 'BUY' END;
  SELECT coalesce(sum("quantity"), 0)::integer INTO v_pending FROM orders
  WHERE "tradingAccountId" = v_account."id" AND "symbol" = v_position."symbol"
    AND "status" = 'PENDING' AND "orderSide" = v_side::"OrderSide";
  v_quantity := abs(v_position."quantity") - v_pending;
  IF v_quantity <= 0 THEN
    PERFORM tradedesk_fail('invalid_order', format('Orders to exit the %s position are already pending', v_position."symbol"),
      jsonb_build_object('positionId', p_position_id, 'pendingQuantity', v_pending));
  END IF;
  RETURN row_to_json(tradedesk_place(v_account, gen_random_uuid()::text, v_position."symbol",
    v_side, 'MARKET', v_position."productType", v_quantity, NULL));
END
$$;

REVOKE ALL ON FUNCTION close_position(uuid) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION close_position(uuid) TO authenticated, service_role;
