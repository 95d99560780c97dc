-- The platform's margin and charge rules (its MarginCalculator), as pure SQL functions the
-- RPCs share. src/shared/trading/charges.ts is the same arithmetic in TypeScript for the
-- order ticket's estimate; an integration test holds the two to each other.
--
-- Rounding (the platform's money columns are whole rupees):
--   * margin = floor(quantity × price / leverage), as the platform;
--   * each charge is computed on the turnover (quantity × price) and rounded to the paisa
--     (half away from zero); GST is 18% of (rounded brokerage + rounded transaction charge);
--   * the amount debited is ceil(sum of the charges) to the rupee, i.e. rounded against the
--     trader, never in their favour, so the ledger never under-collects a paisa.
-- Charges are the same on both sides (the platform does not distinguish buy and sell).

-- INTRADAY → MIS; CNC and DELIVERY → DELIVERY (the platform's normalisation); others as given.
CREATE OR REPLACE FUNCTION tradedesk_normalize_product(p_product text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
  SELECT CASE upper(btrim(coalesce(p_product, 'MIS')))
    WHEN 'INTRADAY' THEN 'MIS'
    WHEN 'CNC' THEN 'DELIVERY'
    WHEN 'DELIVERY' THEN 'DELIVERY'
    ELSE upper(btrim(coalesce(p_product, 'MIS')))
  END
$$;

-- The active risk_config row for (segment, product), CNC rows serving DELIVERY too.
CREATE OR REPLACE FUNCTION tradedesk_risk_config(p_segment text, p_product text) RETURNS risk_config
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.* FROM risk_config r
  WHERE r."active"
    AND upper(r."segment") = upper(p_segment)
    AND tradedesk_normalize_product(r."product_type") = tradedesk_normalize_product(p_product)
  ORDER BY (upper(r."product_type") = upper(p_product)) DESC, r."updatedAt" DESC
  LIMIT 1
$$;

-- Leverage: the active risk_config row, else NSE MIS 200, NSE CNC/DELIVERY (and other NSE
-- products) 50, NFO 100, MCX 50, anything else 1.
CREATE OR REPLACE FUNCTION tradedesk_leverage(p_segment text, p_product text) RETURNS numeric
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_cfg risk_config;
  v_segment text := upper(coalesce(p_segment, ''));
BEGIN
  v_cfg := tradedesk_risk_config(p_segment, p_product);
  IF v_cfg."id" IS NOT NULL AND v_cfg."leverage" > 0 THEN
    RETURN v_cfg."leverage";
  END IF;
  RETURN CASE
    WHEN v_segment = 'NSE' AND tradedesk_normalize_product(p_product) = 'MIS' THEN 200
    WHEN v_segment = 'NSE' THEN 50
    WHEN v_segment = 'NFO' THEN 100
    WHEN v_segment = 'MCX' THEN 50
    ELSE 1
  END;
END
$$;

CREATE OR REPLACE FUNCTION tradedesk_margin(p_quantity integer, p_price numeric, p_leverage numeric) RETURNS integer
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
  SELECT floor(p_quantity::numeric * p_price / p_leverage)::integer
$$;

-- Every charge of one order, in rupees (paise precision), and the whole-rupee total debited.
CREATE OR REPLACE FUNCTION tradedesk_charges(
  p_segment text, p_product text, p_quantity integer, p_price numeric,
  OUT brokerage numeric, OUT stt numeric, OUT exchange_txn numeric, OUT gst numeric,
  OUT stamp_duty numeric, OUT total integer
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_turnover numeric := p_quantity::numeric * p_price;
  v_segment text := upper(coalesce(p_segment, ''));
  v_product text := tradedesk_normalize_product(p_product);
  v_cfg risk_config;
BEGIN
  v_cfg := tradedesk_risk_config(p_segment, p_product);
  IF v_cfg."id" IS NOT NULL AND v_cfg."brokerageFlat" IS NOT NULL THEN
    brokerage := round(v_cfg."brokerageFlat", 2);
  ELSIF v_cfg."id" IS NOT NULL AND v_cfg."brokerageRate" IS NOT NULL THEN
    brokerage := round(v_turnover * v_cfg."brokerageRate", 2);
    IF v_cfg."brokerageCap" IS NOT NULL THEN
      brokerage := least(brokerage, round(v_cfg."brokerageCap", 2));
    END IF;
  ELSIF v_segment = 'NSE' THEN
    brokerage := least(20.00, round(v_turnover * 0.0003, 2));
  ELSE
    brokerage := 20.00;
  END IF;

  stt := round(v_turnover * CASE
    WHEN v_segment = 'NSE' AND v_product = 'MIS' THEN 0.00025
    WHEN v_segment = 'NSE' THEN 0.001
    WHEN v_segment = 'NFO' THEN 0.0001
    ELSE 0
  END, 2);
  exchange_txn := round(v_turnover * 0.0000325, 2);
  gst := round((brokerage + exchange_txn) * 0.18, 2);
  stamp_duty := round(v_turnover * 0.00003, 2);
  total := ceil(brokerage + stt + exchange_txn + gst + stamp_duty)::integer;
END
$$;

-- The order ticket's estimate, field for field what estimateOrder() in charges.ts returns.
CREATE OR REPLACE FUNCTION tradedesk_estimate(p_segment text, p_product text, p_quantity integer, p_price numeric)
RETURNS json
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_leverage numeric := tradedesk_leverage(p_segment, p_product);
  v_margin integer := tradedesk_margin(p_quantity, p_price, v_leverage);
  c record;
BEGIN
  SELECT * INTO c FROM tradedesk_charges(p_segment, p_product, p_quantity, p_price);
  RETURN json_build_object(
    'orderValue', p_quantity::numeric * p_price,
    'leverage', v_leverage,
    'margin', v_margin,
    'brokerage', c.brokerage,
    'stt', c.stt,
    'exchangeTxn', c.exchange_txn,
    'gst', c.gst,
    'stampDuty', c.stamp_duty,
    'charges', c.total,
    'totalRequired', v_margin + c.total
  );
END
$$;

-- Raise a platform error the way every RPC does: P0001 with a stable code in HINT and a
-- JSON DETAIL (PostgREST turns these into {code, message, details, hint}).
CREATE OR REPLACE FUNCTION tradedesk_fail(p_code text, p_message text, p_detail jsonb DEFAULT '{}'::jsonb)
RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = p_message, HINT = p_code, DETAIL = p_detail::text;
END
$$;

-- The pure rule functions are harmless to expose (the ticket may call the estimate);
-- risk_config lookups run as definer so they work for any caller.
REVOKE ALL ON FUNCTION tradedesk_risk_config(text, text) FROM PUBLIC, anon, authenticated;
